import { eq } from 'drizzle-orm';
import { connectedSystems, decryptJson, type Db, type MaintenanceDelivery, type MasterKey } from '@lienthong/db';
import { deliveryError, egressRequest, sendMail, WEBHOOK_SIGNATURE_HEADER, webhookSignature, type EgressPolicy } from '@lienthong/observability';
import type { MaintenanceWindowView } from './store.js';

/** Names what a platform webhook carries (the header incidents use too), so a receiver tells a notice from a run-end callback. */
export const EVENT_HEADER = 'x-lt-event';
export type MaintenanceEvent = 'maintenance.announced' | 'maintenance.cancelled';

/** Where mail goes (the alert mail settings, LT_ALERT_*). */
export interface MaintenanceMailEnv { LT_ALERT_SMTP_URL?: string | undefined; LT_ALERT_EMAIL_FROM?: string | undefined; LT_ALERT_EMAIL_TO?: string | undefined }

export interface AnnounceDeps { db: Db; egress: EgressPolicy; masterKey?: MasterKey | undefined; olderMasterKeys?: readonly MasterKey[] | undefined; env: MaintenanceMailEnv }

const subjectOf = (w: MaintenanceWindowView) => (w.scope === 'platform' ? { vi: 'Nền tảng Liên Thông', en: 'The Liên Thông platform' } : { vi: w.target, en: w.target });

/** What each connected system's webhook receives (the signature covers these bytes): times, target and reason only. */
export function maintenancePayload(event: MaintenanceEvent, w: MaintenanceWindowView) {
  const who = subjectOf(w);
  const cancelled = event === 'maintenance.cancelled';
  return {
    event, source: 'lienthong',
    window: { id: w.id, scope: w.scope, target: w.target, startsAt: w.startsAt, endsAt: w.endsAt, reason: w.reason, announcedAt: w.announcedAt },
    message: cancelled
      ? { vi: `Hủy lịch bảo trì ${who.vi} từ ${w.startsAt} đến ${w.endsAt}`, en: `Maintenance of ${who.en} from ${w.startsAt} to ${w.endsAt} is cancelled` }
      : { vi: `${who.vi} bảo trì từ ${w.startsAt} đến ${w.endsAt}: ${w.reason.vi}`, en: `${who.en} is under maintenance from ${w.startsAt} to ${w.endsAt}: ${w.reason.en}` },
  };
}

const ATTEMPTS = 3;
const safeError = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\/\/[^/@\s]+@/g, '//***@').slice(0, 300);

async function withRetry(send: () => Promise<string | null>): Promise<{ error: string | null; attempts: number }> {
  let error: string | null = null;
  for (let i = 1; i <= ATTEMPTS; i++) {
    try { error = await send(); } catch (e) { error = safeError(e); }
    if (error === null) return { error, attempts: i };
    if (i < ATTEMPTS) await new Promise((r) => setTimeout(r, 300 * 2 ** i));
  }
  return { error, attempts: ATTEMPTS };
}

function openSecret(sealed: string, keys: readonly MasterKey[]): string | null {
  for (const k of keys) {
    try { return decryptJson<{ secret: string }>(sealed, k).secret; } catch { /* an older key may open it */ }
  }
  return null;
}

/**
 * Sends a window to every active connected system (its callback webhook, signed with its callback secret like every
 * outbound webhook) and by mail to their contacts and the operators. One record per target; never throws, so one
 * unreachable system does not stop the others.
 */
export async function announceWindow(deps: AnnounceDeps, event: MaintenanceEvent, w: MaintenanceWindowView): Promise<MaintenanceDelivery[]> {
  const out: MaintenanceDelivery[] = [];
  const systems = await deps.db.select({ code: connectedSystems.code, url: connectedSystems.callbackUrl, secret: connectedSystems.callbackSecret, contact: connectedSystems.contact })
    .from(connectedSystems).where(eq(connectedSystems.status, 'active'));
  const body = JSON.stringify(maintenancePayload(event, w));
  const keys = deps.masterKey ? [deps.masterKey, ...(deps.olderMasterKeys ?? [])] : [];
  const record = (channel: MaintenanceDelivery['channel'], to: string, r: { error: string | null; attempts: number }) =>
    out.push({ channel, to, ok: r.error === null, attempts: r.attempts, at: new Date().toISOString(), ...(r.error !== null ? { error: r.error } : {}) });

  for (const s of systems) {
    if (!s.url || !s.secret) continue; // reached by mail (its contact), if at all
    const secret = openSecret(s.secret, keys);
    if (!secret) { record('webhook', s.code, { error: 'callback secret unreadable', attempts: 0 }); continue; }
    const url = s.url;
    record('webhook', s.code, await withRetry(async () => deliveryError(await egressRequest(deps.egress, url, { method: 'POST', body, timeoutMs: 10_000,
      headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(secret, body), [EVENT_HEADER]: event } }))));
  }

  const smtp = deps.env.LT_ALERT_SMTP_URL;
  const recipients = [...new Set([...systems.map((s) => s.contact.email).filter((e): e is string => !!e),
    ...(deps.env.LT_ALERT_EMAIL_TO ? deps.env.LT_ALERT_EMAIL_TO.split(',').map((e) => e.trim()).filter(Boolean) : [])])];
  if (smtp && recipients.length) {
    const m = maintenancePayload(event, w).message;
    const mail = { from: deps.env.LT_ALERT_EMAIL_FROM ?? 'lienthong-alerts@localhost', to: recipients,
      subject: `[Liên Thông] ${event === 'maintenance.cancelled' ? 'Hủy lịch bảo trì / Maintenance cancelled' : 'Thông báo bảo trì / Maintenance notice'}: ${subjectOf(w).vi}`,
      text: [m.vi, '', m.en].join('\n') };
    record('email', recipients.join(', '), await withRetry(async () => { await sendMail(smtp, mail); return null; }));
  }
  return out;
}
