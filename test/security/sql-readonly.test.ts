/**
 * Issue 14, "the SQL connector's read-only default can be escaped with a multi-statement string": through a running
 * platform and a real PostgreSQL, `commit; delete from …` is refused with a coded error and deletes nothing; a write on
 * a connection not declared read-write is refused; a connection declared read-write writes only when the step asks.
 */
import pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCredentialStore, masterKeyFrom } from '@lienthong/db';
import { sharedPostgres } from '../helpers/database.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

const flow = (key: string, credentialId: string) => ({
  key,
  title: { vi: 'Truy vấn kho hồ sơ lưu trữ', en: 'Query the archive' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    sql: { kind: 'call', connector: { id: 'generic:sql:query', version: '1.0.0' }, credentialId, input: { sql: '$input.sql', readOnly: '$input.readOnly = false ? false : true' } },
    xong: { kind: 'end', output: '$nodes.sql.output' },
    loi: { kind: 'end', output: '$nodes.sql.output.error' },
  },
  edges: [{ id: 'e1', source: 'start', target: 'sql' }, { id: 'e2', source: 'sql', target: 'xong' }, { id: 'e3', source: 'sql', sourceHandle: 'error', target: 'loi' }],
});

describe('the SQL connector cannot escape read-only', () => {
  let p: TestPlatform;
  let database: { url: string; close: () => Promise<void> };
  let client: Client;
  const count = async () => {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    try { return Number((await c.query('select count(*)::int as n from ho_so_luu_tru')).rows[0].n); } finally { await c.end(); }
  };
  const run = async (flowKey: string, input: { sql: string; readOnly?: boolean }) => {
    const r = await p.request('POST', `/api/v1/flows/${flowKey}/runs`, input);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    await client.workflow.getHandle(r.body.runId as string).result().catch(() => undefined);
    return (await p.request('GET', `/api/v1/runs/${r.body.runId as string}`)).body.output as Record<string, unknown>;
  };

  beforeAll(async () => {
    database = await sharedPostgres('the SQL read-only test');
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    await c.query('create table if not exists ho_so_luu_tru (so_ho_so text primary key)');
    await c.query("insert into ho_so_luu_tru values ('000.25.94.H48-260115-0001'), ('000.25.94.H48-260115-0002') on conflict do nothing");
    await c.end();
    p = await startTestPlatform();
    const store = createCredentialStore(p.db.db, masterKeyFrom(p.masterKey));
    await store.put('kho-luu-tru', 'postgres', { connectionString: database.url });
    await store.put('kho-luu-tru-ghi', 'postgres', { connectionString: database.url, readWrite: true });
    await store.grant('kho-luu-tru', ['tra-cuu-luu-tru'], 'admin');
    await store.grant('kho-luu-tru-ghi', ['ghi-luu-tru'], 'admin');
    expect((await p.request('POST', '/api/v1/flows', flow('tra-cuu-luu-tru', 'kho-luu-tru'))).status).toBe(201);
    expect((await p.request('POST', '/api/v1/flows', flow('ghi-luu-tru', 'kho-luu-tru-ghi'))).status).toBe(201);
    client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
  });
  afterAll(async () => {
    await client?.connection.close();
    await p?.stop();
    await database?.close();
  });

  it('`commit; delete from …` is refused with a coded error and no row is deleted (without params, and on a read-write connection too)', async () => {
    expect(await count()).toBe(2);
    expect(await run('tra-cuu-luu-tru', { sql: 'commit; delete from ho_so_luu_tru' })).toMatchObject({ code: 'CONNECTOR_SQL_MULTIPLE_STATEMENTS' });
    expect(await run('tra-cuu-luu-tru', { sql: 'select 1; delete from ho_so_luu_tru', readOnly: false })).toMatchObject({ code: 'CONNECTOR_SQL_READ_ONLY' });
    expect(await run('ghi-luu-tru', { sql: 'commit; delete from ho_so_luu_tru', readOnly: false })).toMatchObject({ code: 'CONNECTOR_SQL_MULTIPLE_STATEMENTS' });
    expect(await count()).toBe(2);
  });

  it('a write on a connection not declared read-write is refused, whatever the step asks', async () => {
    expect(await run('tra-cuu-luu-tru', { sql: 'delete from ho_so_luu_tru' })).toMatchObject({ code: 'CONNECTOR_SQL_READ_ONLY' });
    expect(await run('tra-cuu-luu-tru', { sql: 'delete from ho_so_luu_tru', readOnly: false })).toMatchObject({ code: 'CONNECTOR_SQL_READ_ONLY' });
    // A statement that ends the transaction cannot open a writable one: the session itself is read-only.
    expect(await run('tra-cuu-luu-tru', { sql: 'commit' })).toMatchObject({ rowCount: 0 });
    expect(await count()).toBe(2);
    expect(await run('tra-cuu-luu-tru', { sql: 'select so_ho_so from ho_so_luu_tru order by 1' })).toMatchObject({ rowCount: 2, rows: [{ so_ho_so: '000.25.94.H48-260115-0001' }, { so_ho_so: '000.25.94.H48-260115-0002' }] });
  });

  it('a connection declared read-write writes only when the step asks for it', async () => {
    expect(await run('ghi-luu-tru', { sql: "insert into ho_so_luu_tru values ('000.25.94.H48-260115-0003')" })).toMatchObject({ code: 'CONNECTOR_SQL_READ_ONLY' });
    expect(await count()).toBe(2);
    expect(await run('ghi-luu-tru', { sql: "insert into ho_so_luu_tru values ('000.25.94.H48-260115-0003')", readOnly: false })).toMatchObject({ rowCount: 1 });
    expect(await count()).toBe(3);
  });
});
