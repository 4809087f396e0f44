import { describe, expect, it } from 'vitest';
import type { ReportIndicator } from '@lienthong/db';
import { aggregateWithLineage } from './aggregate.js';
import { periodWindow, reminderTimes } from './calendar.js';
import { validateValues } from './validate.js';

const indicators: ReportIndicator[] = [
  { code: 'A01', name: 'Hồ sơ tiếp nhận', unit: 'ho-so', type: 'number', aggregation: 'sum', required: true, min: 0 },
  { code: 'A02', name: 'Hồ sơ đúng hạn', unit: 'ho-so', type: 'number', aggregation: 'sum', required: true, min: 0 },
  { code: 'A03', name: 'Tỷ lệ đúng hạn', unit: 'phan-tram', type: 'percent', aggregation: 'rule', required: true, min: 0, max: 100, rule: 'A03 = A02/A01*100' },
  { code: 'A04', name: 'Cao nhất', unit: 'ho', type: 'number', aggregation: 'max' },
  { code: 'A05', name: 'Đánh giá', unit: 'van-ban', type: 'text', aggregation: 'text_concat' },
];

describe('reporting rules', () => {
  it('data windows and deadlines per NĐ 09/2019 for each frequency; a label that does not fit is a coded 400', () => {
    expect(periodWindow('month', '2027-01')).toEqual({ dataFrom: '2026-12-15', dataTo: '2027-01-14', deadline: new Date('2027-01-20T10:00:00Z') });
    expect(periodWindow('quarter', '2027-Q1')).toMatchObject({ dataFrom: '2026-12-15', dataTo: '2027-03-14' });
    expect(periodWindow('half', '2027-H1')).toMatchObject({ dataFrom: '2026-12-15', dataTo: '2027-06-14' });
    expect(periodWindow('half', '2027-H2')).toMatchObject({ dataFrom: '2027-06-15', dataTo: '2027-12-14' });
    expect(periodWindow('year', '2027')).toMatchObject({ dataFrom: '2026-12-15', dataTo: '2027-12-14', deadline: new Date('2027-12-20T10:00:00Z') });
    expect(periodWindow('adhoc', '2027-05')).toMatchObject({ dataTo: '2027-05-14' });
    expect(() => periodWindow('month', '2027-Q1')).toThrow(expect.objectContaining({ code: 'REPORT_PERIOD_LABEL_INVALID', status: 400 }));
    expect(reminderTimes(new Date('2027-01-20T10:00:00Z'))).toEqual({ d3: '2027-01-17T01:00:00.000Z', d1: '2027-01-19T01:00:00.000Z', d0: '2027-01-20T01:00:00.000Z', overdue: '2027-01-20T10:00:00.000Z' });
  });

  it('validation comments per indicator: required, type, unit catalogue and template unit, range, formula, unknown code', async () => {
    expect(await validateValues(indicators, { A01: 10, A02: 5, A03: 50 })).toEqual({});
    const c = await validateValues(indicators, { A01: -1, A03: 120, A05: 3, X9: 1 }, { A01: 'kg' });
    expect(Object.keys(c).sort()).toEqual(['A01', 'A02', 'A03', 'A05', 'X9']);
    expect(c.A01?.en).toBe('Unit "kg" is not in the unit catalogue');
    expect(c.A02?.vi).toContain('bắt buộc');
    expect(c.A03?.en).toContain('outside [0, 100]');
    expect((await validateValues(indicators, { A01: 10, A02: 5, A03: 40 })).A03?.en).toBe('Indicator A03 must equal A02/A01*100 = 50');
    expect((await validateValues(indicators, { A01: 10, A02: 5, A03: 50 }, { A01: 'nguoi' })).A01?.en).toBe('Indicator A01 is in dossiers, not persons');
  });

  it('the roll-up keeps each value\'s sources; a rule indicator is its formula over the totals', async () => {
    const src = (unitCode: string, values: Record<string, number | string>) => ({ assignmentId: `a-${unitCode}`, submissionId: `s-${unitCode}`, unitCode, revision: 2, values });
    const out = await aggregateWithLineage(indicators, [src('B', { A01: 30, A02: 10, A03: 33.33, A04: 7 }), src('A', { A01: 10, A02: 10, A03: 100, A04: 9, A05: 'tốt' })]);
    expect(out.map((v) => [v.indicatorCode, v.value])).toEqual([['A01', 40], ['A02', 20], ['A03', 50], ['A04', 9], ['A05', 'tốt']]);
    expect(out[0]?.sources.map((s) => [s.unitCode, s.value])).toEqual([['A', 10], ['B', 30]]);
    expect(out[2]).toMatchObject({ aggregation: 'rule', rule: 'A03 = A02/A01*100', sources: [] });
    expect(out[4]?.sources).toHaveLength(1);
  });
});
