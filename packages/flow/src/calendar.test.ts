import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, workingDaysBetween, type WorkingCalendar } from './calendar.js';
import { evaluate, type ExpressionContext } from './expressions.js';

// Tết Đinh Mùi (mùng 1 = Saturday 06/02/2027), off Thursday 04/02 – Wednesday 10/02, as the seeded catalogue has it;
// plus a make-up Saturday to show a weekend that is worked.
const cal: WorkingCalendar = {
  kind: 'working-calendar', version: 'calendar@1', timeZone: 'Asia/Ho_Chi_Minh', weekend: [0, 6], years: [2027],
  holidays: ['2027-01-01', '2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-04-30', '2027-05-03'],
  workingDays: ['2027-02-20'],
};

describe('working days in Vietnam time', () => {
  it('a 10-working-day deadline from the last Friday before the Tết break lands after it', () => {
    // Fri 29/01 → Mon 1, Tue 2, Wed 3 (3); 4–10 off; Thu 11, Fri 12, Mon 15, Tue 16, Wed 17, Thu 18, Fri 19 (10).
    expect(addWorkingDays(cal, '2027-01-29', 10)).toBe('2027-02-19');
    // The same local time of day, with the +07:00 offset, whatever the offset of the input.
    expect(addWorkingDays(cal, '2027-01-29T08:30:00+07:00', 10)).toBe('2027-02-19T08:30:00.000+07:00');
    expect(addWorkingDays(cal, '2027-01-29T01:30:00Z', 10)).toBe('2027-02-19T08:30:00.000+07:00');
  });

  it('from the Friday before Tết (a day off) the count starts after the break; a make-up Saturday counts', () => {
    // Thu 11, Fri 12, Mon 15 … Fri 19 (7), Sat 20 (make-up, 8), Mon 22 (9), Tue 23 (10).
    expect(addWorkingDays(cal, '2027-02-05T16:00:00+07:00', 10)).toBe('2027-02-23T16:00:00.000+07:00');
    expect(isWorkingDay(cal, '2027-02-05')).toBe(false);
    expect(isWorkingDay(cal, '2027-02-20')).toBe(true);
    expect(isWorkingDay(cal, '2027-02-21')).toBe(false);
  });

  it('takes the day in Vietnam, not in UTC: 23:30 UTC on Wednesday 03/02 is Thursday 04/02, a holiday', () => {
    expect(isWorkingDay(cal, '2027-02-03T23:30:00Z')).toBe(false);
    expect(isWorkingDay(cal, '2027-02-03T16:59:59Z')).toBe(true);
  });

  it('counts back with a negative n, and 0 gives the start', () => {
    expect(addWorkingDays(cal, '2027-02-11', -1)).toBe('2027-02-03');
    expect(addWorkingDays(cal, '2027-02-11', 0)).toBe('2027-02-11');
  });

  it('workingDaysBetween undoes addWorkingDays', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 150 }), (offset, n) => {
      const from = new Date(Date.UTC(2027, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
      let to: string;
      try { to = addWorkingDays(cal, from, n); } catch { return; } // ran past 2027
      expect(workingDaysBetween(cal, from, to)).toBe(n);
    }));
    expect(workingDaysBetween(cal, '2027-02-19', '2027-01-29')).toBe(-10);
  });

  it('refuses to count into a year the calendar does not cover, and bad dates and counts, with codes', () => {
    expect(() => addWorkingDays(cal, '2027-12-20', 20)).toThrow(expect.objectContaining({ code: 'CALENDAR_OUT_OF_RANGE' }) as Error);
    expect(() => addWorkingDays(cal, '2027-02-30', 1)).toThrow(expect.objectContaining({ code: 'CALENDAR_DATE_INVALID' }) as Error);
    expect(() => addWorkingDays(cal, 'mai', 1)).toThrow(expect.objectContaining({ code: 'CALENDAR_DATE_INVALID' }) as Error);
    expect(() => addWorkingDays(cal, '2027-02-01', 1.5)).toThrow(expect.objectContaining({ code: 'CALENDAR_DAYS_INVALID' }) as Error);
  });
});

describe('the expression functions', () => {
  const ctx = (nodes: ExpressionContext['nodes'], extra: Partial<ExpressionContext> = {}): ExpressionContext => ({
    input: { receivedAt: '2027-02-05T16:00:00+07:00' }, nodes, vars: {}, run: { id: 'r', flowKey: 'f', version: 1, startedAt: '2027-02-05T09:00:00Z' }, engine: 3, ...extra,
  });

  it('$addWorkingDays takes the calendar the run read through a catalogue node', async () => {
    const out = await evaluate('{ "hanXuLy": $addWorkingDays($input.receivedAt, 10), "lich": $nodes.lich.output.version }', ctx({ lich: { output: cal } }), 'n');
    expect(out).toEqual({ hanXuLy: '2027-02-23T16:00:00.000+07:00', lich: 'calendar@1' });
    await expect(evaluate('$workingDaysBetween("2027-01-29", "2027-02-19")', ctx({ lich: { output: cal } }), 'n')).resolves.toBe(10);
    await expect(evaluate('$isWorkingDay("2027-02-20")', ctx({ lich: { output: cal } }), 'n')).resolves.toBe(true);
  });

  it('a calendar passed as the last argument, or pinned in the context, wins', async () => {
    const other = { ...cal, version: 'calendar@2', holidays: [...cal.holidays, '2027-02-11'] };
    await expect(evaluate('$addWorkingDays("2027-02-05", 1, $nodes.b.output)', ctx({ a: { output: cal }, b: { output: other } }), 'n')).resolves.toBe('2027-02-12');
    await expect(evaluate('$addWorkingDays("2027-02-05", 1)', ctx({}, { calendar: other }), 'n')).resolves.toBe('2027-02-12');
  });

  it('without a calendar read, or with two different ones, the expression fails with a message that says what to add', async () => {
    const err = await evaluate('$addWorkingDays($input.receivedAt, 10)', ctx({}), 'han').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FLOW_EXPRESSION_FAILED', where: { nodeId: 'han' } });
    expect((err as Error).message).toContain('working calendar');
    const two = ctx({ a: { output: cal }, b: { output: { ...cal, version: 'calendar@2' } } });
    await expect(evaluate('$addWorkingDays("2027-02-05", 1)', two, 'n')).rejects.toMatchObject({ code: 'FLOW_EXPRESSION_FAILED' });
  });
});
