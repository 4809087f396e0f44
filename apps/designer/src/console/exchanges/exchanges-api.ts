import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The exchange screen's procedures; every type is inferred from the API's router (never copied). */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type ExchangeFilter = NonNullable<Inputs['exchanges']['search']>;
export type ExchangePage = Outputs['exchanges']['search'];
export type ExchangeRow = ExchangePage['exchanges'][number];
export type ExchangeDetail = Outputs['exchanges']['get'];
export type ExchangeStatus = ExchangeRow['status'];

/** Every status an exchange goes through, in the order of the eight steps, then the ways it ends early. */
export const EXCHANGE_STATUSES: readonly ExchangeStatus[] = ['connected', 'space_allocated', 'uploaded', 'notified', 'destination_connected', 'ready', 'delivered',
  'content_purged', 'rejected', 'expired', 'refused_by_destination', 'failed'];

export const exchangesApi = {
  search: (filter: ExchangeFilter): Promise<ExchangePage> => call(() => trpc.exchanges.search.query(filter)),
  get: (exchangeId: string): Promise<ExchangeDetail> => call(() => trpc.exchanges.get.query({ exchangeId })),
};
