import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curl, operatorToken, registerSystem } from '../helpers/agency.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

const citizen = (n: number) => JSON.stringify({
  dossierNo: `000.25.94.H48-260116-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
});
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('run-end callbacks and concurrency caps for connected systems', () => {
  let p: TestPlatform;
  let receiver: Server;
  let receiverUrl: string;
  const received: { headers: Record<string, string | string[] | undefined>; body: string; answered: number }[] = [];
  let failFirst = 1;

  beforeAll(async () => {
    p = await startTestPlatform();
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => {
        const answered = failFirst-- > 0 ? 503 : 200; // the first delivery fails: the platform must retry
        received.push({ headers: req.headers, body, answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/lien-thong/callback`;
  });
  afterAll(async () => {
    await p?.stop();
    await new Promise((r) => receiver?.close(r));
  });

  it('POSTs the result of a run a system started to its callback URL, signed, and retries after a failure', async () => {
    const k = await registerSystem(p, { code: 'goi-lai', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'] });
    const op = await operatorToken(p);
    expect((await p.requestAs(op, 'PUT', '/api/v1/systems/goi-lai', { callbackUrl: receiverUrl })).status).toBe(200);
    const secret = await p.requestAs(op, 'POST', '/api/v1/systems/goi-lai/callback-secret');
    expect(secret.body.callbackSecret).toMatch(/^ltcb_/);
    const sys = await p.request('GET', '/api/v1/systems/goi-lai');
    expect(sys.body).toMatchObject({ callbackUrl: receiverUrl, hasCallbackSecret: true });
    expect(JSON.stringify(sys.body)).not.toContain(secret.body.callbackSecret);

    const run = await curl(`${p.apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs?wait=0s`, { user: `${k.accessKeyId}:${k.secretKey}`, body: citizen(1) });
    expect(run.status).toBe(202);
    while (!received.some((r) => r.answered === 200)) await pause(200);

    expect(received.map((r) => r.answered)).toEqual([503, 200]);
    const last = received[1] as (typeof received)[number];
    const payload = JSON.parse(last.body) as Record<string, unknown>;
    expect(payload).toMatchObject({ event: 'run.ended', runId: run.body.runId, flowKey: 'xac-thuc-cong-dan', status: 'completed', output: { result: 'MATCH' } });
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(last.headers['x-lt-signature'])) ?? [];
    expect(v1).toBe(createHmac('sha256', secret.body.callbackSecret as string).update(`${t}.${last.body}`).digest('hex'));

    const deliveries = await p.request('GET', '/api/v1/systems/goi-lai/callbacks');
    expect(deliveries.body).toEqual([expect.objectContaining({ runId: run.body.runId, status: 'delivered', attempts: 2, lastError: null })]);
    const audit = await p.request('GET', `/api/v1/audit?action=runs.callback&runId=${run.body.runId}`);
    expect(audit.body.map((r: { outcome: string }) => r.outcome).sort()).toEqual(['failed', 'ok']);
  });

  it('caps the requests of a system in flight at once: 429 CONCURRENCY_LIMITED with Retry-After', async () => {
    const k = await registerSystem(p, { code: 'mot-luc-mot', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'] });
    const op = await operatorToken(p);
    await p.requestAs(op, 'PUT', '/api/v1/systems/mot-luc-mot', { maxConcurrent: 1 });
    p.simulators?.faults.set('population.XacThucThongTinCongDan', { latencyMs: 4000, count: 1 });
    const user = `${k.accessKeyId}:${k.secretKey}`;
    const slow = curl(`${p.apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs?wait=30s`, { user, body: citizen(2) });
    // Wait until the slow call holds its slot (its run exists), then a second call is refused.
    while ((await p.services.runs.list({ agency: '000.00.00.H48', limit: 1000 })).filter((r) => r.caller === 'system:mot-luc-mot').length === 0) await pause(100);
    const second = await curl(`${p.apiUrl}/api/v1/runs/run-none`, { user, method: 'GET' });
    expect([second.status, second.body.error.code, second.headers.get('retry-after')]).toEqual([429, 'CONCURRENCY_LIMITED', '1']);
    expect((await slow).status).toBe(200);
    const third = await curl(`${p.apiUrl}/api/v1/runs/run-none`, { user, method: 'GET' });
    expect(third.status).toBe(404); // the slot is free again
  });
});
