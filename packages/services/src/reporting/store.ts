import { eq } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { reportAggregates, reportAssignments, reportPeriods, reportRegimes, reportSubmissions, type Db } from '@lienthong/db';
import type { AuditService } from '../audit.js';

/** Who made a transition: a person, an agency's system, or the platform (validation, reminders, the cycle flow). */
export interface ReportActor { type: 'user' | 'system' | 'platform'; id: string; agency?: string | null }
export const PLATFORM: ReportActor = { type: 'platform', id: 'platform:reporting' };

export type RegimeRow = typeof reportRegimes.$inferSelect;
export type PeriodRow = typeof reportPeriods.$inferSelect;
export type AssignmentRow = typeof reportAssignments.$inferSelect;
export type SubmissionRow = typeof reportSubmissions.$inferSelect;
export type AggregateRow = typeof reportAggregates.$inferSelect;

export interface ReportingDeps {
  db: Db;
  audit: AuditService;
  /** Tells a unit's waiting run that its report was approved (the run service's signal). */
  signal: (runId: string, name: string, payload: unknown) => Promise<unknown>;
  clock?: () => Date;
}

/** Reads shared by the domain's parts; each throws the domain's "not found" code. */
export function reportingStore(deps: ReportingDeps) {
  const { db } = deps;
  return {
    now: () => (deps.clock ?? (() => new Date()))(),
    async regime(code: string): Promise<RegimeRow> {
      const [r] = await db.select().from(reportRegimes).where(eq(reportRegimes.code, code));
      if (!r) throw new LtError('REPORT_REGIME_NOT_FOUND', { regimeCode: code }, { field: 'regimeCode' });
      return r;
    },
    async period(id: string): Promise<PeriodRow> {
      const [p] = await db.select().from(reportPeriods).where(eq(reportPeriods.id, id));
      if (!p) throw new LtError('REPORT_PERIOD_NOT_FOUND', { periodId: id }, { field: 'periodId' });
      return p;
    },
    async assignment(id: string): Promise<{ assignment: AssignmentRow; submission: SubmissionRow; period: PeriodRow; regime: RegimeRow }> {
      const [a] = await db.select().from(reportAssignments).where(eq(reportAssignments.id, id));
      const [s] = a ? await db.select().from(reportSubmissions).where(eq(reportSubmissions.assignmentId, a.id)) : [];
      if (!a || !s) throw new LtError('REPORT_ASSIGNMENT_NOT_FOUND', { assignmentId: id }, { field: 'assignmentId' });
      const period = await this.period(a.periodId);
      return { assignment: a, submission: s, period, regime: await this.regime(period.regimeCode) };
    },
    async aggregateOf(periodId: string): Promise<AggregateRow | undefined> {
      const [g] = await db.select().from(reportAggregates).where(eq(reportAggregates.periodId, periodId));
      return g;
    },
    /** Every transition goes to the audit log with its actor (ids, states and counts only: never the figures). */
    audit(actor: ReportActor, action: string, detail: Record<string, unknown>): Promise<void> {
      return deps.audit.record({ actorType: actor.type, actorId: actor.id, agency: actor.agency ?? null, action, outcome: 'ok', detail });
    },
  };
}
export type ReportingStore = ReturnType<typeof reportingStore>;
