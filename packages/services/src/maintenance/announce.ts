import { eq } from 'drizzle-orm';
import { connectedSystems, type Db, type MaintenanceDelivery, type MasterKey } from '@lienthong/db';
import type { EgressPolicy } from '@lienthong/observability';
import { EVENT_HEADER as NOTICE_EVENT_HEADER, mailNotice, postSignedNotice, type NoticeMailEnv } from '../system-notices.js';
import type { MaintenanceWindowView } from './store.js';

/** Names what a platform webhook carries (the header incidents use too), so a receiver tells a notice from a run-end callback. */
export const EVENT_HEADER = NOTICE_EVENT_HEADER;
export type MaintenanceEvent = 'maintenance.announced' | 'maintenance.cancelled';

/** Where mail goes (the alert mail settings, LT_ALERT_*). */
export type MaintenanceMailEnv = NoticeMailEnv;

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
    const sent = await postSignedNotice({ egress: deps.egress, keys }, s, body, event); // none: reached by mail (its contact), if at all
    if (sent) record('webhook', s.code, sent);
  }
  const m = maintenancePayload(event, w).message;
  const mailed = await mailNotice(deps.env, systems, {
    subject: `[Liên Thông] ${event === 'maintenance.cancelled' ? 'Hủy lịch bảo trì / Maintenance cancelled' : 'Thông báo bảo trì / Maintenance notice'}: ${subjectOf(w).vi}`,
    text: [m.vi, '', m.en].join('\n') });
  if (mailed) record('email', mailed.to, mailed.delivered);
  return out;
}
