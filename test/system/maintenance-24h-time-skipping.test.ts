/**
 * Issue 22, Done-when 4 in one scenario, with Temporal time skipped (test/helpers/time-skipping.ts says what is
 * real): an admin announces, through the REST API, a window on the national reporting system itself (the scope the
 * regulated 24 h notice applies to) starting 25 h ahead; flows whose report falls due inside the window (a durable
 * delay of 25.5 h, then the submission) wait until the window ends and then submit once: none failed, none
 * duplicated, and each run replays deterministically. A large foreach (engine 4) whose chunk meets the window waits
 * and resumes the same way. The worker judges windows on the workflow's clock, which is how a window a day away is
 * reached here without waiting a day.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimeSkippingPlatform, until, type TimeSkippingPlatform } from '../helpers/time-skipping.js';

const FLOW = 'gui-bao-cao-sau-bao-tri';
const HOUR = 3_600_000;
const signature = `'${randomBytes(64).toString('base64')}'`;

const flow = {
  key: FLOW,
  title: { vi: 'Gửi báo cáo tháng sau 25,5 giờ (thử bảo trì 24 giờ)', en: 'Submit a monthly report 25.5 h later (24 h maintenance test)' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    cho: { kind: 'delay', duration: '1530m' }, // 25.5 h: the submission falls inside the window
    submit: { kind: 'call', connector: { id: 'reporting:national:submitAggregate', version: '1.0.0' }, credentialId: 'reporting-national',
      input: { regimeCode: "'BC-KTXH-THANG'", periodLabel: '$input.periodLabel', templateVersion: '2', signature,
        values: '[{"indicatorCode": "A01", "value": 10}, {"indicatorCode": "A02", "value": 8}, {"indicatorCode": "A03", "value": 80}]' },
      retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 1 } },
    xong: { kind: 'end', output: '$nodes.submit.output' },
  },
  edges: [{ id: 'e1', source: 'start', target: 'cho' }, { id: 'e2', source: 'cho', target: 'submit' }, { id: 'e3', source: 'submit', target: 'xong' }],
};

/** A large foreach (engine 4: chunk activities) of reporting-system lookups, due inside the window too. */
const BULK = 'tra-cuu-bao-cao-hang-loat';
const ITEMS = 150;
const bulk = {
  key: BULK,
  title: { vi: 'Tra cứu chế độ báo cáo hàng loạt sau 25,5 giờ', en: 'Reporting regime lookups in bulk 25.5 h later' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    cho: { kind: 'delay', duration: '1530m' },
    each: { kind: 'foreach', items: `[1..${ITEMS}]`, concurrency: 5, // chunks of 100: two chunks
      body: { call: { connector: { id: 'reporting:national:listRegimes', version: '1.0.0' }, credentialId: 'reporting-national', input: {} } } },
    xong: { kind: 'end', output: "{ 'total': $nodes.each.output.total, 'succeeded': $nodes.each.output.succeeded, 'failed': $nodes.each.output.failed }" },
  },
  edges: [{ id: 'e1', source: 'start', target: 'cho' }, { id: 'e2', source: 'cho', target: 'each' }, { id: 'e3', source: 'each', target: 'xong' }],
};

interface HistoryEvent {
  eventTime?: { seconds?: unknown; nanos?: number | null } | null;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  activityTaskFailedEventAttributes?: { failure?: { applicationFailureInfo?: { type?: string | null } | null } | null } | null;
  timerStartedEventAttributes?: unknown;
}
const timeOf = (e: HistoryEvent) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);

