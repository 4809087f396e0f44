import { and, asc, eq, gt, isNull, lt, type SQL } from 'drizzle-orm';
import { maintenanceNoticeRules, maintenanceWindows, type Db, type MaintenanceDelivery, type MaintenanceScope } from '@lienthong/db';

export type MaintenanceWindowRow = typeof maintenanceWindows.$inferSelect;

/** A window as the API, the console and the reports show it (times as ISO strings). */
export interface MaintenanceWindowView {
  id: number;
  scope: MaintenanceScope;
  /** '' for the platform; the system code (e.g. `reporting`) or the connection id. */
  target: string;
  startsAt: string;
  endsAt: string;
  reason: { vi: string; en: string };
  announcedAt: string;
  announcedBy: string | null;
  cancelledAt: string | null;
  /** Hours between the announcement and the start (R-18: ≥ 24 for the reporting system). */
  noticeHours: number;
  deliveries: MaintenanceDelivery[];
}

export function windowView(r: MaintenanceWindowRow): MaintenanceWindowView {
  return {
    id: r.id, scope: r.scope, target: r.target, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString(), reason: r.reason,
    announcedAt: r.announcedAt.toISOString(), announcedBy: r.announcedBy, cancelledAt: r.cancelledAt?.toISOString() ?? null,
    noticeHours: Math.round(((r.startsAt.getTime() - r.announcedAt.getTime()) / 3_600_000) * 10) / 10, deliveries: r.deliveries,
  };
}

export interface MaintenanceWindowFilter {
  /** Windows that overlap [from, to): ending after `from` and starting before `to`. */
  from: Date;
  to: Date;
  scope?: MaintenanceScope;
  target?: string;
  /** Cancelled windows too (history); default: only windows in force. */
  includeCancelled?: boolean;
}

/** Maintenance windows overlapping a period, earliest first (the console, the operations reports, the simulators). */
export async function listMaintenanceWindows(db: Db, f: MaintenanceWindowFilter): Promise<MaintenanceWindowView[]> {
  const conds: (SQL | undefined)[] = [
    gt(maintenanceWindows.endsAt, f.from), lt(maintenanceWindows.startsAt, f.to),
    f.includeCancelled ? undefined : isNull(maintenanceWindows.cancelledAt),
    f.scope ? eq(maintenanceWindows.scope, f.scope) : undefined,
    f.target !== undefined ? eq(maintenanceWindows.target, f.target) : undefined,
  ];
  const rows = await db.select().from(maintenanceWindows).where(and(...conds.filter((c): c is SQL => c !== undefined)))
    .orderBy(asc(maintenanceWindows.startsAt), asc(maintenanceWindows.id));
  return rows.map(windowView);
}

/** Windows in force (not cancelled) that have not ended by `now`, for a system and/or a connection. */
export async function windowsAhead(db: Db, now: Date): Promise<MaintenanceWindowRow[]> {
  return db.select().from(maintenanceWindows)
    .where(and(gt(maintenanceWindows.endsAt, now), isNull(maintenanceWindows.cancelledAt)))
    .orderBy(asc(maintenanceWindows.startsAt));
}

/** The notice rule rows (scope, target, minutes); targets without a row take the default. */
export async function noticeRules(db: Db, scope?: MaintenanceScope, target?: string) {
  const conds = [scope ? eq(maintenanceNoticeRules.scope, scope) : undefined, target !== undefined ? eq(maintenanceNoticeRules.target, target) : undefined]
    .filter((c): c is SQL => c !== undefined);
  return db.select().from(maintenanceNoticeRules).where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(maintenanceNoticeRules.scope), asc(maintenanceNoticeRules.target));
}
