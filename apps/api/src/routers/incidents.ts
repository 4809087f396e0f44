import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { INCIDENT_STEPS, XLSX_MEDIA_TYPE, type IncidentActor, type IncidentView } from '@lienthong/services';
import type { Access } from '../auth/policy.js';
import { createTRPCRouter, procedure, type Context } from '../trpc.js';

// Incidents (R-17, issue 22): operators open and work them (incidents.manage), auditors and agency viewers read them
// (incidents.read). An incident belongs to the agencies whose connected systems it affects: an agency-limited caller
// reaches it when one of them is theirs; an incident of no agency is for platform-wide callers only.

const IncidentId = z.string().regex(/^inc-[0-9a-f-]{36}$/);
const Severity = z.enum(['low', 'medium', 'high', 'critical']);
const Status = z.enum(['open', 'recovering', 'resolved']);
const Code = z.string().min(1).max(100);
const Announcement = z.object({ channel: z.enum(['webhook', 'email', 'console']), target: z.string(), ok: z.boolean(), at: z.string(), error: z.string().optional() });
const Incident = z.object({
  id: z.string(), title: z.string(), description: z.string(), severity: Severity, status: Status, alertId: z.number().int().nullable(),
  affectedFlows: z.array(z.string()), affectedSystems: z.array(z.string()), agencies: z.array(z.string()),
  openedBy: z.string(), openedAt: z.string(), recoveryEta: z.string().nullable(), resolvedBy: z.string().nullable(), resolvedAt: z.string().nullable(),
  recoveryMinutes: z.number().int().nullable(), reportRequired: z.boolean(), announcements: z.array(Announcement),
});
const Step = z.object({ step: z.enum(INCIDENT_STEPS), position: z.number().int(), state: z.enum(['pending', 'done', 'skipped']), doneBy: z.string().nullable(),
  doneAt: z.string().nullable(), note: z.string().nullable(), link: z.string().nullable(), detail: z.record(z.string(), z.unknown()) });
const IncidentDetail = Incident.extend({ steps: z.array(Step) });
const MonthStats = z.object({ month: z.string(), total: z.number().int(), bySeverity: z.object({ low: z.number().int(), medium: z.number().int(), high: z.number().int(), critical: z.number().int() }),
  resolved: z.number().int(), meanMinutesToRecover: z.number().nullable(), reportRequired: z.number().int() });

const actorOf = (ctx: Context): IncidentActor => {
  const c = ctx.caller as { kind?: string; id?: string } | null;
  return { id: c?.id ?? 'unknown', kind: c?.kind === 'system' ? 'system' : 'user' };
};

/** The agency check of one incident: reading needs incidents.read for one of its agencies, acting incidents.manage. */
function reach(access: Access, i: Pick<IncidentView, 'id' | 'agencies'>, action: 'incidents.read' | 'incidents.manage'): void {
  const notFound = () => new LtError('INCIDENT_NOT_FOUND', { incidentId: i.id }, { pointer: '/incidentId' });
  if (i.agencies.length === 0) { access.own(null, notFound, action); return; }
  if (access.reachesAny(i.agencies, action)) return;
  access.own(i.agencies[0], notFound, action); // throws the caller's refusal (403, or "not found" for another agency's)
}

async function incidentFor(ctx: Context & { access: Access }, id: string, action: 'incidents.read' | 'incidents.manage') {
  const d = await ctx.services.incidents.detail(id);
  reach(ctx.access, d, 'incidents.read');
  if (action === 'incidents.manage') reach(ctx.access, d, action);
  return d;
}

const Range = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });

