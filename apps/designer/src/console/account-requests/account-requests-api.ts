import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** Account requests and scheduled backups; types inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type AccountRequest = Outputs['accountRequests']['list']['requests'][number];
export type AccountRequestInput = Inputs['accountRequests']['submit'];
export type BackupsView = Outputs['backups']['list'];

export const accountRequestsApi = {
  list: () => call(() => trpc.accountRequests.list.query({})),
  submit: (i: AccountRequestInput) => call(() => trpc.accountRequests.submit.mutate(i)),
  decide: (requestId: string, decision: 'approve' | 'refuse', note?: string) =>
    call(() => trpc.accountRequests.decide.mutate({ requestId, decision, ...(note ? { note } : {}) })),
  backups: () => call(() => trpc.backups.list.query({})),
};

export const accountRequestKeys = { list: ['account-requests'] as const, backups: ['backups'] as const };
