import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPlatform, type Platform } from '@lienthong/cli';
import { connectorModules, createHttpClient } from '@lienthong/connectors/activities';
import { CredentialNotFound, createCredentialStore, createDb, databaseUnavailable, masterKeyFrom, type DbHandle } from '@lienthong/db';
import { LtError } from '@lienthong/errors';
// Plain-JS helper shared with the benchmarks and the chaos tests.
import { startPostgres } from '../../bench/lib/postgres.js';

// PostgreSQL stopping (immediate: every backend killed, crash recovery on start) and starting again under a
// running platform: the process survives, the API says the database is down with a coded, retryable 503, a
// connector step whose credential cannot be read is retried rather than failed, and everything recovers by itself.
const input = { purpose: '1.001193', officerId: '051085000111', citizenId: '051090123456', fullName: 'NGUYỄN VĂN AN', birthDate: '19900512' };
const lookup = {
  dossierNo: '000.25.94.H48-260115-0001', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
};

describe('PostgreSQL restarting under a running platform', () => {
  let server: NonNullable<Awaited<ReturnType<typeof startPostgres>>>;
  let h: DbHandle;
  let p: Platform;
  let token: string;
  let masterKey: string;

  beforeAll(async () => {
    // Our own server: the test stops and starts it (CI's DATABASE_URL server is shared with other files).
    const s = await startPostgres();
    if (!s) throw new Error('this test needs Debian\'s PostgreSQL binaries (initdb under /usr/lib/postgresql): apt-get install postgresql');
    server = s;
    h = createDb({ DATABASE_URL: server.url });
    await h.migrate();
    const adminPassword = `lt-${randomBytes(8).toString('hex')}`; // the password policy refuses one containing the username
    masterKey = randomBytes(32).toString('base64');
    p = await startPlatform({ db: h, temporal: { address: inject('temporalAddress'), namespace: 'default' }, taskQueue: `pg-${randomBytes(4).toString('hex')}`,
      adminPassword, masterKey, log: () => () => undefined });
    const login = await fetch(`${p.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
    token = (await login.json() as { token: string }).token;
  });
  afterAll(async () => {
    await p?.stop();
    await h?.close();
    await server?.stop();
  });

  const api = (method: string, path: string, body?: unknown) => fetch(`${p.apiUrl}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });

  it('stays up and says so while the database is down (coded 503), then serves and runs again without a restart', async () => {
    // A transaction holding a pooled connection when the server goes away fails; the process must not.
    let release = () => undefined as void;
    const gate = new Promise<void>((r) => { release = r; });
    const tx = h.db.transaction(async (t) => { await t.execute(sql`select 1`); await gate; await t.execute(sql`select 1`); });
    tx.catch(() => undefined);
    await server.down('immediate');
    release();
    const txError = await tx.then(() => null, (e: unknown) => e);
    expect(databaseUnavailable(txError)).not.toBeNull();

    const ready = await fetch(`${p.apiUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { database: { ok: false, error: { code: 'HEALTH_DEPENDENCY_DOWN' } } } });
    for (const r of [await api('GET', '/api/v1/flows'), await api('POST', '/api/v1/flows/xac-thuc-cong-dan/runs?wait=0s', lookup)]) {
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ error: { code: 'HEALTH_DEPENDENCY_DOWN', where: { field: 'database' } } });
    }

    await server.up();
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${p.apiUrl}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('the API never became ready again after PostgreSQL came back');
      await new Promise((r) => setTimeout(r, 200));
    }
    const run = await api('POST', '/api/v1/flows/xac-thuc-cong-dan/runs?wait=20s', lookup);
    expect(run.status).toBe(200);
    expect(await run.json()).toMatchObject({ status: 'completed', output: { result: 'MATCH' } });
  });

  it('a connector step whose credential store is down is retryable, not "credential not found"', async () => {
    const store = createCredentialStore(h.db, masterKeyFrom(masterKey));
    // The store as the platform wires it: an unknown id is the coded refusal, anything else passes through.
    const credentials = { resolve: async (id: string) => {
      try { return await store.resolve(id); } catch (err) {
        if (err instanceof CredentialNotFound) throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: id });
        throw err;
      }
    } };
    const verify = connectorModules.find((m) => m.manifest.id === 'ngsp:population:verifyCitizen')!.createActivity({ http: createHttpClient(), credentials, clock: () => new Date() });
    const call = { input, credentialId: 'ngsp-dancu', idempotencyKey: 'run-pg-restart/verify' };
    await server.down('immediate');
    try {
      await expect(verify(call)).rejects.toMatchObject({ code: 'CONNECTOR_CREDENTIAL_UNAVAILABLE', retryable: true });
    } finally {
      await server.up();
    }
    await expect(verify(call)).resolves.toMatchObject({ match: true });
    await expect(verify({ ...call, credentialId: 'no-such-credential' })).rejects.toMatchObject({ code: 'CONNECTOR_CREDENTIAL_NOT_FOUND', retryable: false });
  });
});
