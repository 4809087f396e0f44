import { describe, expect, it } from 'vitest';
import { cycleDeps } from '../cycle-test-deps.js';
import { assignReport } from './index.js';

describe('reporting:cycle:assign', () => {
  it('creates the assignment for the unit with the waiting run, and answers the reminder times', async () => {
    const answer = { assignmentId: 'gbc-1', submissionId: 'nbc-1', unitCode: '000.01.31.H55', deadline: '2027-03-20T10:00:00.000Z',
      remindAt: { d3: '2027-03-17T01:00:00.000Z', d1: '2027-03-19T01:00:00.000Z', d0: '2027-03-20T01:00:00.000Z', overdue: '2027-03-20T10:00:00.000Z' } };
    const { deps, calls } = cycleDeps({ assign: () => Promise.resolve(answer) });
    const input = { periodId: 'kbc-1', unitCode: '000.01.31.H55', runId: 'run-9/thu_thap/0' };
    await expect(assignReport.createActivity(deps)({ input, idempotencyKey: 'run-9/thu_thap/0/giao' })).resolves.toEqual(answer);
    expect(calls).toEqual([['assign', input]]);
  });

  it('refuses an input without the run to signal', async () => {
    await expect(assignReport.createActivity(cycleDeps({}).deps)({ input: { periodId: 'kbc-1', unitCode: 'x' }, idempotencyKey: 'r/n' }))
      .rejects.toMatchObject({ code: 'CONNECTOR_INPUT_INVALID' });
  });
});
