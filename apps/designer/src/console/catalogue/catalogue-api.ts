import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { api, call, trpc, type FlowSummary } from '../../api/client.js';

/** What the flow catalogue reads: the systems the person reaches (their agency's, or all for platform-wide roles) and the published flows. */
type Outputs = inferRouterOutputs<AppRouter>;
export type CatalogueSystem = Outputs['systems']['list'][number];

export const catalogueApi = {
  systems: (): Promise<CatalogueSystem[]> => call(() => trpc.systems.list.query()),
  flows: (): Promise<FlowSummary[]> => api.listFlows(),
  flow: (flowKey: string) => api.getFlow(flowKey),
};

/** The flows a system may call: its grants by name, every published flow for '*' (R-07; the server checks each call the same way). */
export function grantedFlows(system: CatalogueSystem | undefined, published: readonly FlowSummary[]): FlowSummary[] {
  if (!system) return [];
  if (system.allowedFlows.includes('*')) return [...published];
  return published.filter((f) => system.allowedFlows.includes(f.key));
}
