import { and, desc, eq, inArray } from 'drizzle-orm';
import { operationsReports, type Db } from '@lienthong/db';
import { LtError } from '@lienthong/errors';
import { buildOperationsReport } from './data.js';
import { reportPeriod, type ReportPeriodInput } from './period.js';
import { reportPdf } from './pdf.js';
import { reportXlsx } from './xlsx.js';

export interface StoredReportView {
  id: number; kind: string; slug: string; agency: string | null; periodFrom: string; periodTo: string; trigger: string; generatedAt: string;
}

/**
 * The reports due on a day (Vietnam time), for the reports schedule that runs on the 1st of every month and on 15 December:
 * on the 1st the previous month's; on 1 July and 1 January the previous half year's; on 1 January the previous year's
 * final annual report; on 15 December the annual report of the year so far (R-16 asks for it in December), which the
 * final one replaces.
 */
export function reportsDue(now: Date): ReportPeriodInput[] {
  const vn = new Date(now.getTime() + 7 * 3_600_000);
  const [y, m, d] = [vn.getUTCFullYear(), vn.getUTCMonth() + 1, vn.getUTCDate()];
  const due: ReportPeriodInput[] = [];
  if (d === 1) {
    const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
    due.push({ kind: 'monthly', year: py, month: pm });
    if (pm === 6 || pm === 12) due.push({ kind: 'semiannual', year: py, half: pm === 6 ? 1 : 2 });
    if (m === 1) due.push({ kind: 'annual', year: y - 1 });
  }
  if (m === 12 && d === 15) due.push({ kind: 'annual', year: y });
  return due;
}

const view = (r: typeof operationsReports.$inferSelect): StoredReportView => ({
  id: r.id, kind: r.kind, slug: r.slug, agency: r.agency || null, periodFrom: r.periodFrom.toISOString(), periodTo: r.periodTo.toISOString(),
  trigger: r.trigger, generatedAt: r.generatedAt.toISOString(),
});

/** Stored operations reports: generated on schedule, listed and downloaded later. */
export function createReportStore(db: Db) {
  /** Generates one platform-wide report and stores it (replacing an earlier one of the same period). */
  async function generate(p: ReportPeriodInput, trigger: string, now = new Date()): Promise<StoredReportView> {
    const period = reportPeriod(p);
    const report = await buildOperationsReport(db, period, { now });
    const [xlsx, pdf] = [(await reportXlsx(report)).toString('base64'), (await reportPdf(report)).toString('base64')];
    const row = { kind: period.kind, slug: period.slug, agency: '', periodFrom: period.from, periodTo: period.to, trigger, generatedAt: now, xlsx, pdf };
    const [stored] = await db.insert(operationsReports).values(row)
      .onConflictDoUpdate({ target: [operationsReports.kind, operationsReports.slug, operationsReports.agency], set: { trigger, generatedAt: now, xlsx, pdf } })
      .returning();
    return view(stored as typeof operationsReports.$inferSelect);
  }
  return {
    generate,
    /** The reports due today (see `reportsDue`), generated and stored; the schedule's activity. */
    async generateDue(now = new Date()): Promise<StoredReportView[]> {
      const out: StoredReportView[] = [];
      for (const p of reportsDue(now)) out.push(await generate(p, 'schedule', now));
      return out;
    },
    /** Newest first; `agencies` limits to those agencies' reports (platform-wide ones are for platform-wide readers). */
    async list(opts: { agencies?: string[]; limit?: number } = {}): Promise<StoredReportView[]> {
      if (opts.agencies?.length === 0) return [];
      const rows = await db.select({ id: operationsReports.id, kind: operationsReports.kind, slug: operationsReports.slug, agency: operationsReports.agency,
        periodFrom: operationsReports.periodFrom, periodTo: operationsReports.periodTo, trigger: operationsReports.trigger, generatedAt: operationsReports.generatedAt })
        .from(operationsReports).where(opts.agencies ? inArray(operationsReports.agency, opts.agencies) : undefined)
        .orderBy(desc(operationsReports.generatedAt), desc(operationsReports.id)).limit(opts.limit ?? 200);
      return rows.map((r) => view({ ...r, xlsx: '', pdf: '' }));
    },
    /** One stored report's file; `agencies` as in `list` (another agency's report is "not found"). */
    async file(id: number, format: 'xlsx' | 'pdf', opts: { agencies?: string[] } = {}): Promise<{ report: StoredReportView; body: Buffer }> {
      const [row] = opts.agencies?.length === 0 ? [] : await db.select().from(operationsReports).where(and(eq(operationsReports.id, id),
        opts.agencies ? inArray(operationsReports.agency, opts.agencies) : undefined));
      if (!row) throw new LtError('REPORT_NOT_FOUND', { reportId: String(id) }, { pointer: '/reportId' });
      return { report: view(row), body: Buffer.from(format === 'pdf' ? row.pdf : row.xlsx, 'base64') };
    },
  };
}
export type ReportStore = ReturnType<typeof createReportStore>;
