import { toFailure } from './failures.js';

/**
 * The activities of the exchange workflow. Their implementation lives with the exchange service
 * (@lienthong/services `exchange.activities`: database, keys, webhooks); the platform hands it to
 * the worker. Arguments and results are ids, statuses, sizes and hashes: never content.
 */
export interface ExchangeActivities {
  exchangeAnalyse(exchangeId: string): Promise<{ status: string; webhook: boolean; size: number | null; sha256: string | null }>;
  exchangeNotifyDestination(exchangeId: string): Promise<{ delivered: boolean }>;
  exchangeNotificationFailed(exchangeId: string): Promise<{ status: string }>;
  exchangeExpire(exchangeId: string): Promise<{ status: string }>;
  exchangePurge(exchangeId: string): Promise<{ status: string }>;
  exchangeNotifySource(exchangeId: string): Promise<{ delivered: boolean }>;
  exchangeSourceNotificationFailed(exchangeId: string): Promise<void>;
}

const NAMES: readonly (keyof ExchangeActivities)[] = ['exchangeAnalyse', 'exchangeNotifyDestination', 'exchangeNotificationFailed', 'exchangeExpire',
  'exchangePurge', 'exchangeNotifySource', 'exchangeSourceNotificationFailed'];

/** The activities to register, with our errors mapped to Temporal failures (the catalogue decides retries). */
export function exchangeActivities(impl: ExchangeActivities): Record<string, (exchangeId: string) => Promise<unknown>> {
  return Object.fromEntries(NAMES.map((name) => [name, async (exchangeId: string) => {
    try {
      return await (impl[name] as (id: string) => Promise<unknown>)(exchangeId);
    } catch (err) {
      throw toFailure(err);
    }
  }]));
}
