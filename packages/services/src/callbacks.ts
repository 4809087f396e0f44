import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { LtError } from '@lienthong/errors';
import { connectedSystems, decryptJson, encryptJson, runCallbacks, type Db, type MasterKey } from '@lienthong/db';
import { deliveryError, egressPolicyFromEnv, egressRequest, WEBHOOK_SIGNATURE_HEADER, webhookSignature, type EgressPolicy } from '@lienthong/observability';
import { TASK_QUEUE } from '@lienthong/temporal/keys';
import { CALLBACK_MAX_ATTEMPTS, RUN_CALLBACK_WORKFLOW, runCallbackWorkflowId, type BackgroundActivities, type CallbackAttempt, type RunCallbackInput } from '@lienthong/temporal/contracts';
import type { AuditService } from './audit.js';
import type { RunService } from './runs.js';

export { CALLBACK_MAX_ATTEMPTS };
/** Run-end callbacks are signed like every outbound webhook (observability's webhook-signature.ts). */
export const CALLBACK_SIGNATURE_HEADER = WEBHOOK_SIGNATURE_HEADER;
export const callbackSignature = webhookSignature;

/**
 * Run-end callbacks (webhook URL per system): when a run a system started ends, its result is POSTed to the
 * system's callbackUrl, signed with the system's callback secret. The delivery is a Temporal workflow started
 * when the run is accepted (one per run: its id is derived from the run id); it waits for the run's end and
 * delivers with Temporal's retry policy, so it survives the API process that accepted the run.
 */
export function createCallbackService(db: Db, temporal: Client, runs: RunService, audit: AuditService, masterKey: MasterKey | undefined,
  o: { egress?: EgressPolicy; taskQueue?: string } = {}) {
  // Checked again at each delivery (DNS can change since registration); redirects are never followed.
  const egress = o.egress ?? egressPolicyFromEnv();
  const taskQueue = o.taskQueue ?? TASK_QUEUE;

  async function secretOf(systemCode: string): Promise<string | null> {
    const [s] = await db.select({ secret: connectedSystems.callbackSecret }).from(connectedSystems).where(eq(connectedSystems.code, systemCode));
    if (!s?.secret || !masterKey) return null;
    return decryptJson<{ secret: string }>(s.secret, masterKey).secret;
  }

  /** The body the receiver gets: the run's view at its end (or `unknown` when the run is gone). */
  async function payloadOf(runId: string) {
    const run = await runs.get(runId).catch((e: unknown) => (e instanceof LtError && e.code === 'RUN_NOT_FOUND' ? null : Promise.reject(e)));
    const payload = run
      ? { event: 'run.ended', runId: run.runId, flowKey: run.flowKey, version: run.version, status: run.status, finishedAt: run.finishedAt ?? null,
        ...(run.response !== undefined ? { response: run.response } : {}), ...(run.output !== undefined ? { output: run.output } : {}), ...(run.error ? { error: run.error } : {}) }
      : { event: 'run.ended', runId, status: 'unknown' };
    return { body: JSON.stringify(payload), flowKey: run?.flowKey ?? null };
  }

  async function deliver(input: RunCallbackInput): Promise<CallbackAttempt> {
    const [row] = await db.select().from(runCallbacks).where(eq(runCallbacks.runId, input.runId));
    if (!row || row.status !== 'pending') return { delivered: row?.status === 'delivered', attempts: row?.attempts ?? 0, retry: false };
    const { body, flowKey } = await payloadOf(input.runId);
    const secret = await secretOf(row.systemCode);
    let error: string | null = null;
    if (!secret) error = 'no callback secret (POST /api/v1/systems/{code}/callback-secret)';
    else {
      try {
        const reply = await egressRequest(egress, row.url, { method: 'POST', body, timeoutMs: 10_000,
          headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(secret, body), 'x-lt-run-id': row.runId } });
        error = deliveryError(reply);
      } catch (e) {
        error = e instanceof LtError ? `${e.code}: ${e.message}` : (e as Error).message;
      }
    }
    const attempts = row.attempts + 1;
    const failed = error !== null && attempts >= CALLBACK_MAX_ATTEMPTS;
    await db.update(runCallbacks).set(error === null ? { status: 'delivered', attempts, deliveredAt: new Date(), lastError: null } : { status: failed ? 'failed' : 'pending', attempts, lastError: error })
      .where(eq(runCallbacks.runId, row.runId));
    await audit.record({ actorType: 'platform', actorId: 'platform:callbacks', action: 'runs.callback', outcome: error ? 'failed' : 'ok', runId: row.runId,
      flowKey, detail: { systemCode: row.systemCode, attempt: attempts, ...(error ? { error } : {}) } });
    return { delivered: error === null, attempts, ...(error ? { error } : {}), retry: error !== null && !failed };
  }

  const activities: Pick<BackgroundActivities, 'callbackAwaitRunEnd' | 'callbackDeliver'> = {
    async callbackAwaitRunEnd(runId) {
      // A long poll on the run's history (no polling loop): resolves or fails when the run closes.
      try {
        await temporal.workflow.getHandle(runId).result();
      } catch (e) {
        if (e instanceof WorkflowFailedError || e instanceof WorkflowNotFoundError) return; // failed, cancelled, terminated, timed out or gone
        throw e;
      }
    },
    async callbackDeliver(input) {
      const r = await deliver(input);
      // Thrown so that Temporal retries with its backoff; the last attempt is recorded as failed and not thrown.
      if (r.retry) throw new Error(`callback ${input.runId} attempt ${r.attempts}: ${r.error ?? ''}`);
      return r;
    },
  };

  return {
    activities,

    /** Owes the system a callback for this run if it has a callback URL: records it and starts its delivery workflow (both idempotent). */
    async track(runId: string, systemCode: string): Promise<boolean> {
      const [s] = await db.select({ url: connectedSystems.callbackUrl }).from(connectedSystems).where(eq(connectedSystems.code, systemCode));
      if (!s?.url) return false;
      await db.insert(runCallbacks).values({ runId, systemCode, url: s.url }).onConflictDoNothing();
      try {
        await temporal.workflow.start(RUN_CALLBACK_WORKFLOW, { workflowId: runCallbackWorkflowId(runId), taskQueue, args: [{ runId, systemCode } satisfies RunCallbackInput],
          workflowIdReusePolicy: 'REJECT_DUPLICATE', workflowIdConflictPolicy: 'USE_EXISTING' });
      } catch (e) {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e; // already delivered (or given up): never twice
      }
      return true;
    },

    /** A new callback secret for the system, returned once (stored encrypted). */
    async newSecret(systemCode: string): Promise<string> {
      if (!masterKey) throw new Error('callbacks need the master key');
      const secret = `ltcb_${randomBytes(24).toString('base64url')}`;
      const [row] = await db.update(connectedSystems).set({ callbackSecret: encryptJson({ secret }, masterKey), updatedAt: sql`now()` })
        .where(eq(connectedSystems.code, systemCode)).returning({ code: connectedSystems.code });
      if (!row) throw new LtError('SYSTEM_NOT_FOUND', { systemCode }, { field: 'systemCode' });
      return secret;
    },

    async list(filter: { systemCode?: string; runId?: string } = {}) {
      const conds = [filter.systemCode ? eq(runCallbacks.systemCode, filter.systemCode) : undefined, filter.runId ? eq(runCallbacks.runId, filter.runId) : undefined].filter((c) => c !== undefined);
      return db.select().from(runCallbacks).where(conds.length ? and(...conds) : undefined).orderBy(asc(runCallbacks.createdAt));
    },
  };
}
export type CallbackService = ReturnType<typeof createCallbackService>;
