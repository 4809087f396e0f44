/**
 * Issue 14, "a designer can recover stored credentials": a test run of a generic HTTP call against an endpoint that
 * echoes what it receives (headers, and the same re-encoded in the ways a careless service might) must return no
 * secret of the stored credential in any encoding — not in the run's answer, its view, timeline or bundle, the
 * decoded Temporal history, nor the logs; on the success path and on the error path.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialStore, masterKeyFrom } from '@lienthong/db';
import { EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import { createTestPki } from '@lienthong/simulators';
import { createProxy } from 'proxy';
import { useRawTemporalClient, useTestPlatform } from '../helpers/suite.js';

const USER = 'can-bo-tinh-h48';
const PASSWORD = `Mật-khẩu"bí/mật+${randomBytes(6).toString('hex')}?&=`;
const FLOW = 'tra-cuu-echo';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** Every form the password may take on the way back. */
const leakForms = (() => {
  const pair = `${USER}:${PASSWORD}`;
  const forms: Record<string, string> = {
    raw: PASSWORD, pair, basic: b64(pair), basicUrl: b64url(pair), base64: b64(PASSWORD), base64url: b64url(PASSWORD),
    urlEncoded: encodeURIComponent(PASSWORD), formEncoded: new URLSearchParams({ p: PASSWORD }).toString().slice(2),
    jsonEscaped: JSON.stringify(PASSWORD).slice(1, -1), hex: Buffer.from(PASSWORD).toString('hex'),
  };
  return forms;
})();

/** What a careless service answers: our request echoed back, re-encoded several ways. 400 on /fail. */
function echoServer(): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const auth = String(req.headers.authorization ?? '');
      const decoded = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8');
      const reply = JSON.stringify({ seen, asText: JSON.stringify(seen), asBase64: b64(JSON.stringify(seen)), asBase64Url: b64url(`x${decoded}`),
        decoded, decodedUrl: encodeURIComponent(decoded), decodedHex: Buffer.from(decoded).toString('hex'), decodedB64: b64(decoded.split(':')[1] ?? '') });
      res.writeHead(req.url?.startsWith('/fail') ? 400 : 200, { 'content-type': 'application/json' }).end(reply);
    });
  });
}

const flow = (key: string, path: string, credentialId = 'echo-basic') => ({
  key,
  title: { vi: 'Gọi dịch vụ phản hồi', en: 'Call an echoing service' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    goi: { kind: 'call', connector: { id: 'generic:http:request', version: '1.0.0' }, credentialId,
      input: { method: "'POST'", path: `'${path}'`, bodyType: "'json'", body: "{ 'hoSo': '000.25.94.H48-260115-0007' }" } },
    xong: { kind: 'end', output: '$nodes.goi.output' },
    loi: { kind: 'end', output: '$nodes.goi.output.error' },
  },
  edges: [
    { id: 'e1', source: 'start', target: 'goi' },
    { id: 'e2', source: 'goi', target: 'xong' },
    { id: 'e3', source: 'goi', sourceHandle: 'error', target: 'loi' },
  ],
});

