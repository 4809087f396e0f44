import type { Db } from '@lienthong/db';
import { buildOperationsReport, type OperationsReport } from './data.js';
import { reportPeriod, type ReportPeriodInput } from './period.js';
import { reportPdf } from './pdf.js';
import { reportXlsx } from './xlsx.js';
import { createReportStore } from './store.js';

export { buildOperationsReport, type OperationsReport, type AvailabilityRow, type ExchangeRouteRow, type SystemRow } from './data.js';
export { reportPeriod, REPORT_KINDS, MAX_ADHOC_DAYS, type ReportKind, type ReportPeriod, type ReportPeriodInput } from './period.js';
export { reportTables, reportTitle, type ReportTable } from './tables.js';
export { reportXlsx } from './xlsx.js';
export { reportPdf } from './pdf.js';
export { createReportStore, reportsDue, type ReportStore, type StoredReportView } from './store.js';

export type ReportFormat = 'xlsx' | 'pdf';
export const PDF_MEDIA_TYPE = 'application/pdf';
const MEDIA: Record<ReportFormat, string> = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: PDF_MEDIA_TYPE };

export interface ReportFile { filename: string; mediaType: string; body: Buffer }

/** "bao-cao-van-hanh_annual_2026[_agency].pdf" */
export const reportFilename = (r: OperationsReport, format: ReportFormat): string =>
  `bao-cao-van-hanh_${r.kind}_${r.period.slug}${r.agency ? `_${r.agency}` : ''}.${format}`;

/** Operations reports (R-16, R-30, R-34) on demand: the numbers, and the same numbers as XLSX or PDF. */
export function createReportsService(db: Db) {
  /** `agency` limits the report to one agency's runs, exchanges and systems (the API decides it from the caller's rights). */
  const build = (p: ReportPeriodInput & { agency?: string | null }) => buildOperationsReport(db, reportPeriod(p), { agency: p.agency ?? null });
  return {
    build,
    /** Reports generated on schedule and kept (operations_reports). */
    stored: createReportStore(db),
    async file(p: ReportPeriodInput & { agency?: string | null }, format: ReportFormat): Promise<ReportFile> {
      const report = await build(p);
      return { filename: reportFilename(report, format), mediaType: MEDIA[format], body: format === 'pdf' ? await reportPdf(report) : await reportXlsx(report) };
    },
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
