import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { listReportPeriods } from './index.js';

describe('reporting:national:listPeriods', () => {
  const h = useHarness();
  exampleTests(h, listReportPeriods);
  faultTests(h, { mod: listReportPeriods, input: { regimeCode: 'BC-KTXH-THANG' }, operation: 'reporting.listPeriods' });
  it('January 2026 follows NĐ 09/2019: 15/12 → 14/01, due on the 20th', async () => {
    const out = await h().run(listReportPeriods, { regimeCode: 'BC-KTXH-THANG', state: 'open' });
    expect(out.items).toContainEqual(expect.objectContaining({ label: '2026-01', dataFrom: '2025-12-15', dataTo: '2026-01-14', deadline: '2026-01-20' }));
  });
  noSecretLeakTest(h);
});
