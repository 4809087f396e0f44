import { describe, expect, it } from 'vitest';
import { reportPeriod } from './period.js';
import { reportsDue } from './store.js';

// The reports schedule fires on the 1st of every month and on 15 December (01:00, Vietnam time).
describe('the operations reports due on a day', () => {
  const at = (iso: string) => reportsDue(new Date(iso)).map((p) => reportPeriod(p).kind + ':' + reportPeriod(p).slug);

  it('on the 1st: the previous month; in July and January the half year; in January the year', () => {
    expect(at('2026-03-01T01:00:00+07:00')).toEqual(['monthly:2026-02']);
    expect(at('2026-07-01T01:00:00+07:00')).toEqual(['monthly:2026-06', 'semiannual:2026-h1']);
    expect(at('2026-01-01T01:00:00+07:00')).toEqual(['monthly:2025-12', 'semiannual:2025-h2', 'annual:2025']);
  });

  it('on 15 December the year so far; on other days nothing', () => {
    expect(at('2026-12-15T01:00:00+07:00')).toEqual(['annual:2026']);
    expect(at('2026-12-16T01:00:00+07:00')).toEqual([]);
    // Vietnam's day, not UTC's: 23:30 on 31 January there (16:30 UTC) is nothing; 00:30 on 1 February (17:30 UTC on the 31st) is January's.
    expect(at('2026-01-31T16:30:00Z')).toEqual([]);
    expect(at('2026-01-31T17:30:00Z')).toEqual(['monthly:2026-01']);
  });
});

describe('a report request that names no period', () => {
  const now = new Date('2026-07-01T00:30:00+07:00');
  it('gets the latest period of its kind that has ended (Vietnam time)', () => {
    expect(reportPeriod({ kind: 'monthly' }, now).slug).toBe('2026-06');
    expect(reportPeriod({ kind: 'semiannual' }, now).slug).toBe('2026-h1');
    expect(reportPeriod({ kind: 'annual' }, now).slug).toBe('2025');
    expect(reportPeriod({ kind: 'monthly' }, new Date('2026-01-15T00:00:00+07:00')).slug).toBe('2025-12');
    expect(() => reportPeriod({ kind: 'monthly', year: 2026 }, now)).toThrow(/month/);
  });
});
