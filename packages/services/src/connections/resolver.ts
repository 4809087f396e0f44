import { setTimeout as sleep } from 'node:timers/promises';
import { LtError } from '@lienthong/errors';
import type { Credential, CredentialStore } from '@lienthong/connectors/activities';
import type { RequestLimits } from '../request-limits.js';
import type { ConnectionStore } from './store.js';

/** How long a step waits in total for the target system's rate limit before it gives the slot back to Temporal's retry. */
const MAX_RATE_WAIT_MS = 10_000;

/**
 * The worker's credential store: a connection resolves to the version current when the step was scheduled (so a step's
 * retries never switch secrets mid-way), after taking one call from the target system's rate limit; anything else is a
 * plain credential (`fallback`). The rate limit is a sliding one-minute window in PostgreSQL (rate_windows, key
 * `connection:<id>`), so it holds across every worker process; a step over the limit waits for its slot.
 */
export function createConnectionResolver(o: {
  store: ConnectionStore;
  limits: RequestLimits;
  fallback: CredentialStore;
  /** When the running step was first scheduled (the worker reads Temporal's activity info); undefined outside a step. */
  stepScheduledAt?: () => Date | undefined;
  /** How long a step waits for a slot in total (default 10 s). */
  maxWaitMs?: number;
}): CredentialStore {
  const maxWaitMs = o.maxWaitMs ?? MAX_RATE_WAIT_MS;
  async function takeSlot(id: string, perMinute: number): Promise<void> {
    let waited = 0;
    for (;;) {
      const seconds = await o.limits.take(`connection:${id}`, perMinute, Date.now());
      if (seconds === 0) return;
      const ms = Math.min(seconds * 1000, maxWaitMs - waited);
      if (ms <= 0) throw new LtError('CONNECTOR_RATE_LIMITED', { system: id, retryAfterMs: seconds * 1000 });
      await sleep(ms);
      waited += ms;
    }
  }

  return {
    async resolve(id, use): Promise<Credential> {
      const c = await o.store.secretOf(id, { asOf: o.stepScheduledAt?.(), flowKey: use?.flowKey, checkGrant: use !== undefined });
      if (!c) return o.fallback.resolve(id, use);
      if (c.ratePerMinute) await takeSlot(id, c.ratePerMinute);
      return { ...c.secret, type: c.family };
    },
  };
}
