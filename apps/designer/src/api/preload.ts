import { filterOf } from '../console/runs/run-filter.js';
import { meQuery, queryClient, runPageQuery } from './queries.js';

/**
 * Asks for what the opened screen shows before its code has loaded: who is signed in and, on `/runs`, the first page of
 * runs. Without this the requests wait in line (screen chunk → session → search); with it they travel together, and
 * the screen finds its answers in the query cache (the same query keys). A signed-out browser gets 401s, which end in the
 * sign-in form as before.
 */
export function preloadOpenedScreen(location: Location): void {
  void queryClient.prefetchQuery(meQuery);
  if (location.pathname === '/runs') {
    void queryClient.prefetchQuery(runPageQuery(filterOf(new URLSearchParams(location.search))));
  }
}
