import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { RUN_FLOW_WORKFLOW, SCHEDULED_RUN_WORKFLOW } from '@lienthong/temporal/contracts';
import { useRawTemporalClient, useTestPlatform } from '../helpers/suite.js';

// Schedules that start real work: the schedule's input expression is computed from the fire time, checked against
// the flow's input schema when a version is published, and the run it starts goes the way every run goes
// (runs row with trigger "schedule", business keys, run search, audit, statistics).

const example = (name: string): Record<string, any> => JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `done` holds (at most ~60 s), returning the last value. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 240 && !done(v); i++) { await sleep(250); v = await read(); }
  return v;
}

/** The period the roll-up reports on when fired at `at`: the month whose data window (15th → 14th) ended last. */
function expectedPeriod(at: Date): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(at).split('-').map(Number) as [number, number, number];
  const month = new Date(Date.UTC(y, m - 1 - (d >= 15 ? 0 : 1), 1));
  return month.toISOString().slice(0, 7);
}

describe('schedule triggers with an input computed at fire time', () => {
  const p = useTestPlatform();
  const raw = useRawTemporalClient();
  afterAll(async () => {
    // The examples' schedules would outlive this platform on the shared dev server.
    for (const key of ['tong-hop-bao-cao', 'ioc-chi-so']) await p.services.schedules.remove(key).catch(() => undefined);
  });

  /** Fires the flow's schedule now; returns the run it started and the fire time Temporal recorded. */
  async function fire(flowKey: string): Promise<{ runId: string; firedAt: Date }> {
    const seen = new Set(((await p.request('GET', `/api/v1/runs?flowKey=${flowKey}&trigger=schedule`)).body.runs ?? []).map((r: { runId: string }) => r.runId));
    await p.services.schedules.trigger(flowKey);
    const found = await until(() => p.request('GET', `/api/v1/runs?flowKey=${flowKey}&trigger=schedule`),
      (r) => (r.body.runs ?? []).some((x: { runId: string }) => !seen.has(x.runId)));
    const run = (found.body.runs as { runId: string }[]).find((x) => !seen.has(x.runId));
    expect(run, 'the schedule started a run').toBeDefined();
    // Temporal names each scheduled workflow after the time it fired: `<id>-2026-12-06T10:00:01Z`.
    const d = await p.services.schedules.describe(flowKey);
    const firedAt = new Date(/(\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/.exec(d.recentRuns.at(-1) ?? '')?.[1] ?? '');
    expect(Number.isNaN(firedAt.getTime())).toBe(false);
    return { runId: run?.runId ?? '', firedAt };
  }

  /** Sends a signal through the API once the run (or child run) exists and waits for it. */
  async function signal(runId: string, name: string, payload: unknown): Promise<void> {
    const r = await until(() => p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/signals/${name}`, payload), (x) => x.status === 200);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  it('the monthly roll-up, fired now, runs for the period that just ended, completes, and shows in run search, audit and statistics', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const { runId, firedAt } = await fire('tong-hop-bao-cao');
    const period = expectedPeriod(firedAt);

    // The run was started through the run service: its row, trigger and business key (regime|period) are there.
    const search = await p.request('GET', `/api/v1/runs?flowKey=tong-hop-bao-cao&businessKey=${encodeURIComponent(`period=BC-KTXH-THANG|${period}`)}`);
    expect(search.body.runs.map((r: { runId: string }) => r.runId)).toContain(runId);
    expect(search.body.runs.find((r: { runId: string }) => r.runId === runId)).toMatchObject({ trigger: 'schedule', businessKeys: [`period=BC-KTXH-THANG|${period}`] });

    // Each of the three communes in the schedule's input submits; then the lead approves and signs.
    const figures = [{ A01: 10, A02: 8, A05: 'Ổn định' }, { A01: 20, A02: 15, A04: 120 }, { A01: 5, A02: 5 }];
    for (const [i, values] of figures.entries()) {
      await until(() => p.services.runs.signal(`${runId}/thu_thap/${i}`, 'submitted', { values, submittedBy: `xa-${i}` }).then(() => true, () => false), (ok) => ok);
    }
    await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body.nodes?.ky_duyet?.status === 'waiting');
    await signal(runId, 'approved', { signature: Buffer.alloc(64, 9).toString('base64'), approvedBy: 'lanh-dao-so-khdt' });

    const done = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body.status !== 'running');
    expect(done.body.status, JSON.stringify(done.body.error)).toBe('completed');
    expect(done.body.output).toMatchObject({ receiptId: expect.stringMatching(/^BC-/), submitted: ['21025', '21028', '21172'], missing: [] });

    const audit = await p.request('GET', `/api/v1/audit?runId=${encodeURIComponent(runId)}`);
    expect(audit.body).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'runs.start', actorId: 'system:schedule', outcome: 'ok', flowKey: 'tong-hop-bao-cao' })]));

    const to = new Date(Date.now() + 60_000).toISOString();
    const stats = await p.request('GET', `/api/v1/stats/runs?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=flow&flowKey=tong-hop-bao-cao`);
    expect(stats.body.find((r: { key: string }) => r.key === 'tong-hop-bao-cao')).toMatchObject({ started: 1, completed: 1 });
  });

  it('the IOC indicator push, fired now, waits for the day\'s counts and pushes them', async () => {
    const { runId } = await fire('ioc-chi-so');
    await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body.nodes?.so_lieu?.status === 'waiting');
    await signal(runId, 'counts', { counts: [{ communeCode: '21025', count: 12 }, { communeCode: '21028', count: 7 }] });
    const done = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body.status !== 'running');
    expect(done.body).toMatchObject({ status: 'completed', output: { accepted: 2, rejected: 0 } });
  });

  it('catching up on a missed month: backfilled over 15 February 2026, the roll-up runs for 2026-02 (the time it was due, not now)', async () => {
    const key = `period=${encodeURIComponent('BC-KTXH-THANG|2026-02')}`;
    // 07:00 on the 15th in Vietnam is 00:00 UTC: the window holds exactly that one firing.
    await p.services.schedules.backfill('tong-hop-bao-cao', { from: new Date('2026-02-14T12:00:00Z'), to: new Date('2026-02-15T12:00:00Z') });
    const found = await until(() => p.request('GET', `/api/v1/runs?flowKey=tong-hop-bao-cao&trigger=schedule&businessKey=${key}`), (r) => (r.body.runs ?? []).length > 0);
    expect(found.body.runs).toHaveLength(1);
    const runId = found.body.runs[0].runId as string;
    // Nobody will submit for February: cancelled, the run ends (and with it the scheduled workflow that waits for it).
    expect((await p.request('POST', `/api/v1/runs/${runId}/cancel`)).status).toBe(200);
    const ended = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body.status !== 'running');
    expect(ended.body.status).toBe('cancelled');
  });

  it('a schedule left by an older release (the interpreter started directly, input {}) is brought to the current way at start', async () => {
    // Through the raw service: the action's arguments stay encrypted, only the workflow type is read and changed.
    const at = { namespace: 'default', scheduleId: p.services.schedules.scheduleId('ioc-chi-so') };
    const typeOf = async () => (await raw.workflowService.describeSchedule(at)).schedule?.action?.startWorkflow?.workflowType?.name;
    const d = await raw.workflowService.describeSchedule(at);
    const start = d.schedule?.action?.startWorkflow;
    if (!d.schedule || !start) throw new Error('the IOC push has no schedule');
    start.workflowType = { name: RUN_FLOW_WORKFLOW };
    await raw.workflowService.updateSchedule({ ...at, schedule: d.schedule, conflictToken: d.conflictToken, requestId: randomUUID() });
    expect(await typeOf()).toBe(RUN_FLOW_WORKFLOW);
    expect(await p.services.schedules.syncAll()).toEqual(expect.arrayContaining(['tong-hop-bao-cao', 'ioc-chi-so']));
    expect(await typeOf()).toBe(SCHEDULED_RUN_WORKFLOW);
  });

  it('a designer test run of a scheduled flow (published as <key>--thu) creates no schedule', async () => {
    const res = await p.request('POST', '/api/v1/flows', { ...example('ioc-chi-so'), key: 'ioc-chi-so--thu' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await expect(p.services.schedules.describe('ioc-chi-so--thu')).rejects.toThrow();
  });

  describe('a schedule whose input cannot satisfy the flow\'s input schema is refused at publish, located', () => {
    const flow = (trigger: Record<string, unknown>) => {
      const doc = example('tong-hop-bao-cao');
      return { ...doc, key: 'tong-hop-loi-lich', nodes: { ...doc.nodes, start: { ...doc.nodes.start, trigger: { ...doc.nodes.start.trigger, ...trigger } } } };
    };
    const refused = async (doc: unknown) => {
      const res = await p.request('POST', '/api/v1/flows', doc);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect((await p.request('GET', '/api/v1/flows/tong-hop-loi-lich')).status).toBe(404);
      await expect(p.services.schedules.describe('tong-hop-loi-lich')).rejects.toThrow();
      return res.body.errors as { code: string; message: { vi: string; en: string }; where: Record<string, string> }[];
    };

    it('a value of the wrong shape and a missing field: one error each, at the trigger\'s input, with the field', async () => {
      const errors = await refused(flow({ input: "{ 'regimeCode': 'BC-KTXH-THANG', 'periodLabel': $month($firedAt, -1) & '-01', 'communes': [{ 'code': '21025' }] }" }));
      expect(errors.map((e) => [e.code, e.where])).toEqual(expect.arrayContaining([
        ['FLOW_COMPILE_SCHEDULE_INPUT', { nodeId: 'start', pointer: '/nodes/start/trigger/input', field: '/periodLabel' }],
        ['FLOW_COMPILE_SCHEDULE_INPUT', { nodeId: 'start', pointer: '/nodes/start/trigger/input', field: '/templateVersion' }],
      ]));
      expect(errors[0]?.message.vi).toMatch(/^Nút start: đầu vào của lịch chạy/);
      expect(errors[0]?.message.en).toMatch(/^Node start: the schedule's input/);
    });

    it('no input at all while the schema requires fields (what every schedule did before)', async () => {
      const doc = flow({});
      delete (doc.nodes.start.trigger as Record<string, unknown>).input;
      const errors = await refused(doc);
      expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['FLOW_COMPILE_SCHEDULE_INPUT']));
      expect(errors.map((e) => e.where.field).sort()).toEqual(['/communes', '/periodLabel', '/regimeCode', '/templateVersion']);
    });

    it('an expression that fails at fire time, and one that does not parse', async () => {
      const failing = await refused(flow({ input: "{ 'periodLabel': $month('không phải ngày') }" }));
      expect(failing.map((e) => [e.code, e.where.pointer])).toEqual([['FLOW_COMPILE_SCHEDULE_INPUT_FAILED', '/nodes/start/trigger/input']]);
      const unparsable = await refused(flow({ input: "{ 'periodLabel': " }));
      expect(unparsable.map((e) => [e.code, e.where.pointer])).toEqual([['FLOW_COMPILE_BAD_EXPRESSION', '/nodes/start/trigger/input']]);
    });
  });
});
