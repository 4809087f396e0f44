/**
 * Issue 14, "callback URLs accept loopback and link-local addresses (SSRF) and follow redirects": with real local
 * receivers, a callbackUrl to a loopback, link-local or private address is refused at registration (400 at
 * /callbackUrl) unless LT_EGRESS_ALLOW names it; an address that became forbidden after registration is refused at
 * delivery; a redirecting receiver is never followed (a failed delivery, recorded), for callbacks and alert webhooks.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedSystems } from '@lienthong/db';
import { egressPolicy, webhookChannel } from '@lienthong/observability';
import { curl, operatorToken, registerSystem, type SystemKeys } from '../helpers/agency.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

const citizen = JSON.stringify({
  dossierNo: '000.25.94.H48-260116-0901', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
});
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A receiver that records what it gets and answers `status` (with a Location when redirecting). */
async function receiver(status: number, location?: string): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => { hits.push(`${req.method} ${req.url}`); res.writeHead(status, location ? { location } : {}).end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/lien-thong/callback`, hits };
}
const close = (s: Server | undefined) => new Promise<void>((r) => (s ? s.close(() => r()) : r()));

async function runAsSystem(p: TestPlatform, k: SystemKeys): Promise<string> {
  const run = await curl(`${p.apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs`, { user: `${k.accessKeyId}:${k.secretKey}`, body: citizen });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  return run.body.runId as string;
}

async function deliveryOf(p: TestPlatform, runId: string) {
  for (;;) {
    // Delivered by the run's callback workflow on the worker (Temporal retries it): wait for its first attempt.
    const [row] = await p.services.callbacks.list({ runId });
    if (row && row.attempts > 0) return row;
    await pause(200);
  }
}

describe('egress policy: nothing internal allowed (LT_EGRESS_ALLOW empty)', () => {
  let p: TestPlatform;
  let inside: Awaited<ReturnType<typeof receiver>>;
  let k: SystemKeys;
  let op = '';

  beforeAll(async () => {
    inside = await receiver(200);
    p = await startTestPlatform({ egressAllow: '' });
    k = await registerSystem(p, { code: 'goi-lai-noi-bo', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'] });
    op = await operatorToken(p);
  });
  afterAll(async () => {
    await p?.stop();
    await close(inside?.server);
  });

  it('refuses loopback, link-local, private and unspecified callback URLs at registration: 400 EGRESS_REFUSED at /callbackUrl', async () => {
    const port = new URL(inside.url).port;
    for (const url of [inside.url, `http://localhost:${port}/x`, `http://[::1]:${port}/x`, 'http://169.254.169.254/latest/meta-data/', 'http://10.20.30.40/hook',
      'http://172.16.5.4/hook', 'http://192.168.1.10/hook', 'http://0.0.0.0:80/hook', 'http://[fe80::1]/hook', 'http://[fd00::1]/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://2130706433/hook']) {
      const r = await p.requestAs(op, 'PUT', '/api/v1/systems/goi-lai-noi-bo', { callbackUrl: url });
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'EGRESS_REFUSED', where: { pointer: '/callbackUrl' } });
      expect(r.body.error.message.vi).toContain('từ chối');
    }
    expect((await p.request('GET', '/api/v1/systems/goi-lai-noi-bo')).body.callbackUrl ?? null).toBeNull();
    expect(inside.hits).toEqual([]);
  });

  it('checks again at delivery: a callback URL that points inside now (changed behind the registry\'s back) is not called', async () => {
    await p.requestAs(op, 'POST', '/api/v1/systems/goi-lai-noi-bo/callback-secret');
    await p.db.db.update(connectedSystems).set({ callbackUrl: inside.url }).where(eq(connectedSystems.code, 'goi-lai-noi-bo'));
    const row = await deliveryOf(p, await runAsSystem(p, k));
    expect(row.status).not.toBe('delivered');
    expect(row.lastError).toContain('EGRESS_REFUSED');
    expect(inside.hits).toEqual([]);
  });

  it('an alert webhook to a loopback address is refused too', async () => {
    const ch = webhookChannel(inside.url, 'bi-mat-webhook', { egress: egressPolicy('') });
    await expect(ch.send('firing', { id: 1 } as never)).rejects.toMatchObject({ code: 'EGRESS_REFUSED' });
    expect(inside.hits).toEqual([]);
  });
});

describe('egress policy: loopback allowed explicitly, redirects never followed', () => {
  let p: TestPlatform;
  let target: Awaited<ReturnType<typeof receiver>>;
  let redirecting: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    target = await receiver(200);
    redirecting = await receiver(307, target.url);
    p = await startTestPlatform({ egressAllow: '127.0.0.1/32' });
  });
  afterAll(async () => {
    await p?.stop();
    await close(target?.server);
    await close(redirecting?.server);
  });

  it('a run-end callback to a redirecting receiver is a failed delivery, recorded, and the redirect target is never called', async () => {
    const k = await registerSystem(p, { code: 'goi-lai-chuyen-huong', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'] });
    const op = await operatorToken(p);
    expect((await p.requestAs(op, 'PUT', '/api/v1/systems/goi-lai-chuyen-huong', { callbackUrl: redirecting.url })).status).toBe(200);
    await p.requestAs(op, 'POST', '/api/v1/systems/goi-lai-chuyen-huong/callback-secret');
    const runId = await runAsSystem(p, k);
    const row = await deliveryOf(p, runId);
    expect(row).toMatchObject({ status: 'pending', lastError: 'HTTP 307: redirect not followed' });
    expect(redirecting.hits).toEqual(['POST /lien-thong/callback']);
    expect(target.hits).toEqual([]);
    const audit = await p.request('GET', `/api/v1/audit?action=runs.callback&runId=${runId}`);
    expect(audit.body[0]).toMatchObject({ outcome: 'failed', detail: { error: 'HTTP 307: redirect not followed' } });
  });

  it('an alert webhook answered with a redirect fails and the target is never called', async () => {
    const ch = webhookChannel(redirecting.url, 'bi-mat-webhook', { egress: egressPolicy('127.0.0.1/32') });
    await expect(ch.send('firing', { id: 2 } as never)).rejects.toThrow('redirect not followed');
    expect(target.hits).toEqual([]);
  });
});
