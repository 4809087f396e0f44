import { z } from 'zod';
import { iso } from '../auth/guard.js';
import { createTRPCRouter, procedure } from '../trpc.js';

const FlowKey = z.string().regex(/^[a-z][a-z0-9-]{1,63}$/);

const TriggerView = z.object({
  flowKey: z.string(), version: z.number().int(), type: z.enum(['poll', 'webhook']),
  source: z.string().optional(), credentialId: z.string().optional(), everyMs: z.number().optional(),
  poller: z.object({ cursor: z.string().optional(), polls: z.number().int(), started: z.number().int(),
    lastFailure: z.object({ code: z.string(), message: z.object({ vi: z.string(), en: z.string() }), at: z.string() }).optional() }).nullable().optional(),
  webhook: z.object({ path: z.string(), hasSecret: z.boolean(), secretCreatedAt: z.string().optional() }).optional(),
});

// Triggers that start real work (docs/operations.md): poll triggers (DVCQG dossiers, IOC feedback) and inbound webhooks.
// Deliveries themselves arrive at POST /api/v1/hooks/{flowKey} (apps/api/src/inbound-webhook.ts), signed with the secret made here.
export const triggersRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'flows.read', scope: 'platform', systems: false, rest: { method: 'GET', path: '/triggers', summary: 'Các trình kích hoạt hỏi nguồn và webhook nhận vào, cùng trạng thái / Poll triggers and inbound webhooks, with their state', tags: ['triggers'] } })
    .input(z.object({}).optional())
    .output(z.array(TriggerView))
    .query(async ({ ctx }) => (await ctx.services.triggers.list()).map(({ webhook, ...t }) => ({
      ...t, ...(webhook ? { webhook: { path: `/api/v1${webhook.path}`, hasSecret: webhook.hasSecret, ...(webhook.secretCreatedAt ? { secretCreatedAt: iso(webhook.secretCreatedAt) as string } : {}) } } : {}),
    }))),

  // The secret is in this answer only (stored encrypted, never shown again); a new one replaces the old at once.
  createWebhookSecret: procedure
    .meta({ requires: 'credentials.manage', scope: 'platform', systems: false, rest: { method: 'POST', path: '/triggers/{flowKey}/webhook-secret', summary: 'Tạo khóa bí mật HMAC của webhook nhận vào (chỉ hiện một lần) / Make the inbound webhook\'s HMAC secret (shown once)', tags: ['triggers'] } })
    .input(z.object({ flowKey: FlowKey }))
    .output(z.object({ flowKey: z.string(), secret: z.string(), path: z.string(), signatureHeader: z.string(), deliveryHeader: z.string(), createdAt: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const r = await ctx.services.triggers.webhooks.createSecret(input.flowKey, ctx.caller?.id ?? 'unknown');
      return { ...r, path: `/api/v1${r.path}`, createdAt: iso(r.createdAt) as string };
    }),

  pollNow: procedure
    .meta({ requires: 'flows.publish', scope: 'platform', systems: false, rest: { method: 'POST', path: '/triggers/{flowKey}/poll', summary: 'Hỏi nguồn ngay, không chờ hết chu kỳ / Poll the source now', tags: ['triggers'] } })
    .input(z.object({ flowKey: FlowKey }))
    .output(z.object({ flowKey: z.string(), polling: z.boolean() }))
    .mutation(async ({ ctx, input }) => ({ flowKey: input.flowKey, polling: (await ctx.services.triggers.poll.sync(input.flowKey)) !== null })),
});
