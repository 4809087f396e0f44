import { sql } from 'drizzle-orm';
import { isGrpcServiceError, type Client } from '@temporalio/client';
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
 * The database or the Temporal server being down, restarting or overloaded is an outage of a dependency (HEALTH_DEPENDENCY_DOWN: 503, retryable),
 * not an internal error: the caller may send the same request again (with the same Idempotency-Key).
 */
export function dependencyDown(err: unknown): LtError | null {
  const reason = databaseUnavailable(err);
  if (reason) return new LtError('HEALTH_DEPENDENCY_DOWN', { dependency: 'database', detail: reason }, { field: 'database' });
  const temporal = temporalUnavailable(err);
  return temporal ? new LtError('HEALTH_DEPENDENCY_DOWN', { dependency: 'temporal', detail: temporal }, { field: 'temporal' }) : null;
}

/** gRPC codes that say the Temporal server did not take the call (down, overloaded, too slow), not that it refused it. */
const TEMPORAL_UNAVAILABLE_CODES = new Map([[4, 'DEADLINE_EXCEEDED'], [8, 'RESOURCE_EXHAUSTED'], [14, 'UNAVAILABLE']]);

/** The same for Temporal: the client's ServiceError (or the gRPC error itself) with one of those codes; its name, else null. */
function temporalUnavailable(err: unknown): string | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e)) return TEMPORAL_UNAVAILABLE_CODES.get(e.code) ?? null;
  }
  return null;
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
