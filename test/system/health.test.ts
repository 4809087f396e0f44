import { Client, Connection } from '@temporalio/client';
import { createHealthService } from '@lienthong/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

describe('health and readiness', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await startTestPlatform(); });
  afterAll(async () => { await p?.stop(); });

  it('/healthz says the process is alive; /readyz checks the database and Temporal, anonymously', async () => {
    expect((await fetch(`${p.apiUrl}/healthz`)).status).toBe(200);
    const res = await fetch(`${p.apiUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true }, temporal: { ok: true } } });
  });

  it('is not ready, naming the dependency, when Temporal does not answer', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
    const health = createHealthService(p.db.db, new Client({ connection }), { timeoutMs: 1_500 });
    const r = await health();
    expect(r.status).toBe('not_ready');
    expect(r.checks.database.ok).toBe(true);
    expect(r.checks.temporal).toMatchObject({ ok: false, error: { code: 'HEALTH_DEPENDENCY_DOWN', where: { field: 'temporal' } } });
    expect(r.checks.temporal.error?.message.vi).toContain('temporal');
  });
});
