import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The incidents screen's procedures; every type is inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type IncidentView = Outputs['incidents']['list']['incidents'][number];
export type IncidentDetail = Outputs['incidents']['get'];
export type IncidentStep = IncidentDetail['steps'][number];
export type IncidentMonth = Outputs['incidents']['stats']['months'][number];
export type OpenIncident = Inputs['incidents']['open'];
export type StepInput = Omit<Inputs['incidents']['step'], 'incidentId' | 'step'>;

export const incidentsApi = {
  list: (status: 'active' | 'resolved'): Promise<IncidentView[]> => call(async () => (await trpc.incidents.list.query({ status, limit: 100 })).incidents),
  get: (incidentId: string): Promise<IncidentDetail> => call(() => trpc.incidents.get.query({ incidentId })),
  open: (input: OpenIncident): Promise<IncidentDetail> => call(() => trpc.incidents.open.mutate(input)),
  step: (incidentId: string, step: IncidentStep['step'], input: StepInput): Promise<IncidentDetail> => call(() => trpc.incidents.step.mutate({ incidentId, step, ...input })),
  resolve: (incidentId: string): Promise<IncidentDetail> => call(() => trpc.incidents.resolve.mutate({ incidentId })),
  report: (incidentId: string) => call(() => trpc.incidents.report.query({ incidentId })),
  stats: (year: number): Promise<IncidentMonth[]> =>
    call(async () => (await trpc.incidents.stats.query({ from: `${year}-01-01T00:00:00Z`, to: `${year + 1}-01-01T00:00:00Z` })).months),
};
