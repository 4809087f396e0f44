import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { LtError } from '@lienthong/errors';
import { createConnectorActivities, createHttpClient } from '@lienthong/connectors/activities';
import type { Principal } from '@lienthong/services';
import { startSimulators } from '@lienthong/simulators';
import { withFailureMapping, type RunFlowResult } from '@lienthong/worker';
import { startedForThisFile } from '../helpers/suite.js';
import { runReplayedAndRecorded, until } from './flow-harness.js';
import { useServicesWorker } from './services-worker.js';

// The full-depth 7.a example replays: its runs (the cached answer after a verification; PENDING, then the in-person check)
// on a worker with the real connectors, simulators, verification cache and task activities, without the platform's
// payload codec, so their histories replay here and, recorded (LT_RECORD_HISTORIES=1), join the replay fixtures.

const H48 = '000.00.00.H48';
const example = JSON.parse(readFileSync(new URL('../../examples/xac-thuc-cong-dan-day-du.json', import.meta.url), 'utf8')) as { nodes: Record<string, Record<string, unknown>> };
const withNodes = (changes: Record<string, Record<string, unknown>>) =>
  ({ ...example, nodes: Object.fromEntries(Object.entries(example.nodes).map(([id, n]) => [id, { ...n, ...changes[id] }])) });
const input = (n: number) => ({ dossierNo: `000.25.94.H48-261206-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111', purpose: 'Đăng ký khai sinh',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } });
const officer: Principal = { kind: 'user', id: 'user:can-bo', userId: 'u-can-bo', username: 'can-bo', displayName: 'Cán bộ', roles: [{ role: 'officer', agency: H48 }] };

describe('the full-depth 7.a example replays', () => {
  const sim = startedForThisFile('the simulators', async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') }); // the attempts against the silent system would log a warning each
    } catch { /* already installed in this process */ }
    return startSimulators({ port: 0, log: () => undefined });
  }, async (s) => { s.faults.clear(); await s.close(); });
  const w = useServicesWorker('lookup-7a', (services) => {
    const known: Record<string, { type: string; [k: string]: unknown }> = {
      'ngsp-dancu': { type: 'ngsp-population', baseUrl: sim.url, integrationCode: '003' },
      'xac-thuc-hmac': { type: 'verification-hmac', key: randomBytes(32).toString('base64') },
    };
    const credentials = { resolve: (id: string) => (known[id] ? Promise.resolve(known[id]) : Promise.reject(new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: id }))) };
    const activities = withFailureMapping(createConnectorActivities({ http: createHttpClient(), credentials, clock: () => new Date(), verificationCache: services.verificationCache, catalogues: services.catalogues, audit: services.audit }));
    return { ...activities, ...services.tasks.activities };
  });

  const run = (doc: unknown, n: number, name: string, act?: (workflowId: string) => Promise<void>): Promise<RunFlowResult> =>
    runReplayedAndRecorded(w.client, { taskQueue: w.taskQueue, name, doc, input: input(n), agency: H48, ...(act ? { act } : {}) });

  it('verified, then answered from the cache', async () => {
    expect((await run(example, 1, 'xac-thuc-cong-dan-day-du')).response).toMatchObject({ result: 'MATCH', source: 'CSDLQG-DC', hoSo: { ten: 'AN', gioiTinh: 'M' } });
    expect((await run(example, 2, 'xac-thuc-cong-dan-day-du-cache')).response).toMatchObject({ result: 'MATCH', cached: true, hoSo: { ten: 'AN' } });
  });

  it('the population DB down: PENDING, then the in-person check decides', async () => {
    sim.faults.set('population.XacThucThongTinCongDan', { status: 503 });
    await w.services.verificationCache.sweep(new Date(Date.now() + 48 * 3_600_000)); // nothing cached
    const doc = withNodes({ wait_hours: { duration: '1s' }, verify_later: { retry: { maximumAttempts: 100, initialInterval: '1s', backoffCoefficient: 1 } } });
    const result = await run(doc, 3, 'xac-thuc-cong-dan-day-du-truc-tiep', async (workflowId) => {
      const listed = await until(() => w.services.tasks.list({ box: 'agency', username: 'can-bo' }), (rows) => rows.some((t) => t.runId === workflowId), 600);
      const task = listed.find((t) => t.runId === workflowId);
      if (!task) throw new Error('no task');
      await w.services.tasks.decide(task, officer, { result: 'MISMATCH', method: 'CCCD', note: 'ảnh không khớp' });
    });
    expect(result.response).toMatchObject({ result: 'PENDING' });
    expect(result.output).toMatchObject({ result: 'MISMATCH', source: 'KIEM-TRA-TRUC-TIEP', method: 'CCCD' });
    sim.faults.clear();
  });
});
