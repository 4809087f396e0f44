import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../sdk/http.js';
import { verificationStore } from './index.js';

// With lookup in ../lookup/lookup.test.ts; here, what one entry's life counts from.
describe('cache:verification:store', () => {
  it('the expiry counts from when the population DB answered, not from when the entry is written', async () => {
    const puts: { expiresAt: Date; outcome: string }[] = [];
    const act = verificationStore.createActivity({ http: createHttpClient(), clock: () => new Date('2026-01-15T09:00:00Z'),
      credentials: { resolve: () => Promise.resolve({ type: 'verification-hmac', key: 'k'.repeat(32) }) },
      verificationCache: { get: () => Promise.resolve(null), put: (e) => { puts.push(e); return Promise.resolve(); } } });
    await act({ input: { citizenId: '051090123456', fullName: 'AN', match: false, checkedAt: '2026-01-15T08:00:00.000Z', ttlHours: 0.5 }, credentialId: 'k', idempotencyKey: 'r/s' });
    expect(puts).toEqual([expect.objectContaining({ outcome: 'mismatch', expiresAt: new Date('2026-01-15T08:30:00.000Z') })]);
  });
});
