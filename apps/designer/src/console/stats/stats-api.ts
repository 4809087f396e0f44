import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The statistics screen's procedures; every type is inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type StatsQuery = Inputs['stats']['runs'];
export type StatsGroup = NonNullable<StatsQuery['groupBy']>;
export type StatsRow = Outputs['stats']['runs'][number];
export type ExchangeStats = Outputs['exchanges']['stats'];
export type FileDownload = Outputs['stats']['runsXlsx'];

export const STATS_GROUPS: readonly StatsGroup[] = ['day', 'month', 'flow', 'agency', 'system', 'status'];

export const statsApi = {
  runs: (q: StatsQuery): Promise<StatsRow[]> => call(() => trpc.stats.runs.query(q)),
  runsCsv: (q: StatsQuery) => call(() => trpc.stats.runsCsv.query(q)),
  runsXlsx: (q: StatsQuery): Promise<FileDownload> => call(() => trpc.stats.runsXlsx.query(q)),
  exchanges: (from: string, to: string): Promise<ExchangeStats> => call(() => trpc.exchanges.stats.query({ from, to })),
  monthlyCsv: (agency: string, month: string) => call(() => trpc.stats.monthlyReport.query({ agency, month })),
  monthlyXlsx: (agency: string, month: string): Promise<FileDownload> => call(() => trpc.stats.monthlyReportXlsx.query({ agency, month })),
};
