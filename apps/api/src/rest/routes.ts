import type { IncomingMessage } from 'node:http';
import type { AnyTRPCProcedure } from '@trpc/server';
import { LtError } from '@lienthong/errors';
import type { AppRouter } from '../root.js';
import type { RestMeta } from '../trpc.js';

// The REST face of the procedures: each procedure with `meta.rest` is a route under /api/v1.
export const REST_PREFIX = '/api/v1';

export interface Route {
  path: string; // procedure path, e.g. "runs.start"
  meta: RestMeta;
  pattern: RegExp;
  params: string[];
  procedure: AnyTRPCProcedure;
}

export function restRoutes(router: AppRouter): Route[] {
  const procs = router._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
  return Object.entries(procs).flatMap(([path, procedure]) => {
    const meta = (procedure._def.meta as { rest?: RestMeta } | undefined)?.rest;
    if (!meta) return [];
    const params: string[] = [];
    const pattern = new RegExp(`^${meta.path.replace(/\{(\w+)\}/g, (_, p: string) => { params.push(p); return '([^/]+)'; })}$`);
    return [{ path, meta, pattern, params, procedure }];
  })
    // Literal segments win over parameters (/flows/validate before /flows/{flowKey}).
    .sort((a, b) => a.params.length - b.params.length);
}

/** What a request sends and accepts: its Content-Type without parameters, and the media types its Accept names (lower case). */
export function mediaTypesOf(req: IncomingMessage): { sends: string; accepts: string[] } {
  const bare = (v: string) => v.split(';')[0]?.trim().toLowerCase() ?? '';
  return { sends: bare(req.headers['content-type'] ?? ''), accepts: (req.headers.accept ?? '').split(',').map(bare).filter(Boolean) };
}

/**
 * The route for a request: the routes whose path matches (to tell 404 from 405), and among those with the method,
 * the one streaming this Content-Type, or producing a media type the request accepts, if there is one; else the JSON one.
 */
export function findRoute(routes: Route[], method: string, sub: string, media: { sends: string; accepts: string[] }): { candidates: Route[]; route: Route | undefined } {
  const candidates = routes.filter((r) => r.pattern.test(sub));
  const same = candidates.filter((r) => r.meta.method === method);
  return {
    candidates,
    route: same.find((r) => r.meta.stream !== undefined && r.meta.stream === media.sends)
      ?? same.find((r) => r.meta.produces !== undefined && media.accepts.includes(r.meta.produces))
      ?? same.find((r) => r.meta.stream === undefined && r.meta.produces === undefined),
  };
}

/** A path parameter, percent-decoded; one that does not decode is the caller's fault (400), never a thrown URIError. */
export function pathParam(raw: string | undefined, path: string): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    throw new LtError('REQUEST_URL_MALFORMED', { path: path.slice(0, 200) });
  }
}
