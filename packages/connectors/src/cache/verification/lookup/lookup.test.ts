import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../sdk/http.js';
import type { ConnectorDeps, VerificationCacheStore } from '../../../sdk/types.js';
import { verificationStore } from '../store/index.js';
import { verificationLookup } from './index.js';

// The connectors' own rules over a store that records what it is given; the platform's table (expiry in SQL) is
// exercised end to end in test/system/lookup-7a.test.ts.
function recordingStore() {
  const rows = new Map<string, { outcome: 'match' | 'mismatch'; checkedAt: Date; expiresAt: Date }>();
  const store: VerificationCacheStore = {
    get: (key, now) => { const r = rows.get(key); return Promise.resolve(r && r.expiresAt > now ? { outcome: r.outcome, checkedAt: r.checkedAt } : null); },
    put: (e) => { rows.set(e.key, { outcome: e.outcome, checkedAt: e.checkedAt, expiresAt: e.expiresAt }); return Promise.resolve(); },
  };
  return { rows, store };
}
const deps = (store: VerificationCacheStore | undefined, key = 'a-test-hmac-key-of-32-bytes-----', now = new Date('2026-01-15T03:00:00Z')): ConnectorDeps => ({
  http: createHttpClient(), clock: () => now,
  credentials: { resolve: (id) => Promise.resolve({ type: 'verification-hmac', key: `${key}${id === 'other' ? '-other' : ''}` }) },
  ...(store ? { verificationCache: store } : {}),
});
const an = { citizenId: '051090123456', fullName: 'NGUYỄN VĂN AN', birthDate: '19900512' };
const stored = { ...an, match: true, checkedAt: '2026-01-15T02:00:00.000Z', ttlHours: 24 };

describe('cache:verification:lookup and :store', () => {
  it('a stored outcome is found again under an HMAC key that holds no identifier; the name as the citizen typed it finds it too', async () => {
    const { rows, store } = recordingStore();
    const d = deps(store);
    await expect(verificationLookup.createActivity(d)({ input: an, credentialId: 'k', idempotencyKey: 'r/n' })).resolves.toEqual({ hit: false });
    await expect(verificationStore.createActivity(d)({ input: stored, credentialId: 'k', idempotencyKey: 'r/s' }))
      .resolves.toEqual({ stored: true, expiresAt: '2026-01-16T02:00:00.000Z' });
    const [key] = [...rows.keys()];
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify([...rows])).not.toMatch(/051090123456|NGUY|19900512/);
    // Decomposed Unicode, lower case and extra spaces are the same person.
    const typed = { ...an, fullName: '  nguyễn   văn an '.normalize('NFD') };
    await expect(verificationLookup.createActivity(d)({ input: typed, credentialId: 'k', idempotencyKey: 'r/n' }))
      .resolves.toEqual({ hit: true, match: true, checkedAt: '2026-01-15T02:00:00.000Z' });
    // Another birth date, or another HMAC key, is another entry.
    await expect(verificationLookup.createActivity(d)({ input: { ...an, birthDate: '1990' }, credentialId: 'k', idempotencyKey: 'r/n' })).resolves.toEqual({ hit: false });
    await expect(verificationLookup.createActivity(d)({ input: an, credentialId: 'other', idempotencyKey: 'r/n' })).resolves.toEqual({ hit: false });
  });

  it('refuses more than 24 hours; a worker without the cache answers a retryable coded error', async () => {
    const { store } = recordingStore();
    await expect(verificationStore.createActivity(deps(store))({ input: { ...stored, ttlHours: 25 }, credentialId: 'k', idempotencyKey: 'r/s' }))
      .rejects.toMatchObject({ code: 'CONNECTOR_INPUT_INVALID' });
    await expect(verificationLookup.createActivity(deps(undefined))({ input: an, credentialId: 'k', idempotencyKey: 'r/n' }))
      .rejects.toMatchObject({ code: 'VERIFICATION_CACHE_UNAVAILABLE', retryable: true });
  });

  it('the examples hold', async () => {
    for (const mod of [verificationLookup, verificationStore]) {
      for (const ex of mod.examples) {
        const run = mod.createActivity(deps(recordingStore().store))({ input: ex.input, credentialId: 'k', idempotencyKey: 'r/x' });
        if (ex.error) await expect(run, ex.name).rejects.toMatchObject({ code: ex.error });
        else await expect(run, ex.name).resolves.toMatchObject(ex.output ?? {});
      }
    }
  });
});
