/**
 * Issue 17, Done-when 1: a connection to the population database that REQUIRES a client certificate (mTLS, a CA made
 * here), reached THROUGH a real local CONNECT proxy (the `proxy` package) that only lets the platform's account
 * through. The lookup flow succeeds over it; without the certificate, or with a proxy that refuses the tunnel, the
 * step fails with a coded connector error. Rotating the connection's certificate while 100 runs are in flight loses
 * none and fails none.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createProxy } from 'proxy';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestPki, startPopulationMtls, type Pem, type RunningSimulators, type TestPki } from '@lienthong/simulators';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { connectAndPublish } from '../helpers/connections.js';

const PROXY_ACCOUNT = 'lienthong:SIMSECRET-proxy-pw-2c81f0';
const FLOW = 'xac-thuc-qua-ket-noi';
const applicant = { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' };

const flow = {
  key: FLOW,
  title: { vi: 'Xác thực công dân qua kết nối mTLS', en: 'Verify a citizen over an mTLS connection' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    verify: { kind: 'call', connector: { id: 'ngsp:population:verifyCitizen', version: '1.0.0' }, credentialId: 'dancu-mtls',
      input: { citizenId: '$input.soDinhDanh', fullName: '$input.hoVaTen', birthDate: '$input.ngaySinh', purpose: "'1.001193'", officerId: "'051085000111'" },
      // Enough attempts that the injected 503s can never exhaust a run's retries: what is measured is the rotation.
      retry: { maximumAttempts: 20, initialInterval: '1s', backoffCoefficient: 1 } },
    xong: { kind: 'end', output: '$nodes.verify.output' },
    loi: { kind: 'end', output: '$nodes.verify.output.error' },
  },
  edges: [{ id: 'e1', source: 'start', target: 'verify' }, { id: 'e2', source: 'verify', target: 'xong' }, { id: 'e3', source: 'verify', sourceHandle: 'error', target: 'loi' }],
};

describe('a connection with a client certificate, a custom CA and a CONNECT proxy', () => {
  let p: TestPlatform;
  let client: Client;
  let pki: TestPki;
  let sim: RunningSimulators;
  let cert: Pem;
  let proxyUrl = '';
  const tunnels: string[] = [];
  let proxy: ReturnType<typeof createProxy>;

  beforeAll(async () => {
    pki = await createTestPki();
    sim = await startPopulationMtls(pki);
    cert = await pki.client('lienthong-quang-ngai');
    // The province's egress proxy: CONNECT only for its account, and it records every tunnel it opens.
    proxy = createProxy(createServer());
    proxy.authenticate = (req: IncomingMessage) => req.headers['proxy-authorization'] === `Basic ${Buffer.from(PROXY_ACCOUNT).toString('base64')}`;
    proxy.on('connect', (req: IncomingMessage) => { tunnels.push(String(req.url)); });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://${PROXY_ACCOUNT}@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    p = await startTestPlatform();
    client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
    await connectAndPublish(p, { id: 'dancu-mtls', name: 'CSDLQG về dân cư (mTLS qua proxy)', family: 'ngsp-population', environment: 'test',
      endpoint: sim.url, secrets: { credential: { integrationCode: '003' }, proxyUrl, caCert: pki.ca.cert, clientCert: cert.cert, clientKey: cert.key } }, flow);
  });
  afterAll(async () => {
    await client?.connection.close();
    await p?.stop();
    await sim?.close();
    await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  });

  async function run(): Promise<{ status: string; output: Record<string, unknown> }> {
    const r = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, applicant);
    expect(r.status, r.text).toBeLessThan(300);
    await client.workflow.getHandle(r.body.runId as string).result().catch(() => undefined);
    return (await p.request('GET', `/api/v1/runs/${r.body.runId as string}`)).body as { status: string; output: Record<string, unknown> };
  }

  it('the lookup flow succeeds through the proxy with the client certificate, and the answer shows no secret', async () => {
    const before = tunnels.length;
    const view = await run();
    expect(view).toMatchObject({ status: 'completed', output: { match: true, source: 'CSDLQG-DC' } });
    expect(tunnels.slice(before)).toContain(new URL(sim.url).host); // the call went through the proxy's tunnel
    const shown = await p.request('GET', '/api/v1/connections/dancu-mtls');
    expect(shown.body).toMatchObject({ id: 'dancu-mtls', version: 1, secretFields: ['integrationCode'], transport: { proxy: new URL(proxyUrl).host, caCert: true, clientCert: true } });
    for (const secret of ['SIMSECRET-proxy-pw-2c81f0', cert.key.split('\n')[1] ?? '', 'PRIVATE KEY']) expect(shown.text).not.toContain(secret);
  });

  it('without the client certificate the step fails with CONNECTOR_TLS_FAILED (the server refuses the handshake)', async () => {
    const removed = await p.request('PUT', '/api/v1/connections/dancu-mtls', { secrets: { clientCert: '', clientKey: '' } });
    expect(removed.body).toMatchObject({ version: 2, transport: { clientCert: false } });
    const view = await run();
    expect(view.output).toMatchObject({ code: 'CONNECTOR_TLS_FAILED' });
    expect(JSON.stringify(view)).not.toContain('SIMSECRET-proxy-pw-2c81f0');
  });

  it('a proxy that refuses the tunnel (wrong proxy account) fails the step with CONNECTOR_PROXY_REFUSED, and nothing reaches the system', async () => {
    const calls = sim.counters.snapshot();
    const wrong = proxyUrl.replace('SIMSECRET-proxy-pw-2c81f0', 'mat-khau-sai-000');
    expect((await p.request('PUT', '/api/v1/connections/dancu-mtls', { secrets: { proxyUrl: wrong, clientCert: cert.cert, clientKey: cert.key } })).status).toBe(200);
    const view = await run();
    expect(view.output).toMatchObject({ code: 'CONNECTOR_PROXY_REFUSED' });
    expect(JSON.stringify(view)).not.toContain('mat-khau-sai-000');
    expect(sim.counters.snapshot()).toEqual(calls);
  });

  it('refuses a key that does not belong to the certificate, with where it is wrong, and stores nothing', async () => {
    const other = await pki.client('khac');
    const r = await p.request('PUT', '/api/v1/connections/dancu-mtls', { secrets: { clientCert: cert.cert, clientKey: other.key } });
    expect([r.status, r.body.error.code, r.body.error.where]).toEqual([400, 'CONNECTION_INVALID', { pointer: '/secrets/clientKey' }]);
    expect(r.body.error.message.vi).toContain('khóa không khớp');
    expect(r.text).not.toContain('PRIVATE KEY');
  });

  it('rotating the certificate while 100 runs are in flight loses none and fails none; a step keeps the version it started with', async () => {
    expect((await p.request('PUT', '/api/v1/connections/dancu-mtls', { secrets: { proxyUrl } })).status).toBe(200);
    // Slow answers, then some calls refused with 503: runs are mid-step when the rotation lands, and retry after it.
    sim.faults.set('population.XacThucThongTinCongDan', { latencyMs: 150 });
    const started = await Promise.all(Array.from({ length: 100 }, async () => {
      const r = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, applicant);
      expect(r.status, r.text).toBeLessThan(300);
      return r.body.runId as string;
    }));
    const store = p.services.connections.store();
    const beforeRotation = new Date();
    const pinned = await store.secretOf('dancu-mtls', { asOf: beforeRotation, checkGrant: false });
    const next = await pki.client('lienthong-quang-ngai-2027');
    const rotated = await p.request('PUT', '/api/v1/connections/dancu-mtls', { secrets: { clientCert: next.cert, clientKey: next.key } });
    expect(rotated.status, rotated.text).toBe(200);
    sim.faults.set('population.XacThucThongTinCongDan', { status: 503, rate: 0.3, count: 30 });
    const views = await Promise.all(started.map(async (id) => {
      await client.workflow.getHandle(id).result().catch(() => undefined);
      return (await p.request('GET', `/api/v1/runs/${id}`)).body as { status: string; output: Record<string, unknown> };
    }));
    sim.faults.clear();
    expect(views.filter((v) => v.status !== 'completed' || v.output.match !== true)).toEqual([]);
    // A step scheduled before the rotation resolves the old certificate for all its retries; one scheduled now, the new one.
    expect((await store.secretOf('dancu-mtls', { asOf: beforeRotation, checkGrant: false }))?.secret.clientCert).toBe(pinned?.secret.clientCert);
    expect((await store.secretOf('dancu-mtls', { asOf: new Date(), checkGrant: false }))?.secret.clientCert).toBe(next.cert);
    expect((await run()).output).toMatchObject({ match: true });
  });
});
