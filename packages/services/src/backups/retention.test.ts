import { describe, expect, it } from 'vitest';
import { backupsToPrune } from './retention.js';

const at = (iso: string) => ({ at: new Date(iso), name: iso });

describe('backup retention (keep N daily, M monthly)', () => {
  it('keeps the newest of the last N days and the newest of the last M months, prunes the rest', () => {
    const files = [
      at('2027-01-30T19:00:00Z'), // 31 Jan in Vietnam: newest of January
      at('2027-01-10T19:00:00Z'),
      at('2027-02-01T19:00:00Z'),
      at('2027-02-02T19:00:00Z'), // 02:00 on 3 Feb in Vietnam
      at('2027-02-02T20:00:00Z'), // 03:00 on 3 Feb: the day's newest
      at('2027-02-03T19:00:00Z'), // 4 Feb
    ];
    const pruned = backupsToPrune(files, { daily: 2, monthly: 2 }).map((f) => f.name).sort();
    // Kept: 4 Feb (newest day), 3 Feb's newest (20:00Z), January's newest (30 Jan 19:00Z = 31 Jan VN).
    expect(pruned).toEqual(['2027-01-10T19:00:00Z', '2027-02-01T19:00:00Z', '2027-02-02T19:00:00Z']);
  });

  it('prunes nothing while there are fewer backups than the rule keeps', () => {
    expect(backupsToPrune([at('2027-03-01T00:00:00Z')], { daily: 7, monthly: 12 })).toEqual([]);
  });
});