export const incidentsRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'incidents.read', scope: 'agency', systems: false, rest: { method: 'GET', path: '/incidents', summary: 'Danh sách sự cố / Incidents', tags: ['incidents'], query: ['status', 'limit'] } })
    .input(z.object({ status: z.enum(['open', 'recovering', 'resolved', 'active']).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }))
    .output(z.object({ incidents: z.array(Incident) }))
    .query(async ({ ctx, input }) => ({ incidents: await ctx.services.incidents.list({ ...ctx.access.scope('incidents.read'), ...(input.status ? { status: input.status } : {}), ...(input.limit ? { limit: input.limit } : {}) }) })),

  get: procedure
    .meta({ requires: 'incidents.read', scope: 'agency', systems: false, rest: { method: 'GET', path: '/incidents/{incidentId}', summary: 'Một sự cố và các bước xử lý / One incident and its steps', tags: ['incidents'] } })
    .input(z.object({ incidentId: IncidentId }))
    .output(IncidentDetail)
    .query(({ ctx, input }) => incidentFor(ctx, input.incidentId, 'incidents.read')),

  open: procedure
    .meta({ requires: 'incidents.manage', scope: 'agency', systems: false, rest: { method: 'POST', path: '/incidents', summary: 'Mở sự cố (từ cảnh báo hoặc thủ công) / Open an incident (from an alert or by hand)', tags: ['incidents'] } })
    .input(z.object({ title: z.string().trim().max(300).optional(), description: z.string().max(5000).optional(), severity: Severity.optional(),
      alertId: z.number().int().positive().optional(), affectedFlows: z.array(Code).max(100).optional(), affectedSystems: z.array(Code).max(100).optional(),
      agencies: z.array(Code).max(100).optional() }))
    .output(IncidentDetail)
    .mutation(async ({ ctx, input }) => {
      const agencies = await ctx.services.incidents.agenciesFor(input.affectedSystems ?? [], input.agencies ?? []);
      // An agency-limited operator opens incidents of its own agency only; one of no agency is platform-wide.
      const refused = () => new LtError('ACCESS_FORBIDDEN', { action: 'incidents.manage' });
      if (agencies.length === 0) ctx.access.own(null, refused);
      for (const a of agencies) ctx.access.own(a, refused);
      return ctx.services.incidents.open(input, actorOf(ctx));
    }),

  update: procedure
    .meta({ requires: 'incidents.manage', scope: 'agency', systems: false, rest: { method: 'PUT', path: '/incidents/{incidentId}', summary: 'Sửa mức độ, luồng và hệ thống bị ảnh hưởng / Change severity, affected flows and systems', tags: ['incidents'] } })
    .input(z.object({ incidentId: IncidentId, severity: Severity.optional(), description: z.string().max(5000).optional(), affectedFlows: z.array(Code).max(100).optional(),
      affectedSystems: z.array(Code).max(100).optional(), agencies: z.array(Code).max(100).optional() }))
    .output(IncidentDetail)
    .mutation(async ({ ctx, input }) => {
      await incidentFor(ctx, input.incidentId, 'incidents.manage');
      const { incidentId, ...change } = input;
      return ctx.services.incidents.update(incidentId, change, actorOf(ctx));
    }),

  step: procedure
    .meta({ requires: 'incidents.manage', scope: 'agency', systems: false, rest: { method: 'POST', path: '/incidents/{incidentId}/steps/{step}', summary: 'Hoàn thành một bước xử lý (thông báo thời gian khôi phục thì gửi đi) / Complete a step (announcing the recovery time sends it)', tags: ['incidents'] } })
    .input(z.object({ incidentId: IncidentId, step: z.enum(INCIDENT_STEPS), state: z.enum(['done', 'skipped']).default('done'), note: z.string().max(5000).optional(),
      link: z.string().max(2000).optional(), recoveryEta: z.iso.datetime({ offset: true }).optional() }))
    .output(IncidentDetail)
    .mutation(async ({ ctx, input }) => {
      await incidentFor(ctx, input.incidentId, 'incidents.manage');
      const { incidentId, step, ...rest } = input;
      return ctx.services.incidents.step(incidentId, step, rest, actorOf(ctx));
    }),

  resolve: procedure
    .meta({ requires: 'incidents.manage', scope: 'agency', systems: false, rest: { method: 'POST', path: '/incidents/{incidentId}/resolve', summary: 'Đóng sự cố: đã khắc phục / Close an incident: resolved', tags: ['incidents'] } })
    .input(z.object({ incidentId: IncidentId, note: z.string().max(5000).optional() }))
    .output(IncidentDetail)
    .mutation(async ({ ctx, input }) => {
      await incidentFor(ctx, input.incidentId, 'incidents.manage');
      return ctx.services.incidents.resolve(input.incidentId, input.note, actorOf(ctx));
    }),

  report: procedure
    .meta({ requires: 'incidents.read', scope: 'agency', systems: false, rest: { method: 'GET', path: '/incidents/{incidentId}/report', summary: 'Báo cáo sự cố (XLSX, base64) / Incident report (XLSX, base64)', tags: ['incidents'] } })
    .input(z.object({ incidentId: IncidentId }))
    .output(z.object({ filename: z.string(), mediaType: z.literal(XLSX_MEDIA_TYPE), contentBase64: z.string() }))
    .query(async ({ ctx, input }) => {
      await incidentFor(ctx, input.incidentId, 'incidents.read');
      const file = await ctx.services.incidents.report(input.incidentId, actorOf(ctx));
      return { filename: file.filename, mediaType: XLSX_MEDIA_TYPE, contentBase64: file.body.toString('base64') };
    }),

  stats: procedure
    .meta({ requires: 'incidents.read', scope: 'agency', systems: false, rest: { method: 'GET', path: '/incident-stats', summary: 'Thống kê sự cố theo tháng: số lượng theo mức độ, thời gian khắc phục trung bình / Incidents per month: count by severity, mean time to recover', tags: ['incidents'], query: ['from', 'to'] } })
    .input(Range)
    .output(z.object({ months: z.array(MonthStats) }))
    .query(async ({ ctx, input }) => {
      const from = new Date(input.from);
      const to = new Date(input.to);
      if (!(from < to)) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/to', detail: 'must be after from', detailVi: 'phải sau thời điểm bắt đầu' }, { pointer: '/to' });
      return { months: await ctx.services.incidents.stats({ from, to, agencies: ctx.access.agencies('incidents.read') }) };
    }),
});