describe('a stored credential never comes back through an echoing endpoint, in any encoding', () => {
  const lines: string[] = [];
  const p = useTestPlatform({ log: (n) => (l) => lines.push(`[${n}] ${l}`) });
  const client = useRawTemporalClient();
  const api = (method: string, path: string, body?: unknown) => p.request(method, path, body);
  let echo: Server;

  beforeAll(async () => {
    echo = echoServer();
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const store = createCredentialStore(p.db.db, masterKeyFrom(p.masterKey));
    await store.put('echo-basic', 'http', { baseUrl: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`, auth: 'basic', username: USER, password: PASSWORD });
    await store.grant('echo-basic', [FLOW], 'test');
  });
  afterAll(async () => {
    await new Promise<void>((r) => (echo ? echo.close(() => r()) : r()));
  });

  async function everything(runId: string, answer: string): Promise<Record<string, string>> {
    const codec = new EncryptionCodec(payloadKeyFromMaster(p.masterKey));
    const history = await client.workflow.getHandle(runId).fetchHistory();
    const payloadSets = (history.events ?? []).flatMap((e) => [
      e.workflowExecutionStartedEventAttributes?.input, e.activityTaskScheduledEventAttributes?.input, e.activityTaskCompletedEventAttributes?.result,
      e.workflowExecutionCompletedEventAttributes?.result, e.markerRecordedEventAttributes?.details?.data, e.markerRecordedEventAttributes?.details?.result,
      e.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.details, e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success,
    ]).filter((x) => x?.payloads);
    const decoded = await Promise.all(payloadSets.map(async (x) => (await codec.decode(x?.payloads as never))
      .map((pl) => Buffer.from(pl.data ?? new Uint8Array()).toString('utf8')).join('\n')));
    const responses = await Promise.all([`/api/v1/runs/${runId}`, `/api/v1/runs/${runId}/timeline`, `/api/v1/runs/${runId}/bundle`, '/api/v1/audit']
      .map(async (path) => (await api('GET', path)).text));
    return { answer, logs: lines.join('\n'), history: JSON.stringify(history), decodedHistory: decoded.join('\n'), responses: responses.join('\n') };
  }

  function expectNoSecret(haystacks: Record<string, string>): void {
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [form, value] of Object.entries(leakForms)) expect(text.includes(value), `the password (${form}) appears in ${where}`).toBe(false);
      // What remains of any base64 run must not decode to the password either (any alignment).
      for (const run of text.match(/[A-Za-z0-9+/_-]{12,}/g) ?? []) {
        for (const k of [0, 1, 2, 3]) expect(Buffer.from(run.slice(k), 'base64').toString('utf8').includes(PASSWORD.slice(0, 12)), `a base64 run in ${where} decodes to the password`).toBe(false);
      }
    }
  }

  it('a designer\'s test run (<key>--thu) of a call to an echoing service: the output is masked everywhere', async () => {
    expect((await api('POST', '/api/v1/flows', flow(`${FLOW}--thu`, '/echo'))).status).toBe(201);
    const run = await api('POST', `/api/v1/flows/${FLOW}--thu/runs`, {});
    expect(run.status, run.text).toBeLessThan(300);
    const { runId } = JSON.parse(run.text) as { runId: string };
    await client.workflow.getHandle(runId).result().catch(() => undefined); // payloads are encrypted: only the end matters here
    const body = JSON.parse((await api('GET', `/api/v1/runs/${runId}`)).text) as { runId: string; status: string; output: { status: number; body: { seen: { headers: Record<string, string> } } } };
    expect(body.status).toBe('completed');
    // The echo really carried the Basic header back (masked), so the test is not vacuous.
    expect(body.output.body.seen.headers.authorization).toMatch(/^Basic /);
    expect(body.output.body.seen.headers.authorization).toContain('***');
    const haystacks = await everything(body.runId, run.text);
    expect(haystacks.decodedHistory).toContain('000.25.94.H48-260115-0007'); // the decoded history is really what the run carried
    expectNoSecret(haystacks);
  });

  it('the same echo in a refusal (HTTP 400 with the request in its body): the error is masked everywhere', async () => {
    expect((await api('POST', '/api/v1/flows', flow(FLOW, '/fail'))).status).toBe(201);
    const run = await api('POST', `/api/v1/flows/${FLOW}/runs`, {});
    expect(run.status, run.text).toBeLessThan(300);
    const { runId } = JSON.parse(run.text) as { runId: string };
    await client.workflow.getHandle(runId).result().catch(() => undefined); // payloads are encrypted: only the end matters here
    const body = JSON.parse((await api('GET', `/api/v1/runs/${runId}`)).text) as { runId: string; output: { code: string } };
    expect(body.output.code).toBe('CONNECTOR_REJECTED');
    expectNoSecret(await everything(body.runId, run.text));
  });

  it('a connection (the same account, through a proxy with its own password, with a client certificate): no secret in its API answers, the run or the logs', async () => {
    const PROXY_PASSWORD = `proxy-${randomBytes(8).toString('hex')}`;
    const proxy = createProxy(createServer());
    proxy.authenticate = (req: IncomingMessage) => req.headers['proxy-authorization'] === `Basic ${b64(`lienthong:${PROXY_PASSWORD}`)}`;
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const pki = await createTestPki();
      const cert = await pki.client('lienthong');
      const keyBody = cert.key.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
      const answers: string[] = [];
      const created = await api('POST', '/api/v1/connections', { id: 'echo-ket-noi', name: 'Echo', family: 'http', environment: 'test', endpoint: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
        secrets: { credential: { auth: 'basic', username: USER, password: PASSWORD }, proxyUrl: `http://lienthong:${PROXY_PASSWORD}@127.0.0.1:${(proxy.address() as AddressInfo).port}`, caCert: pki.ca.cert, clientCert: cert.cert, clientKey: cert.key } });
      expect(created.status, created.text).toBe(200);
      expect((await api('PUT', '/api/v1/credentials/echo-ket-noi/grants', { flows: [`${FLOW}-ket-noi`] })).status).toBe(200);
      const rotated = await api('PUT', '/api/v1/connections/echo-ket-noi', { secrets: { credential: { password: PASSWORD } } });
      expect(rotated.body.version).toBe(2);
      answers.push(created.text, rotated.text, (await api('GET', '/api/v1/connections')).text, (await api('GET', '/api/v1/connections/echo-ket-noi')).text,
        (await api('GET', '/api/v1/credentials')).text, (await api('POST', '/api/v1/connections/echo-ket-noi/test', {})).text);
      expect((await api('POST', '/api/v1/flows', flow(`${FLOW}-ket-noi`, '/echo', 'echo-ket-noi'))).status).toBe(201);
      const run = await api('POST', `/api/v1/flows/${FLOW}-ket-noi/runs`, {});
      expect(run.status, run.text).toBeLessThan(300);
      const { runId } = JSON.parse(run.text) as { runId: string };
      await client.workflow.getHandle(runId).result().catch(() => undefined);
      const body = JSON.parse((await api('GET', `/api/v1/runs/${runId}`)).text) as { status: string; output: { body: { seen: { headers: Record<string, string> } } } };
      expect(body.status).toBe('completed');
      expect(body.output.body.seen.headers.authorization).toContain('***'); // the echo carried the account back, masked
      const haystacks = { ...(await everything(runId, run.text)), connectionAnswers: answers.join('\n') };
      expectNoSecret(haystacks);
      for (const [where, text] of Object.entries(haystacks)) {
        for (const secret of [PROXY_PASSWORD, b64(`lienthong:${PROXY_PASSWORD}`), keyBody.slice(0, 40), 'PRIVATE KEY']) expect(text.includes(secret), `a transport secret appears in ${where}`).toBe(false);
      }
    } finally {
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});
