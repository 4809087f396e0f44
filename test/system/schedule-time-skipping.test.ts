import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusinessKeysKey, TriggerKey } from '@lienthong/temporal';
import { SCHEDULED_RUN_WORKFLOW, ScheduledStartTimeKey, type ScheduledRunInput, type ScheduledRunResult } from '@lienthong/temporal/contracts';
import { startTimeSkippingPlatform, until, type TimeSkippingPlatform } from '../helpers/time-skipping.js';

// Issue 17 (Done when 4, the time-skipping part): the monthly roll-up's schedule (cron "0 7 15 * *", Vietnam time)
// fired at two consecutive 15ths on Temporal's own clock, skipped to in seconds on the time-skipping test server.
// That server has no Schedules, so at each fire time the test starts what the flow's Schedule starts — the
// `startScheduledRun` workflow of the production bundle, with the arguments the schedule service gives it and the
// TemporalScheduledStartTime search attribute a Schedule sets — on the real worker, whose activities start the run
// through the platform's run service (runs row, business keys, audit) against a fresh database; the roll-up then runs
// its subflows and submits to the reporting simulator. (test/helpers/time-skipping.ts says what else is real.)
// Run search and statistics read Temporal's visibility store, which the test server lacks: schedule-input.test.ts
// covers them on the dev server; here the run's search attributes (what run search matches) are read directly.
// The test server keeps its clock still while an activity is outstanding, and the scheduled workflow waits for its run
// in a long-poll activity: the roll-up's own 5-day waits cannot be skipped under it, so the communes and the lead answer.

const example = (name: string): Record<string, any> => JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8'));
const rollUp = example('tong-hop-bao-cao');

/** The cron's next firing after `now`: the 15th at 07:00 in Vietnam, which is 00:00 UTC that day. */
function nextFire(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 15));
  return at > now ? at : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 15));
}

describe('the monthly roll-up\'s schedule, fired on Temporal\'s clock', () => {
  let p: TimeSkippingPlatform;
  let version = 0;
  beforeAll(async () => {
    p = await startTimeSkippingPlatform();
    await p.publish(example('bao-cao-xa'));
    version = (await p.publish(rollUp)).version;
  });
  afterAll(async () => { await p?.stop(); });

  /** At `firedAt`, starts what the flow's Schedule starts (Temporal names each firing's workflow after its time). */
  async function fire(firedAt: Date): Promise<string> {
    const args: ScheduledRunInput = { flowKey: 'tong-hop-bao-cao', version, nodeId: 'start', input: rollUp.nodes.start.trigger.input };
    const workflowId = `scheduled-${p.taskQueue}-tong-hop-bao-cao-${firedAt.toISOString().replace('.000Z', 'Z')}`;
    await p.temporal.workflow.start(SCHEDULED_RUN_WORKFLOW, { taskQueue: p.taskQueue, workflowId, args: [args],
      typedSearchAttributes: [{ key: ScheduledStartTimeKey, value: firedAt }] });
    return workflowId;
  }

  /** The run the scheduled workflow started, from the audit log (actor system:schedule, with the fire time). */
  async function runStartedFor(firedAt: Date): Promise<string> {
    const read = async () => {
      await p.services.audit.flush();
      const rows = (await p.request('GET', '/api/v1/audit?action=runs.start&limit=20')).body as { actorId: string; runId: string; detail: { firedAt?: string } }[];
      return rows.find((r) => r.actorId === 'system:schedule' && r.detail.firedAt === firedAt.toISOString());
    };
    const row = await until(read, (r) => r !== undefined);
    expect(row, `a run started for ${firedAt.toISOString()}`).toBeDefined();
    return row?.runId ?? '';
  }

  it('each 15th it runs for that month\'s period, through the run service, and completes', async () => {
    const seen: string[] = [];
    for (let month = 0; month < 2; month++) {
      const now = await p.now();
      const firedAt = nextFire(now);
      await p.skip(firedAt.getTime() - now.getTime()); // days of Temporal time, in seconds
      const period = firedAt.toISOString().slice(0, 7); // fired on the 15th: the month whose data window just ended
      const scheduled = await fire(firedAt);
      const runId = await runStartedFor(firedAt);

      // Started as a scheduled run of the pinned version, keyed by regime and period (what run search matches).
      const described = await p.temporal.workflow.getHandle(runId).describe();
      expect(described.typedSearchAttributes.get(TriggerKey)).toBe('schedule');
      expect(described.typedSearchAttributes.get(BusinessKeysKey)).toEqual([`period=BC-KTXH-THANG|${period}`]);
      expect(Math.abs(described.startTime.getTime() - firedAt.getTime())).toBeLessThan(300_000); // started at the fire time (plus the seconds it took)

      // The three communes submit; the lead approves and signs; the roll-up reaches the reporting system.
      const figures = [{ A01: 10, A02: 8, A05: 'Ổn định' }, { A01: 20, A02: 15, A04: 120 }, { A01: 5, A02: 5 }];
      for (const [i, values] of figures.entries()) {
        await until(() => p.services.runs.signal(`${runId}/thu_thap/${i}`, 'submitted', { values, submittedBy: `xa-${i}` }).then(() => true, () => false), (ok) => ok);
      }
      await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.nodes?.ky_duyet?.status === 'waiting');
      const approved = await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/signals/approved`, { signature: Buffer.alloc(64, 9).toString('base64'), approvedBy: 'lanh-dao-so-khdt' });
      expect(approved.status, approved.text).toBe(200);
      const done = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status !== 'running');
      expect(done.body.status, JSON.stringify(done.body.error)).toBe('completed');
      expect(done.body.output).toMatchObject({ receiptId: expect.stringMatching(/^BC-/), submitted: ['21025', '21028', '21172'], missing: [] });

      // The scheduled workflow stayed open until its run ended (the no-overlap policy covers the run) and names both.
      const result = await p.temporal.workflow.getHandle(scheduled).result() as ScheduledRunResult;
      expect(result).toEqual({ runId, firedAt: firedAt.toISOString() });
      seen.push(period);
    }
    // Two consecutive months, one run each.
    const [first, second] = seen.map((s) => new Date(`${s}-01T00:00:00Z`));
    expect(second?.getUTCMonth()).toBe(((first?.getUTCMonth() ?? 0) + 1) % 12);
  });
});
