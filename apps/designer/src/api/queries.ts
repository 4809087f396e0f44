import { QueryClient, queryOptions } from '@tanstack/react-query';
import { api, ApiError, type RunFilter } from './client.js';

/**
 * Server state through TanStack Query over the typed tRPC client (api/client.ts): every answer's type is inferred from
 * the API's router. Refusals (4xx) are answers, not glitches: they are not retried.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (n, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && n < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'terminated', 'timed_out']);
export const isFinished = (status: string | undefined): boolean => status !== undefined && TERMINAL.has(status);
/** How often a screen showing a running run asks again. */
export const LIVE_MS = 2000;

export const meQuery = queryOptions({ queryKey: ['auth', 'me'], queryFn: () => api.me().catch(() => null), staleTime: Infinity });

export const runPageQuery = (filter: RunFilter) => queryOptions({
  queryKey: ['runs', 'search', filter], queryFn: () => api.runPage(filter),
  // Live status: while a listed run is running, the page is read again.
  refetchInterval: (q) => (q.state.data?.runs.some((r) => !isFinished(r.status)) ? LIVE_MS : false),
});

export const runQuery = (runId: string) => queryOptions({
  queryKey: ['runs', 'get', runId], queryFn: () => api.getRun(runId),
  refetchInterval: (q) => (q.state.data && !isFinished(q.state.data.status) ? LIVE_MS : false),
});

export const timelineQuery = (runId: string, live: boolean) => queryOptions({
  queryKey: ['runs', 'timeline', runId], queryFn: () => api.timeline(runId), refetchInterval: live ? LIVE_MS : false,
});

export const runRecordQuery = (runId: string) => queryOptions({ queryKey: ['runs', 'record', runId], queryFn: () => api.runRecord(runId) });

export const flowVersionQuery = (flowKey: string, version: number) => queryOptions({
  queryKey: ['flows', 'get', flowKey, version], queryFn: () => api.getFlow(flowKey, version), staleTime: Infinity,
});
