import { and, asc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Client } from '@temporalio/client';
import { runs, type Db } from '@lienthong/db';
import { LtError } from '@lienthong/errors';
import type { Caller } from './runs.js';
import { csvTable } from './csv.js';
import { xlsxWorkbook, type Sheet } from './xlsx.js';
import { incidentsSheet, listIncidents } from './incidents/index.js';
import { runTimeline } from './run-search.js';

const CLOSED: Record<string, string> = {
  COMPLETED: 'completed', FAILED: 'failed', CANCELED: 'cancelled', CANCELLED: 'cancelled', TERMINATED: 'terminated', TIMED_OUT: 'timed_out',
};

/**
 * Keeps our runs table's outcome columns in step with Temporal: finds runs we still think are
 * running, asks Temporal which of them closed, and records status and finish time. Statistics
 * and reports then come from one SQL table, for PGlite and PostgreSQL alike.
 */
export async function syncRunOutcomes(db: Db, temporal: Client, batch = 200): Promise<number> {
  const open = await db.select({ runId: runs.runId }).from(runs).where(isNull(runs.finishedAt)).orderBy(asc(runs.startedAt)).limit(batch);
  let updated = 0;
  for (const { runId } of open) if (await syncRunOutcome(db, temporal, runId)) updated += 1;
  return updated;
}

/** One run's outcome, when Temporal says it closed (and our row does not know yet); true when recorded now. */
export async function syncRunOutcome(db: Db, temporal: Client, runId: string): Promise<boolean> {
  let desc;
  try {
    desc = await temporal.workflow.getHandle(runId).describe();
  } catch {
    return false; // not (yet) known to Temporal: the start may still be in flight
  }
  const status = CLOSED[desc.status.name];
  if (!status || !desc.closeTime) return false;
  // Retries, read once from the closed history: each step's final attempt number (activities and local lookups) minus one.
  const retries = await runTimeline(temporal, runId).then((t) => t.reduce((n, e) => n + Math.max(0, (e.attempt ?? 1) - 1), 0), () => null);
  const changed = await db.update(runs).set({ status, finishedAt: desc.closeTime, retries }).where(and(eq(runs.runId, runId), isNull(runs.finishedAt))).returning({ runId: runs.runId });
  return changed.length > 0;
}

