import { describe, expect, it } from 'vitest';
import { cycleDeps } from '../cycle-test-deps.js';
import { remindReport } from './index.js';

describe('reporting:cycle:remind', () => {
  it('passes the point to the domain and answers whether anything was sent', async () => {
    const { deps, calls } = cycleDeps({ remind: (i) => Promise.resolve({ ...i, sent: i.point !== 'D', state: 'draft' }) });
    await expect(remindReport.createActivity(deps)({ input: { assignmentId: 'gbc-1', point: 'overdue' }, idempotencyKey: 'r/n' }))
      .resolves.toEqual({ assignmentId: 'gbc-1', point: 'overdue', sent: true, state: 'draft' });
    expect(calls).toEqual([['remind', { assignmentId: 'gbc-1', point: 'overdue' }]]);
  });

  it('knows only the D−3, D−1, D and overdue points', async () => {
    await expect(remindReport.createActivity(cycleDeps({}).deps)({ input: { assignmentId: 'gbc-1', point: 'D-7' }, idempotencyKey: 'r/n' }))
      .rejects.toMatchObject({ code: 'CONNECTOR_INPUT_INVALID', where: { pointer: '/point' } });
  });
});
