import { z } from 'zod';
import type { AgencyScope, Services } from '@lienthong/services';
import { procedure } from '../trpc.js';

/**
 * A registry listing (agencies, connected systems): needs `registry.read` and answers only what the caller's agencies
 * reach, narrowed in the query by the services (`ctx.access.scope()`), never filtered after the fetch.
 */
export const registryList = <T extends z.ZodType>(path: string, summary: string, item: T, list: (services: Services, scope: AgencyScope) => Promise<z.input<T>[]>) =>
  procedure
    .meta({ requires: 'registry.read', scope: 'agency', rest: { method: 'GET', path, summary, tags: ['registry'] } })
    .input(z.object({}).optional())
    .output(z.array(item))
    .query(async ({ ctx }) => list(ctx.services, ctx.access.scope()));
