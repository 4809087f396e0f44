import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The IOC feedback statistics (DOMAIN §7.d, R-34); types inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
export type IocQuarterStats = Outputs['ioc']['quarterStats'];
export type IocStatsRow = IocQuarterStats['rows'][number];

export const iocApi = { quarterStats: (quarter: string) => call(() => trpc.ioc.quarterStats.query({ quarter })) };
export const iocKeys = { quarter: (quarter: string) => ['ioc', 'quarter', quarter] as const };

/** The quarter `at` falls in, Vietnam time, and the seven before it (newest first). */
export function recentQuarters(at = new Date(), n = 8): string[] {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  let y = local.getUTCFullYear();
  let q = Math.floor(local.getUTCMonth() / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < n; i += 1) {
    out.push(`${y}-Q${q}`);
    q -= 1;
    if (q === 0) { q = 4; y -= 1; }
  }
  return out;
}
