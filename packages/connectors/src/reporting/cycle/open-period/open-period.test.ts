import { describe, expect, it } from 'vitest';
import { cycleDeps } from '../cycle-test-deps.js';
import { openReportPeriod } from './index.js';

const period = { periodId: 'kbc-1', regimeCode: 'BC-KTXH-THANG', label: '2027-03', dataFrom: '2027-02-15', dataTo: '2027-03-14',
  deadline: '2027-03-20T10:00:00.000Z', leadAgencyCode: '000.00.04.H55', templateVersion: '2', units: ['000.01.31.H55'] };

describe('reporting:cycle:openPeriod', () => {
  it('opens the period in the domain with the run that asked, and answers it', async () => {
    const { deps, calls } = cycleDeps({ openPeriod: () => Promise.resolve(period) });
    await expect(openReportPeriod.createActivity(deps)({ input: { regimeCode: 'BC-KTXH-THANG', periodLabel: '2027-03' }, idempotencyKey: 'run-9/mo_ky' })).resolves.toEqual(period);
    expect(calls).toEqual([['openPeriod', { regimeCode: 'BC-KTXH-THANG', periodLabel: '2027-03', runId: 'run-9' }]]);
  });

  it('a malformed label is an input error; a worker without the domain answers a retryable coded error', async () => {
    await expect(openReportPeriod.createActivity(cycleDeps({}).deps)({ input: { regimeCode: 'X', periodLabel: '2027-13' }, idempotencyKey: 'r/n' }))
      .rejects.toMatchObject({ code: 'CONNECTOR_INPUT_INVALID', where: { pointer: '/periodLabel' } });
    await expect(openReportPeriod.createActivity(cycleDeps(null).deps)({ input: { regimeCode: 'X', periodLabel: '2027-03' }, idempotencyKey: 'r/n' }))
      .rejects.toMatchObject({ code: 'REPORTING_UNAVAILABLE', retryable: true });
  });
});
