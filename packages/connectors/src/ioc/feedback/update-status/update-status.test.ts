import { describe, expect, it } from 'vitest';
import { outboundKey } from '../../../sdk/idempotency.js';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { createFeedback } from '../create/index.js';
import { updateFeedbackStatus } from './index.js';

const newItem = { channel: 'counter', content: 'Cống thoát nước bị tắc', category: 'moi_truong', location: { communeCode: '21025' }, reporter: { name: 'Nguyễn Văn An', phone: '0905000111' } };

describe('ioc:feedback:updateStatus and create', () => {
  const h = useHarness();
  exampleTests(h, updateFeedbackStatus);

  it('the whole path, each step pushed: received → verified → assigned → processing → resolved → closed', async () => {
    const { id } = await h().run(createFeedback, newItem);
    let last: Record<string, unknown> = {};
    for (const to of ['verified', 'assigned', 'processing', 'resolved', 'closed']) last = await h().run(updateFeedbackStatus, { feedbackId: id, to, by: 'UBND phường Cẩm Thành' });
    expect(last).toMatchObject({ feedbackId: id, status: 'closed', historyLength: 5 });
  });

  it('a failAfterApply 503 followed by the retry records the step exactly once', async () => {
    const { id } = await h().run(createFeedback, newItem);
    h().sim.faults.set('ioc.updateFeedbackStatus', { failAfterApply: true, status: 503, count: 1 });
    const step = { feedbackId: id, to: 'verified', by: 'Tổ tiếp nhận' };
    await expect(h().run(updateFeedbackStatus, step, { key: 'run-f/verify' })).rejects.toMatchObject({ code: 'CONNECTOR_UNAVAILABLE' });
    await expect(h().run(updateFeedbackStatus, step, { key: 'run-f/verify' })).resolves.toMatchObject({ status: 'verified', historyLength: 1 });
    expect(h().sim.counters.times('ioc.feedbackStatus', outboundKey('run-f/verify'))).toBe(2);
  });

  it('an invalid move is a business rejection with the remote code', async () => {
    const { id } = await h().run(createFeedback, newItem);
    const err = await h().fail(updateFeedbackStatus, { feedbackId: id, to: 'resolved', by: 'x' });
    expect(err).toMatchObject({ code: 'CONNECTOR_REJECTED', retryable: false, params: { remoteCode: 'INVALID_TRANSITION' } });
  });

  let target = '';
  it('(setup: an item for the fault tests)', async () => {
    target = String((await h().run(createFeedback, newItem)).id);
    expect(target).toMatch(/^PAKN-/);
  });
  let k = 0;
  const moves = ['verified', 'assigned', 'processing', 'returned_to_dispatcher', 'assigned', 'processing', 'resolved', 'closed'];
  faultTests(h, { mod: updateFeedbackStatus, operation: 'ioc.updateFeedbackStatus', only: ['503', '429', 'malformed'],
    input: () => ({ feedbackId: target, to: moves[k++] ?? 'closed', by: 'UBND phường Cẩm Thành' }) });

  noSecretLeakTest(h);
});
