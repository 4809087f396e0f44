import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError, type AnyTRPCProcedure } from '@trpc/server';
import { z } from 'zod';
import { LtError, type LtErrorJson } from '@lienthong/errors';
import { metrics } from '@lienthong/observability';
import type { AppRouter } from './root.js';
import { ltErrorsOf, statusOf, type Context, type RestMeta } from './trpc.js';
import { MAX_BODY_BYTES } from './hardening.js';

export const REST_PREFIX = '/api/v1';
export { MAX_BODY_BYTES };

interface Route {
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

export class BodyTooLarge extends Error {}

export async function readRawBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface ErrorBody {
  error: LtErrorJson;
  errors: LtErrorJson[];
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export function sendErrors(res: ServerResponse, status: number, errors: LtErrorJson[], headers: Record<string, string> = {}): void {
  const first = errors[0] ?? new LtError('INTERNAL', { ref: 'none' }).toJSON();
  sendJson(res, status, { error: first, errors } satisfies ErrorBody, headers);
}

/** zod issues at the boundary → our validation errors with JSON pointers into the request. */
const zodVi: Record<string, string> = {
  invalid_type: 'sai kiểu dữ liệu', too_big: 'vượt quá giới hạn', too_small: 'nhỏ hơn giới hạn', invalid_format: 'sai định dạng',
  invalid_value: 'giá trị không được phép', unrecognized_keys: 'có trường không được phép',
};

function zodIssuesToErrors(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[], route: Route): LtErrorJson[] {
  return issues.map((i) => {
    const [head, ...rest] = i.path.map(String);
    // A field that carries the whole body is the body's root for the caller.
    const parts = head === route.meta.bodyField ? rest : [head ?? '', ...rest].filter(Boolean);
    const pointer = `/${parts.join('/')}`;
    return new LtError('REQUEST_VALIDATION_FAILED', { pointer, detail: i.message, detailVi: zodVi[i.code ?? ''] ?? 'giá trị không hợp lệ' }, { pointer, ...(head && head !== route.meta.bodyField ? { field: head } : {}) }).toJSON();
  });
}

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
      const err = new LtError('ROUTE_NOT_FOUND', { path: `${method} ${url.pathname}` });
      return sendErrors(res, candidates.length ? 405 : 404, [err.toJSON()]);
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
        let body: unknown = undefined;
        if (raw.length > 0) {
          try {
            body = JSON.parse(raw.toString('utf8')) as unknown;
          } catch (e) {
            return sendErrors(res, 400, [new LtError('REQUEST_INVALID_JSON', { detail: (e as Error).message }, { pointer: '/' }).toJSON()]);
          }
        }
        if (route.meta.bodyField) input[route.meta.bodyField] = body;
        else if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(input, body, Object.fromEntries(route.params.map((p) => [p, input[p]])));
      }
      const ctx = { ...(await makeContext(req, raw)), receivedAt };
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

export interface ServerSentEvent { id?: string; event: string; data: unknown }

/**
 * Writes events as `text/event-stream` (one JSON `data` line each), with a comment every 15 s so proxies keep the
 * connection, until the source ends or the client goes. An error after the first byte is sent as an `error` event.
 */
async function writeEvents(res: ServerResponse, events: AsyncIterable<ServerSentEvent>, gone: AbortSignal, route: Route, log: (line: string) => void): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
  res.write('retry: 2000\n\n');
  const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  try {
    for await (const e of events) {
      if (gone.aborted) break;
      res.write(`${e.id ? `id: ${e.id}\n` : ''}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
    }
  } catch (err) {
    const cause = err instanceof TRPCError ? err.cause : err;
    let errors = ltErrorsOf(cause);
    if (!errors) {
      const ref = randomUUID().slice(0, 8);
      log(`internal error ref=${ref} ${route.path}: ${(err as Error).stack ?? String(err)}`);
      errors = [new LtError('INTERNAL', { ref }).toJSON()];
    }
    if (!gone.aborted) res.write(`event: error\ndata: ${JSON.stringify({ error: errors[0], errors })}\n\n`);
  } finally {
    clearInterval(beat);
    res.end();
  }
}

/** Our error shape for whatever a procedure (or the gate) threw. */
function sendFailure(res: ServerResponse, err: unknown, route: Route, log: (line: string) => void, headers: Record<string, string> = {}): void {
  const cause = err instanceof TRPCError ? err.cause : err;
  const lt = ltErrorsOf(cause);
  if (lt) return sendErrors(res, statusOf(cause), lt, headers);
  const issues = (cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  if (err instanceof TRPCError && err.code === 'BAD_REQUEST' && Array.isArray(issues)) return sendErrors(res, 400, zodIssuesToErrors(issues, route), headers);
  if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') return sendJson(res, 401, { error: { code: 'AUTH_REQUIRED', message: { vi: 'Cần xác thực', en: 'Authentication required' }, where: {} } }, headers);
  const ref = randomUUID().slice(0, 8);
  log(`internal error ref=${ref} ${route.path}: ${(err as Error).stack ?? String(err)}`);
  return sendErrors(res, 500, [new LtError('INTERNAL', { ref }).toJSON()], headers);
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
    const ctx = { ...(await makeContext(req, null)), receivedAt };
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

const ErrorSchema = {
  type: 'object', required: ['error', 'errors'],
  properties: {
    error: { $ref: '#/components/schemas/LtError' },
    errors: { type: 'array', items: { $ref: '#/components/schemas/LtError' } },
  },
};

function jsonSchema(s: unknown, io: 'input' | 'output'): Record<string, unknown> {
  try {
    const out = z.toJSONSchema(s as z.ZodType, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
    delete out.$schema;
    return out;
  } catch {
    return {};
  }
}

/** OpenAPI 3.1 document generated from the same procedures that serve tRPC and REST. */
export function openApiDocument(router: AppRouter, opts: { baseUrl?: string; version?: string } = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  // Streamed and raw forms come last: they add a media type to the operation of the same method and path.
  const all = restRoutes(router);
  const alternative = (x: Route) => x.meta.stream !== undefined || x.meta.produces !== undefined;
  for (const r of [...all.filter((x) => !alternative(x)), ...all.filter(alternative)]) {
    const def = r.procedure._def as { inputs?: unknown[]; output?: unknown };
    const inputSchema = def.inputs?.[0] ? jsonSchema(def.inputs[0], 'input') : {};
    const props = (inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
    const required = new Set((inputSchema.required as string[] | undefined) ?? []);
    const parameters = [
      ...r.params.map((p) => ({ name: p, in: 'path', required: true, schema: props[p] ?? { type: 'string' } })),
      ...(r.meta.query ?? []).map((q) => ({ name: q, in: 'query', required: false, schema: { type: 'string' } })),
      ...Object.entries(r.meta.headers ?? {}).map(([h]) => ({ name: h, in: 'header', required: false, schema: { type: 'string' } })),
    ];
    const consumed = new Set([...r.params, ...(r.meta.query ?? []), ...Object.values(r.meta.headers ?? {})]);
    let requestBody: unknown;
    if (r.meta.method === 'POST' || r.meta.method === 'PUT') {
      const schema = r.meta.bodyField ? (props[r.meta.bodyField] ?? {}) : {
        type: 'object',
        properties: Object.fromEntries(Object.entries(props).filter(([k]) => !consumed.has(k))),
        required: [...required].filter((k) => !consumed.has(k)),
      };
      requestBody = { required: r.meta.bodyField ? required.has(r.meta.bodyField) : true, content: { 'application/json': { schema } } };
    }
    const okSchema = def.output ? jsonSchema(def.output, 'output') : {};
    const ok = r.meta.events
      ? { description: 'Server-sent events: `event: <name>`, `data: <JSON>` / Luồng sự kiện', content: { 'text/event-stream': { schema: { type: 'string' } } } }
      : { description: 'OK', content: { 'application/json': { schema: okSchema } } };
    const responses: Record<string, unknown> = {
      [r.meta.path === '/flows' && r.meta.method === 'POST' ? '201' : '200']: ok,
      '400': { description: 'Invalid request / Yêu cầu không hợp lệ', content: { 'application/json': { schema: ErrorSchema } } },
      '404': { description: 'Not found / Không tìm thấy', content: { 'application/json': { schema: ErrorSchema } } },
    };
    if (r.path === 'runs.start') {
      responses['202'] = { description: 'Accepted, still running / Đã nhận, đang chạy', content: { 'application/json': { schema: okSchema } } };
      responses['409'] = { description: 'Idempotency-Key reused with another body', content: { 'application/json': { schema: ErrorSchema } } };
      responses['422'] = { description: 'The run failed / Lượt chạy thất bại', content: { 'application/json': { schema: ErrorSchema } } };
    }
    const openapiPath = `${REST_PREFIX}${r.meta.path}`;
    const existing = paths[openapiPath]?.[r.meta.method.toLowerCase()] as { parameters: { name: string }[]; requestBody?: { required?: boolean; content: Record<string, unknown> }; responses: Record<string, unknown>; description?: string } | undefined;
    if (r.meta.produces !== undefined && existing) {
      const ok = existing.responses['200'] as { content: Record<string, unknown> };
      ok.content[r.meta.produces] = { schema: { type: 'string', contentMediaType: r.meta.produces, description: 'The raw content (Accept) / Nội dung thô' } };
      existing.description = `${existing.description ? `${existing.description}\n\n` : ''}Accept: ${r.meta.produces}: ${r.meta.summary}`;
      continue;
    }
    if (r.meta.stream !== undefined) {
      const streamed = { schema: { type: 'string', contentMediaType: r.meta.stream, description: 'The raw content / Nội dung thô' } };
      const tooLarge = { description: 'Content over the limit / Nội dung vượt giới hạn', content: { 'application/json': { schema: ErrorSchema } } };
      if (existing) {
        // Parameters that only the streamed form takes are optional for the operation as a whole.
        const named = new Set(existing.parameters.map((p) => p.name));
        existing.parameters.push(...parameters.filter((p) => !named.has(p.name)).map((p) => ({ ...p, required: false })));
        existing.requestBody = { required: true, content: { ...existing.requestBody?.content, [r.meta.stream]: streamed } };
        existing.responses['413'] = tooLarge;
        existing.description = `${existing.description ? `${existing.description}\n\n` : ''}${r.meta.stream}: ${r.meta.summary}`;
        continue;
      }
      requestBody = { required: true, content: { [r.meta.stream]: streamed } };
      responses['413'] = tooLarge;
    }
    (paths[openapiPath] ??= {})[r.meta.method.toLowerCase()] = {
      operationId: r.path.replace('.', '_'), summary: r.meta.summary, tags: r.meta.tags, parameters,
      ...(requestBody ? { requestBody } : {}), responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Liên Thông API', version: opts.version ?? '0.1.0', description: 'Nền tảng tích hợp liên thông / Integration workflow engine' },
    servers: opts.baseUrl ? [{ url: opts.baseUrl }] : [],
    paths,
    components: {
      schemas: {
        LtError: {
          type: 'object', required: ['code', 'message', 'where'],
          properties: {
            code: { type: 'string' },
            message: { type: 'object', required: ['vi', 'en'], properties: { vi: { type: 'string' }, en: { type: 'string' } } },
            where: { type: 'object', properties: { nodeId: { type: 'string' }, pointer: { type: 'string' }, field: { type: 'string' } } },
          },
        },
      },
    },
  };
}
