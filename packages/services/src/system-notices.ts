import { decryptJson, type MasterKey } from '@lienthong/db';
import { deliveryError, egressRequest, sendMail, WEBHOOK_SIGNATURE_HEADER, webhookSignature, type EgressPolicy } from '@lienthong/observability';

/**
 * Notices the platform sends to connected systems and people (an incident's recovery time, a maintenance window): each
 * system's callback webhook signed with its callback secret like every outbound webhook (x-lt-signature), named by
 * `x-lt-event` so a receiver tells a notice from a run-end callback, and mail through the alert mail settings (LT_ALERT_*).
 */
export const EVENT_HEADER = 'x-lt-event';

/** Where notice mail goes (the alert mail settings). */
export interface NoticeMailEnv { LT_ALERT_SMTP_URL?: string | undefined; LT_ALERT_EMAIL_FROM?: string | undefined; LT_ALERT_EMAIL_TO?: string | undefined }

/** A connected system as a notice reaches it. */
export interface NoticeSystem { code: string; url: string | null; secret: string | null; contact: { email?: string | null } }

export interface Delivered { error: string | null; attempts: number }

const ATTEMPTS = 3;
/** An error fit for a delivery record: no URL credentials, bounded. */
const safeError = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\/\/[^/@\s]+@/g, '//***@').slice(0, 300);

/** Up to three tries with a growing pause; the last error (or none) and how many tries it took. */
export async function deliverWithRetry(send: () => Promise<string | null>): Promise<Delivered> {
  let error: string | null = null;
  for (let i = 1; i <= ATTEMPTS; i++) {
    try { error = await send(); } catch (e) { error = safeError(e); }
    if (error === null) return { error, attempts: i };
    if (i < ATTEMPTS) await new Promise((r) => setTimeout(r, 300 * 2 ** i));
  }
  return { error, attempts: ATTEMPTS };
}

/** A system's callback secret, sealed under the master key or an older one. */
function openSecret(sealed: string, keys: readonly MasterKey[]): string | null {
  for (const k of keys) {
    try { return decryptJson<{ secret: string }>(sealed, k).secret; } catch { /* an older key may open it */ }
  }
  return null;
}

/** POSTs `body` to the system's callback webhook, signed; null when it has no webhook to reach. */
export async function postSignedNotice(deps: { egress: EgressPolicy; keys: readonly MasterKey[] }, s: NoticeSystem, body: string, event: string): Promise<Delivered | null> {
  if (!s.url || !s.secret) return null;
  const secret = openSecret(s.secret, deps.keys);
  if (!secret) return { error: 'callback secret unreadable', attempts: 0 };
  const url = s.url;
  return deliverWithRetry(async () => deliveryError(await egressRequest(deps.egress, url, { method: 'POST', body, timeoutMs: 10_000,
    headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(secret, body), [EVENT_HEADER]: event } })));
}

/** Mails the systems' contacts and the operators (LT_ALERT_EMAIL_TO); null when mail is not configured or nobody is to get it. */
export async function mailNotice(env: NoticeMailEnv, systems: readonly NoticeSystem[], mail: { subject: string; text: string }): Promise<{ to: string; delivered: Delivered } | null> {
  const smtp = env.LT_ALERT_SMTP_URL;
  const recipients = [...new Set([...systems.map((s) => s.contact.email).filter((e): e is string => !!e),
    ...(env.LT_ALERT_EMAIL_TO ? env.LT_ALERT_EMAIL_TO.split(',').map((e) => e.trim()).filter(Boolean) : [])])];
  if (!smtp || recipients.length === 0) return null;
  const delivered = await deliverWithRetry(async () => { await sendMail(smtp, { from: env.LT_ALERT_EMAIL_FROM ?? 'lienthong-alerts@localhost', to: recipients, ...mail }); return null; });
  return { to: recipients.join(', '), delivered };
}
