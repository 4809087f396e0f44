import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The maintenance screen's procedures; every type is inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type WindowView = Outputs['maintenance']['list']['windows'][number];
export type NoticeRule = Outputs['maintenance']['rules']['rules'][number];
export type AnnounceInput = Inputs['maintenance']['announce'];

export const maintenanceApi = {
  list: (includeCancelled: boolean): Promise<WindowView[]> => call(async () => (await trpc.maintenance.list.query({ includeCancelled })).windows),
  upcoming: (): Promise<WindowView[]> => call(async () => (await trpc.maintenance.upcoming.query({ withinHours: 72 })).windows),
  announce: (input: AnnounceInput): Promise<WindowView> => call(() => trpc.maintenance.announce.mutate(input)),
  cancel: (id: number): Promise<WindowView> => call(() => trpc.maintenance.cancel.mutate({ id })),
  rules: (): Promise<NoticeRule[]> => call(async () => (await trpc.maintenance.rules.query({})).rules),
  setRule: (input: { scope: NoticeRule['scope']; target: string; minNoticeMinutes: number }): Promise<NoticeRule> => call(() => trpc.maintenance.setRule.mutate(input)),
};
