import { describe, expect, it } from 'vitest';
import type { WorkingCalendar } from '@lienthong/flow';
import { addClockTime, clockTimeBetween, latenessMs, pauseClock } from './sla.js';

// The SLA clock's pause (DOMAIN §7.b): a deadline in working days moves by the paused time that fell on working days.

const cal: WorkingCalendar = {
  kind: 'working-calendar', version: 'calendar@test', timeZone: 'Asia/Ho_Chi_Minh', weekend: [0, 6], years: [2026],
  holidays: ['2026-12-08'], workingDays: [],
};
/** A Vietnam local time. */
const vn = (local: string) => new Date(`${local}+07:00`);
const H = 3_600_000;

describe('the SLA clock', () => {
  it('a pause within a working day moves the deadline by all of it', () => {
    const p = pauseClock(vn('2026-12-04T16:00:00'), vn('2026-12-04T09:00:00'), vn('2026-12-04T11:30:00'), cal);
    expect(p.pausedMs).toBe(2.5 * H);
    expect(p.dueAfter).toBe(vn('2026-12-04T18:30:00').toISOString());
  });

  it('a weekend and a holiday in the pause move nothing; a moved deadline skips them too', () => {
    // Friday 16:00 → Wednesday 09:00: Friday's last 8 h and Monday count, Saturday, Sunday and the Tuesday holiday do not.
    expect(clockTimeBetween(vn('2026-12-04T16:00:00'), vn('2026-12-09T09:00:00'), cal)).toBe(8 * H + 24 * H + 9 * H);
    // 10 h from Friday 20:00: 4 h on Friday, then Monday from midnight.
    expect(addClockTime(vn('2026-12-04T20:00:00'), 10 * H, cal).toISOString()).toBe(vn('2026-12-07T06:00:00').toISOString());
    // A pause over a weekend only.
    const weekend = pauseClock(vn('2026-12-10T10:00:00'), vn('2026-12-05T10:00:00'), vn('2026-12-06T18:00:00'), cal);
    expect([weekend.pausedMs, weekend.dueAfter]).toEqual([0, weekend.dueBefore]);
  });

  it('a deadline in hours moves by the wall time paused', () => {
    const p = pauseClock(vn('2026-12-05T12:00:00'), vn('2026-12-05T08:00:00'), vn('2026-12-06T08:00:00'), null);
    expect(p.pausedMs).toBe(24 * H);
    expect(p.dueAfter).toBe(vn('2026-12-06T12:00:00').toISOString());
  });

  it('lateness is counted against the (moved) deadline, 0 in time', () => {
    const due = vn('2026-12-04T16:00:00');
    expect(latenessMs(due, vn('2026-12-04T15:00:00'), new Date())).toBe(0);
    expect(latenessMs(due, vn('2026-12-04T17:00:00'), new Date())).toBe(H);
    expect(latenessMs(due, null, vn('2026-12-04T18:00:00'))).toBe(2 * H);
    expect(latenessMs(null, null, new Date())).toBe(0);
  });
});
