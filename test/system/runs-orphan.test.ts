import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { manifests } from '@lienthong/connectors/manifests';
import { createCredentialStore, masterKeyFrom, runs } from '@lienthong/db';
import { contentHash } from '@lienthong/flow';
import { createServices, type Services } from '@lienthong/services';
import { freshDatabase } from '../helpers/database.js';

// An API process killed between recording a run and starting its workflow leaves a row without a run; the
// client's retry with the same Idempotency-Key must get that run started, once, not a 202 for a run that never runs.
describe('a run recorded but never started (API killed in between)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let client: Client;
  let services: Services;
  beforeAll(async () => {
    db = await freshDatabase();
    client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
    const masterKey = masterKeyFrom(randomBytes(32).toString('base64'));
    services = createServices({ db: db.db, temporal: client, manifests, taskQueue: `orphan-${randomBytes(4).toString('hex')}`, masterKey });
    // The example names this credential; credentials serve only the flows they are granted to.
    const store = createCredentialStore(db.db, masterKey);
    await store.put('ngsp-dancu', 'ngsp-population', { baseUrl: 'http://127.0.0.1:1', username: 'u', password: 'p' });
    await store.grant('ngsp-dancu', ['xac-thuc-cong-dan'], 'test');
  });
  afterAll(async () => { await client?.connection.close(); await db?.close(); });

  it('is started by the retry with the same Idempotency-Key, and only once', async () => {
    const v = await services.flows.publish(JSON.parse(readFileSync(new URL('../../examples/xac-thuc-cong-dan.json', import.meta.url), 'utf8')), { by: 'test' });
    const input = { dossierNo: '000.25.94.H48-260115-0001', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111', applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } };
    const runId = `run-orphan-${randomBytes(4).toString('hex')}`;
    // What the first request had done when its process died: the row, not the workflow.
    await db.db.insert(runs).values({ runId, flowKey: v.flowKey, version: v.version, hash: v.hash, trigger: 'api', caller: 'system:orphan', idempotencyKey: 'dossier-1', requestHash: contentHash({ flowKey: v.flowKey, input }), businessKeys: {} });
    const retries = await Promise.all([1, 2, 3].map(() => services.runs.start(v.flowKey, input, { idempotencyKey: 'dossier-1', caller: { id: 'system:orphan' }, waitMs: 0 })));
    expect(retries.map((r) => r.runId)).toEqual([runId, runId, runId]);
    expect((await client.workflow.getHandle(runId).describe()).status.name).toBe('RUNNING');
    let executions = 0;
    for await (const _ of client.workflow.list({ query: `WorkflowId = '${runId}'` })) executions += 1;
    expect(executions).toBe(1);
  });
});
