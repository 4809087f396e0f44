import type { IncomingMessage, ServerResponse } from 'node:http';
import { LtError } from '@lienthong/errors';
import { metrics } from '@lienthong/observability';
import type { AppRouter } from '../root.js';
import type { Context } from '../trpc.js';
import { hostileInputProblem, jsonBodyOf } from '../request-checks.js';
import { sendFailure } from './errors.js';
import { BodyTooLarge, MAX_BODY_BYTES, readRawBody, sendErrors, sendJson } from './http.js';
import { findRoute, mediaTypesOf, pathParam, restRoutes, REST_PREFIX, type Route } from './routes.js';
import { writeEvents, type ServerSentEvent } from './sse.js';

/**
 * Serves the tRPC procedures that carry `meta.rest` as REST under /api/v1, with our error shape:
 * every error is `{ error, errors[] }` with a stable code, a vi/en message and where it is; a 4xx
 * for anything the caller can fix, never a stack trace.
 */
export function createRestHandler(router: AppRouter, makeContext: (req: IncomingMessage, body: Buffer | null) => Promise<Context>, log: (line: string) => void = () => undefined) {
  const routes = restRoutes(router);
  const handle = serve(routes, router, makeContext, log);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const stop = metrics.apiLatency.startTimer();
    let route = 'unmatched';
    res.once('finish', () => { metrics.apiRequests.inc({ route, status: String(res.statusCode) }); stop({ route }); });
    await handle(req, res, (name) => { route = name; });
  };
}

function serve(routes: Route[], router: AppRouter, makeContext: (req: IncomingMessage, body: Buffer | null) => Promise<Context>, log: (line: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse, named: (route: string) => void): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://api');
    const sub = url.pathname.slice(REST_PREFIX.length) || '/';
    const method = req.method ?? 'GET';
    const receivedAt = Date.now();
    const { candidates, route } = findRoute(routes, method, sub, mediaTypesOf(req));
    if (!route) {
      if (!candidates.length) return sendErrors(res, 404, [new LtError('ROUTE_NOT_FOUND', { path: `${method} ${url.pathname}` }).toJSON()]);
      // The path exists with other methods: say which (RFC 9110 requires Allow on a 405).
      const allow = [...new Set(candidates.map((c) => c.meta.method))].sort().join(', ');
      const err = new LtError('METHOD_NOT_ALLOWED', { method: method.slice(0, 20), path: url.pathname.slice(0, 200), allow });
      return sendErrors(res, 405, [err.toJSON()], { allow });
    }
    named(route.path);
    if (route.meta.stream !== undefined) return serveStream(route, router, makeContext, log, req, res, url, sub, receivedAt);
    try {
      let raw: Buffer;
      try {
        raw = await readRawBody(req);
      } catch (e) {
        if (e instanceof BodyTooLarge) return sendErrors(res, 413, [new LtError('REQUEST_TOO_LARGE', { limit: MAX_BODY_BYTES }).toJSON()]);
        throw e;
      }
      const input: Record<string, unknown> = {};
      const m = route.pattern.exec(sub) as RegExpExecArray;
      route.params.forEach((p, i) => { input[p] = pathParam(m[i + 1], url.pathname); });
      for (const q of route.meta.query ?? []) { const v = url.searchParams.get(q); if (v !== null) input[q] = v; }
      for (const [h, field] of Object.entries(route.meta.headers ?? {})) { const v = req.headers[h]; if (typeof v === 'string') input[field] = v; }
      if (method === 'POST' || method === 'PUT') {
        // Declared as JSON, strictly UTF-8, well-formed: else a coded 415/400 before anything runs.
        const parsed = jsonBodyOf(req, raw);
        if (parsed instanceof LtError) return sendErrors(res, parsed.status, [parsed.toJSON()]);
        const body = parsed.value;
        if (route.meta.bodyField) input[route.meta.bodyField] = body;
        else if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(input, body, Object.fromEntries(route.params.map((p) => [p, input[p]])));
      }
      // Refused before the caller is identified too: the gate would write a NUL username into the audit log, which cannot store it.
      const hostile = hostileInputProblem(input, route.meta.bodyField);
      if (hostile) return sendErrors(res, hostile.status, [hostile.toJSON()]);
      const ctx = { ...(await makeContext(req, raw)), receivedAt, viaRest: true };
      // An event stream's resolver is told when the client goes.
      const gone = route.meta.events ? new AbortController() : null;
      if (gone) res.once('close', () => gone.abort());
      const caller = router.createCaller(ctx, gone ? { signal: gone.signal } : {});
      const fn = route.path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
      const result = await fn(input);
      if (gone) return await writeEvents(res, result as AsyncIterable<ServerSentEvent>, gone.signal, route, log);
      if (route.meta.produces !== undefined) {
        const raw = result as { body: Buffer; contentType: string; headers?: Record<string, string> };
        res.writeHead(200, { ...raw.headers, 'content-type': raw.contentType, 'content-length': String(raw.body.length) });
        return void res.end(raw.body);
      }
      const r = result as { status?: string; runId?: string } | null;
      if (r && r.status === 'running' && typeof r.runId === 'string' && method === 'POST') {
        return sendJson(res, 202, result, { location: `${REST_PREFIX}/runs/${r.runId}` });
      }
      return sendJson(res, method === 'POST' && route.meta.path === '/flows' ? 201 : 200, result);
    } catch (err) {
      return sendFailure(res, err, route, log);
    }
  };
}

/**
 * A streamed route: the caller is identified from the headers alone (a signed request's x-amz-content-sha256
 * stands for the body), then the procedure reads the body itself, chunk by chunk, and checks it against that hash.
 * A refusal answers at once and closes the connection, so the rest of a large body is not waited for.
 */
async function serveStream(route: Route, router: AppRouter, makeContext: (req: IncomingMessage, body: Buffer | null) => Promise<Context>, log: (line: string) => void,
  req: IncomingMessage, res: ServerResponse, url: URL, sub: string, receivedAt: number): Promise<void> {
  try {
    const input: Record<string, unknown> = {};
    const m = route.pattern.exec(sub) as RegExpExecArray;
    route.params.forEach((p, i) => { input[p] = pathParam(m[i + 1], url.pathname); });
    for (const q of route.meta.query ?? []) { const v = url.searchParams.get(q); if (v !== null) input[q] = v; }
    for (const [h, field] of Object.entries(route.meta.headers ?? {})) { const v = req.headers[h]; if (typeof v === 'string') input[field] = v; }
    const declared = req.headers['content-length'];
    input.length = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : null;
    // Leaving the loop early (a refusal) must not destroy the socket before the answer is written.
    input.body = req.iterator({ destroyOnReturn: false });
    const ctx = { ...(await makeContext(req, null)), receivedAt, viaRest: true };
    const caller = router.createCaller(ctx);
    const fn = route.path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
    const result = await fn(input);
    return sendJson(res, 200, result);
  } catch (err) {
    // The client went away mid-body: nothing was stored (the procedure writes only a complete, checked body), nobody to answer.
    if (!req.complete && (req.destroyed || (err as { code?: unknown }).code === 'ECONNRESET')) return;
    return sendFailure(res, err, route, log, req.complete ? {} : { connection: 'close' });
  }
}
