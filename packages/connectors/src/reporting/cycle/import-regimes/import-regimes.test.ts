import { describe, expect, it } from 'vitest';
import { cycleDeps } from '../cycle-test-deps.js';
import { importReportRegimes } from './index.js';

describe('reporting:cycle:importRegimes', () => {
  it('hands the listRegimes items to the domain and answers how many it imported', async () => {
    const items = [{ code: 'BC-KTXH-THANG', name: 'Báo cáo KT-XH', kind: 'periodic', leadAgencyCode: '000.00.92.H48', frequency: 'month' }];
    const { deps, calls } = cycleDeps({ importRegimes: (i) => Promise.resolve({ imported: i.items.length }) });
    await expect(importReportRegimes.createActivity(deps)({ input: { items }, idempotencyKey: 'r/n' })).resolves.toEqual({ imported: 1 });
    expect(calls).toEqual([['importRegimes', { items }]]);
  });

  it('a kind the regulation does not name is an input error', async () => {
    const items = [{ code: 'X', name: 'X', kind: 'weekly', leadAgencyCode: 'Y', frequency: 'week' }];
    await expect(importReportRegimes.createActivity(cycleDeps({}).deps)({ input: { items }, idempotencyKey: 'r/n' })).rejects.toMatchObject({ code: 'CONNECTOR_INPUT_INVALID' });
  });
});
