import { createTransport } from 'nodemailer';
import { deliveryError, egressPolicyFromEnv, egressRequest, type EgressPolicy } from '../egress.js';
import { WEBHOOK_SIGNATURE_HEADER, webhookSignature } from '../webhook-signature.js';
import type { AlertView } from './store.js';
import { smtpTransportOptions } from './smtp.js';

export type AlertEvent = 'firing' | 'resolved';
/** The one outbound webhook signature (webhook-signature.ts). */
export const ALERT_SIGNATURE_HEADER = WEBHOOK_SIGNATURE_HEADER;

/** A way to tell people: one call per event, retried by `deliverWithRetry`. */
export interface AlertChannel {
  name: 'webhook' | 'email';
  send(event: AlertEvent, alert: AlertView): Promise<void>;
}

/** What a webhook receives (and what the signature covers, byte for byte). No secrets, no personal data. */
export function alertPayload(event: AlertEvent, a: AlertView) {
  return {
    event, source: 'lienthong',
    alert: { id: a.id, key: a.key, rule: a.rule, subject: a.subject, severity: a.severity, status: event === 'resolved' ? 'resolved' : a.status,
      message: a.message, details: a.details, firedAt: a.firedAt, resolvedAt: a.resolvedAt, acknowledgedAt: a.acknowledgedAt },
  };
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: the same scheme as every other outbound webhook. */
export const alertSignature = (secret: string, body: string): string => webhookSignature(secret, body);

/** Delivered under the egress policy (LT_EGRESS_ALLOW): no private or loopback address unless allowed, no redirect followed. */
export function webhookChannel(url: string, secret: string, opts: { timeoutMs?: number; egress?: EgressPolicy } = {}): AlertChannel {
  const egress = opts.egress ?? egressPolicyFromEnv();
  return {
    name: 'webhook',
    async send(event, alert) {
      const body = JSON.stringify(alertPayload(event, alert));
      const reply = await egressRequest(egress, url, { method: 'POST', body, timeoutMs: opts.timeoutMs ?? 10_000,
        headers: { 'content-type': 'application/json', [ALERT_SIGNATURE_HEADER]: alertSignature(secret, body), 'x-lt-alert-event': event } });
      const error = deliveryError(reply);
      if (error) throw new Error(`webhook answered ${error}`);
    },
  };
}

const statusText = { firing: { vi: 'ĐANG CẢNH BÁO', en: 'FIRING' }, resolved: { vi: 'ĐÃ HẾT', en: 'RESOLVED' } } as const;

export function emailText(event: AlertEvent, a: AlertView): { subject: string; text: string } {
  const s = statusText[event];
  const details = JSON.stringify(a.details, null, 2);
  return {
    subject: `[Liên Thông] ${s.vi} / ${s.en}: ${a.message.vi}`,
    text: [`${s.vi}: ${a.message.vi}`, `Mã cảnh báo: ${a.key} (#${a.id}), mức: ${a.severity}`, `Bắt đầu: ${a.firedAt}${a.resolvedAt ? `, kết thúc: ${a.resolvedAt}` : ''}`, '',
      `${s.en}: ${a.message.en}`, `Alert key: ${a.key} (#${a.id}), severity: ${a.severity}`, `Fired: ${a.firedAt}${a.resolvedAt ? `, resolved: ${a.resolvedAt}` : ''}`, '',
      details].join('\n'),
  };
}

/**
 * SMTP through nodemailer, e.g. `smtp://user:pass@mail.tinh.gov.vn:587`: STARTTLS required unless the URL says
 * otherwise (smtp.ts). The URL's password is never logged.
 */
export function emailChannel(smtpUrl: string, to: string, from = 'lienthong-alerts@localhost', o: { ca?: string | Buffer } = {}): AlertChannel {
  const transport = createTransport(smtpTransportOptions(smtpUrl, o));
  return {
    name: 'email',
    async send(event, alert) {
      await transport.sendMail({ from, to, ...emailText(event, alert) });
    },
  };
}

/** Tries `attempts` times with exponential backoff (base, 2×base, 4×base…); returns how it went, never throws. */
export async function deliverWithRetry(ch: AlertChannel, event: AlertEvent, alert: AlertView, opts: { attempts?: number; baseDelayMs?: number } = {}):
  Promise<{ ok: boolean; attempts: number; error?: string }> {
  const max = opts.attempts ?? 5;
  let last = '';
  for (let i = 1; i <= max; i++) {
    try {
      await ch.send(event, alert);
      return { ok: true, attempts: i };
    } catch (err) {
      last = safeError(err);
      if (i < max) await new Promise((r) => setTimeout(r, (opts.baseDelayMs ?? 1000) * 2 ** (i - 1)));
    }
  }
  return { ok: false, attempts: max, error: last };
}

/** An error message fit for the log and the alert row: no URL credentials. */
export function safeError(err: unknown): string {
  const msg = err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err);
  return msg.replace(/\/\/[^/@\s]+@/g, '//***@').slice(0, 300);
}

/** Only the scheme, host and port of a URL, for log lines. */
export function hostOf(url: string): string {
  try { const u = new URL(url); return `${u.protocol}//${u.host}`; } catch { return '(invalid URL)'; }
}
