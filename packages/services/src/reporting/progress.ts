import { and, asc, desc, eq, or, inArray, type SQL } from 'drizzle-orm';
import { reportAssignments, reportDeliveries, reportPeriods, reportSubmissions, type ReportSubmissionState } from '@lienthong/db';
import type { ReportingDeps, ReportingStore } from './store.js';

export const SUBMISSION_STATES: readonly ReportSubmissionState[] = ['draft', 'submitted', 'returned', 'resubmitted', 'recalled', 'approved', 'corrected'];

export interface UnitProgress {
  assignmentId: string; unitCode: string; delegatedTo: string | null; state: ReportSubmissionState; revision: number;
  submittedAt: Date | null; approvedAt: Date | null; overdue: boolean; comments: Record<string, { vi: string; en: string }>;
}

/** A period's progress per unit (the console's "Kỳ báo cáo"): every number counted from the rows it lists. */
export function progressUseCases(deps: ReportingDeps, store: ReportingStore) {
  const { db } = deps;
  return {
    async periods(filter: { regimeCode?: string; limit?: number } = {}) {
      const where = filter.regimeCode ? eq(reportPeriods.regimeCode, filter.regimeCode) : undefined;
      return db.select().from(reportPeriods).where(where).orderBy(desc(reportPeriods.openedAt)).limit(filter.limit ?? 50);
    },

    /**
     * `agencies` limits the units to those the caller reaches (their own or delegated to them); the lead agency and
     * platform-wide callers pass none and see every unit.
     */
    async progress(periodId: string, scope: { agencies?: readonly string[] } = {}) {
      const period = await store.period(periodId);
      const regime = await store.regime(period.regimeCode);
      const conds: SQL[] = [eq(reportAssignments.periodId, period.id)];
      if (scope.agencies) {
        const own = [...scope.agencies];
        const mine = own.length ? or(inArray(reportAssignments.unitCode, own), inArray(reportAssignments.delegatedTo, own)) : undefined;
        conds.push(mine ?? eq(reportAssignments.id, ''));
      }
      const rows = await db.select({ a: reportAssignments, s: reportSubmissions }).from(reportAssignments)
        .innerJoin(reportSubmissions, eq(reportSubmissions.assignmentId, reportAssignments.id))
        .where(and(...conds)).orderBy(asc(reportAssignments.unitCode));
      const now = store.now();
      const units: UnitProgress[] = rows.map(({ a, s }) => ({
        assignmentId: a.id, unitCode: a.unitCode, delegatedTo: a.delegatedTo, state: s.state, revision: s.revision,
        submittedAt: s.submittedAt, approvedAt: s.approvedAt, comments: s.comments,
        // Flagged by the cycle at the deadline, or past it now without an approved report.
        overdue: a.overdue || (now > period.deadline && s.state !== 'approved'),
      }));
      const byState = Object.fromEntries(SUBMISSION_STATES.map((st) => [st, units.filter((u) => u.state === st).length])) as Record<ReportSubmissionState, number>;
      const aggregate = await store.aggregateOf(period.id);
      // When sent: the time and the national receipt, from the delivery record of this regime and period.
      const [delivery] = aggregate?.state === 'sent' ? await db.select().from(reportDeliveries)
        .where(and(eq(reportDeliveries.regime, period.regimeCode), eq(reportDeliveries.period, period.label), inArray(reportDeliveries.state, ['submitted', 'backfilled']))).limit(1) : [];
      return {
        period: { ...period, leadAgencyCode: regime.leadAgencyCode, regimeName: regime.name },
        totals: { units: units.length, overdue: units.filter((u) => u.overdue).length, byState },
        aggregate: aggregate ? { aggregateId: aggregate.id, state: aggregate.state, missing: aggregate.missing, signed: aggregate.signature !== null,
          sentAt: delivery?.backfilledAt ?? delivery?.submittedAt ?? null, receiptId: delivery?.receiptId ?? null } : null,
        units,
      };
    },
  };
}
