import { z } from 'zod';
import { XLSX_MEDIA_TYPE } from '@lienthong/services';
import { createTRPCRouter, procedure } from '../trpc.js';

const Row = z.object({ key: z.string(), started: z.number().int(), completed: z.number().int(), failed: z.number().int(), other: z.number().int(),
  running: z.number().int(), retries: z.number().int(), retriedRuns: z.number().int(), successRate: z.number().nullable(), p50Ms: z.number().nullable(), p95Ms: z.number().nullable() });

const StatsQuery = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), groupBy: z.enum(['flow', 'agency', 'system', 'status', 'day', 'month']).default('flow'),
  flowKey: z.string().optional(), agency: z.string().optional() });

export const statsRouter = createTRPCRouter({
  runs: procedure
    .meta({ requires: 'runs.read', scope: 'agency', rest: { method: 'GET', path: '/stats/runs', summary: 'Thống kê lượt chạy theo luồng, cơ quan, ngày, tháng / Run statistics', tags: ['stats'],
      query: ['from', 'to', 'groupBy', 'flowKey', 'agency'] } })
    .input(StatsQuery)
    .output(z.array(Row))
    .query(async ({ ctx, input }) => {
      await ctx.services.stats.sync();
      return ctx.services.stats.runs({ from: new Date(input.from), to: new Date(input.to), groupBy: input.groupBy,
        ...(input.flowKey ? { flowKey: input.flowKey } : {}), ...(input.agency ? { agency: input.agency } : {}) }, ctx.access.caller());
    }),

  // The same numbers as CSV (the console's download).
  runsCsv: procedure
    .meta({ requires: 'runs.read', scope: 'agency', rest: { method: 'GET', path: '/stats/runs/csv', summary: 'Xuất thống kê lượt chạy ra CSV / Run statistics as CSV', tags: ['stats'],
      query: ['from', 'to', 'groupBy', 'flowKey', 'agency'] } })
    .input(StatsQuery)
    .output(z.object({ filename: z.string(), csv: z.string() }))
    .query(async ({ ctx, input }) => {
      await ctx.services.stats.sync();
      const csv = await ctx.services.stats.csv({ from: new Date(input.from), to: new Date(input.to), groupBy: input.groupBy,
        ...(input.flowKey ? { flowKey: input.flowKey } : {}), ...(input.agency ? { agency: input.agency } : {}) }, ctx.access.caller());
      return { filename: `thong-ke-luot-chay_${input.groupBy}_${input.from.slice(0, 10)}_${input.to.slice(0, 10)}.csv`, csv };
    }),

  // The same numbers as an Excel file. The API speaks JSON, so the file travels base64-encoded with its name and media type.
  runsXlsx: procedure
    .meta({ requires: 'runs.read', scope: 'agency', rest: { method: 'GET', path: '/stats/runs/xlsx', summary: 'Xuất thống kê lượt chạy ra Excel (XLSX, base64) / Run statistics as an Excel file (XLSX, base64)', tags: ['stats'],
      query: ['from', 'to', 'groupBy', 'flowKey', 'agency'] } })
    .input(StatsQuery)
    .output(z.object({ filename: z.string(), mediaType: z.literal(XLSX_MEDIA_TYPE), contentBase64: z.string() }))
    .query(async ({ ctx, input }) => {
      await ctx.services.stats.sync();
      const file = await ctx.services.stats.xlsx({ from: new Date(input.from), to: new Date(input.to), groupBy: input.groupBy,
        ...(input.flowKey ? { flowKey: input.flowKey } : {}), ...(input.agency ? { agency: input.agency } : {}) }, ctx.access.caller());
      const day = (iso: string) => iso.slice(0, 10);
      return { filename: `thong-ke-luot-chay_${input.groupBy}_${day(input.from)}_${day(input.to)}.xlsx`, mediaType: XLSX_MEDIA_TYPE, contentBase64: file.toString('base64') };
    }),

  monthlyReport: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'GET', path: '/stats/reports/monthly', summary: 'Báo cáo vận hành tháng của một cơ quan (CSV) / Monthly operations report of an agency (CSV)', tags: ['stats'],
      query: ['agency', 'month'] } })
    .input(z.object({ agency: z.string().min(1), month: z.string().regex(/^\d{4}-\d{2}$/) }))
    .output(z.object({ agency: z.string(), month: z.string(), csv: z.string() }))
    .query(async ({ ctx, input }) => {
      await ctx.services.stats.sync();
      const agency = ctx.access.caller().agency ?? input.agency; // an agency-limited caller gets its own agency's
      return { agency, month: input.month, csv: await ctx.services.stats.monthlyCsv(agency, input.month) };
    }),

  monthlyReportXlsx: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'GET', path: '/stats/reports/monthly/xlsx', summary: 'Báo cáo vận hành tháng của một cơ quan (XLSX, base64) / Monthly operations report of an agency (XLSX, base64)', tags: ['stats'],
      query: ['agency', 'month'] } })
    .input(z.object({ agency: z.string().min(1), month: z.string().regex(/^\d{4}-\d{2}$/) }))
    .output(z.object({ filename: z.string(), mediaType: z.literal(XLSX_MEDIA_TYPE), contentBase64: z.string() }))
    .query(async ({ ctx, input }) => {
      await ctx.services.stats.sync();
      const agency = ctx.access.caller().agency ?? input.agency; // an agency-limited caller gets its own agency's
      const file = await ctx.services.stats.monthlyXlsx(agency, input.month);
      return { filename: `bao-cao-thang_${agency}_${input.month}.xlsx`, mediaType: XLSX_MEDIA_TYPE, contentBase64: file.toString('base64') };
    }),
});
