import { sql } from 'drizzle-orm';
import type { Client } from '@temporalio/client';
import { databaseUnavailable, type Db } from '@lienthong/db';
import { LtError, type LtErrorJson } from '@lienthong/errors';

export interface DependencyStatus {
  ok: boolean;
  /** How long the check took. */
  ms: number;
  error?: LtErrorJson;
}

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: { database: DependencyStatus; temporal: DependencyStatus };
}

async function check(dependency: string, timeoutMs: number, probe: () => Promise<unknown>): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); })]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    // The detail is the driver's message, first line only: no connection strings or stacks.
    const detail = ((err as Error).message ?? String(err)).split('\n')[0]?.replace(/\/\/[^/@\s]+@/g, '//***@').slice(0, 200) ?? '';
    return { ok: false, ms: Math.round(performance.now() - started), error: new LtError('HEALTH_DEPENDENCY_DOWN', { dependency, detail }, { field: dependency }).toJSON() };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The database being down or restarting is an outage of a dependency (HEALTH_DEPENDENCY_DOWN: 503, retryable),
 * not an internal error: the caller may send the same request again (with the same Idempotency-Key).
 */
export function dependencyDown(err: unknown): LtError | null {
  const reason = databaseUnavailable(err);
  return reason ? new LtError('HEALTH_DEPENDENCY_DOWN', { dependency: 'database', detail: reason }, { field: 'database' }) : null;
}

/** Readiness (GET /readyz): the database answers `select 1` and Temporal answers GetSystemInfo. */
export function createHealthService(db: Db, temporal: Client, opts: { timeoutMs?: number } = {}) {
  const timeoutMs = opts.timeoutMs ?? 3_000;
  return async function health(): Promise<Readiness> {
    const [database, temporalStatus] = await Promise.all([
      check('database', timeoutMs, () => db.execute(sql`select 1`)),
      check('temporal', timeoutMs, () => temporal.workflowService.getSystemInfo({})),
    ]);
    return { status: database.ok && temporalStatus.ok ? 'ready' : 'not_ready', checks: { database, temporal: temporalStatus } };
  };
}
