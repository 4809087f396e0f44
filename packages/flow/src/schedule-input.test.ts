import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '@lienthong/schemas';
import { firedAtInVietnam, scheduleInput } from './schedule-input.js';
import { nextFireTime, scheduleInputProblems } from './schedule-check.js';

const example = (name: string) => JSON.parse(readFileSync(new URL(`../../../examples/${name}.json`, import.meta.url), 'utf8')) as FlowDocument & { nodes: Record<string, { trigger: { input: string; cron: string } }> };

describe('a schedule\'s input at fire time', () => {
  it('$firedAt is Vietnam time, also across midnight UTC', () => {
    expect(firedAtInVietnam(new Date('2026-01-31T17:30:00Z'))).toBe('2026-02-01T00:30:00+07:00');
    expect(firedAtInVietnam(new Date('2026-02-15T00:00:00.250Z'))).toBe('2026-02-15T07:00:00+07:00');
  });

  it('$month and $day move across month and year ends; $now() and $millis() are the fire time, not the clock', async () => {
    const at = new Date('2026-01-01T00:15:00Z'); // 07:15 on 1 January in Vietnam
    expect(await scheduleInput("{ 'last': $month($firedAt, -1), 'this': $month($firedAt), 'next13': $month('2026-12-31', 13), 'yesterday': $day($firedAt, -1), 'leap': $day('2028-02-28', 1), 'now': $now(), 'ms': $millis() }", at))
      .toEqual({ last: '2025-12', this: '2026-01', next13: '2028-01', yesterday: '2025-12-31', leap: '2028-02-29', now: '2026-01-01T00:15:00.000Z', ms: at.getTime() });
  });

  it('no expression: {}; a failing one: FLOW_EXPRESSION_FAILED at the trigger\'s input', async () => {
    expect(await scheduleInput(undefined, new Date())).toEqual({});
    await expect(scheduleInput("$month('tháng 2')", new Date(), 'start')).rejects.toMatchObject({ code: 'FLOW_EXPRESSION_FAILED', where: { nodeId: 'start', pointer: '/nodes/start/trigger/input' } });
    await expect(scheduleInput('$day($firedAt, 0.5)', new Date(), 'start')).rejects.toMatchObject({ code: 'FLOW_EXPRESSION_FAILED' });
  });

  it('the monthly roll-up fires on the 15th at 07:00 for that month\'s period, every month of two years, and fits its input schema', async () => {
    const doc = example('tong-hop-bao-cao');
    const { cron, input } = doc.nodes.start!.trigger;
    let after = new Date('2026-01-01T00:00:00Z');
    for (let i = 0; i < 24; i++) {
      const at = nextFireTime(cron, after);
      const expected = firedAtInVietnam(at).slice(0, 7);
      expect(firedAtInVietnam(at)).toBe(`${expected}-15T07:00:00+07:00`);
      expect(await scheduleInput(input, at)).toMatchObject({ regimeCode: 'BC-KTXH-THANG', periodLabel: expected, templateVersion: 2 });
      expect(await scheduleInputProblems(doc, after)).toEqual([]);
      after = new Date(at.getTime() + 60_000);
    }
    // Run by hand before the 15th (trigger now, a backfill), it reports the period whose data window ended last.
    expect(await scheduleInput(input, new Date('2026-03-06T02:00:00Z'))).toMatchObject({ periodLabel: '2026-02' });
    expect(await scheduleInput(input, new Date('2026-01-14T16:59:00Z'))).toMatchObject({ periodLabel: '2025-12' });
  });

  it('the IOC push gives the day it fires on (17:30 in Vietnam)', async () => {
    const doc = example('ioc-chi-so');
    const at = nextFireTime(doc.nodes.start!.trigger.cron, new Date('2026-03-09T12:00:00Z'));
    expect(firedAtInVietnam(at)).toBe('2026-03-10T17:30:00+07:00');
    expect(await scheduleInput(doc.nodes.start!.trigger.input, at)).toEqual({ date: '2026-03-10' });
    expect(await scheduleInputProblems(doc, new Date('2026-03-09T12:00:00Z'))).toEqual([]);
  });
});