export interface RunStatsRow {
  key: string;
  started: number;
  completed: number;
  failed: number;
  other: number;
  running: number;
  /** Step attempts beyond the first, over the finished runs; and how many finished runs had any. */
  retries: number;
  retriedRuns: number;
  /** completed / finished, 0..1; null when nothing finished. */
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

export type StatsGroup = 'flow' | 'agency' | 'system' | 'status' | 'day' | 'month';
export const STATS_GROUPS: readonly StatsGroup[] = ['flow', 'agency', 'system', 'status', 'day', 'month'];

/**
 * Runs per flow, agency, caller (a connected system `system:<code>` or a person `user:<name>`), status, day or month
 * within [from, to): counts, success rate, latency percentiles. Days are Asia/Ho_Chi_Minh days.
 */
export async function runStats(db: Db, opts: { from: Date; to: Date; groupBy: StatsGroup; flowKey?: string; agency?: string }, caller?: Caller): Promise<RunStatsRow[]> {
  if (!(opts.from < opts.to)) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/from', detail: 'from must be before to', detailVi: 'from phải trước to' }, { field: 'from' });
  const keyExpr = {
    flow: sql<string>`${runs.flowKey}`,
    agency: sql<string>`coalesce(${runs.agency}, '')`,
    system: sql<string>`coalesce(${runs.caller}, '')`,
    status: sql<string>`${runs.status}`,
    day: sql<string>`to_char(${runs.startedAt} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`,
    month: sql<string>`to_char(${runs.startedAt} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM')`,
  }[opts.groupBy];
  const agency = caller?.agency ?? opts.agency;
  const durationMs = sql`extract(epoch from (${runs.finishedAt} - ${runs.startedAt})) * 1000`;
  const rows = await db.select({
    key: keyExpr,
    started: sql<number>`count(*)::int`,
    completed: sql<number>`count(*) filter (where ${runs.status} = 'completed')::int`,
    failed: sql<number>`count(*) filter (where ${runs.status} = 'failed')::int`,
    running: sql<number>`count(*) filter (where ${runs.finishedAt} is null)::int`,
    retries: sql<number>`coalesce(sum(${runs.retries}), 0)::int`,
    retriedRuns: sql<number>`count(*) filter (where ${runs.retries} > 0)::int`,
    p50: sql<number | null>`percentile_cont(0.5) within group (order by ${durationMs}) filter (where ${runs.finishedAt} is not null)`,
    p95: sql<number | null>`percentile_cont(0.95) within group (order by ${durationMs}) filter (where ${runs.finishedAt} is not null)`,
  }).from(runs)
    .where(and(gte(runs.startedAt, opts.from), lt(runs.startedAt, opts.to), opts.flowKey ? eq(runs.flowKey, opts.flowKey) : undefined, agency ? eq(runs.agency, agency) : undefined))
    .groupBy(keyExpr).orderBy(keyExpr);
  return rows.map((r) => {
    const finished = r.started - r.running;
    return {
      key: r.key, started: r.started, completed: r.completed, failed: r.failed, running: r.running, other: finished - r.completed - r.failed,
      retries: r.retries, retriedRuns: r.retriedRuns,
      successRate: finished > 0 ? r.completed / finished : null,
      p50Ms: r.p50 === null ? null : Math.round(Number(r.p50)), p95Ms: r.p95 === null ? null : Math.round(Number(r.p95)),
    };
  });
}

/** A month "YYYY-MM" as [from, to) in Vietnam time (UTC+7, no DST). */
function monthRange(month: string): { from: Date; to: Date } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/month', detail: 'expected YYYY-MM', detailVi: 'cần dạng YYYY-MM' }, { field: 'month' });
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { from: new Date(Date.UTC(y, mo - 1, 1, -7)), to: new Date(Date.UTC(mo === 12 ? y + 1 : y, mo === 12 ? 0 : mo, 1, -7)) };
}

/** The monthly operations report for one agency, as an Excel workbook: the CSV's numbers, per flow. */
export async function monthlyReportXlsx(db: Db, agency: string, month: string): Promise<Buffer> {
  const { from, to } = monthRange(month);
  // the month's incidents affecting the agency, as their own sheet.
  const incidents = incidentsSheet(await listIncidents(db, { from, to, agency }));
  return runStatsXlsx(await runStats(db, { from, to, groupBy: 'flow', agency }), { from, to, groupBy: 'flow', agency, extraSheets: [incidents] });
}

/** The monthly operations report for one agency, as CSV with a header row (UTF-8 BOM for spreadsheet tools). */
export async function monthlyReportCsv(db: Db, agency: string, month: string): Promise<string> {
  const { from, to } = monthRange(month);
  const rows = await runStats(db, { from, to, groupBy: 'flow', agency });
  const header = ['luong_flow', 'so_luot_started', 'hoan_thanh_completed', 'that_bai_failed', 'dang_chay_running', 'ty_le_thanh_cong_success_rate', 'p50_ms', 'p95_ms'];
  return csvTable(header, rows.map((r) => [r.key, r.started, r.completed, r.failed, r.running, r.successRate === null ? null : r.successRate.toFixed(4), r.p50Ms, r.p95Ms]), { bom: true });
}

const GROUP_TITLE: Record<StatsGroup, string> = { flow: 'Luồng / Flow', agency: 'Cơ quan / Agency', system: 'Bên gọi / Caller', status: 'Trạng thái / Status',
  day: 'Ngày / Day', month: 'Tháng / Month' };

