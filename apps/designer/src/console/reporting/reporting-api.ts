import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The reporting cycle (DOMAIN §7.c); types inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type ReportPeriod = Outputs['reporting']['periods']['periods'][number];
export type PeriodProgress = Outputs['reporting']['progress'];
export type RegimeSummary = Outputs['reporting']['regimes']['regimes'][number];
export type RegimeDetail = Outputs['reporting']['regime'];
export type RegimeSave = Inputs['reporting']['saveRegime'];

export const reportingApi = {
  periods: () => call(() => trpc.reporting.periods.query({})),
  progress: (periodId: string) => call(() => trpc.reporting.progress.query({ periodId })),
  regimes: () => call(() => trpc.reporting.regimes.query({})),
  regime: (code: string) => call(() => trpc.reporting.regime.query({ code })),
  saveRegime: (r: RegimeSave) => call(() => trpc.reporting.saveRegime.mutate(r)),
};

export const reportingKeys = {
  periods: ['reporting', 'periods'] as const,
  progress: (periodId: string) => ['reporting', 'progress', periodId] as const,
  regimes: ['reporting', 'regimes'] as const,
  regime: (code: string) => ['reporting', 'regime', code] as const,
};
