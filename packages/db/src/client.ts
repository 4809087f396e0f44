import { mkdirSync } from 'node:fs';
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
}

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

/** DATABASE_URL → node-postgres pool; otherwise embedded PGlite persisted under DATA_DIR/pg (or in memory for ":memory:"). */
export function createDb(env: { DATABASE_URL?: string; DATA_DIR?: string; PG_POOL_MAX?: string } = process.env): DbHandle {
  if (env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.PG_POOL_MAX ?? 10) });
    // An idle client whose connection the server closed (restart, failover, admin) emits 'error' on the pool;
    // unhandled, that would end the process. The pool drops the client and opens a new one on the next query.
    pool.on('error', (err) => process.emitWarning(`PostgreSQL idle connection lost: ${err.message}`, { code: 'LT_PG_IDLE' }));
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return { db, kind: 'postgres', migrate: () => migratePg(db as never, { migrationsFolder }), close: () => pool.end() };
  }
  const dir = env.DATA_DIR === ':memory:' ? undefined : `${env.DATA_DIR ?? '.data'}/pg`;
  if (dir) mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, kind: 'pglite', migrate: () => migratePglite(db as never, { migrationsFolder }), close: () => client.close() };
}
