import { and, desc, eq, type SQL } from 'drizzle-orm';
import { reportDeliveries, type Db, type ReportDeliveryState } from '@lienthong/db';

/** One step of a report's delivery, as the reporting:deliveries:record connector writes it. */
export interface DeliveryStep {
  regime: string;
  period: string;
  province: string;
  state: ReportDeliveryState;
  receiptId?: string | undefined;
  edocId?: string | undefined;
  documentId?: string | undefined;
  runId?: string | undefined;
  error?: string | undefined;
  at: Date;
}

export interface DeliveryView {
  regime: string; period: string; province: string; state: ReportDeliveryState;
  receiptId: string | null; edocId: string | null; documentId: string | null; runId: string | null; error: string | null;
  submittedAt: string | null; fallbackAt: string | null; backfilledAt: string | null; createdAt: string; updatedAt: string;
}

/**
 * A delivery only moves forward: a report the national system holds (submitted, backfilled) never goes back to
 * fallback or failed, and a fallback is only followed by its backfill. A step repeated (an activity retried, a run
 * replaying its submission) changes nothing; what an earlier step recorded (the e-document, the receipt) is kept.
 */
const RANK: Record<ReportDeliveryState, number> = { failed: 0, submitted_fallback: 1, submitted: 2, backfilled: 2 };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** `delivered`: told once the national system holds a report (submitted or backfilled), e.g. the roll-up reaches "sent". */
export function createReportDeliveries(db: Db, hooks: { delivered?: (d: DeliveryView) => Promise<unknown> } = {}) {
  const view = (r: typeof reportDeliveries.$inferSelect): DeliveryView => ({
    regime: r.regime, period: r.period, province: r.province, state: r.state, receiptId: r.receiptId, edocId: r.edocId,
    documentId: r.documentId, runId: r.runId, error: r.error, submittedAt: iso(r.submittedAt), fallbackAt: iso(r.fallbackAt),
    backfilledAt: iso(r.backfilledAt), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  });
  const key = (s: { regime: string; period: string; province: string }) =>
    and(eq(reportDeliveries.regime, s.regime), eq(reportDeliveries.period, s.period), eq(reportDeliveries.province, s.province));

  return {
    /** Records a step; answers the delivery as it stands after it. */
    async record(step: DeliveryStep): Promise<DeliveryView> {
      const recorded = await db.transaction(async (tx) => {
        const [prior] = await tx.select().from(reportDeliveries).where(key(step)).for('update');
        // After a fallback the national receipt is a backfill, whichever step reports it.
        const state: ReportDeliveryState = prior?.edocId && (step.state === 'submitted' || step.state === 'backfilled') ? 'backfilled' : step.state;
        const keep = prior && (RANK[prior.state] > RANK[state] || (prior.state === 'backfilled' && state === 'submitted'));
        const next = {
          state: keep ? prior.state : state,
          receiptId: prior?.receiptId ?? step.receiptId ?? null,
          edocId: prior?.edocId ?? step.edocId ?? null,
          documentId: prior?.documentId ?? step.documentId ?? null,
          runId: step.runId ?? prior?.runId ?? null,
          error: keep ? (prior.error ?? null) : state === 'failed' ? (step.error ?? null) : null,
          submittedAt: prior?.submittedAt ?? (state === 'submitted' ? step.at : null),
          fallbackAt: prior?.fallbackAt ?? (state === 'submitted_fallback' ? step.at : null),
          backfilledAt: prior?.backfilledAt ?? (state === 'backfilled' ? step.at : null),
          updatedAt: step.at,
        };
        const [row] = prior
          ? await tx.update(reportDeliveries).set(next).where(key(step)).returning()
          : await tx.insert(reportDeliveries).values({ regime: step.regime, period: step.period, province: step.province, ...next, createdAt: step.at }).returning();
        return view(row as typeof reportDeliveries.$inferSelect);
      });
      if (hooks.delivered && (recorded.state === 'submitted' || recorded.state === 'backfilled')) await hooks.delivered(recorded);
      return recorded;
    },
    /** Deliveries, newest first, optionally of one regime, period or province. */
    async list(filter: { regime?: string | undefined; period?: string | undefined; province?: string | undefined; limit?: number } = {}): Promise<DeliveryView[]> {
      const where: SQL[] = [];
      if (filter.regime) where.push(eq(reportDeliveries.regime, filter.regime));
      if (filter.period) where.push(eq(reportDeliveries.period, filter.period));
      if (filter.province) where.push(eq(reportDeliveries.province, filter.province));
      const rows = await db.select().from(reportDeliveries).where(and(...where))
        .orderBy(desc(reportDeliveries.updatedAt)).limit(Math.min(filter.limit ?? 100, 500));
      return rows.map(view);
    },
  };
}

export type ReportDeliveryService = ReturnType<typeof createReportDeliveries>;
