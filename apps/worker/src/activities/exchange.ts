import { EXCHANGE_ACTIVITY_NAMES, type ExchangeActivities } from '@lienthong/temporal/contracts';
import { toFailure } from './failures.js';

// The activities of the exchange workflow (contract in @lienthong/temporal/contracts); their implementation lives
// with the exchange service, which the platform hands to the worker.
export type { ExchangeActivities };

/** The activities to register, with our errors mapped to Temporal failures (the catalogue decides retries). */
export function exchangeActivities(impl: ExchangeActivities): Record<string, (exchangeId: string) => Promise<unknown>> {
  return Object.fromEntries(EXCHANGE_ACTIVITY_NAMES.map((name) => [name, async (exchangeId: string) => {
    try {
      return await (impl[name] as (id: string) => Promise<unknown>)(exchangeId);
    } catch (err) {
      throw toFailure(err);
    }
  }]));
}
