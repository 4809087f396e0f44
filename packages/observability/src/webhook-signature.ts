import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one signature every outbound webhook carries (run-end callbacks, exchange notices, alerts), documented for
 * receivers in docs/agency-access.md: `x-lt-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The timestamp inside the signed text lets a receiver refuse a replayed old request.
 */
export const WEBHOOK_SIGNATURE_HEADER = 'x-lt-signature';

export function webhookSignature(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** What a receiver does (and our tests): recompute over the raw body and compare in constant time; `toleranceS` bounds the age. */
export function verifyWebhookSignature(secret: string, body: string, header: string | undefined, o: { now?: number; toleranceS?: number } = {}): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const t = Number(m[1]);
  const now = o.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (o.toleranceS ?? 300)) return false;
  const expected = Buffer.from(webhookSignature(secret, body, t));
  const got = Buffer.from(header as string);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
