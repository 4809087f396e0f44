import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { PDF_MEDIA_TYPE, REPORT_KINDS, XLSX_MEDIA_TYPE, type ReportFormat, type StoredReportView } from '@lienthong/services';
import type { Access } from '../auth/policy.js';
import type { Context } from '../trpc.js';
import { createTRPCRouter, procedure } from '../trpc.js';

const tags = ['reports'];
const query = ['kind', 'year', 'month', 'half', 'from', 'to', 'agency'];
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ReportQuery = z.object({
  kind: z.enum(REPORT_KINDS as ['monthly', 'semiannual', 'annual', 'adhoc']),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
  half: z.coerce.number().int().min(1).max(2).optional(),
  from: Day.optional(),
  to: Day.optional(),
  agency: z.string().min(1).max(64).optional(),
});
type ReportQuery = z.infer<typeof ReportQuery>;

/**
 * Whose report: a caller who reaches every agency gets the whole platform's (or the agency it names); an agency-limited
 * caller gets its own agency's, and naming another agency is refused.
 */
function reportAgency(access: Access, asked: string | undefined): string | null {
  const reach = access.agencies();
  if (!reach) return asked ?? null;
  if (asked !== undefined) {
    if (!reach.includes(asked)) throw new LtError('ACCESS_FORBIDDEN', { action: `audit.read (${asked})` }, { field: 'agency' });
    return asked;
  }
  if (reach.length === 1) return reach[0] ?? null;
  throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/agency', detail: 'name one of your agencies', detailVi: 'hãy chọn một cơ quan của bạn' }, { field: 'agency' });
}

async function render(ctx: Context & { access: Access }, input: ReportQuery, format: ReportFormat) {
  await ctx.services.stats.sync(); // run outcomes up to date before counting them
  const { agency, ...period } = input;
  return ctx.services.reports.file({ ...period, agency: reportAgency(ctx.access, agency) }, format);
}

const StoredReport = z.object({ id: z.number().int(), kind: z.string(), slug: z.string(), agency: z.string().nullable(), periodFrom: z.string(), periodTo: z.string(),
  trigger: z.string(), generatedAt: z.string() });
const storedName = (r: StoredReportView, format: ReportFormat) => `bao-cao-van-hanh_${r.kind}_${r.slug}${r.agency ? `_${r.agency}` : ''}.${format}`;
/** Stored reports a caller may read: every one for platform-wide readers, else those of its agencies. */
const storedScope = (access: Access): { agencies?: string[] } => access.scope();

const attachment = (filename: string) => ({ 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' });

export const reportsRouter = createTRPCRouter({
  // The console's download: the file travels base64-encoded in JSON with its name and media type.
  operations: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'GET', path: '/reports/operations', summary: 'Báo cáo vận hành (tháng, 6 tháng, năm, đột xuất) dạng XLSX hoặc PDF, base64 / Operations report (monthly, six-monthly, annual, ad hoc) as XLSX or PDF, base64', tags,
      query: [...query, 'format'] } })
    .input(ReportQuery.extend({ format: z.enum(['xlsx', 'pdf']).default('xlsx') }))
    .output(z.object({ filename: z.string(), mediaType: z.string(), contentBase64: z.string() }))
    .query(async ({ ctx, input }) => {
      const { format, ...q } = input;
      const file = await render(ctx, q, format);
      return { filename: file.filename, mediaType: file.mediaType, contentBase64: file.body.toString('base64') };
    }),

  operationsXlsx: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'GET', path: '/reports/operations', produces: XLSX_MEDIA_TYPE, tags, query,
      summary: 'Báo cáo vận hành dạng tệp Excel (Accept: XLSX) / Operations report as an Excel file (Accept: XLSX)' } })
    .input(ReportQuery)
    .query(async ({ ctx, input }) => {
      const file = await render(ctx, input, 'xlsx');
      return { body: file.body, contentType: file.mediaType, headers: attachment(file.filename) };
    }),

  operationsPdf: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'GET', path: '/reports/operations', produces: PDF_MEDIA_TYPE, tags, query,
      summary: 'Báo cáo vận hành dạng tệp PDF (Accept: application/pdf) / Operations report as a PDF file (Accept: application/pdf)' } })
    .input(ReportQuery)
    .query(async ({ ctx, input }) => {
      const file = await render(ctx, input, 'pdf');
      return { body: file.body, contentType: file.mediaType, headers: attachment(file.filename) };
    }),

  // Reports the schedule generated and kept: platform-wide ones for callers who reach every agency.
  stored: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'GET', path: '/reports/stored', summary: 'Các báo cáo vận hành đã lập theo lịch / Operations reports generated on schedule', tags } })
    .input(z.object({}).optional())
    .output(z.array(StoredReport))
    .query(({ ctx }) => ctx.services.reports.stored.list(storedScope(ctx.access))),

  storedFile: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'GET', path: '/reports/stored/{reportId}', summary: 'Tải một báo cáo đã lập (XLSX hoặc PDF, base64) / Download a stored report (XLSX or PDF, base64)', tags, query: ['format'] } })
    .input(z.object({ reportId: z.coerce.number().int().positive(), format: z.enum(['xlsx', 'pdf']).default('xlsx') }))
    .output(z.object({ filename: z.string(), mediaType: z.string(), contentBase64: z.string() }))
    .query(async ({ ctx, input }) => {
      const { report, body } = await ctx.services.reports.stored.file(input.reportId, input.format, storedScope(ctx.access));
      return { filename: storedName(report, input.format), mediaType: input.format === 'pdf' ? PDF_MEDIA_TYPE : XLSX_MEDIA_TYPE, contentBase64: body.toString('base64') };
    }),

  storedPdf: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'GET', path: '/reports/stored/{reportId}', produces: PDF_MEDIA_TYPE, tags,
      summary: 'Tải một báo cáo đã lập dạng PDF (Accept: application/pdf) / Download a stored report as PDF (Accept: application/pdf)' } })
    .input(z.object({ reportId: z.coerce.number().int().positive() }))
    .query(async ({ ctx, input }) => {
      const { report, body } = await ctx.services.reports.stored.file(input.reportId, 'pdf', storedScope(ctx.access));
      return { body, contentType: PDF_MEDIA_TYPE, headers: attachment(storedName(report, 'pdf')) };
    }),

  storedXlsx: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'GET', path: '/reports/stored/{reportId}', produces: XLSX_MEDIA_TYPE, tags,
      summary: 'Tải một báo cáo đã lập dạng Excel (Accept: XLSX) / Download a stored report as an Excel file (Accept: XLSX)' } })
    .input(z.object({ reportId: z.coerce.number().int().positive() }))
    .query(async ({ ctx, input }) => {
      const { report, body } = await ctx.services.reports.stored.file(input.reportId, 'xlsx', storedScope(ctx.access));
      return { body, contentType: XLSX_MEDIA_TYPE, headers: attachment(storedName(report, 'xlsx')) };
    }),
});
