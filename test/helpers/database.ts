import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DbHandle } from '@lienthong/db';

/**
 * A fresh, migrated database for one test file: with DATABASE_URL (CI's real PostgreSQL) a new
 * database on that server, dropped afterwards; otherwise an in-memory PGlite.
 */
export async function freshDatabase(): Promise<DbHandle & { url?: string }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const h = createDb({ DATA_DIR: ':memory:' });
    await h.migrate();
    return h;
  }
  const name = `lt_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const h = createDb({ DATABASE_URL: url.toString() });
  await h.migrate();
  return {
    ...h, url: url.toString(),
    close: async () => {
      await h.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/**
 * A PostgreSQL that several processes can share: a fresh database on CI's server (DATABASE_URL) or a throwaway
 * server from the Debian binaries. Returns its URL and how to drop it.
 */
export async function sharedPostgres(why: string): Promise<{ url: string; close: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const db = await freshDatabase();
    return { url: db.url as string, close: () => db.close() };
  }
  const { startPostgres } = await import('../../bench/lib/postgres.js');
  const server = await startPostgres();
  if (!server) throw new Error(`${why} needs PostgreSQL shared by several processes: set DATABASE_URL or install postgresql (initdb under /usr/lib/postgresql)`);
  return { url: server.url, close: () => server.stop() };
}
