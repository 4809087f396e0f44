import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The audit screen's procedures; every type is inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type AuditRow = Outputs['audit']['search'][number];
export type AuditFilter = NonNullable<Inputs['audit']['search']>;
export type ChainState = Outputs['audit']['verify'];

export const auditApi = {
  search: (f: AuditFilter): Promise<AuditRow[]> => call(() => trpc.audit.search.query(f)),
  verify: (): Promise<ChainState> => call(() => trpc.audit.verify.query({})),
};

/** The export download (GET /api/v1/audit/export, served outside tRPC): the same filters, every matching row up to 10,000. */
export function exportUrl(f: AuditFilter, format: 'csv' | 'json'): string {
  const q = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(f)) if (v !== undefined && k !== 'limit' && k !== 'offset') q.set(k, String(v));
  return `/api/v1/audit/export?${q.toString()}`;
}
