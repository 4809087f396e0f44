import type { IncomingMessage } from 'node:http';
import { LtError } from '@lienthong/errors';
import { findRoute, mediaTypesOf, REST_PREFIX, type restRoutes } from '../rest/index.js';
import { AUDIT_EXPORT_PATH } from './policy.js';

/** A tRPC batch may call this many procedures at most (REST calls one per request). */
export const MAX_TRPC_BATCH = 10;
const TRPC_BASE = 'trpc';
const CODEC_PREFIX = '/api/v1/codec';

export interface Described {
  path: string;
  /** The procedures the request calls, named exactly as tRPC (or the REST router) resolves them. */
  procedures: string[];
  params: Record<string, string>;
  /** Refused before anything else: malformed percent-encoding, an unknown procedure, a batch too large. */
  malformed?: LtError;
}

/** decodeURIComponent that answers a coded 400 instead of throwing on a stray `%`. */
export function decodeComponent(raw: string, path: string): string | LtError {
  try {
    return decodeURIComponent(raw);
  } catch {
    return new LtError('REQUEST_URL_MALFORMED', { path: path.slice(0, 200) });
  }
}

// The standalone adapter's own trimming (@trpc/server adapters/standalone): one slash off each end.
const trimSlashes = (p: string): string => {
  const a = p.startsWith('/') ? p.slice(1) : p;
  return a.endsWith('/') ? a.slice(0, -1) : a;
};

/**
 * The procedure names of a tRPC request, resolved the way @trpc/server 11 resolves them: the URL parsed, one slash
 * trimmed off each end, the base path cut, trimmed again, percent-decoded, then split on commas when `batch=1`.
 * Any spelling of a name (`flows%2Epublish`, `alert%73.list`, `alerts.list/`) is thus named as the procedure it runs.
 */
export function trpcProcedureNames(url: URL): string[] | LtError {
  const raw = trimSlashes(trimSlashes(url.pathname).slice(TRPC_BASE.length));
  const decoded = decodeComponent(raw, url.pathname);
  if (decoded instanceof LtError) return decoded;
  return url.searchParams.get('batch') === '1' ? decoded.split(',') : [decoded];
}

/** What a request to the API calls, for the gate's checks and the audit row. Never throws. */
export function describeRequest(req: IncomingMessage, o: { routes: ReturnType<typeof restRoutes>; procedures: ReadonlySet<string> }): Described {
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://api');
  } catch {
    return { path: rawPath.slice(0, 200), procedures: [], params: {}, malformed: new LtError('REQUEST_URL_MALFORMED', { path: rawPath.slice(0, 200) }) };
  }
  const path = url.pathname;
  if (rawPath.startsWith('/trpc/')) {
    const names = trpcProcedureNames(url);
    if (names instanceof LtError) return { path, procedures: [], params: {}, malformed: names };
    if (names.length > MAX_TRPC_BATCH) {
      return { path, procedures: [], params: {}, malformed: new LtError('REQUEST_BATCH_TOO_LARGE', { count: names.length, limit: MAX_TRPC_BATCH }) };
    }
    const unknown = names.find((n) => !o.procedures.has(n));
    if (unknown !== undefined) return { path, procedures: [], params: {}, malformed: new LtError('REQUEST_PROCEDURE_UNKNOWN', { procedure: unknown.slice(0, 200) }) };
    return { path, procedures: names, params: {} };
  }
  if (path === AUDIT_EXPORT_PATH) return { path, procedures: ['audit.export'], params: {} };
  if (path.startsWith(`${CODEC_PREFIX}/`)) {
    const op = path.slice(CODEC_PREFIX.length + 1);
    return { path, procedures: op === 'decode' || op === 'encode' ? [`codec.${op}`] : [], params: {} };
  }
  const sub = path.slice(REST_PREFIX.length) || '/';
  const { route } = findRoute(o.routes, req.method ?? 'GET', sub, mediaTypesOf(req));
  if (!route) return { path, procedures: [], params: {} };
  const m = route.pattern.exec(sub) as RegExpExecArray;
  const params: Record<string, string> = {};
  for (const [i, p] of route.params.entries()) {
    const v = decodeComponent(m[i + 1] ?? '', path);
    if (v instanceof LtError) return { path, procedures: [route.path], params: {}, malformed: v };
    params[p] = v;
  }
  return { path, procedures: [route.path], params };
}
