import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies the committed SQL migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Embedded on its own thread: that thread's OS id (Linux), for CPU accounting. */
  osThreadId?: number;
}

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

/** A node-postgres pool that survives its connections being lost (server restart, failover, the PGlite thread gone). */
function resilientPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  // An idle client whose connection the server closed (restart, failover, admin) emits 'error' on the pool;
  // unhandled, that would end the process. The pool drops the client and opens a new one on the next query.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL idle connection lost: ${err.message}`, { code: 'LT_PG_IDLE' }));
  // A client checked out of the pool (a transaction, a query under way) has no pool listener: when the server goes
  // away it also emits 'error', which would end the process too. The query or transaction on it fails with the
  // same error (the caller sees it), and the pool discards the client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** PGlite's data directory under DATA_DIR (none for ":memory:"), made owner-only: only the platform's user may read it. */
function embeddedDataDir(env: { DATA_DIR?: string }): string | undefined {
  const dir = env.DATA_DIR === ':memory:' ? undefined : `${env.DATA_DIR ?? '.data'}/pg`;
  if (dir) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** DATABASE_URL → node-postgres pool; otherwise embedded PGlite persisted under DATA_DIR/pg (or in memory for ":memory:"). */
export function createDb(env: { DATABASE_URL?: string; DATA_DIR?: string; PG_POOL_MAX?: string } = process.env): DbHandle {
  if (env.DATABASE_URL) {
    const pool = resilientPool({ connectionString: env.DATABASE_URL, max: Number(env.PG_POOL_MAX ?? 10) });
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return { db, kind: 'postgres', migrate: () => migratePg(db as never, { migrationsFolder }), close: () => pool.end() };
  }
  // The process sets umask 077 for the files PGlite writes.
  const dir = embeddedDataDir(env);
  const client = new PGlite(dir);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const migrate = async () => {
    await migratePglite(db as never, { migrationsFolder });
    if (dir) ownerOnly(dir);
  };
  return { db, kind: 'pglite', migrate, close: () => client.close() };
}

/**
 * The embedded database as `lienthong start` runs it: PGlite on its own thread behind a Unix socket, reached with
 * `pg` (docs/decisions/0015-pglite-on-its-own-thread.md). The request thread no longer runs the database's
 * WebAssembly, which cost about 8.5 ms of its CPU per lookup run. The socket sits in an owner-only temporary
 * directory (PGlite has no authentication; only the platform's user may connect). `onLost` is told if the thread dies.
 */
export async function openEmbeddedDb(env: { DATA_DIR?: string }, onLost: (reason: string) => void = () => undefined): Promise<DbHandle> {
  const dir = embeddedDataDir(env);
  const socketDir = mkdtempSync(join(tmpdir(), 'lt-pg-'));
  const worker = new Worker(new URL('./pglite-thread.js', import.meta.url), { workerData: { dir, socketPath: join(socketDir, '.s.PGSQL.5432') } });
  let stopping = false;
  let exited = false;
  let osThreadId: number | undefined;
  worker.once('exit', () => { exited = true; });
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`PGlite thread exited (${code}) before it was ready`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (m: { type: string; message?: string; osThreadId?: number }) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      osThreadId = m.osThreadId;
      if (m.type === 'ready') resolve();
      else reject(new Error(`PGlite did not open: ${m.message ?? m.type}`));
    });
  }).catch(async (err: unknown) => {
    await worker.terminate();
    rmSync(socketDir, { recursive: true, force: true });
    throw err;
  });
  worker.on('error', (err) => { if (!stopping) onLost(err.message); });
  worker.on('exit', (code) => { if (!stopping) onLost(`exit ${code}`); });
  // One client, never closed for idleness: PGlite is a single backend, and the socket server accepts one connection.
  const pool = resilientPool({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres', max: 1, idleTimeoutMillis: 0 });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const migrate = async () => {
    await migratePg(db as never, { migrationsFolder });
    if (dir) ownerOnly(dir);
  };
  const close = async () => {
    stopping = true;
    await pool.end();
    // A thread that already died has nothing to close (its exit was reported through onLost).
    if (!exited) {
      const stopped = new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (m: { type: string }) => { if (m.type === 'stopped') void worker.terminate(); });
      });
      worker.postMessage({ type: 'stop' });
      await stopped;
    }
    rmSync(socketDir, { recursive: true, force: true });
  };
  return { db, kind: 'pglite', migrate, close, ...(osThreadId ? { osThreadId } : {}) };
}

/**
 * PGlite unpacks its initial cluster with the archive's modes (0666, which no umask reaches): once the database is
 * open, its directories become 0700 and its files 0600, as PostgreSQL's own data directory would be.
 */
export function ownerOnly(dir: string): void {
  chmodSync(dir, 0o700);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) ownerOnly(p);
    else if (e.isFile()) chmodSync(p, 0o600);
  }
}

/** Errors meaning PostgreSQL is unreachable, restarting or shutting down (not a bad query): a reason code, else null. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect)$/;

export function databaseUnavailable(err: unknown): string | null {
  // drizzle wraps the driver's error (DrizzleQueryError) with it as the cause; look a few levels down.
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return code;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return 'connection lost';
    if (e instanceof AggregateError) for (const inner of e.errors) { const r = databaseUnavailable(inner); if (r) return r; }
  }
  return null;
}
