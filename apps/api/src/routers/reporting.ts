import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { MEASUREMENT_UNITS, SUBMISSION_STATES, type ReportActor } from '@lienthong/services';
import type { Access } from '../auth/policy.js';
import { createTRPCRouter, procedure, type Context } from '../trpc.js';

// The reporting cycle (DOMAIN §6.7, §7.c, R-25–R-29). A unit (its agency's officer or system, or the sub-unit it
// delegated to) sees, submits and recalls its own assignment; the regime's lead agency reviews and sees every unit;
// another agency's assignment is "not found".

const Id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}-[0-9a-f-]{36}$`));
const I18n = z.object({ vi: z.string(), en: z.string() });
const Value = z.union([z.number().finite(), z.string().max(4000), z.null()]);
const Values = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/), Value).refine((v) => Object.keys(v).length <= 500, 'at most 500 indicators');
const State = z.enum(SUBMISSION_STATES as [string, ...string[]]);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const Submission = z.object({
  assignmentId: z.string(), submissionId: z.string(), periodId: z.string(), unitCode: z.string(), delegatedTo: z.string().nullable(),
  state: State, revision: z.number().int(), values: z.record(z.string(), Value), units: z.record(z.string(), z.string()),
  comments: z.record(z.string(), I18n), overdue: z.boolean(), deadline: z.string(), submittedAt: z.string().nullable(), submittedBy: z.string().nullable(),
  approvedAt: z.string().nullable(), approvedBy: z.string().nullable(),
});
const UnitRow = z.object({ assignmentId: z.string(), unitCode: z.string(), delegatedTo: z.string().nullable(), state: State, revision: z.number().int(),
  submittedAt: z.string().nullable(), approvedAt: z.string().nullable(), overdue: z.boolean(), returnedIndicators: z.array(z.string()) });
const Period = z.object({ periodId: z.string(), regimeCode: z.string(), label: z.string(), dataFrom: z.string(), dataTo: z.string(), deadline: z.string(),
  state: z.string(), openedAt: z.string() });

const Indicator = z.object({ code: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/), name: z.string().min(1).max(300), unit: z.string().min(1).max(32),
  type: z.enum(['number', 'percent', 'text']), aggregation: z.enum(['sum', 'avg', 'max', 'min', 'text_concat', 'none', 'rule']), required: z.boolean().optional(),
  min: z.number().finite().optional(), max: z.number().finite().optional(), rule: z.string().max(500).optional() });
const Regime = z.object({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{1,63}$/), name: I18n, kind: z.enum(['periodic', 'ministry', 'thematic', 'adhoc']), leadAgencyCode: z.string().min(1).max(64),
  legalBasis: z.string().max(500).optional(), frequency: z.enum(['month', 'quarter', 'half', 'year', 'adhoc']), templateVersion: z.string().min(1).max(32),
  indicators: z.array(Indicator).max(500), unitScope: z.array(z.string().min(1).max(64)).max(2000), reviewDueAt: z.string().datetime({ offset: true }),
});

type Ctx = Context & { access: Access };
const actorOf = (ctx: Ctx, action: 'reporting.submit' | 'reporting.review'): ReportActor => {
  const p = ctx.access.caller(action);
  return { type: p.kind, id: p.id, agency: p.agency ?? null };
};

/** The assignment after the agency check: the unit, its delegate or the lead agency may read; `act` names who may act. */
async function assignmentFor(ctx: Ctx, assignmentId: string, act?: 'reporting.submit' | 'reporting.review') {
  const notFound = () => new LtError('REPORT_ASSIGNMENT_NOT_FOUND', { assignmentId }, { field: 'assignmentId' });
  const found = await ctx.services.reporting.assignment(assignmentId);
  const unit = [found.assignment.unitCode, found.assignment.delegatedTo];
  if (!ctx.access.reachesAny([...unit, found.regime.leadAgencyCode], 'reporting.read')) throw notFound();
  if (act === 'reporting.submit' && !ctx.access.reachesAny(unit, act)) ctx.access.own(found.assignment.unitCode, notFound, act);
  // The unit reads its assignment, so it knows it exists: reviewing it is forbidden (403), not "not found".
  if (act === 'reporting.review' && !ctx.access.reachesAny([found.regime.leadAgencyCode], act)) throw new LtError('ACCESS_FORBIDDEN', { action: act });
  return found;
}

function submissionView(f: Awaited<ReturnType<typeof assignmentFor>>, now: Date): z.infer<typeof Submission> {
  const { assignment: a, submission: s, period } = f;
  return { assignmentId: a.id, submissionId: s.id, periodId: a.periodId, unitCode: a.unitCode, delegatedTo: a.delegatedTo, state: s.state, revision: s.revision,
    values: s.values, units: s.units, comments: s.comments, overdue: a.overdue || (now > period.deadline && s.state !== 'approved'), deadline: period.deadline.toISOString(),
    submittedAt: iso(s.submittedAt), submittedBy: s.submittedBy, approvedAt: iso(s.approvedAt), approvedBy: s.approvedBy };
}

const reread = async (ctx: Ctx, assignmentId: string) => submissionView(await ctx.services.reporting.assignment(assignmentId), new Date());
const rest = (method: 'GET' | 'POST', path: string, summary: string, extra: Record<string, unknown> = {}) => ({ method, path, summary, tags: ['reporting'], ...extra });

export const reportingRouter = createTRPCRouter({
  periods: procedure
    .meta({ requires: 'reporting.read', scope: 'shared', rest: rest('GET', '/reporting/periods', 'Các kỳ báo cáo / Reporting periods', { query: ['regimeCode', 'limit'] }) })
    .input(z.object({ regimeCode: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }))
    .output(z.object({ periods: z.array(Period) }))
    .query(async ({ ctx, input }) => ({
      periods: (await ctx.services.reporting.periods({ ...(input.regimeCode ? { regimeCode: input.regimeCode } : {}), ...(input.limit ? { limit: input.limit } : {}) }))
        .map((p) => ({ periodId: p.id, regimeCode: p.regimeCode, label: p.label, dataFrom: p.dataFrom, dataTo: p.dataTo, deadline: p.deadline.toISOString(), state: p.state, openedAt: p.openedAt.toISOString() })),
    })),

  // Counted from the rows listed: the lead agency and platform-wide readers see every unit, a unit only its own.
  progress: procedure
    .meta({ requires: 'reporting.read', scope: 'agency', rest: rest('GET', '/reporting/periods/{periodId}/progress', 'Tiến độ kỳ báo cáo theo đơn vị / A period\'s progress per unit') })
    .input(z.object({ periodId: Id('kbc') }))
    .output(z.object({
      period: Period.extend({ leadAgencyCode: z.string(), regimeName: I18n }),
      totals: z.object({ units: z.number().int(), overdue: z.number().int(), byState: z.record(z.string(), z.number().int()) }),
      aggregate: z.object({ aggregateId: z.string(), state: z.string(), missing: z.array(z.string()), signed: z.boolean(), sentAt: z.string().nullable(), receiptId: z.string().nullable() }).nullable(),
      units: z.array(UnitRow),
    }))
    .query(async ({ ctx, input }) => {
      const period = await ctx.services.reporting.progress(input.periodId, { agencies: [] });
      const all = ctx.access.reachesAny([period.period.leadAgencyCode], 'reporting.read'); // platform-wide callers reach it too
      const only = all ? undefined : ctx.access.agencies('reporting.read') ?? [];
      const r = await ctx.services.reporting.progress(input.periodId, only ? { agencies: only } : {});
      const p = r.period;
      return {
        period: { periodId: p.id, regimeCode: p.regimeCode, label: p.label, dataFrom: p.dataFrom, dataTo: p.dataTo, deadline: p.deadline.toISOString(), state: p.state,
          openedAt: p.openedAt.toISOString(), leadAgencyCode: p.leadAgencyCode, regimeName: p.regimeName },
        totals: r.totals, aggregate: all && r.aggregate ? { ...r.aggregate, sentAt: iso(r.aggregate.sentAt) } : null,
        units: r.units.map((u) => ({ assignmentId: u.assignmentId, unitCode: u.unitCode, delegatedTo: u.delegatedTo, state: u.state, revision: u.revision,
          submittedAt: iso(u.submittedAt), approvedAt: iso(u.approvedAt), overdue: u.overdue, returnedIndicators: Object.keys(u.comments).sort() })),
      };
    }),

  assignment: procedure
    .meta({ requires: 'reporting.read', scope: 'agency', rest: rest('GET', '/reporting/assignments/{assignmentId}', 'Báo cáo được giao: số liệu, trạng thái, nhận xét / An assignment: values, state, comments') })
    .input(z.object({ assignmentId: Id('gbc') }))
    .output(Submission)
    .query(async ({ ctx, input }) => submissionView(await assignmentFor(ctx, input.assignmentId), new Date())),

  // Validation returns the report at once (state returned) with a comment per indicator at fault.
  submit: procedure
    .meta({ requires: 'reporting.submit', scope: 'agency', rest: rest('POST', '/reporting/assignments/{assignmentId}/submit', 'Nộp hoặc nộp lại báo cáo / Submit or resubmit a report') })
    .input(z.object({ assignmentId: Id('gbc'), values: Values, units: z.record(z.string(), z.string().max(32)).optional() }))
    .output(Submission)
    .mutation(async ({ ctx, input }) => {
      await assignmentFor(ctx, input.assignmentId, 'reporting.submit');
      await ctx.services.reporting.submit({ assignmentId: input.assignmentId, values: input.values, ...(input.units ? { units: input.units } : {}) }, actorOf(ctx, 'reporting.submit'));
      return reread(ctx, input.assignmentId);
    }),

  recall: procedure
    .meta({ requires: 'reporting.submit', scope: 'agency', rest: rest('POST', '/reporting/assignments/{assignmentId}/recall', 'Thu hồi báo cáo trước khi duyệt / Recall a report before approval') })
    .input(z.object({ assignmentId: Id('gbc') }))
    .output(Submission)
    .mutation(async ({ ctx, input }) => {
      await assignmentFor(ctx, input.assignmentId, 'reporting.submit');
      await ctx.services.reporting.recall(input, actorOf(ctx, 'reporting.submit'));
      return reread(ctx, input.assignmentId);
    }),

  correct: procedure
    .meta({ requires: 'reporting.submit', scope: 'agency', rest: rest('POST', '/reporting/assignments/{assignmentId}/correct', 'Xin điều chỉnh báo cáo đã duyệt / Reopen an approved report for correction') })
    .input(z.object({ assignmentId: Id('gbc'), reason: z.string().trim().min(1).max(2000) }))
    .output(Submission)
    .mutation(async ({ ctx, input }) => {
      await assignmentFor(ctx, input.assignmentId, 'reporting.submit');
      await ctx.services.reporting.correct(input, actorOf(ctx, 'reporting.submit'));
      return reread(ctx, input.assignmentId);
    }),

  delegate: procedure
    .meta({ requires: 'reporting.submit', scope: 'agency', rest: rest('POST', '/reporting/assignments/{assignmentId}/delegate', 'Giao cho đơn vị cấp dưới / Delegate to a sub-unit') })
    .input(z.object({ assignmentId: Id('gbc'), to: z.string().trim().min(1).max(64) }))
    .output(Submission)
    .mutation(async ({ ctx, input }) => {
      const f = await assignmentFor(ctx, input.assignmentId);
      ctx.access.own(f.assignment.unitCode, () => new LtError('REPORT_ASSIGNMENT_NOT_FOUND', { assignmentId: input.assignmentId }), 'reporting.submit');
      await ctx.services.reporting.delegate(input, actorOf(ctx, 'reporting.submit'));
      return reread(ctx, input.assignmentId);
    }),

  // The lead agency's reviewer: approve (the unit's run stops waiting) or return with a comment per indicator.
  review: procedure
    .meta({ requires: 'reporting.review', scope: 'agency', rest: rest('POST', '/reporting/assignments/{assignmentId}/review', 'Duyệt hoặc trả lại báo cáo của đơn vị / Approve or return a unit\'s report') })
    .input(z.object({ assignmentId: Id('gbc'), decision: z.enum(['approve', 'return']), comments: z.record(z.string(), I18n).optional() }))
    .output(Submission)
    .mutation(async ({ ctx, input }) => {
      await assignmentFor(ctx, input.assignmentId, 'reporting.review');
      await ctx.services.reporting.review({ assignmentId: input.assignmentId, decision: input.decision, ...(input.comments ? { comments: input.comments } : {}) }, actorOf(ctx, 'reporting.review'));
      return reread(ctx, input.assignmentId);
    }),

  // The roll-up with its lineage: for the lead agency (and platform-wide readers), never another unit's figures to a unit.
  aggregate: procedure
    .meta({ requires: 'reporting.read', scope: 'agency', rest: rest('GET', '/reporting/periods/{periodId}/aggregate', 'Báo cáo tổng hợp và nguồn gốc từng giá trị / The roll-up and each value\'s lineage') })
    .input(z.object({ periodId: Id('kbc') }))
    .output(z.object({ aggregateId: z.string(), state: z.string(), missing: z.array(z.string()), signature: z.object({ keyId: z.string(), algorithm: z.string(), digest: z.string(), value: z.string(), signedAt: z.string() }).nullable(),
      values: z.array(z.object({ indicatorCode: z.string(), aggregation: z.string(), value: Value, rule: z.string().optional(),
        sources: z.array(z.object({ assignmentId: z.string(), submissionId: z.string(), unitCode: z.string(), revision: z.number().int(), value: Value })) })) }))
    .query(async ({ ctx, input }) => {
      const progress = await ctx.services.reporting.progress(input.periodId, { agencies: [] });
      const notFound = () => new LtError('REPORT_AGGREGATE_NOT_FOUND', { periodId: input.periodId });
      ctx.access.own(progress.period.leadAgencyCode, notFound);
      const g = await ctx.services.reporting.aggregateOf(input.periodId);
      if (!g) throw notFound();
      return { aggregateId: g.id, state: g.state, missing: g.missing, signature: g.signature, values: g.values };
    }),

  // A regime as data: its kind, lead agency, frequency, indicators (units from the unit catalogue, ranges, rules)
  // and the units in scope. Entered by the lead agency's reviewer (or an admin); every save is audited.
  saveRegime: procedure
    .meta({ requires: 'reporting.review', scope: 'agency', rest: rest('POST', '/reporting/regimes', 'Lưu chế độ báo cáo: chỉ tiêu, đơn vị thực hiện / Save a reporting regime: indicators, units in scope') })
    .input(Regime)
    .output(z.object({ code: z.string(), indicators: z.number().int(), units: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      ctx.access.own(input.leadAgencyCode, () => new LtError('ACCESS_FORBIDDEN', { action: 'reporting.review' }), 'reporting.review');
      const { legalBasis, ...regime } = input;
      await ctx.services.reporting.regimes.save({ ...regime, ...(legalBasis !== undefined ? { legalBasis } : {}), reviewDueAt: new Date(input.reviewDueAt) }, actorOf(ctx, 'reporting.review'));
      return { code: input.code, indicators: input.indicators.length, units: input.unitScope.length };
    }),

  // One regime in full for its lead agency's form on /reporting (or an admin's), with the unit catalogue its indicators
  // are given in; to anyone else it is "not found".
  regime: procedure
    .meta({ requires: 'reporting.review', scope: 'agency', rest: rest('GET', '/reporting/regimes/{code}', 'Một chế độ báo cáo đầy đủ để sửa / One reporting regime in full, to edit') })
    .input(z.object({ code: z.string().min(1).max(64) }))
    .output(z.object({ regime: Regime.extend({ source: z.string() }), measurementUnits: z.array(z.object({ code: z.string(), name: I18n })) }))
    .query(async ({ ctx, input }) => {
      const notFound = () => new LtError('REPORT_REGIME_NOT_FOUND', { regimeCode: input.code }, { field: 'code' });
      const r = await ctx.services.reporting.regimes.get(input.code).catch((err: unknown) => {
        throw err instanceof LtError && err.code === 'REPORT_REGIME_NOT_FOUND' ? notFound() : err; // a database failure stays one
      });
      ctx.access.own(r.leadAgencyCode, notFound, 'reporting.review');
      return {
        regime: { code: r.code, name: r.name, kind: r.kind, leadAgencyCode: r.leadAgencyCode, legalBasis: r.legalBasis, frequency: r.frequency, templateVersion: r.templateVersion,
          indicators: r.indicators, unitScope: r.unitScope, reviewDueAt: r.reviewDueAt.toISOString(), source: r.source },
        measurementUnits: Object.entries(MEASUREMENT_UNITS).map(([code, name]) => ({ code, name })),
      };
    }),

  regimes: procedure
    .meta({ requires: 'reporting.read', scope: 'shared', rest: rest('GET', '/reporting/regimes', 'Chế độ báo cáo (rà soát hằng năm) / Reporting regimes (reviewed yearly)') })
    .input(z.object({}).optional())
    .output(z.object({ regimes: z.array(z.object({ code: z.string(), name: I18n, kind: z.string(), leadAgencyCode: z.string(), frequency: z.string(), source: z.string(),
      indicators: z.number().int(), units: z.number().int(), reviewDueAt: z.string(), reviewOverdue: z.boolean() })) }))
    .query(async ({ ctx }) => ({
      regimes: (await ctx.services.reporting.regimes.list()).map((r) => ({ code: r.code, name: r.name, kind: r.kind, leadAgencyCode: r.leadAgencyCode, frequency: r.frequency,
        source: r.source, indicators: r.indicators.length, units: r.unitScope.length, reviewDueAt: r.reviewDueAt.toISOString(), reviewOverdue: r.reviewOverdue })),
    })),
});
