import { describe, expect, it } from 'vitest';
import { memoryIocStore } from '../../../testing/ioc-memory.js';
import { createHttpClient } from '../../../sdk/http.js';
import { examples } from './examples.js';
import { iocFeedbackRecord } from './index.js';

describe('ioc:feedback:record', () => {
  const store = memoryIocStore();
  const act = iocFeedbackRecord.createActivity({ http: createHttpClient(), clock: () => new Date('2026-12-01T10:00:00Z'),
    credentials: { resolve: () => Promise.reject(new Error('no credential needed')) }, ioc: store });

  it.each(examples.map((e) => [e.name, e] as const))('%s', async (_n, e) => {
    const run = act({ input: e.input, idempotencyKey: `r/${e.name}` });
    if (e.error) await expect(run).rejects.toMatchObject({ code: e.error });
    else expect(await run).toMatchObject(e.output ?? {});
  });

  it('the same content in another commune, or days later, is no duplicate', async () => {
    const base = { status: 'received', content: 'Rác thải ùn ứ tại chợ', category: 'moi_truong', communeCode: '21028', receivedAt: '2026-12-01T08:00:00+07:00' };
    expect(await act({ input: { ...base, feedbackId: 'PAKN-2026-000301' }, idempotencyKey: 'a' })).toMatchObject({ duplicateOf: null });
    expect(await act({ input: { ...base, feedbackId: 'PAKN-2026-000302', communeCode: '21172' }, idempotencyKey: 'b' })).toMatchObject({ duplicateOf: null });
    expect(await act({ input: { ...base, feedbackId: 'PAKN-2026-000303', receivedAt: '2026-12-05T08:00:00+07:00' }, idempotencyKey: 'c' })).toMatchObject({ duplicateOf: null });
  });

  it('a worker without the register answers a retryable coded error', async () => {
    const bare = iocFeedbackRecord.createActivity({ http: createHttpClient(), clock: () => new Date(), credentials: { resolve: () => Promise.reject(new Error('x')) } });
    await expect(bare({ input: { feedbackId: 'PAKN-2026-000401', status: 'closed' }, idempotencyKey: 'x' })).rejects.toMatchObject({ code: 'IOC_STORE_UNAVAILABLE', retryable: true });
  });
});
