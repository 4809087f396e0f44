declare global {
  interface Window { __ltEarly?: Record<string, Promise<Response>> }
}

/** Answers asked for at the page's start only: later the app asks itself (the session may have changed since). */
const FRESH_MS = 10_000;

/**
 * The answer public/early.js already asked for at this exact URL, taken once, or undefined (the caller asks itself).
 * early.js sends the session check and, on a bare /runs, the first page of runs while the page is still being read, so
 * their round trips overlap the loading of the app's scripts instead of following it (bench 9).
 */
export function takeEarly(url: string, init?: RequestInit): Promise<Response> | undefined {
  if (typeof window === 'undefined' || (init?.method !== undefined && init.method !== 'GET')) return undefined;
  const early = window.__ltEarly;
  const answer = early?.[url];
  if (!early || !answer) return undefined;
  delete early[url];
  return performance.now() < FRESH_MS ? answer : undefined;
}
