import { z } from 'zod';
import { createTRPCRouter, procedure } from '../trpc.js';

// Maintenance windows: of the whole platform and of external systems, so of no one agency. Everyone who reads the
// registry sees them (connected systems are told by webhook); platform-wide operators and admins announce them.

const I18n = z.object({ vi: z.string().min(1).max(500), en: z.string().min(1).max(500) });
const Scope = z.enum(['platform', 'system', 'connection']);
const Window = z.object({
  id: z.number().int(), scope: Scope, target: z.string(), startsAt: z.string(), endsAt: z.string(), reason: z.object({ vi: z.string(), en: z.string() }),
  announcedAt: z.string(), announcedBy: z.string().nullable(), cancelledAt: z.string().nullable(), noticeHours: z.number(),
  deliveries: z.array(z.object({ channel: z.enum(['webhook', 'email']), to: z.string(), ok: z.boolean(), attempts: z.number().int(), at: z.string(), error: z.string().optional() })),
});
const Rule = z.object({ scope: Scope, target: z.string(), minNoticeMinutes: z.number().int(), regulatedMinutes: z.number().int(), configured: z.boolean() });
const who = (caller: { id?: string } | null) => caller?.id ?? 'unknown';

export const maintenanceRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'registry.read', scope: 'shared', systems: false, rest: { method: 'GET', path: '/maintenance/windows', summary: 'Lịch bảo trì trong một khoảng thời gian / Maintenance windows in a period', tags: ['maintenance'],
      query: ['from', 'to', 'includeCancelled'] } })
    .input(z.object({ from: z.string().optional(), to: z.string().optional(), includeCancelled: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional() }))
    .output(z.object({ windows: z.array(Window) }))
    .query(async ({ ctx, input }) => ({ windows: await ctx.services.maintenance.list(input) })),

  upcoming: procedure
    .meta({ requires: 'flows.read', scope: 'shared', systems: false, rest: { method: 'GET', path: '/maintenance/upcoming', summary: 'Bảo trì nền tảng sắp tới (biểu ngữ) / Upcoming platform maintenance (the banner)', tags: ['maintenance'],
      query: ['withinHours'] } })
    .input(z.object({ withinHours: z.coerce.number().int().min(1).max(24 * 30).optional() }).optional())
    .output(z.object({ windows: z.array(Window) }))
    .query(async ({ ctx, input }) => ({ windows: await ctx.services.maintenance.upcoming(input?.withinHours) })),

  announce: procedure
    .meta({ requires: 'registry.write', scope: 'platform', systems: false, rest: { method: 'POST', path: '/maintenance/windows', summary: 'Thông báo lịch bảo trì (đủ thời gian báo trước) / Announce a maintenance window (with enough notice)', tags: ['maintenance'] } })
    .input(z.object({ scope: Scope, target: z.string().max(120).optional(), startsAt: z.string().min(1), endsAt: z.string().min(1), reason: I18n }))
    .output(Window)
    .mutation(({ ctx, input }) => ctx.services.maintenance.announce(who(ctx.caller), input)),

  cancel: procedure
    .meta({ requires: 'registry.write', scope: 'platform', systems: false, rest: { method: 'POST', path: '/maintenance/windows/{id}/cancel', summary: 'Hủy lịch bảo trì (thông báo lại) / Cancel a maintenance window (announced again)', tags: ['maintenance'] } })
    .input(z.object({ id: z.coerce.number().int().positive() }))
    .output(Window)
    .mutation(({ ctx, input }) => ctx.services.maintenance.cancel(who(ctx.caller), input.id)),

  rules: procedure
    .meta({ requires: 'registry.read', scope: 'shared', systems: false, rest: { method: 'GET', path: '/maintenance/notice-rules', summary: 'Thời gian báo trước bảo trì theo hệ thống / Maintenance notice per system', tags: ['maintenance'] } })
    .input(z.object({}).optional())
    .output(z.object({ rules: z.array(Rule) }))
    .query(async ({ ctx }) => ({ rules: await ctx.services.maintenance.rules() })),

  setRule: procedure
    .meta({ requires: 'registry.write', scope: 'platform', systems: false, rest: { method: 'PUT', path: '/maintenance/notice-rules', summary: 'Đặt thời gian báo trước (không dưới mức quy định) / Set the notice (never below the regulated one)', tags: ['maintenance'] } })
    .input(z.object({ scope: Scope, target: z.string().max(120).optional(), minNoticeMinutes: z.number().int().min(0).max(60 * 24 * 90) }))
    .output(Rule)
    .mutation(({ ctx, input }) => ctx.services.maintenance.setRule(who(ctx.caller), input)),

  // The windows not yet ended with the connector systems each closes: what a simulator (or a gateway) applies.
  feed: procedure
    .meta({ requires: 'registry.read', scope: 'shared', systems: false, rest: { method: 'GET', path: '/maintenance/feed', summary: 'Lịch bảo trì chưa kết thúc theo hệ thống (cho mô phỏng) / Windows not yet ended, by system (for simulators)', tags: ['maintenance'] } })
    .input(z.object({}).optional())
    .output(z.object({ windows: z.array(z.object({ id: z.number().int(), systems: z.array(z.string()), startsAt: z.string(), endsAt: z.string() })) }))
    .query(async ({ ctx }) => ({ windows: await ctx.services.maintenance.simulatorWindows() })),
});