describe('R-18: a window on the reporting system announced 24 h ahead; flows due inside it wait and submit after it (time skipped)', () => {
  let p: TimeSkippingPlatform;
  beforeAll(async () => {
    p = await startTimeSkippingPlatform();
    await p.publish(flow);
    await p.publish(bulk);
  });
  afterAll(async () => { await p?.stop(); });

  it('four reports due during the window are submitted once each after it ends; none failed, none duplicated, replay deterministic', async () => {
    const sim = p.simulators.url;
    // Times on the test server's clock: the announcement's 24 h are checked on the wall clock, never later than it.
    const announcedAt = (await p.now()).getTime();
    const startsAt = announcedAt + 25 * HOUR;
    const endsAt = startsAt + 2 * HOUR;
    const window = await p.request('POST', '/api/v1/maintenance/windows', { scope: 'system', target: 'reporting',
      startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString(), reason: { vi: 'Nâng cấp hệ thống báo cáo', en: 'Reporting system upgrade' } });
    expect(window.status, window.text).toBe(200);
    expect(window.body.noticeHours).toBeGreaterThanOrEqual(24);

    await fetch(`${sim}/_control/counters`, { method: 'DELETE' });
    const periods = ['2027-01', '2027-02', '2027-03', '2027-04'];
    const runIds: string[] = [];
    for (const periodLabel of periods) {
      const r = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, { periodLabel });
      expect(r.status, r.text).toBe(202);
      runIds.push(r.body.runId as string);
    }
    const history = async (id: string) => ((await p.temporal.workflow.getHandle(id).fetchHistory()).events ?? []) as HistoryEvent[];
    for (const id of runIds) { // every run is on its 25.5 h timer before time is skipped
      const events = await until(() => history(id), (es) => es.some((e) => e.timerStartedEventAttributes));
      expect(events.some((e) => e.timerStartedEventAttributes), `${id} on its delay`).toBe(true);
    }

    await p.skip(28 * HOUR);
    for (const id of runIds) {
      const view = await until(() => p.request('GET', `/api/v1/runs/${id}`), (r) => r.body?.status !== 'running');
      expect(view.body.status, view.text).toBe('completed');
      expect(view.body.output.receiptId).toMatch(/^BC-/);

      // On the workflow's clock: one refused attempt inside the window (nothing sent), a timer, then one call after it.
      const events = await history(id);
      const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes);
      expect(scheduled).toHaveLength(2);
      const refused = events.filter((e) => e.activityTaskFailedEventAttributes);
      expect(refused.map((e) => e.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type)).toEqual(['CONNECTOR_MAINTENANCE']);
      const [first, second] = scheduled.map(timeOf);
      expect(first).toBeGreaterThanOrEqual(startsAt);
      expect(first).toBeLessThan(endsAt);
      expect(second).toBeGreaterThanOrEqual(endsAt);
    }

    // The reporting system received each report once: no call during the window, no duplicate after it.
    const counters = (await (await fetch(`${sim}/_control/counters`)).json()) as Record<string, { calls: number; keys: number; duplicates: number }>;
    expect(counters['reporting.submitAggregate']).toEqual({ calls: 4, keys: 4, duplicates: 0 });

    // The wait replays deterministically on the current worker build.
    const replayed = await p.request('POST', `/api/v1/runs/${runIds[0] ?? ''}/verify-replay`);
    expect(replayed.body, replayed.text).toMatchObject({ deterministic: true });
  });

  it('a large foreach whose chunk meets the window waits on a timer and resumes after it: every item called once, none failed', async () => {
    const sim = p.simulators.url;
    const startsAt = (await p.now()).getTime() + 25 * HOUR;
    const endsAt = startsAt + 2 * HOUR;
    const window = await p.request('POST', '/api/v1/maintenance/windows', { scope: 'system', target: 'reporting',
      startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString(), reason: { vi: 'Nâng cấp hệ thống báo cáo', en: 'Reporting system upgrade' } });
    expect(window.status, window.text).toBe(200);

    await fetch(`${sim}/_control/counters`, { method: 'DELETE' });
    const started = await p.request('POST', `/api/v1/flows/${BULK}/runs?wait=0s`, {});
    expect(started.status, started.text).toBe(202);
    const id = started.body.runId as string;
    const history = async () => ((await p.temporal.workflow.getHandle(id).fetchHistory()).events ?? []) as HistoryEvent[];
    await until(history, (es) => es.some((e) => e.timerStartedEventAttributes));

    await p.skip(28 * HOUR);
    const view = await until(() => p.request('GET', `/api/v1/runs/${id}`), (r) => r.body?.status !== 'running');
    expect(view.body.status, view.text).toBe('completed');
    expect(view.body.output).toEqual({ total: ITEMS, succeeded: ITEMS, failed: 0 });

    // The first chunk was refused inside the window (nothing sent), waited, and ran after it; then the second chunk.
    const events = await history();
    const chunks = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'foreachChunk').map(timeOf);
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toBeGreaterThanOrEqual(startsAt);
    expect(chunks[0]).toBeLessThan(endsAt);
    expect(chunks[1]).toBeGreaterThanOrEqual(endsAt);
    expect(events.filter((e) => e.activityTaskFailedEventAttributes).map((e) => e.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type))
      .toEqual(['CONNECTOR_MAINTENANCE']);
    const counters = (await (await fetch(`${sim}/_control/counters`)).json()) as Record<string, { calls: number }>;
    expect(counters['reporting.listRegimes']?.calls).toBe(ITEMS);
  });
});
