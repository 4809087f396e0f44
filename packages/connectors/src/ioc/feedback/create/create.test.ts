import { describe, expect, it } from 'vitest';
import { outboundKey } from '../../../sdk/idempotency.js';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { createFeedback } from './index.js';

const item = { channel: 'zalo', content: 'Rác thải tồn đọng tại chợ Nghĩa Lộ', category: 'moi_truong', location: { communeCode: '21028' } };

describe('ioc:feedback:create', () => {
  const h = useHarness();
  exampleTests(h, createFeedback);
  faultTests(h, { mod: createFeedback, input: item, operation: 'ioc.createFeedback' });
  it('a failAfterApply 503 followed by the retry creates one item, with the same id', async () => {
    h().sim.faults.set('ioc.createFeedback', { failAfterApply: true, status: 503, count: 1 });
    await expect(h().run(createFeedback, item, { key: 'run-c/create' })).rejects.toMatchObject({ code: 'CONNECTOR_UNAVAILABLE' });
    const a = await h().run(createFeedback, item, { key: 'run-c/create' });
    const b = await h().run(createFeedback, item, { key: 'run-c/create' });
    expect(b.id).toBe(a.id);
    expect(h().sim.counters.times('ioc.createFeedback', outboundKey('run-c/create'))).toBe(3);
  });
  noSecretLeakTest(h);
});
