import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { PDF_MEDIA_TYPE, REPORT_KINDS, XLSX_MEDIA_TYPE, type ReportFormat } from '@lienthong/services';
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
});
