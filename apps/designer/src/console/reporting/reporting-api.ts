import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The reporting cycle (DOMAIN §7.c); types inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
export type ReportPeriod = Outputs['reporting']['periods']['periods'][number];
export type PeriodProgress = Outputs['reporting']['progress'];

export const reportingApi = {
  periods: () => call(() => trpc.reporting.periods.query({})),
  progress: (periodId: string) => call(() => trpc.reporting.progress.query({ periodId })),
};

export const reportingKeys = { periods: ['reporting', 'periods'] as const, progress: (periodId: string) => ['reporting', 'progress', periodId] as const };
