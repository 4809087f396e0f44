import { inArray } from 'drizzle-orm';
import { connectedSystems, decryptJson, type Db, type IncidentAnnouncement, type MasterKey } from '@lienthong/db';
import { deliveryError, egressRequest, sendMail, WEBHOOK_SIGNATURE_HEADER, webhookSignature, type EgressPolicy } from '@lienthong/observability';
import type { IncidentView } from './store.js';

/** The header naming what a platform webhook carries, so a receiver tells a recovery notice from a run-end callback. */
export const INCIDENT_EVENT_HEADER = 'x-lt-event';
export const RECOVERY_EVENT = 'incident.recovery';

/** Where the operators' mail goes (the alert mail settings, LT_ALERT_*). */
export interface IncidentMailEnv { LT_ALERT_SMTP_URL?: string | undefined; LT_ALERT_EMAIL_FROM?: string | undefined; LT_ALERT_EMAIL_TO?: string | undefined }

/** What a connected system's webhook receives (and what the signature covers, byte for byte): ids and times, no personal data. */
export function recoveryPayload(i: IncidentView) {
  return {
    event: RECOVERY_EVENT, source: 'lienthong',
    incident: { id: i.id, title: i.title, severity: i.severity, status: i.status, openedAt: i.openedAt, recoveryEta: i.recoveryEta,
      affectedFlows: i.affectedFlows, affectedSystems: i.affectedSystems },
    message: {
      vi: `Sự cố "${i.title}" đang được khắc phục; dự kiến khôi phục lúc ${i.recoveryEta ?? ''}`,
      en: `Incident "${i.title}" is being fixed; recovery expected at ${i.recoveryEta ?? ''}`,
    },
  };
}

function recoveryMail(i: IncidentView): { subject: string; text: string } {
  const m = recoveryPayload(i).message;
  return {
    subject: `[Liên Thông] Thông báo thời gian khôi phục / Recovery time: ${i.title}`,
    text: [m.vi, `Mã sự cố: ${i.id}, mức độ: ${i.severity}, luồng bị ảnh hưởng: ${i.affectedFlows.join(', ') || '-'}`, '',
      m.en, `Incident: ${i.id}, severity: ${i.severity}, affected flows: ${i.affectedFlows.join(', ') || '-'}`].join('\n'),
  };
}

const ATTEMPTS = 3;
/** An error fit for the incident record: no URL credentials, bounded. */
const safeError = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\/\/[^/@\s]+@/g, '//***@').slice(0, 300);

async function withRetry(send: () => Promise<string | null>): Promise<string | null> {
  let error: string | null = null;
  for (let i = 0; i < ATTEMPTS; i++) {
    try { error = await send(); } catch (e) { error = safeError(e); }
    if (error === null) return null;
    if (i < ATTEMPTS - 1) await new Promise((r) => setTimeout(r, 300 * 2 ** i));
  }
  return error;
}

/**
 * Sends the recovery time to each affected connected system: its callback webhook, signed with its callback secret like
 * every outbound webhook (x-lt-signature), and its contact's email; and to the operators' mailbox. Returns one record per
 * target (delivered or why not); never throws, so one unreachable system does not stop the others.
 */
export async function announceRecovery(deps: { db: Db; egress: EgressPolicy; masterKey?: MasterKey | undefined; olderMasterKeys?: readonly MasterKey[] | undefined; env: IncidentMailEnv },
  i: IncidentView, at: Date): Promise<IncidentAnnouncement[]> {
  const out: IncidentAnnouncement[] = [];
  const systems = i.affectedSystems.length
    ? await deps.db.select({ code: connectedSystems.code, url: connectedSystems.callbackUrl, secret: connectedSystems.callbackSecret, contact: connectedSystems.contact })
      .from(connectedSystems).where(inArray(connectedSystems.code, i.affectedSystems))
    : [];
  const body = JSON.stringify(recoveryPayload(i));
  const keys = deps.masterKey ? [deps.masterKey, ...(deps.olderMasterKeys ?? [])] : [];
  const record = (channel: IncidentAnnouncement['channel'], target: string, error: string | null) =>
    out.push({ channel, target, ok: error === null, at: at.toISOString(), ...(error !== null ? { error } : {}) });

  for (const s of systems) {
    if (!s.url || !s.secret) { record('webhook', s.code, 'no callback URL or secret'); continue; }
    const secret = openSecret(s.secret, keys);
    if (!secret) { record('webhook', s.code, 'callback secret unreadable'); continue; }
    const url = s.url;
    record('webhook', s.code, await withRetry(async () => deliveryError(await egressRequest(deps.egress, url, { method: 'POST', body, timeoutMs: 10_000,
      headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(secret, body), [INCIDENT_EVENT_HEADER]: RECOVERY_EVENT } }))));
  }

  const smtp = deps.env.LT_ALERT_SMTP_URL;
  const recipients = [...new Set([...systems.map((s) => s.contact.email).filter((e): e is string => !!e),
    ...(deps.env.LT_ALERT_EMAIL_TO ? deps.env.LT_ALERT_EMAIL_TO.split(',').map((e) => e.trim()).filter(Boolean) : [])])];
  if (smtp && recipients.length) {
    const mail = { from: deps.env.LT_ALERT_EMAIL_FROM ?? 'lienthong-alerts@localhost', to: recipients, ...recoveryMail(i) };
    record('email', recipients.join(', '), await withRetry(async () => { await sendMail(smtp, mail); return null; }));
  }
  record('console', 'console', null);
  return out;
}

function openSecret(sealed: string, keys: readonly MasterKey[]): string | null {
  for (const k of keys) {
    try { return decryptJson<{ secret: string }>(sealed, k).secret; } catch { /* an older key may open it */ }
  }
  return null;
}
