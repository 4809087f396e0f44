import { z } from 'zod';
import { createTRPCRouter, procedure } from '../trpc.js';

// Where each province report went: the national receipt, the eOffice fallback document, the backfill. Written by
// the reporting:deliveries:record steps of the nop-bao-cao-quoc-gia subflow; read by the console and auditors.
const Delivery = z.object({
  regime: z.string(), period: z.string(), province: z.string(),
  state: z.enum(['submitted', 'submitted_fallback', 'backfilled', 'failed']),
  receiptId: z.string().nullable(), edocId: z.string().nullable(), documentId: z.string().nullable(), runId: z.string().nullable(), error: z.string().nullable(),
  submittedAt: z.string().nullable(), fallbackAt: z.string().nullable(), backfilledAt: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
});

const Filter = z.object({
  regime: z.string().min(1).max(64).optional(),
  period: z.string().min(1).max(32).optional(),
  province: z.string().min(1).max(16).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const reportDeliveriesRouter = createTRPCRouter({
  deliveries: procedure
    .meta({ requires: 'reporting.read', scope: 'platform', systems: false, rest: { method: 'GET', path: '/reporting/deliveries',
      summary: 'Báo cáo đã gửi đi đâu: biên nhận của Hệ thống báo cáo Chính phủ, văn bản dự phòng qua eOffice, gửi bù (R-28) / Where each report went: the national receipt, the eOffice fallback document, the backfill (R-28)',
      tags: ['reporting'], query: ['regime', 'period', 'province', 'limit'] } })
    .input(Filter.optional())
    .output(z.array(Delivery))
    .query(({ ctx, input }) => ctx.services.reportDeliveries.list(input ?? {})),
});
