import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curl, operatorToken, registerSystem, type SystemKeys } from '../helpers/agency.js';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';
import { until } from './flow-harness.js';

// DOMAIN §7.a at full depth (examples/xac-thuc-cong-dan-day-du.json) on the real platform: with the population DB down the
// agency system gets PENDING (202) at once and the result by its callback when the DB is back; after N hours without it
// an officer checks the ID in person; verification outcomes are cached under HMAC keys only, and expire.

const FLOW = 'xac-thuc-cong-dan-day-du';
const H48 = '000.00.00.H48';
const OPERATION = 'population.XacThucThongTinCongDan';
const example = JSON.parse(readFileSync(new URL(`../../examples/${FLOW}.json`, import.meta.url), 'utf8')) as { nodes: Record<string, Record<string, unknown>> };
/** The example as published, with some of its nodes' settings changed (the flow's own configuration: no waiting for hours). */
const configured = (changes: Record<string, Record<string, unknown>>) =>
  ({ ...example, nodes: Object.fromEntries(Object.entries(example.nodes).map(([id, n]) => [id, { ...n, ...changes[id] }])) });
/** Retries every second instead of every 30 s and up to 10 min. */
const quickRetries = { verify_later: { retry: { maximumAttempts: 100, initialInterval: '1s', backoffCoefficient: 1 } } };
const citizen = (n: number, soDinhDanh = '051090123456') => JSON.stringify({
  dossierNo: `000.25.94.H48-261206-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111', purpose: 'Đăng ký khai sinh',
  applicant: { soDinhDanh, hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
});

describe('7.a citizen verification at full depth', () => {
  const p = useTestPlatform();
  let receiver: Server;
  const received: Record<string, any>[] = [];
  let system: SystemKeys;
  let user: string;
  const start = (n: number, soDinhDanh?: string) => curl(`${p.apiUrl}/api/v1/flows/${FLOW}/runs`, { user, body: citizen(n, soDinhDanh) });
  const publish = async (doc: unknown) => expect((await p.request('POST', '/api/v1/flows', doc)).status).toBe(201);
  const down = () => p.simulators?.faults.set(OPERATION, { status: 503 });
  const up = () => p.simulators?.faults.clear(OPERATION);

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => { received.push(JSON.parse(body) as Record<string, unknown>); res.writeHead(200).end(); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    system = await registerSystem(p, { code: 'mot-cua-7a', agencyCode: H48, allowedFlows: [FLOW] });
    user = `${system.accessKeyId}:${system.secretKey}`;
    const op = await operatorToken(p);
    expect((await p.requestAs(op, 'PUT', '/api/v1/systems/mot-cua-7a', { callbackUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cb` })).status).toBe(200);
    expect((await p.requestAs(op, 'POST', '/api/v1/systems/mot-cua-7a/callback-secret')).status).toBe(200);
  });
  afterAll(async () => {
    up();
    await new Promise((r) => receiver?.close(r));
  });
  const callbackOf = (runId: string) => until(() => Promise.resolve(received.find((b) => b.runId === runId)), (b) => b !== undefined, 600);

  it('with the population DB down the caller gets PENDING (202, the run id, where to read it); the run keeps retrying and the callback brings the result', async () => {
    await publish(configured(quickRetries));
    down();
    const pending = await start(1);
    expect(pending.status).toBe(202);
    const runId = pending.body.runId as string;
    expect(pending.headers.get('location')).toBe(`/api/v1/runs/${runId}`);
    expect(pending.body).toMatchObject({ status: 'running', output: { result: 'PENDING', runId, resultAt: `/api/v1/runs/${runId}` } });
    // Still retrying a few attempts later (the retry is Temporal's, durable), and no officer is bothered yet.
    const calls = () => Promise.resolve(p.simulators?.counters.snapshot()[OPERATION]?.calls ?? 0);
    const before = await calls();
    await until(calls, (n) => n >= before + 2, 600);
    expect((await p.request('GET', `/api/v1/runs/${runId}`)).body).toMatchObject({ status: 'running', nodes: { verify_later: { status: 'running' } } });
    up();
    const callback = await callbackOf(runId);
    expect(callback).toMatchObject({ event: 'run.ended', runId, flowKey: FLOW, status: 'completed',
      response: { result: 'PENDING' }, output: { result: 'MATCH', source: 'CSDLQG-DC', dossierNo: '000.25.94.H48-261206-0001' } });
    expect((await p.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}/task-events`)).body).toEqual([]);
  });

  it('after N hours without the system (here: the flow\'s wait set to 2 s) an officer of the agency checks the ID in person; the decision completes the run', async () => {
    await publish(configured({ ...quickRetries, wait_hours: { duration: '2s' } }));
    const officer = await sessionOfNewUser(p, 'can-bo-mot-cua', [{ role: 'officer', agency: H48 }]);
    down();
    const pending = await start(2, '051090654321');
    expect([pending.status, pending.body.output?.result]).toEqual([202, 'PENDING']);
    const runId = pending.body.runId as string;
    const inbox = await until(() => p.requestAs(officer, 'GET', '/api/v1/tasks?box=agency'), (r) => (r.body?.tasks ?? []).some((t: { runId: string }) => t.runId === runId), 600);
    const task = (inbox.body.tasks as { runId: string; taskId: string; agency: string }[]).find((t) => t.runId === runId);
    expect(task?.agency).toBe(H48);
    const open = await p.requestAs(officer, 'GET', `/api/v1/tasks/${task?.taskId}`);
    // What the officer needs to check the card, with the ID masked (data minimisation).
    expect(open.body.context).toEqual({ dossierNo: '000.25.94.H48-261206-0002', procedureCode: '1.001193.000.00.00.H48', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512', soDinhDanh: '051******321' });
    const decided = await p.requestAs(officer, 'POST', `/api/v1/tasks/${task?.taskId}/decision`, { result: 'MATCH', method: 'VNeID' });
    expect(decided.status).toBe(200);
    const callback = await callbackOf(runId);
    expect(callback).toMatchObject({ status: 'completed', output: { result: 'MATCH', source: 'KIEM-TRA-TRUC-TIEP', method: 'VNeID' } });
    // The retries stopped with the decision (the join took the first result and cancelled the other branch).
    const run = await p.request('GET', `/api/v1/runs/${runId}`);
    expect(run.body.nodes.verify_later?.status).not.toBe('completed');
    up();
  });

  it('caches only HMAC-keyed outcomes (never the record), answers from them while the DB is down, and never uses an expired one', async () => {
    await publish(configured(quickRetries));
    up();
    const first = await start(3, '051090111222');
    // Not in the population DB: "no match" is an outcome like any other (DOMAIN §6.3), cached the same way.
    expect([first.status, first.body.output?.result, first.body.output?.cached]).toEqual([200, 'MISMATCH', undefined]);
    const rows = (await p.db.db.execute(sql`select * from verification_cache`)).rows as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['checked_at', 'expires_at', 'key', 'outcome']);
      expect(row.key).toMatch(/^[0-9a-f]{64}$/);
      expect(new Date(row.expires_at as string).getTime() - new Date(row.checked_at as string).getTime()).toBe(24 * 3_600_000);
    }
    expect(JSON.stringify(rows)).not.toMatch(/051090111222|NGUY|19900512|VĂN/);

    // The population DB is down: the cached outcome answers, synchronously.
    down();
    const cached = await start(4, '051090111222');
    expect([cached.status, cached.body.output]).toEqual([200, expect.objectContaining({ result: 'MISMATCH', cached: true, source: 'CSDLQG-DC' })]);

    // Expired (its time passed): not used, the caller gets PENDING; the sweep removes it.
    await p.db.db.execute(sql`update verification_cache set expires_at = now() - interval '1 second'`);
    const expired = await start(5, '051090111222');
    expect([expired.status, expired.body.output?.result]).toEqual([202, 'PENDING']);
    // Swept: by this call or already by the platform's retention schedule, which sweeps the cache too.
    await p.services.verificationCache.sweep(new Date());
    expect((await p.db.db.execute(sql`select key from verification_cache where expires_at <= now()`)).rows).toEqual([]);
    up();
    await callbackOf(expired.body.runId as string);
  });

  it('the HMAC key lives in the credential store, never in the flow', async () => {
    const creds = await p.request('GET', '/api/v1/credentials');
    expect(JSON.stringify(creds.body)).toContain('xac-thuc-hmac');
    const published = await p.request('GET', `/api/v1/flows/${FLOW}`);
    expect(published.status).toBe(200);
    expect(JSON.stringify(published.body)).not.toMatch(/"key"\s*:\s*"[A-Za-z0-9+/=]{40,}"/);
  });
});
