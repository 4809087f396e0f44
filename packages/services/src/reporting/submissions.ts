import { and, eq, inArray } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { clearAlert } from '@lienthong/observability';
import { reportAssignments, reportSubmissions, type ReportSubmissionState, type ReportValues } from '@lienthong/db';
import { validateValues, type IndicatorComments } from './validate.js';
import { PLATFORM, type ReportActor, type ReportingDeps, type ReportingStore, type SubmissionRow } from './store.js';

/** R-26 as data: which states each unit action may start from. */
const FROM: Record<'submit' | 'recall' | 'review' | 'correct', readonly ReportSubmissionState[]> = {
  submit: ['draft', 'returned', 'recalled', 'corrected'],
  recall: ['submitted', 'resubmitted'],
  review: ['submitted', 'resubmitted'],
  correct: ['approved'],
};

/** The unit's and the reviewer's transitions, each audited with its actor. */
export function submissionUseCases(deps: ReportingDeps, store: ReportingStore) {
  const { db } = deps;

  /** Moves the submission from one of `from` to `to`, guarded by the state read (a concurrent transition loses: 409). */
  async function move(s: SubmissionRow, action: keyof typeof FROM, to: ReportSubmissionState, set: Partial<typeof reportSubmissions.$inferInsert> = {}): Promise<SubmissionRow> {
    if (!FROM[action].includes(s.state)) throw new LtError('REPORT_TRANSITION_REFUSED', { state: s.state, action }, { field: 'assignmentId' });
    const [row] = await db.update(reportSubmissions).set({ ...set, state: to, revision: s.revision + 1, updatedAt: store.now() })
      .where(and(eq(reportSubmissions.id, s.id), eq(reportSubmissions.state, s.state), eq(reportSubmissions.revision, s.revision))).returning();
    if (!row) throw new LtError('REPORT_TRANSITION_REFUSED', { state: s.state, action }, { field: 'assignmentId' });
    return row;
  }

  /** Refused once the lead agency approved the roll-up: what was signed stays what was sent. */
  async function stillOpen(periodId: string, action: string): Promise<void> {
    const agg = await store.aggregateOf(periodId);
    if (agg && agg.state !== 'aggregated') throw new LtError('REPORT_TRANSITION_REFUSED', { state: `aggregate ${agg.state}`, action }, { field: 'assignmentId' });
  }

  return {
    /** Submit (or resubmit) values; validation returns them at once with a comment per indicator at fault. */
    async submit(input: { assignmentId: string; values: ReportValues; units?: Record<string, string> }, actor: ReportActor) {
      const { assignment: a, submission: s, regime } = await store.assignment(input.assignmentId);
      await stillOpen(a.periodId, 'submit');
      const to = s.state === 'draft' ? 'submitted' : 'resubmitted';
      let row = await move(s, 'submit', to, { values: input.values, units: input.units ?? {}, comments: {}, submittedAt: store.now(), submittedBy: actor.id });
      await store.audit(actor, `reporting.${to}`, { assignmentId: a.id, submissionId: s.id, unitCode: a.unitCode, revision: row.revision });
      const comments = await validateValues(regime.indicators, input.values, input.units ?? {});
      if (Object.keys(comments).length > 0) {
        row = await move(row, 'review', 'returned', { comments });
        await store.audit(PLATFORM, 'reporting.returned', { assignmentId: a.id, submissionId: s.id, indicators: Object.keys(comments).sort(), by: 'validation' });
      }
      clearAlert(`report.reminder:${a.id}`);
      return row;
    },

    async recall(input: { assignmentId: string }, actor: ReportActor) {
      const { assignment: a, submission: s } = await store.assignment(input.assignmentId);
      const row = await move(s, 'recall', 'recalled');
      await store.audit(actor, 'reporting.recalled', { assignmentId: a.id, submissionId: s.id, revision: row.revision });
      return row;
    },

    /** The lead agency's reviewer approves, or returns with a comment per indicator (codes of the template). */
    async review(input: { assignmentId: string; decision: 'approve' | 'return'; comments?: IndicatorComments }, actor: ReportActor) {
      const { assignment: a, submission: s, regime } = await store.assignment(input.assignmentId);
      await stillOpen(a.periodId, 'review');
      if (input.decision === 'return') {
        const comments = input.comments ?? {};
        const unknown = Object.keys(comments).filter((c) => !regime.indicators.some((i) => i.code === c));
        if (Object.keys(comments).length === 0 || unknown.length > 0) {
          throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/comments', detail: unknown.length ? `not in the template: ${unknown.join(', ')}` : 'a return needs a comment per indicator' }, { pointer: '/comments' });
        }
        const row = await move(s, 'review', 'returned', { comments });
        await store.audit(actor, 'reporting.returned', { assignmentId: a.id, submissionId: s.id, indicators: Object.keys(comments).sort(), by: 'reviewer' });
        return row;
      }
      const row = await move(s, 'review', 'approved', { approvedAt: store.now(), approvedBy: actor.id });
      await store.audit(actor, 'reporting.approved', { assignmentId: a.id, submissionId: s.id, revision: row.revision });
      // The unit's run stops waiting; one that already ended (past the deadline) is nothing to tell: the roll-up reads the table.
      if (a.runId) await deps.signal(a.runId, 'approved', { submissionId: s.id, revision: row.revision }).catch((err: unknown) => {
        if (!(err instanceof LtError && (err.code === 'RUN_NOT_RUNNING' || err.code === 'RUN_NOT_FOUND'))) throw err;
      });
      return row;
    },

    /** Correction after approval on the unit's request (Đ8.2): back to the unit, to resubmit and be approved again. */
    async correct(input: { assignmentId: string; reason: string }, actor: ReportActor) {
      const { assignment: a, submission: s } = await store.assignment(input.assignmentId);
      await stillOpen(a.periodId, 'correct');
      const row = await move(s, 'correct', 'corrected', { approvedAt: null, approvedBy: null });
      await store.audit(actor, 'reporting.corrected', { assignmentId: a.id, submissionId: s.id, reasonLength: input.reason.length });
      return row;
    },

    /** Delegation to a sub-unit (Đ7.1.b): that agency may then submit and recall for the unit. */
    async delegate(input: { assignmentId: string; to: string }, actor: ReportActor) {
      const { assignment: a } = await store.assignment(input.assignmentId);
      await db.update(reportAssignments).set({ delegatedTo: input.to }).where(eq(reportAssignments.id, a.id));
      await store.audit(actor, 'reporting.delegated', { assignmentId: a.id, unitCode: a.unitCode, to: input.to });
      return { ...a, delegatedTo: input.to };
    },

    /** Several submissions at once (the reviewer's list), by assignment id. */
    async submissionsOf(assignmentIds: readonly string[]): Promise<SubmissionRow[]> {
      return assignmentIds.length ? db.select().from(reportSubmissions).where(inArray(reportSubmissions.assignmentId, [...assignmentIds])) : [];
    },
  };
}
