import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LtError } from '@lienthong/errors';
// A real PostgreSQL: CI's (DATABASE_URL) or a throwaway one from Debian's binaries.
import { startPostgres } from '../../../../../../bench/lib/postgres.js';
import { createHttpClient } from '../../../sdk/http.js';
import type { ConnectorDeps, Credential } from '../../../sdk/types.js';
import { sqlQuery } from './index.js';

const SECRET_PASSWORD = 'mat-khau-sql-rat-rieng-7731';

describe('generic:sql:query against a real PostgreSQL', () => {
  let server: { url: string; stop(): Promise<void> } | null = null;
  let url = process.env.DATABASE_URL ?? '';
  let deps: ConnectorDeps;
  const run = (input: Record<string, unknown>, credentialId = 'pg') => sqlQuery.createActivity(deps)({ input, credentialId, idempotencyKey: 'run-sql/query', nodeId: 'query' });

  beforeAll(async () => {
    if (!url) {
      server = await startPostgres();
      if (!server) throw new Error('this test needs PostgreSQL: set DATABASE_URL or install Debian\'s postgresql (.ci/run does)');
      url = server.url;
    }
    const creds = new Map<string, Credential>([
      ['pg', { type: 'postgres', connectionString: url }],
      ['pg-rw', { type: 'postgres', connectionString: url, readWrite: true }],
      ['pg-down', { type: 'postgres', connectionString: `postgres://lienthong:${SECRET_PASSWORD}@127.0.0.1:1/none` }],
    ]);
    deps = { http: createHttpClient(), clock: () => new Date(), credentials: { resolve: async (id) => { const c = creds.get(id); if (!c) throw new Error('missing'); return c; } } };
  });
  afterAll(async () => { await server?.stop(); });

  it.each(sqlQuery.examples)('example: $name', async (ex) => {
    if (ex.error) {
      await expect(run(ex.input)).rejects.toMatchObject({ code: ex.error });
    } else {
      expect(await run(ex.input)).toMatchObject(ex.output ?? {});
    }
  });

  it('caps the rows it returns and says so', async () => {
    const out = await run({ sql: 'select g as n from generate_series(1, 25) g', maxRows: 10 }) as { rows: unknown[]; rowCount: number; truncated: boolean };
    expect(out.rows).toHaveLength(10);
    expect(out).toMatchObject({ rowCount: 25, truncated: true });
  });

  it('writes only when asked to, on a connection declared read-write, in one transaction', async () => {
    await expect(run({ sql: 'create table if not exists lt_sql_test (ma text primary key, ten text)', readOnly: false })).rejects.toMatchObject({ code: 'CONNECTOR_SQL_READ_ONLY' });
    await run({ sql: 'create table if not exists lt_sql_test (ma text primary key, ten text)', readOnly: false }, 'pg-rw');
    await run({ sql: 'insert into lt_sql_test values ($1, $2) on conflict (ma) do nothing', params: ['21025', 'Phường Cẩm Thành'], readOnly: false }, 'pg-rw');
    const out = await run({ sql: 'select ten from lt_sql_test where ma = $1', params: ['21025'] }) as { rows: { ten: string }[] };
    expect(out.rows[0]?.ten).toBe('Phường Cẩm Thành');
  });

  it('classifies failures: a statement timeout and a lost server are retryable, a syntax error is not', async () => {
    const timeout = await run({ sql: 'select pg_sleep(2)', timeoutMs: 200 }).catch((e: unknown) => e) as LtError;
    expect(timeout).toMatchObject({ code: 'CONNECTOR_TIMEOUT' });
    expect(timeout.retryable).toBe(true);
    const syntax = await run({ sql: 'selec 1' }).catch((e: unknown) => e) as LtError;
    expect(syntax).toMatchObject({ code: 'CONNECTOR_REJECTED' });
    expect(syntax.retryable).toBe(false);
    const down = await run({ sql: 'select 1' }, 'pg-down').catch((e: unknown) => e) as LtError;
    expect(down).toMatchObject({ code: 'CONNECTOR_NETWORK' });
    expect(down.retryable).toBe(true);
    expect(JSON.stringify({ ...down.toJSON(), params: down.params, message: down.message })).not.toContain(SECRET_PASSWORD);
  });

  it('refuses bad input before touching the database', async () => {
    await expect(run({ sql: '' })).rejects.toMatchObject({ code: 'CONNECTOR_INPUT_INVALID' });
  });
});
