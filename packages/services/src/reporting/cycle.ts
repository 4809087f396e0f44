import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { canonicalJson, sha256Hex } from '@lienthong/flow';
import { raiseAlert } from '@lienthong/observability';
import { reportAggregates, reportAssignments, reportPeriods, reportSubmissions, type ReportSignature } from '@lienthong/db';
import { aggregateWithLineage } from './aggregate.js';
import { periodWindow, reminderTimes, type Frequency } from './calendar.js';
import { PLATFORM, type ReportingDeps, type ReportingStore } from './store.js';

type Point = 'D-3' | 'D-1' | 'D' | 'overdue';

/** What the cycle flows do through the reporting:cycle connectors (the worker's ReportingCycle). */
export function cycleUseCases(deps: ReportingDeps, store: ReportingStore) {
  const { db } = deps;
  return {
    async openPeriod(input: { regimeCode: string; periodLabel: string; runId: string }) {
      const regime = await store.regime(input.regimeCode);
      const w = periodWindow(regime.frequency as Frequency, input.periodLabel);
      const inserted = await db.insert(reportPeriods).values({ id: `kbc-${randomUUID()}`, regimeCode: regime.code, label: input.periodLabel, dataFrom: w.dataFrom,
        dataTo: w.dataTo, deadline: w.deadline, runId: input.runId }).onConflictDoNothing().returning();
      const [p] = await db.select().from(reportPeriods).where(and(eq(reportPeriods.regimeCode, regime.code), eq(reportPeriods.label, input.periodLabel)));
      if (!p) throw new LtError('REPORT_PERIOD_NOT_FOUND', { periodId: `${regime.code}/${input.periodLabel}` });
      if (inserted.length > 0) await store.audit(PLATFORM, 'reporting.period.opened', { periodId: p.id, regimeCode: regime.code, label: p.label, units: regime.unitScope.length, runId: input.runId });
      return { periodId: p.id, regimeCode: regime.code, label: p.label, dataFrom: p.dataFrom, dataTo: p.dataTo, deadline: p.deadline.toISOString(),
        leadAgencyCode: regime.leadAgencyCode, templateVersion: regime.templateVersion, units: regime.unitScope };
    },

    async assign(input: { periodId: string; unitCode: string; runId: string }) {
      const period = await store.period(input.periodId);
      await db.insert(reportAssignments).values({ id: `gbc-${randomUUID()}`, periodId: period.id, unitCode: input.unitCode, runId: input.runId })
        .onConflictDoUpdate({ target: [reportAssignments.periodId, reportAssignments.unitCode], set: { runId: input.runId } });
      const [a] = await db.select().from(reportAssignments).where(and(eq(reportAssignments.periodId, period.id), eq(reportAssignments.unitCode, input.unitCode)));
      if (!a) throw new LtError('REPORT_ASSIGNMENT_NOT_FOUND', { assignmentId: `${period.id}/${input.unitCode}` });
      const created = await db.insert(reportSubmissions).values({ id: `nbc-${randomUUID()}`, assignmentId: a.id }).onConflictDoNothing().returning();
      const [s] = await db.select().from(reportSubmissions).where(eq(reportSubmissions.assignmentId, a.id));
      if (created.length > 0) await store.audit(PLATFORM, 'reporting.assigned', { periodId: period.id, assignmentId: a.id, unitCode: a.unitCode, runId: input.runId });
      return { assignmentId: a.id, submissionId: s?.id ?? '', unitCode: a.unitCode, deadline: period.deadline.toISOString(), remindAt: reminderTimes(period.deadline) };
    },

    /** A reminder or, at the deadline, the overdue flag and the escalation to the lead agency; nothing once approved. */
    async remind(input: { assignmentId: string; point: Point }) {
      const { assignment: a, submission: s, regime } = await store.assignment(input.assignmentId);
      const mark = input.point === 'overdue' ? 'escalated' : input.point;
      if (s.state === 'approved' || a.reminders.includes(mark)) return { assignmentId: a.id, point: input.point, sent: false, state: s.state };
      await db.update(reportAssignments).set({ reminders: [...a.reminders, mark], ...(input.point === 'overdue' ? { overdue: true } : {}) }).where(eq(reportAssignments.id, a.id));
      const who = a.delegatedTo ?? a.unitCode;
      if (input.point === 'overdue') {
        raiseAlert(`report.overdue:${a.id}`, { severity: 'critical', details: { assignmentId: a.id, unitCode: a.unitCode, leadAgency: regime.leadAgencyCode },
          message: { vi: `Đơn vị ${who} quá hạn nộp báo cáo ${regime.code} kỳ ${a.periodId}: chuyển cơ quan chủ trì ${regime.leadAgencyCode}`,
            en: `Unit ${who} missed the deadline of report ${regime.code} period ${a.periodId}: escalated to the lead agency ${regime.leadAgencyCode}` } });
        await store.audit(PLATFORM, 'reporting.overdue', { assignmentId: a.id, unitCode: a.unitCode, state: s.state, escalatedTo: regime.leadAgencyCode });
      } else {
        raiseAlert(`report.reminder:${a.id}`, { severity: 'warning', details: { assignmentId: a.id, unitCode: who, point: input.point },
          message: { vi: `Nhắc đơn vị ${who}: báo cáo ${regime.code} đến hạn (${input.point})`, en: `Reminder to ${who}: report ${regime.code} is due (${input.point})` } });
        await store.audit(PLATFORM, 'reporting.reminded', { assignmentId: a.id, unitCode: who, point: input.point });
      }
      return { assignmentId: a.id, point: input.point, sent: true, state: s.state };
    },

    /** The roll-up of the approved reports; recomputed on each call until the lead agency approves it. */
    async aggregate(input: { periodId: string }) {
      const period = await store.period(input.periodId);
      const regime = await store.regime(period.regimeCode);
      const rows = await db.select({ a: reportAssignments, s: reportSubmissions }).from(reportAssignments)
        .innerJoin(reportSubmissions, eq(reportSubmissions.assignmentId, reportAssignments.id)).where(eq(reportAssignments.periodId, period.id));
      const approved = rows.filter((r) => r.s.state === 'approved');
      const approvedUnits = new Set(approved.map((r) => r.a.unitCode));
      const missing = regime.unitScope.filter((u) => !approvedUnits.has(u)).sort();
      let agg = await store.aggregateOf(period.id);
      if (!agg || agg.state === 'aggregated') {
        const values = await aggregateWithLineage(regime.indicators, approved.map((r) => ({ assignmentId: r.a.id, submissionId: r.s.id, unitCode: r.a.unitCode, revision: r.s.revision, values: r.s.values })));
        const row = { id: agg?.id ?? `tbc-${randomUUID()}`, periodId: period.id, values, missing, aggregatedAt: store.now() };
        await db.insert(reportAggregates).values(row).onConflictDoUpdate({ target: reportAggregates.periodId, set: { values, missing, aggregatedAt: row.aggregatedAt } });
        await db.update(reportPeriods).set({ state: 'aggregated' }).where(eq(reportPeriods.id, period.id));
        agg = await store.aggregateOf(period.id);
        await store.audit(PLATFORM, 'reporting.aggregated', { periodId: period.id, aggregateId: row.id, approved: approved.length, missing: missing.length });
      }
      if (!agg) throw new LtError('REPORT_AGGREGATE_NOT_FOUND', { periodId: period.id });
      return { aggregateId: agg.id, periodId: period.id, values: agg.values.map((v) => ({ indicatorCode: v.indicatorCode, value: v.value })),
        submitted: [...approvedUnits].sort(), missing: agg.missing };
    },

    async approveAggregate(input: { aggregateId: string; approvedBy: string }) {
      const [agg] = await db.select().from(reportAggregates).where(eq(reportAggregates.id, input.aggregateId));
      if (!agg) throw new LtError('REPORT_AGGREGATE_NOT_FOUND', { periodId: input.aggregateId }, { field: 'aggregateId' });
      const period = await store.period(agg.periodId);
      if (agg.state === 'aggregated') {
        await db.update(reportAggregates).set({ state: 'approved', approvedBy: input.approvedBy, approvedAt: store.now() }).where(eq(reportAggregates.id, agg.id));
        await db.update(reportPeriods).set({ state: 'closed' }).where(eq(reportPeriods.id, period.id));
        await store.audit({ type: 'user', id: input.approvedBy }, 'reporting.aggregate.approved', { aggregateId: agg.id, periodId: period.id });
      }
      const document = canonicalJson({ regimeCode: period.regimeCode, periodLabel: period.label, values: agg.values.map((v) => ({ indicatorCode: v.indicatorCode, value: v.value })), missing: agg.missing });
      return { document, digest: sha256Hex(document), regimeCode: period.regimeCode, periodLabel: period.label };
    },

    /**
     * The national reporting system holds the roll-up (a direct submission or the backfill after the eOffice fallback):
     * the aggregate reaches "sent". Called with every delivery recorded; a delivery of no period here (a report sent by
     * another flow) changes nothing. The time and receipt stay in the delivery record, where progress reads them.
     */
    async markSent(input: { regime: string; period: string; receiptId: string | null }) {
      const [p] = await db.select().from(reportPeriods).where(and(eq(reportPeriods.regimeCode, input.regime), eq(reportPeriods.label, input.period)));
      const agg = p ? await store.aggregateOf(p.id) : undefined;
      if (!p || !agg || (agg.state !== 'approved' && agg.state !== 'signed')) return { sent: agg?.state === 'sent' };
      await db.update(reportAggregates).set({ state: 'sent' }).where(eq(reportAggregates.id, agg.id));
      await store.audit(PLATFORM, 'reporting.aggregate.sent', { aggregateId: agg.id, periodId: p.id, receiptId: input.receiptId });
      return { sent: true };
    },

    async recordSignature(input: { aggregateId: string; signature: ReportSignature }) {
      const [agg] = await db.select().from(reportAggregates).where(eq(reportAggregates.id, input.aggregateId));
      if (!agg) throw new LtError('REPORT_AGGREGATE_NOT_FOUND', { periodId: input.aggregateId });
      if (agg.state === 'signed' || agg.state === 'sent') return;
      if (agg.state !== 'approved') throw new LtError('REPORT_TRANSITION_REFUSED', { state: agg.state, action: 'signed' });
      await db.update(reportAggregates).set({ state: 'signed', signature: input.signature }).where(eq(reportAggregates.id, agg.id));
      await store.audit(PLATFORM, 'reporting.aggregate.signed', { aggregateId: agg.id, keyId: input.signature.keyId, algorithm: input.signature.algorithm, digest: input.signature.digest });
    },
  };
}