/** Run statistics as CSV (the XLSX's columns; success rate as a fraction with four decimals; UTF-8 BOM for spreadsheet tools). */
export function runStatsCsv(rows: readonly RunStatsRow[], groupBy: StatsGroup): string {
  const header = [GROUP_TITLE[groupBy], 'Số lượt / Started', 'Hoàn thành / Completed', 'Thất bại / Failed', 'Khác / Other', 'Đang chạy / Running',
    'Tỷ lệ thành công / Success rate', 'p50 (ms)', 'p95 (ms)', 'Lần thử lại / Retries', 'Lượt có thử lại / Runs retried'];
  return csvTable(header, rows.map((r) => [r.key, r.started, r.completed, r.failed, r.other, r.running,
    r.successRate === null ? null : r.successRate.toFixed(4), r.p50Ms, r.p95Ms, r.retries, r.retriedRuns]), { bom: true });
}

/**
 * Run statistics as an Excel workbook: sheet "Thống kê" has one row per group with the same numbers as the JSON
 * (success rate as a fraction formatted as a percentage), sheet "Tham số" the parameters it was computed with.
 */
export function runStatsXlsx(rows: readonly RunStatsRow[], opts: { from: Date; to: Date; groupBy: StatsGroup; flowKey?: string; agency?: string; generatedAt?: Date; extraSheets?: readonly Sheet[] }): Buffer {
  const header = [GROUP_TITLE[opts.groupBy], 'Số lượt / Started', 'Hoàn thành / Completed', 'Thất bại / Failed', 'Khác / Other', 'Đang chạy / Running',
    'Tỷ lệ thành công / Success rate', 'p50 (ms)', 'p95 (ms)', 'Lần thử lại / Retries', 'Lượt có thử lại / Runs retried'];
  return xlsxWorkbook([
    { name: 'Thống kê', rows: [header, ...rows.map((r) => [r.key, r.started, r.completed, r.failed, r.other, r.running, r.successRate, r.p50Ms, r.p95Ms, r.retries, r.retriedRuns])],
      formats: { 6: '0.00%' }, widths: { 0: 28, 1: 16, 2: 22, 3: 18, 4: 14, 5: 20, 6: 30, 7: 12, 8: 12, 9: 20, 10: 28 } },
    { name: 'Tham số', widths: { 0: 26, 1: 34 }, rows: [['Tham số / Parameter', 'Giá trị / Value'],
      ['Từ / From', opts.from.toISOString()], ['Đến / To', opts.to.toISOString()], ['Nhóm theo / Group by', opts.groupBy],
      ['Luồng / Flow', opts.flowKey ?? ''], ['Cơ quan / Agency', opts.agency ?? ''], ['Lập lúc / Generated at', (opts.generatedAt ?? new Date()).toISOString()]] },
    ...(opts.extraSheets ?? []),
  ]);
}

export function createStatsService(db: Db, temporal: Client) {
  return {
    sync: (batch?: number) => syncRunOutcomes(db, temporal, batch),
    runs: (opts: Parameters<typeof runStats>[1], caller?: Caller) => runStats(db, opts, caller),
    /** The same statistics as an .xlsx workbook (an agency-scoped caller gets its agency's). */
    xlsx: async (opts: Parameters<typeof runStats>[1], caller?: Caller) => {
      const agency = caller?.agency ?? opts.agency;
      return runStatsXlsx(await runStats(db, opts, caller), { ...opts, ...(agency ? { agency } : {}) });
    },
    csv: async (opts: Parameters<typeof runStats>[1], caller?: Caller) => runStatsCsv(await runStats(db, opts, caller), opts.groupBy),
    monthlyCsv: (agency: string, month: string) => monthlyReportCsv(db, agency, month),
    monthlyXlsx: (agency: string, month: string) => monthlyReportXlsx(db, agency, month),
    /** Runs in a given set, for cross-checks. */
    byIds: (ids: string[]) => db.select().from(runs).where(inArray(runs.runId, ids)),
  };
}
export type StatsService = ReturnType<typeof createStatsService>;
