/**
 * Issue 22, Done-when 4: maintenance windows are data. A window on the national reporting system must be
 * announced 24 h ahead (a later one is refused with a coded 4xx, and the rule cannot be lowered for it); the
 * announcement reaches a connected system's webhook, signed. A window on a test connection to the reporting simulator
 * (its notice set to 0 for the test) closes that system: the simulator, given the same windows, answers 503 inside it;
 * flows that call it during the window wait on a timer (no call goes out), finish after it, none failed, none duplicated,
 * and the run replays deterministically.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { simAccounts } from '@lienthong/simulators';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { connectAndPublish } from '../helpers/connections.js';
import { operatorToken, registerSystem } from '../helpers/agency.js';
import { waitFor } from '../helpers/wait.js';

const FLOW = 'gui-bao-cao-bao-tri';
const CONNECTION = 'bao-cao-thu';
const HOUR = 3_600_000;
const signature = `'${randomBytes(64).toString('base64')}'`;

const flow = {
  key: FLOW,
  title: { vi: 'Gửi báo cáo tháng (thử bảo trì)', en: 'Submit a monthly report (maintenance test)' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    submit: { kind: 'call', connector: { id: 'reporting:national:submitAggregate', version: '1.0.0' }, credentialId: CONNECTION,
      input: { regimeCode: "'BC-KTXH-THANG'", periodLabel: '$input.periodLabel', templateVersion: '2', signature,
        values: '[{"indicatorCode": "A01", "value": 10}, {"indicatorCode": "A02", "value": 8}, {"indicatorCode": "A03", "value": 80}]' },
      retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 1 } },
    xong: { kind: 'end', output: '$nodes.submit.output' },
  },
  edges: [{ id: 'e1', source: 'start', target: 'submit' }, { id: 'e2', source: 'submit', target: 'xong' }],
};

interface Received { headers: IncomingHttpHeaders; body: string }

describe('maintenance windows (R-18)', () => {
  let p: TestPlatform;
  let client: Client;
  let receiver: Server;
  let receiverUrl = '';
  let callbackSecret = '';
  const received: Received[] = [];
  const sim = () => p.simulators?.url ?? '';

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(200).end(); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/lien-thong/thong-bao`;
    p = await startTestPlatform();
    client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
    await connectAndPublish(p, { id: CONNECTION, name: 'Hệ thống báo cáo Chính phủ (tài khoản thử)', family: 'reporting-national', environment: 'test',
      endpoint: `${sim()}/baocao`, secrets: { credential: { apiKey: simAccounts.reporting.apiKey, provinceCode: simAccounts.reporting.provinceCode } } }, flow);
    // A connected system with a callback webhook: announcements reach it there.
    await registerSystem(p, { code: 'mot-cua-tinh', agencyCode: '000.00.00.H48' });
    const op = await operatorToken(p);
    expect((await p.requestAs(op, 'PUT', '/api/v1/systems/mot-cua-tinh', { callbackUrl: receiverUrl })).status).toBe(200);
    callbackSecret = (await p.requestAs(op, 'POST', '/api/v1/systems/mot-cua-tinh/callback-secret')).body.callbackSecret as string;
  });
  afterAll(async () => {
    await client?.connection.close();
    await p?.stop();
    await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
  });

  it('the reporting system: a window announced less than 24 h ahead is refused (422, where, vi and en); 24 h ahead it is announced to the connected systems', async () => {
    const start = Date.now() + 2 * HOUR;
    const late = await p.request('POST', '/api/v1/maintenance/windows', { scope: 'system', target: 'reporting',
      startsAt: new Date(start).toISOString(), endsAt: new Date(start + HOUR).toISOString(), reason: { vi: 'Nâng cấp máy chủ', en: 'Server upgrade' } });
    expect(late.status, late.text).toBe(422);
    expect(late.body.error).toMatchObject({ code: 'MAINTENANCE_NOTICE_TOO_SHORT', where: { pointer: '/startsAt' } });
    expect(late.text).toContain('24');
    expect(late.body.error.message.vi).toMatch(/giờ/);
    expect(late.body.error.message.en).toMatch(/ahead/);
    // Nor can the rule be lowered for the reporting system.
    const lowered = await p.request('PUT', '/api/v1/maintenance/notice-rules', { scope: 'system', target: 'reporting', minNoticeMinutes: 60 });
    expect(lowered.status, lowered.text).toBe(422);
    expect(lowered.body.error).toMatchObject({ code: 'MAINTENANCE_NOTICE_BELOW_MINIMUM', where: { pointer: '/minNoticeMinutes' } });
    const rules = await p.request('GET', '/api/v1/maintenance/notice-rules');
    expect(rules.body.rules).toContainEqual({ scope: 'system', target: 'reporting', minNoticeMinutes: 1440, regulatedMinutes: 1440, configured: false });

    const ahead = Date.now() + 25 * HOUR;
    const ok = await p.request('POST', '/api/v1/maintenance/windows', { scope: 'system', target: 'reporting',
      startsAt: new Date(ahead).toISOString(), endsAt: new Date(ahead + 2 * HOUR).toISOString(), reason: { vi: 'Nâng cấp máy chủ', en: 'Server upgrade' } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ scope: 'system', target: 'reporting', announcedBy: 'user:admin', cancelledAt: null });
    expect(ok.body.noticeHours).toBeGreaterThanOrEqual(24);
    expect(ok.body.deliveries).toContainEqual(expect.objectContaining({ channel: 'webhook', to: 'mot-cua-tinh', ok: true }));

    const note = received.find((r) => r.headers['x-lt-event'] === 'maintenance.announced');
    expect(note).toBeDefined();
    const payload = JSON.parse(note?.body ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({ event: 'maintenance.announced', window: { id: ok.body.id, scope: 'system', target: 'reporting', startsAt: ok.body.startsAt, endsAt: ok.body.endsAt } });
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(note?.headers['x-lt-signature'])) ?? [];
    expect(v1).toBe(createHmac('sha256', callbackSecret).update(`${t}.${note?.body ?? ''}`).digest('hex'));

    // Listed for the period, and given to the simulators as closing the `reporting` system.
    const listed = await p.request('GET', `/api/v1/maintenance/windows?from=${new Date(ahead).toISOString()}&to=${new Date(ahead + HOUR).toISOString()}`);
    expect(listed.body.windows.map((w: { id: number }) => w.id)).toEqual([ok.body.id]);
    const feed = await p.request('GET', '/api/v1/maintenance/feed');
    expect(feed.body.windows).toContainEqual({ id: ok.body.id, systems: ['reporting'], startsAt: ok.body.startsAt, endsAt: ok.body.endsAt });

    // Cancelled: announced again, and no longer in force.
    const cancelled = await p.request('POST', `/api/v1/maintenance/windows/${ok.body.id as number}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(received.some((r) => r.headers['x-lt-event'] === 'maintenance.cancelled')).toBe(true);
    expect((await p.request('POST', `/api/v1/maintenance/windows/${ok.body.id as number}/cancel`)).body.error).toMatchObject({ code: 'MAINTENANCE_WINDOW_NOT_FOUND' });
  });

  it('a platform window 24 h ahead shows in the console banner feed; a window ending before it starts is refused', async () => {
    const ahead = Date.now() + 26 * HOUR;
    const bad = await p.request('POST', '/api/v1/maintenance/windows', { scope: 'platform', startsAt: new Date(ahead).toISOString(), endsAt: new Date(ahead - HOUR).toISOString(),
      reason: { vi: 'Nâng cấp', en: 'Upgrade' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'MAINTENANCE_WINDOW_INVALID', where: { pointer: '/endsAt' } });
    const ok = await p.request('POST', '/api/v1/maintenance/windows', { scope: 'platform', startsAt: new Date(ahead).toISOString(), endsAt: new Date(ahead + HOUR).toISOString(),
      reason: { vi: 'Nâng cấp phiên bản Liên Thông', en: 'Liên Thông version upgrade' } });
    expect(ok.status, ok.text).toBe(200);
    const banner = await p.request('GET', '/api/v1/maintenance/upcoming?withinHours=48');
    expect(banner.body.windows).toEqual([expect.objectContaining({ id: ok.body.id, scope: 'platform', reason: { vi: 'Nâng cấp phiên bản Liên Thông', en: 'Liên Thông version upgrade' } })]);
  });

  it('during a window on the reporting connection, flows wait (no call goes out) and finish after it: none failed, none duplicated', async () => {
    const rule = await p.request('PUT', '/api/v1/maintenance/notice-rules', { scope: 'connection', target: CONNECTION, minNoticeMinutes: 0 });
    expect(rule.status, rule.text).toBe(200);
    const startsAt = Date.now() + 2_000;
    const endsAt = startsAt + 8_000;
    const window = await p.request('POST', '/api/v1/maintenance/windows', { scope: 'connection', target: CONNECTION,
      startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString(), reason: { vi: 'Bảo trì định kỳ', en: 'Routine maintenance' } });
    expect(window.status, window.text).toBe(200);

    // The simulator is given the same windows: inside this one the reporting system really answers 503 + Retry-After.
    const feed = await p.request('GET', '/api/v1/maintenance/feed');
    expect(feed.body.windows).toContainEqual({ id: window.body.id, systems: ['reporting'], startsAt: window.body.startsAt, endsAt: window.body.endsAt });
    expect((await fetch(`${sim()}/_control/maintenance`, { method: 'PUT', body: JSON.stringify(feed.body) })).status).toBe(200);
    await fetch(`${sim()}/_control/counters`, { method: 'DELETE' });
    const probe = await waitFor('the simulator in maintenance', () => fetch(`${sim()}/baocao/api/v1/regimes`, { headers: { 'x-api-key': simAccounts.reporting.apiKey } }),
      (r) => r.status === 503, 10_000);
    expect(Number(probe.headers.get('retry-after'))).toBeGreaterThan(0);

    // Three monthly reports submitted during the window.
    const periods = ['2026-03', '2026-04', '2026-05'];
    const runIds: string[] = [];
    for (const periodLabel of periods) {
      const r = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, { periodLabel });
      expect(r.status, r.text).toBe(202);
      runIds.push(r.body.runId as string);
    }
    for (const id of runIds) await client.workflow.getHandle(id).result().catch(() => undefined);

    for (const id of runIds) {
      const view = (await p.request('GET', `/api/v1/runs/${id}`)).body as { status: string; output: { receiptId?: string; receivedAt?: string } };
      expect(view.status, JSON.stringify(view)).toBe('completed');
      expect(view.output.receiptId).toMatch(/^BC-/);
      expect(Date.parse(view.output.receivedAt ?? '')).toBeGreaterThanOrEqual(endsAt); // the report reached the system after the window
      // One refused attempt (nothing sent), one timer until the window's end, one call.
      const events = (await client.workflow.getHandle(id).fetchHistory()).events ?? [];
      expect(events.filter((e) => e.activityTaskScheduledEventAttributes).length).toBe(2);
      expect(events.filter((e) => e.timerStartedEventAttributes).length).toBe(1);
    }
    // The wait replays deterministically on the current worker build (the refused attempt and the timer are in the history).
    const replayed = await p.request('POST', `/api/v1/runs/${runIds[0] ?? ''}/verify-replay`);
    expect(replayed.body, replayed.text).toMatchObject({ deterministic: true });
    // The system received each report once: no call during the window, no duplicate after it.
    const counters = (await (await fetch(`${sim()}/_control/counters`)).json()) as Record<string, { calls: number; keys: number; duplicates: number }>;
    expect(counters['reporting.submitAggregate']).toEqual({ calls: 3, keys: 3, duplicates: 0 });
  });
});
