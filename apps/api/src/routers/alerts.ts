import { z } from 'zod';
import { alertRulesInForce } from '@lienthong/services';
import { createTRPCRouter, procedure } from '../trpc.js';

const Alert = z.object({
  id: z.number().int(), key: z.string(), rule: z.string(), subject: z.string(), severity: z.enum(['warning', 'critical']),
  status: z.enum(['firing', 'acknowledged', 'resolved']), message: z.object({ vi: z.string(), en: z.string() }), details: z.record(z.string(), z.unknown()),
  firedAt: z.string(), lastSeenAt: z.string(), acknowledgedAt: z.string().nullable(), acknowledgedBy: z.string().nullable(),
  acknowledgeNote: z.string().nullable(), resolvedAt: z.string().nullable(),
  deliveries: z.array(z.object({ channel: z.enum(['webhook', 'email']), event: z.enum(['firing', 'resolved']), ok: z.boolean(), attempts: z.number().int(),
    at: z.string(), error: z.string().optional() })),
});

// Operators' alerts (R-13, R-17): about connectors, systems and workers of the whole platform, so of no one agency;
// people's only (`systems: false`): a connected system granted runs.cancel does not read or acknowledge them.
export const alertsRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'runs.cancel', scope: 'shared', systems: false, rest: { method: 'GET', path: '/alerts', summary: 'Cảnh báo đang bật hoặc lịch sử cảnh báo / Open alerts or alert history', tags: ['alerts'],
      query: ['status', 'limit', 'before'] } })
    .input(z.object({ status: z.enum(['open', 'resolved', 'all']).default('open'), limit: z.coerce.number().int().min(1).max(500).optional(),
      before: z.coerce.number().int().positive().optional() }))
    .output(z.object({ alerts: z.array(Alert) }))
    .query(async ({ ctx, input }) => ({ alerts: await ctx.services.alerts.list(input) })),

  acknowledge: procedure
    .meta({ requires: 'runs.cancel', scope: 'shared', systems: false, rest: { method: 'POST', path: '/alerts/{id}/acknowledge', summary: 'Xác nhận đã biết một cảnh báo / Acknowledge an alert', tags: ['alerts'] } })
    .input(z.object({ id: z.coerce.number().int().positive(), note: z.string().max(1000).optional() }))
    .output(Alert)
    .mutation(({ ctx, input }) => ctx.services.alerts.acknowledge(input.id, ctx.caller?.id ?? 'unknown', input.note)),

  // The rules in force: thresholds and channels from the LT_ALERT_* variables the engine starts with (never a URL or secret).
  rules: procedure
    .meta({ requires: 'runs.cancel', scope: 'shared', systems: false, rest: { method: 'GET', path: '/alerts/rules', summary: 'Các quy tắc cảnh báo đang áp dụng / The alert rules in force', tags: ['alerts'] } })
    .input(z.object({}).optional())
    .output(z.object({
      intervalSeconds: z.number(), channels: z.array(z.enum(['webhook', 'email'])),
      rules: z.array(z.object({ rule: z.enum(['connector.failure_rate', 'system.silent', 'worker.down', 'task.deadline', 'trigger.poll_failed']), severity: z.enum(['warning', 'critical', 'warning|critical']),
        thresholds: z.record(z.string(), z.number()), description: z.object({ vi: z.string(), en: z.string() }) })),
    }))
    .query(() => alertRulesInForce(process.env)),
});
