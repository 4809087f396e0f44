/**
 * Issue 14, "any flow can name any credential": a credential serves only the flows it is granted to. Publishing
 * (and a designer's test run, which publishes `<key>--thu`) is refused with a located error; a run whose flow lost
 * its grant fails at the step with a coded, non-retryable error and the remote never sees the credential.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCredentialStore, masterKeyFrom } from '@lienthong/db';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

const flow = (key: string) => ({
  key,
  title: { vi: 'Tra cứu kho dữ liệu sở', en: 'Look up the department store' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    goi: { kind: 'call', connector: { id: 'generic:http:request', version: '1.0.0' }, credentialId: 'kho-du-lieu-so', input: { method: "'GET'", path: "'/ho-so'" } },
    xong: { kind: 'end', output: '$nodes.goi.output' },
    loi: { kind: 'end', output: '$nodes.goi.output.error' },
  },
  edges: [{ id: 'e1', source: 'start', target: 'goi' }, { id: 'e2', source: 'goi', target: 'xong' }, { id: 'e3', source: 'goi', sourceHandle: 'error', target: 'loi' }],
});

describe('a credential serves only the flows it is granted to', () => {
  let p: TestPlatform;
  let remote: Server;
  let client: Client;
  let designer = '';
  const seen: string[] = [];
  let store: ReturnType<typeof createCredentialStore>;

  beforeAll(async () => {
    remote = createServer((req, res) => { seen.push(String(req.headers.authorization ?? '')); res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'); });
    await new Promise<void>((r) => remote.listen(0, '127.0.0.1', r));
    p = await startTestPlatform();
    store = createCredentialStore(p.db.db, masterKeyFrom(p.masterKey));
    await store.put('kho-du-lieu-so', 'http', { baseUrl: `http://127.0.0.1:${(remote.address() as AddressInfo).port}`, auth: 'bearer', token: 'token-rieng-cua-so-tu-phap-2026' });
    const r = await p.request('POST', '/api/v1/users', { username: 'thiet-ke-vien', roles: [{ role: 'designer' }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    designer = await p.login('thiet-ke-vien', r.body.password as string);
    client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
  });
  afterAll(async () => {
    await client?.connection.close();
    await p?.stop();
    await new Promise<void>((r) => (remote ? remote.close(() => r()) : r()));
  });

  it('an admin grants a credential to flows through the API; a designer may not, and no answer carries a value', async () => {
    expect((await p.requestAs(designer, 'PUT', '/api/v1/credentials/kho-du-lieu-so/grants', { flows: ['*'] })).status).toBe(403);
    const bad = await p.request('PUT', '/api/v1/credentials/kho-du-lieu-so/grants', { flows: ['Không Hợp Lệ'] });
    expect([bad.status, bad.body.error.code, bad.body.error.where]).toEqual([400, 'REQUEST_VALIDATION_FAILED', { pointer: '/flows/0' }]);
    expect((await p.request('PUT', '/api/v1/credentials/khong-co/grants', { flows: [] })).status).toBe(400);
    const set = await p.request('PUT', '/api/v1/credentials/kho-du-lieu-so/grants', { flows: ['tra-cuu-duoc-cap'] });
    expect(set.body).toMatchObject({ id: 'kho-du-lieu-so', type: 'http', flows: ['tra-cuu-duoc-cap'] });
    const list = await p.request('GET', '/api/v1/credentials');
    expect(list.body).toContainEqual(expect.objectContaining({ id: 'kho-du-lieu-so', flows: ['tra-cuu-duoc-cap'] }));
    expect(list.body).toContainEqual(expect.objectContaining({ id: 'ngsp-adapter', flows: ['*'] })); // the simulators' demo credentials
    expect(JSON.stringify(list.body)).not.toContain('token-rieng-cua-so-tu-phap-2026');
  });

  it('a designer cannot publish, nor test-run, a flow naming a credential it was not granted: coded 4xx at the node and pointer', async () => {
    for (const key of ['khong-duoc-cap', 'khong-duoc-cap--thu']) {
      const r = await p.requestAs(designer, 'POST', '/api/v1/flows', flow(key));
      expect(r.status, JSON.stringify(r.body)).toBe(403);
      expect(JSON.stringify(r.body)).toContain('CREDENTIAL_NOT_GRANTED');
      expect(JSON.stringify(r.body)).toContain('/nodes/goi/credentialId');
    }
    expect((await p.requestAs(designer, 'GET', '/api/v1/flows/khong-duoc-cap')).status).toBe(404);
    expect(seen).toEqual([]);
  });

  it('the granted flow publishes and runs, and its test run (<key>--thu) gets the same grant', async () => {
    for (const key of ['tra-cuu-duoc-cap--thu', 'tra-cuu-duoc-cap']) {
      const pub = await p.requestAs(designer, 'POST', '/api/v1/flows', flow(key));
      expect(pub.status, JSON.stringify(pub.body)).toBe(201);
      const run = await p.requestAs(designer, 'POST', `/api/v1/flows/${key}/runs`, {});
      expect(run.status, JSON.stringify(run.body)).toBeLessThan(300);
      await client.workflow.getHandle(run.body.runId as string).result().catch(() => undefined);
      const view = await p.requestAs(designer, 'GET', `/api/v1/runs/${run.body.runId as string}`);
      expect(view.body).toMatchObject({ status: 'completed', output: { status: 200, body: { ok: true } } });
    }
    expect(seen).toEqual(['Bearer token-rieng-cua-so-tu-phap-2026', 'Bearer token-rieng-cua-so-tu-phap-2026']);
  });

  it('the worker checks again: a published flow whose grant was revoked fails at the step, once, without calling the remote', async () => {
    expect((await p.request('PUT', '/api/v1/credentials/kho-du-lieu-so/grants', { flows: [] })).body.flows).toEqual([]);
    const before = seen.length;
    const run = await p.requestAs(designer, 'POST', '/api/v1/flows/tra-cuu-duoc-cap/runs', {});
    expect(run.status, JSON.stringify(run.body)).toBeLessThan(300);
    const runId = run.body.runId as string;
    await client.workflow.getHandle(runId).result().catch(() => undefined);
    const view = await p.requestAs(designer, 'GET', `/api/v1/runs/${runId}`);
    expect(view.body.output).toMatchObject({ code: 'CREDENTIAL_NOT_GRANTED' });
    expect(seen.length).toBe(before);
    // Non-retryable: one attempt in the history.
    const history = await client.workflow.getHandle(runId).fetchHistory();
    const failed = (history.events ?? []).filter((e) => e.activityTaskFailedEventAttributes);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo).toMatchObject({ type: 'CREDENTIAL_NOT_GRANTED', nonRetryable: true });
  });
});
