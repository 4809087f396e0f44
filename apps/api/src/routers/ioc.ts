import { z } from 'zod';
import { createTRPCRouter, procedure } from '../trpc.js';

const Row = z.object({
  unitCode: z.string().nullable(), category: z.string().nullable(),
  received: z.number().int(), verified: z.number().int(), rejected: z.number().int(),
  answeredOnTime: z.number().int(), answeredLate: z.number().int(), closed: z.number().int(),
  surveyed: z.number().int(), surveyAverage: z.number().nullable(),
});

/** The quarter "now" falls in, Vietnam time. */
const currentQuarter = (now = new Date()) => {
  const local = new Date(now.getTime() + 7 * 3_600_000);
  return `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
};

export const iocRouter = createTRPCRouter({
  // quarterly statistics of the IOC feedback handled, by unit and category, counted from the register.
  quarterStats: procedure
    .meta({ requires: 'runs.read', scope: 'agency', rest: { method: 'GET', path: '/ioc/stats', summary: 'Thống kê phản ánh kiến nghị IOC theo quý, đơn vị, lĩnh vực (R-34) / Quarterly IOC feedback statistics by unit and category', tags: ['ioc'],
      query: ['quarter'] } })
    .input(z.object({ quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'dạng 2026-Q4 / the form 2026-Q4').optional() }))
    .output(z.object({ quarter: z.string(), rows: z.array(Row), total: Row }))
    // An agency-limited caller sees only the items its units handle.
    .query(({ ctx, input }) => ctx.services.ioc.quarterStats(input.quarter ?? currentQuarter(), ctx.access.agencies())),
});
