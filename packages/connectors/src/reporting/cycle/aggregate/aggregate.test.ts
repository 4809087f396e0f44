import { describe, expect, it } from 'vitest';
import { cycleDeps } from '../cycle-test-deps.js';
import { aggregateReport } from './index.js';

describe('reporting:cycle:aggregate', () => {
  it('answers the roll-up values with the units submitted and missing', async () => {
    const answer = { aggregateId: 'tbc-1', periodId: 'kbc-1', values: [{ indicatorCode: 'A01', value: 12 }], submitted: ['a'], missing: ['b'] };
    const { deps } = cycleDeps({ aggregate: () => Promise.resolve(answer) });
    await expect(aggregateReport.createActivity(deps)({ input: { periodId: 'kbc-1' }, idempotencyKey: 'r/n' })).resolves.toEqual(answer);
  });

  it('a domain answer that does not fit the output is a bad reply, not passed on', async () => {
    const { deps } = cycleDeps({ aggregate: () => Promise.resolve({ aggregateId: 'tbc-1' } as never) });
    await expect(aggregateReport.createActivity(deps)({ input: { periodId: 'kbc-1' }, idempotencyKey: 'r/n' })).rejects.toMatchObject({ code: 'CONNECTOR_BAD_REPLY' });
  });
});
