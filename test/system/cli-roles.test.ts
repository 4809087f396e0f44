import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { startSimulators, type RunningSimulators } from '@lienthong/simulators';
import { sharedPostgres } from '../helpers/database.js';
import { startRoleProcess, type RoleProcess } from '../helpers/roles.js';
import { freePort } from '../../bench/lib/postgres.js';

// A province's layout (docs/deploy.md): `lienthong api` and `lienthong worker` as their own processes against
// one Temporal server and one PostgreSQL. The run is answered by the API process and executed by the worker process.
const cli = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
const an = { dossierNo: '000.25.94.H48-260115-0042', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } };

describe('lienthong api and lienthong worker as separate processes', () => {
  const cleanups: (() => Promise<void>)[] = [];
  let sims: RunningSimulators;
  let api: RoleProcess;
  let worker: RoleProcess;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const pg = await sharedPostgres('this test');
    cleanups.push(pg.close);
    const databaseUrl = pg.url;
    sims = await startSimulators({ port: 0 });
    cleanups.push(() => sims.close());
    env = { TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: databaseUrl, LT_MASTER_KEY: randomBytes(32).toString('base64'),
      LT_TASK_QUEUE: `roles-${randomBytes(4).toString('hex')}`, LT_SIMULATORS_URL: sims.url, API_HOST: '127.0.0.1', API_PORT: String(await freePort()),
      DATA_DIR: `/tmp/lt-roles-${randomBytes(4).toString('hex')}` };
    api = await startRoleProcess('api', env, /API sẵn sàng \/ ready: (http:\/\/\S+)\/api\/v1/);
    worker = await startRoleProcess('worker', { ...env, LT_WORKER_IDENTITY: 'worker-roles-test' }, /worker sẵn sàng \/ ready/);
  }, 200_000);

  afterAll(async () => {
    for (const r of [worker, api]) if (r && r.child.exitCode === null) { r.child.kill('SIGTERM'); await r.exit; }
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('refuses to start without the cluster, the shared database and the master key, saying so in Vietnamese and English', () => {
    const r = spawnSync(process.execPath, [cli, 'worker'], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Thiếu biến môi trường / missing environment: TEMPORAL_ADDRESS, DATABASE_URL, LT_MASTER_KEY');
  });

  it('answers a synchronous call through the API process, executed by the worker process', async () => {
    const text = api.out.join('');
    const url = /API sẵn sàng \/ ready: (http:\/\/\S+)\/api\/v1/.exec(text)?.[1] as string;
    const password = /admin \/ (\S+)/.exec(text)?.[1] as string;
    expect(password).toBeTruthy();
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    const { token } = await login.json() as { token: string };
    const res = await fetch(`${url}/api/v1/flows/xac-thuc-cong-dan/runs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(an) });
    const body = await res.json() as { runId: string; status: string; output: { result: string } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ status: 'completed', output: { result: 'MATCH' } });

    const client = new Client({ connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS as string }) });
    const history = await client.workflow.getHandle(body.runId).fetchHistory();
    const identities = new Set((history.events ?? []).flatMap((e) => (e.workflowTaskCompletedEventAttributes?.identity ? [e.workflowTaskCompletedEventAttributes.identity] : [])));
    await client.connection.close();
    expect([...identities]).toEqual(['worker-roles-test']);
  });

  it('stops cleanly on SIGTERM', async () => {
    worker.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    expect(await worker.exit).toBe(0);
    expect(await api.exit).toBe(0);
  });
});
