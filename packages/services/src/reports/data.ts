import { and, asc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { alerts, connectedSystems, exchanges, runs, type Db } from '@lienthong/db';
import { runStats, type RunStatsRow } from '../run-stats.js';
import { listIncidents, type IncidentView } from '../incidents/store.js';
import { listMaintenanceWindows, type MaintenanceWindowView } from '../maintenance/store.js';
import type { ReportPeriod } from './period.js';
import { availabilityOf, type Span } from './availability.js';

export interface ExchangeRouteRow { source: string; destination: string; total: number; delivered: number; notDelivered: number; inProgress: number; bytes: number }
export interface SystemRow { code: string; agency: string; name: string; status: string; createdAt: string; lastSeenAt: string | null; runs: number; exchangesSent: number; exchangesReceived: number }
export interface AvailabilityRow {
  /** 'platform' (the worker that runs flows) or an external system the connectors call. */
  subject: string;
  kind: 'platform' | 'system';
  outages: number;
  /** Down time outside planned maintenance windows. */
  downMinutes: number;
  /** Planned maintenance in the part of the period that has passed: the platform's windows, or the system's. */
  plannedMinutes: number;
  /** 0..1 over the part of the period that has passed, less planned maintenance; null when none is left. */
  availability: number | null;
}

/** Everything an operations report says; the XLSX and the PDF are two renderings of it. */
export interface OperationsReport {
  kind: ReportPeriod['kind'];
  period: { from: string; to: string; label: { vi: string; en: string }; slug: string };
  /** The agency it is limited to (an agency viewer's report); null: the whole platform. */
  agency: string | null;
  generatedAt: string;
  runs: { total: RunStatsRow; byFlow: RunStatsRow[]; byAgency: RunStatsRow[]; byOutcome: RunStatsRow[]; byMonth: RunStatsRow[] };
  exchanges: { total: number; delivered: number; notDelivered: number; inProgress: number; bytes: number; byStatus: { status: string; count: number }[]; byRoute: ExchangeRouteRow[] };
  systems: { total: number; newInPeriod: number; byStatus: { status: string; count: number }[]; rows: SystemRow[] };
  availability: AvailabilityRow[];
  /** Incidents opened in the period; an agency's report: those affecting it. */
  incidents: { total: number; resolved: number; reportRequired: number; meanMinutesToRecover: number | null; bySeverity: { severity: string; count: number }[]; rows: IncidentView[] };
  /** Planned maintenance windows in force that overlap the period, with their minutes inside it. */
  maintenance: { total: number; minutes: number; rows: (MaintenanceWindowView & { minutesInPeriod: number })[] };
}

const DELIVERED = ['delivered', 'content_purged'];
const NOT_DELIVERED = ['rejected', 'expired', 'refused_by_destination', 'failed'];

/** The grand total row of run statistics grouped some way (percentiles are left out: they do not add up). */
function totalOf(rows: readonly RunStatsRow[]): RunStatsRow {
  const sum = (k: 'started' | 'completed' | 'failed' | 'other' | 'running' | 'retries' | 'retriedRuns') => rows.reduce((a, r) => a + r[k], 0);
  const t = { started: sum('started'), completed: sum('completed'), failed: sum('failed'), other: sum('other'), running: sum('running'), retries: sum('retries'), retriedRuns: sum('retriedRuns') };
  const finished = t.started - t.running;
  return { key: 'Tổng / Total', ...t, successRate: finished > 0 ? t.completed / finished : null, p50Ms: null, p95Ms: null };
}

async function exchangeSection(db: Db, period: ReportPeriod, agency: string | null): Promise<OperationsReport['exchanges']> {
  const where = and(gte(exchanges.createdAt, period.from), lt(exchanges.createdAt, period.to),
    agency ? or(eq(exchanges.sourceAgency, agency), eq(exchanges.destinationAgency, agency)) : undefined);
  const byStatus = await db.select({ status: exchanges.status, count: sql<number>`count(*)::int` }).from(exchanges).where(where)
    .groupBy(exchanges.status).orderBy(exchanges.status);
  const inList = (list: string[]) => sql.join(list.map((s) => sql`${s}`), sql`, `);
  const routes = await db.select({
    source: exchanges.sourceSystem, destination: exchanges.destinationSystem,
    total: sql<number>`count(*)::int`,
    delivered: sql<number>`count(*) filter (where ${exchanges.status} in (${inList(DELIVERED)}))::int`,
    notDelivered: sql<number>`count(*) filter (where ${exchanges.status} in (${inList(NOT_DELIVERED)}))::int`,
    bytes: sql<number>`coalesce(sum(${exchanges.size}), 0)::bigint`,
  }).from(exchanges).where(where).groupBy(exchanges.sourceSystem, exchanges.destinationSystem).orderBy(exchanges.sourceSystem, exchanges.destinationSystem);
  const byRoute = routes.map((r) => ({ ...r, bytes: Number(r.bytes), inProgress: r.total - r.delivered - r.notDelivered }));
  const add = (k: 'total' | 'delivered' | 'notDelivered' | 'inProgress' | 'bytes') => byRoute.reduce((a, r) => a + r[k], 0);
  return { total: add('total'), delivered: add('delivered'), notDelivered: add('notDelivered'), inProgress: add('inProgress'), bytes: add('bytes'), byStatus, byRoute };
}

async function systemSection(db: Db, period: ReportPeriod, agency: string | null): Promise<OperationsReport['systems']> {
  const list = await db.select().from(connectedSystems).where(agency ? eq(connectedSystems.agencyCode, agency) : undefined).orderBy(asc(connectedSystems.code));
  const inPeriod = (col: typeof runs.startedAt | typeof exchanges.createdAt) => and(gte(col, period.from), lt(col, period.to));
  const runCounts = await db.select({ caller: runs.caller, n: sql<number>`count(*)::int` }).from(runs)
    .where(and(inPeriod(runs.startedAt), sql`${runs.caller} like 'system:%'`)).groupBy(runs.caller);
  const sent = await db.select({ code: exchanges.sourceSystem, n: sql<number>`count(*)::int` }).from(exchanges).where(inPeriod(exchanges.createdAt)).groupBy(exchanges.sourceSystem);
  const received = await db.select({ code: exchanges.destinationSystem, n: sql<number>`count(*)::int` }).from(exchanges).where(inPeriod(exchanges.createdAt)).groupBy(exchanges.destinationSystem);
  const runsOf = new Map(runCounts.map((r) => [r.caller, r.n]));
  const sentBy = new Map(sent.map((r) => [r.code, r.n]));
  const receivedBy = new Map(received.map((r) => [r.code, r.n]));
  const rows: SystemRow[] = list.map((s) => ({
    code: s.code, agency: s.agencyCode, name: s.name.vi, status: s.status, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt?.toISOString() ?? null,
    runs: runsOf.get(`system:${s.code}`) ?? 0, exchangesSent: sentBy.get(s.code) ?? 0, exchangesReceived: receivedBy.get(s.code) ?? 0,
  }));
  const statuses = [...new Set(rows.map((r) => r.status))].sort();
  return {
    total: rows.length,
    newInPeriod: list.filter((s) => s.createdAt >= period.from && s.createdAt < period.to).length,
    byStatus: statuses.map((status) => ({ status, count: rows.filter((r) => r.status === status).length })),
    rows,
  };
}

/**
 * Availability from the outage alerts (what the platform records about being down): `worker.down` for the platform,
 * `system.silent` per external system. Down time is the union of each subject's alert spans within the period, less
 * the planned maintenance windows of that subject (platform windows for the platform; a system window on `ngsp`
 * covers the subjects `ngsp` and `ngsp:…`), which are left out of the time measured too. Windows on one connection
 * are not subtracted: a connection is not a subject here.
 */
async function availabilitySection(db: Db, period: ReportPeriod, now: Date, windows: readonly MaintenanceWindowView[]): Promise<AvailabilityRow[]> {
  const end = new Date(Math.max(period.from.getTime(), Math.min(period.to.getTime(), now.getTime())));
  const rows = await db.select({ rule: alerts.rule, subject: alerts.subject, firedAt: alerts.firedAt, resolvedAt: alerts.resolvedAt }).from(alerts)
    .where(and(inArray(alerts.rule, ['worker.down', 'system.silent']), lt(alerts.firedAt, period.to),
      or(isNull(alerts.resolvedAt), gte(alerts.resolvedAt, period.from)))).orderBy(asc(alerts.firedAt));
  const bySubject = new Map<string, { kind: AvailabilityRow['kind']; spans: [number, number][] }>();
  for (const r of rows) {
    const subject = r.rule === 'worker.down' ? 'platform' : r.subject;
    const entry = bySubject.get(subject) ?? { kind: r.rule === 'worker.down' ? 'platform' as const : 'system' as const, spans: [] };
    const a = Math.max(r.firedAt.getTime(), period.from.getTime());
    const b = Math.min((r.resolvedAt ?? end).getTime(), end.getTime());
    if (b > a) entry.spans.push([a, b]);
    bySubject.set(subject, entry);
  }
  if (!bySubject.has('platform')) bySubject.set('platform', { kind: 'platform', spans: [] });
  const systemWindows = windows.filter((w) => w.scope === 'system');
  // A system with planned maintenance and no outage has a row too (its planned minutes).
  for (const w of systemWindows) if (![...bySubject.keys()].some((s) => s === w.target || s.startsWith(`${w.target}:`))) bySubject.set(w.target, { kind: 'system', spans: [] });
  const plannedOf = (subject: string, kind: AvailabilityRow['kind']): Span[] => windows
    .filter((w) => (kind === 'platform' ? w.scope === 'platform' : w.scope === 'system' && (subject === w.target || subject.startsWith(`${w.target}:`))))
    .map((w) => [Date.parse(w.startsAt), Date.parse(w.endsAt)]);
  return [...bySubject.entries()].sort(([a, x], [b, y]) => (x.kind === y.kind ? a.localeCompare(b) : x.kind === 'platform' ? -1 : 1)).map(([subject, { kind, spans }]) => {
    const { downMs, plannedMs, availability } = availabilityOf([period.from.getTime(), end.getTime()], spans, plannedOf(subject, kind));
    return { subject, kind, outages: spans.length, downMinutes: Math.round(downMs / 60_000), plannedMinutes: Math.round(plannedMs / 60_000), availability };
  });
}

async function incidentSection(db: Db, period: ReportPeriod, agency: string | null): Promise<OperationsReport['incidents']> {
  const rows = await listIncidents(db, { from: period.from, to: period.to, ...(agency ? { agency } : {}) });
  const recovered = rows.filter((i) => i.recoveryMinutes !== null).map((i) => i.recoveryMinutes as number);
  return {
    total: rows.length, resolved: recovered.length, reportRequired: rows.filter((i) => i.reportRequired).length,
    meanMinutesToRecover: recovered.length ? Math.round(recovered.reduce((a, b) => a + b, 0) / recovered.length) : null,
    bySeverity: (['critical', 'high', 'medium', 'low'] as const).map((severity) => ({ severity, count: rows.filter((i) => i.severity === severity).length })),
    rows,
  };
}

async function maintenanceSection(db: Db, period: ReportPeriod): Promise<OperationsReport['maintenance']> {
  const rows = (await listMaintenanceWindows(db, { from: period.from, to: period.to })).map((w) => ({ ...w,
    minutesInPeriod: Math.round((Math.min(Date.parse(w.endsAt), period.to.getTime()) - Math.max(Date.parse(w.startsAt), period.from.getTime())) / 60_000) }));
  return { total: rows.length, minutes: rows.reduce((a, w) => a + w.minutesInPeriod, 0), rows };
}

/** The numbers of one operations report, limited to one agency when `agency` is set. */
export async function buildOperationsReport(db: Db, period: ReportPeriod, opts: { agency?: string | null; now?: Date } = {}): Promise<OperationsReport> {
  const agency = opts.agency ?? null;
  const now = opts.now ?? new Date();
  const maintenance = await maintenanceSection(db, period);
  const stats = (groupBy: 'flow' | 'agency' | 'status' | 'month') => runStats(db, { from: period.from, to: period.to, groupBy, ...(agency ? { agency } : {}) });
  const [byFlow, byAgency, byOutcome, byMonth] = [await stats('flow'), await stats('agency'), await stats('status'), await stats('month')];
  return {
    kind: period.kind,
    period: { from: period.from.toISOString(), to: period.to.toISOString(), label: period.label, slug: period.slug },
    agency,
    generatedAt: now.toISOString(),
    runs: { total: totalOf(byFlow), byFlow, byAgency, byOutcome, byMonth },
    exchanges: await exchangeSection(db, period, agency),
    systems: await systemSection(db, period, agency),
    availability: await availabilitySection(db, period, now, maintenance.rows),
    incidents: await incidentSection(db, period, agency),
    maintenance,
  };
}
