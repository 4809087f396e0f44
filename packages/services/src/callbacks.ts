import { createHmac, randomBytes } from 'node:crypto';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { connectedSystems, decryptJson, encryptJson, runCallbacks, type Db, type MasterKey } from '@lienthong/db';
import { deliveryError, egressPolicyFromEnv, egressRequest, type EgressPolicy } from '@lienthong/observability';
import type { AuditService } from './audit.js';
import type { RunService } from './runs.js';

export const CALLBACK_MAX_ATTEMPTS = 10;
export const CALLBACK_SIGNATURE_HEADER = 'x-lt-signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: what a receiving system checks. */
export function callbackSignature(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/**
 * Run-end callbacks (webhook URL per system): when a run a system started ends, its result is POSTed to the
 * system's callbackUrl, signed with the system's callback secret, and retried with backoff until a 2xx.
 */
export function createCallbackService(db: Db, runs: RunService, audit: AuditService, masterKey: MasterKey | undefined, o: { egress?: EgressPolicy; log?: (l: string) => void } = {}) {
  // Checked again at each delivery (DNS can change since registration); redirects are never followed.
  const egress = o.egress ?? egressPolicyFromEnv();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | null = null;

  async function secretOf(systemCode: string): Promise<string | null> {
    const [s] = await db.select({ secret: connectedSystems.callbackSecret }).from(connectedSystems).where(eq(connectedSystems.code, systemCode));
    if (!s?.secret || !masterKey) return null;
    return decryptJson<{ secret: string }>(s.secret, masterKey).secret;
  }

  async function attempt(row: typeof runCallbacks.$inferSelect): Promise<void> {
    const run = await runs.get(row.runId).catch((e: unknown) => (e instanceof LtError && e.code === 'RUN_NOT_FOUND' ? null : Promise.reject(e)));
    if (run?.status === 'running') {
      await db.update(runCallbacks).set({ nextAttemptAt: new Date(Date.now() + 1000) }).where(eq(runCallbacks.runId, row.runId));
      return;
    }
    const payload = run
      ? { event: 'run.ended', runId: run.runId, flowKey: run.flowKey, version: run.version, status: run.status, finishedAt: run.finishedAt ?? null,
        ...(run.response !== undefined ? { response: run.response } : {}), ...(run.output !== undefined ? { output: run.output } : {}), ...(run.error ? { error: run.error } : {}) }
      : { event: 'run.ended', runId: row.runId, status: 'unknown' };
    const body = JSON.stringify(payload);
    const secret = await secretOf(row.systemCode);
    let error: string | null = null;
    if (!secret) error = 'no callback secret (POST /api/v1/systems/{code}/callback-secret)';
    else {
      try {
        const reply = await egressRequest(egress, row.url, { method: 'POST', body, timeoutMs: 10_000,
          headers: { 'content-type': 'application/json', [CALLBACK_SIGNATURE_HEADER]: callbackSignature(secret, body), 'x-lt-run-id': row.runId } });
        error = deliveryError(reply);
      } catch (e) {
        error = e instanceof LtError ? `${e.code}: ${e.message}` : (e as Error).message;
      }
    }
    const attempts = row.attempts + 1;
    if (!error) {
      await db.update(runCallbacks).set({ status: 'delivered', attempts, deliveredAt: new Date(), lastError: null }).where(eq(runCallbacks.runId, row.runId));
    } else {
      const failed = attempts >= CALLBACK_MAX_ATTEMPTS;
      const backoffMs = Math.min(2 ** (attempts - 1) * 1000, 10 * 60_000);
      await db.update(runCallbacks).set({ status: failed ? 'failed' : 'pending', attempts, lastError: error, nextAttemptAt: new Date(Date.now() + backoffMs) }).where(eq(runCallbacks.runId, row.runId));
    }
    await audit.record({ actorType: 'platform', actorId: 'platform:callbacks', action: 'runs.callback', outcome: error ? 'failed' : 'ok', runId: row.runId,
      flowKey: run?.flowKey ?? null, detail: { systemCode: row.systemCode, attempt: attempts, ...(error ? { error } : {}) } });
  }

  async function tick(): Promise<void> {
    const due = await db.select().from(runCallbacks).where(and(eq(runCallbacks.status, 'pending'), lte(runCallbacks.nextAttemptAt, new Date())))
      .orderBy(asc(runCallbacks.nextAttemptAt)).limit(50);
    await Promise.all(due.map((r) => attempt(r).catch((e: unknown) => o.log?.(`callback ${r.runId}: ${(e as Error).message}`))));
  }

  return {
    /** Owes the system a callback for this run if it has a callback URL (idempotent). */
    async track(runId: string, systemCode: string): Promise<boolean> {
      const [s] = await db.select({ url: connectedSystems.callbackUrl }).from(connectedSystems).where(eq(connectedSystems.code, systemCode));
      if (!s?.url) return false;
      await db.insert(runCallbacks).values({ runId, systemCode, url: s.url }).onConflictDoNothing();
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

    /** One delivery round (tests and the background loop). */
    tick(): Promise<void> {
      ticking ??= tick().finally(() => { ticking = null; });
      return ticking;
    },

    start(intervalMs = 1000): void {
      if (timer) return;
      timer = setInterval(() => { void this.tick().catch((e: unknown) => o.log?.(`callbacks: ${(e as Error).message}`)); }, intervalMs);
      timer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await ticking;
    },
  };
}
export type CallbackService = ReturnType<typeof createCallbackService>;
