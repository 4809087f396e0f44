import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The alerts screen's procedures; every type is inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
export type AlertView = Outputs['alerts']['list']['alerts'][number];
export type AlertRules = Outputs['alerts']['rules'];

export const alertsApi = {
  list: (status: 'open' | 'resolved', before?: number): Promise<AlertView[]> =>
    call(async () => (await trpc.alerts.list.query({ status, limit: 50, ...(before ? { before } : {}) })).alerts),
  acknowledge: (id: number, note: string): Promise<AlertView> => call(() => trpc.alerts.acknowledge.mutate({ id, ...(note ? { note } : {}) })),
  rules: (): Promise<AlertRules> => call(() => trpc.alerts.rules.query({})),
};
