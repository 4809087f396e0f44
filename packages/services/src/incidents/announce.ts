import { inArray } from 'drizzle-orm';
import { connectedSystems, type Db, type IncidentAnnouncement, type MasterKey } from '@lienthong/db';
import type { EgressPolicy } from '@lienthong/observability';
import { EVENT_HEADER, mailNotice, postSignedNotice, type NoticeMailEnv } from '../system-notices.js';
import type { IncidentView } from './store.js';

/** The header naming what a platform webhook carries, so a receiver tells a recovery notice from a run-end callback. */
export const INCIDENT_EVENT_HEADER = EVENT_HEADER;
export const RECOVERY_EVENT = 'incident.recovery';

/** Where the operators' mail goes (the alert mail settings, LT_ALERT_*). */
export type IncidentMailEnv = NoticeMailEnv;

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
    const sent = await postSignedNotice({ egress: deps.egress, keys }, s, body, RECOVERY_EVENT);
    record('webhook', s.code, sent ? sent.error : 'no callback URL or secret');
  }
  const mailed = await mailNotice(deps.env, systems, recoveryMail(i));
  if (mailed) record('email', mailed.to, mailed.delivered.error);
  record('console', 'console', null);
  return out;
}
