import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { initTRPC, TRPCError } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { LtError, LtErrors, type LtErrorJson } from '@lienthong/errors';
import { RunFailed, dependencyDown, isPrincipal, type Caller, type Services } from '@lienthong/services';
import { MAX_BODY_BYTES } from './hardening.js';
import { hostileInputProblem } from './request-checks.js';
import { Access, checkPermission, type Requirement, type Scope } from './auth/policy.js';
import { checkCallerKind } from './auth/who-may-call.js';

/** How a procedure is also served as REST (see rest.ts); the OpenAPI document is generated from it. */
export interface RestMeta {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under /api/v1 with {params}, e.g. /flows/{flowKey}/runs */
  path: string;
  summary: string;
  tags: string[];
  /** For POST/PUT: the input field that receives the whole JSON body (otherwise body fields merge into the input). */
  bodyField?: string;
  /** Query parameters copied into the input (strings). */
  query?: string[];
  /** Request headers copied into the input: header name -> input field. */
  headers?: Record<string, string>;
  /**
   * For PUT/POST with this request Content-Type: the body is not read by the adapter but handed to the procedure as
   * `body` (chunk by chunk) with `length` (Content-Length). The request's signature then covers the body through
   * its x-amz-content-sha256 header, which the procedure must check against the body it read before storing anything.
   */
  stream?: string;
  /**
   * GET answered as server-sent events: the procedure returns an async iterable of `{ id?, event, data }`, written as
   * `text/event-stream` until it ends or the client goes (the resolver's `signal` aborts then).
   */
  events?: boolean;
  /**
   * GET answered with raw bytes when the request's Accept names this media type (otherwise the JSON route of the same
   * path answers): the procedure returns `{ body: Buffer, contentType, headers? }`.
   */
  produces?: string;
}
export interface Meta {
  rest?: RestMeta;
  /** What the caller needs (auth/policy.ts); a procedure without it is refused. */
  requires?: Requirement;
  /** Whose things it touches; 'agency' procedures must check each thing through `ctx.access`. */
  scope?: Scope;
  /**
   * For connected systems, when `requires` alone does not say it (auth/who-may-call.ts): the `allowedOperations` entry
   * a system must hold, `only` when people are refused, false when systems are. Checked by `authorize` below; the
   * OpenAPI document, the procedure docs and the list of grantable operations are derived from it.
   */
  systems?: { grant?: string; only?: boolean } | false;
}

export interface Context {
  services: Services;
  caller: Caller | null;
  /** When the request arrived (epoch ms): synchronous answers are due 30 s after it. */
  receivedAt?: number;
  /** Called through REST: error pointers are relative to the request body (meta.rest.bodyField is its root). */
  viaRest?: boolean;
}

/** Tests call this directly with their own services and caller. */
export const createContextInner = (opts: Context): Context => opts;

/** Every error our code raises, as the list the client gets (one entry unless validation found several). */
export function ltErrorsOf(cause: unknown): LtErrorJson[] | null {
  if (cause instanceof LtError) return [cause.toJSON()];
  if (cause instanceof LtErrors) return cause.errors.map((e) => e.toJSON());
  if (cause instanceof RunFailed) return [cause.json];
  const down = dependencyDown(cause); // the database restarting: a coded 503, not an internal error
  return down ? [down.toJSON()] : null;
}

export function statusOf(cause: unknown): number {
  if (cause instanceof LtError || cause instanceof LtErrors) return cause.status;
  if (cause instanceof RunFailed) return 422;
  return dependencyDown(cause)?.status ?? 500;
}

/** tRPC's code for our HTTP status (the gate's refusals and the procedures' errors alike). */
export const trpcCode = (status: number): TRPCError['code'] =>
  (({ 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_SUPPORTED', 409: 'CONFLICT', 410: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'UNPROCESSABLE_CONTENT', 429: 'TOO_MANY_REQUESTS', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE', 504: 'GATEWAY_TIMEOUT' } as const)[status as 400] ?? 'INTERNAL_SERVER_ERROR');

/**
 * A refusal answered before the tRPC adapter runs (body limit, method, content type, UTF-8, the gate), in tRPC's own
 * error shape with our errors in `data.errors`, as every other tRPC error: a tRPC client reads it like the rest.
 */
export function sendTrpcError(res: ServerResponse, err: LtError, headers: Record<string, string> = {}): void {
  if (res.headersSent) { res.destroy(); return; }
  const key = trpcCode(err.status);
  const body = { error: { message: err.message, code: TRPC_ERROR_CODES_BY_KEY[key], data: { code: key, httpStatus: err.status, errors: [err.toJSON()] } } };
  res.writeHead(err.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** zod's issue codes in Vietnamese (the English is zod's own message). */
const zodVi: Record<string, string> = {
  invalid_type: 'sai kiểu dữ liệu', too_big: 'vượt quá giới hạn', too_small: 'nhỏ hơn giới hạn', invalid_format: 'sai định dạng',
  invalid_value: 'giá trị không được phép', unrecognized_keys: 'có trường không được phép',
};

/** zod issues at the boundary → our validation errors with JSON pointers; `bodyField` (REST) is the body's root for the caller. */
export function validationErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[], bodyField?: string): LtErrorJson[] {
  return issues.map((i) => {
    const [head, ...rest] = i.path.map(String);
    const parts = bodyField !== undefined && head === bodyField ? rest : [head ?? '', ...rest].filter(Boolean);
    const pointer = `/${parts.join('/')}`;
    return new LtError('REQUEST_VALIDATION_FAILED', { pointer, detail: i.message, detailVi: zodVi[i.code ?? ''] ?? 'giá trị không hợp lệ' },
      { pointer, ...(head && head !== bodyField ? { field: head } : {}) }).toJSON();
  });
}

/** One reference per internal error, the same in the log line (onError) and in the answer (the formatter), whichever runs first. */
const refs = new WeakMap<object, string>();
export function internalRef(error: object): string {
  let ref = refs.get(error);
  if (!ref) { ref = randomUUID().slice(0, 8); refs.set(error, ref); }
  return ref;
}

/**
 * The catalogue error for what tRPC itself refused before or around our code (a body it could not parse, input that
 * failed validation, an unknown procedure, a wrong method or content type), so every tRPC error carries a code too.
 */
function ownErrorsOf(error: TRPCError): LtErrorJson[] {
  const issues = (error.cause as { issues?: unknown } | undefined)?.issues;
  if (error.code === 'BAD_REQUEST' && Array.isArray(issues)) return validationErrorsOf(issues as Parameters<typeof validationErrorsOf>[0]);
  const quoted = /"([^"]*)"?/.exec(error.message)?.[1] ?? '';
  const one = (e: LtError) => [e.toJSON()];
  switch (error.code) {
    case 'PARSE_ERROR': return one(new LtError('REQUEST_INVALID_JSON', { detail: error.message }, { pointer: '/' }));
    case 'BAD_REQUEST':
      if (error.cause instanceof SyntaxError) return one(new LtError('REQUEST_INVALID_JSON', { detail: error.message }, { pointer: '/' }));
      return one(new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/', detail: error.message, detailVi: 'yêu cầu tRPC không hợp lệ' }, { pointer: '/' }));
    case 'PAYLOAD_TOO_LARGE': return one(new LtError('REQUEST_TOO_LARGE', { limit: MAX_BODY_BYTES }));
    case 'UNSUPPORTED_MEDIA_TYPE': return one(new LtError('UNSUPPORTED_MEDIA_TYPE', { contentType: quoted, expected: 'application/json; charset=utf-8' }));
    case 'METHOD_NOT_SUPPORTED': {
      const m = /Unsupported (\w+)-request to (\w+) procedure at path "([^"]*)"/.exec(error.message);
      return one(new LtError('METHOD_NOT_ALLOWED', { method: m?.[1] ?? '', path: `/trpc/${m?.[3] ?? ''}`, allow: m?.[2] === 'mutation' ? 'POST' : 'GET' }));
    }
    case 'NOT_FOUND': return one(new LtError('REQUEST_PROCEDURE_UNKNOWN', { procedure: quoted }));
    case 'UNAUTHORIZED': return one(new LtError('AUTH_REQUIRED'));
    case 'FORBIDDEN': return one(new LtError('ACCESS_FORBIDDEN', { action: quoted }));
    default: return one(new LtError('INTERNAL', { ref: internalRef(error) }));
  }
}

const t = initTRPC.context<Context>().meta<Meta>().create({
  errorFormatter({ shape, error }) {
    const ours = ltErrorsOf(error.cause);
    const errors = ours ?? ownErrorsOf(error);
    const first = errors[0] as LtErrorJson;
    // The HTTP status is the catalogue's, as REST answers (tRPC takes it from data.httpStatus); no stack or internals.
    const httpStatus = ours ? statusOf(error.cause) : new LtError(first.code).status;
    return { ...shape, message: first.message.en, data: { code: shape.data.code, httpStatus, errors } };
  },
});

/** The first hostile part of the raw input (NUL, an impossible id), refused before validation and any lookup. */
const refuseHostileInput = t.middleware(async ({ ctx, meta, getRawInput, next }) => {
  const problem = hostileInputProblem(await getRawInput(), ctx.viaRest ? meta?.rest?.bodyField : undefined);
  if (problem) throw problem;
  return next();
});

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (ltErrorsOf(cause)) throw new TRPCError({ code: trpcCode(statusOf(cause)), message: (cause as Error).message, cause });
  }
  return result;
});

/**
 * The one authorisation check, after tRPC has resolved the procedure (so no spelling of its name can skip it), for tRPC
 * and REST alike (rest.ts calls the same procedures through createCaller): the declared permission, then the agency
 * check of 'agency' procedures through `ctx.access`.
 */
const authorize = t.middleware(async ({ ctx, meta, path, next }) => {
  const need = meta?.requires && meta.scope ? { requires: meta.requires, scope: meta.scope } : undefined;
  checkPermission(path, need, ctx.caller);
  checkCallerKind(path, meta, ctx.caller);
  const requires = (need as NonNullable<typeof need>).requires;
  const access = new Access(isPrincipal(ctx.caller) ? ctx.caller : null, requires);
  const result = await next({ ctx: { ...ctx, access } });
  // An agency's thing answered without the agency check: a forgotten check is a refusal, not a leak.
  if (result.ok && need?.scope === 'agency' && !access.checked) throw new LtError('ACCESS_NOT_DECLARED', { procedure: `${path} (agency check)` });
  return result;
});

export const createTRPCRouter = t.router;
/** One namespace from routers kept in separate files (reporting: the cycle's and the deliveries'). */
export const mergeTRPCRouters = t.mergeRouters;
/** Every procedure starts here: errors mapped, hostile input refused, permission declared in `.meta({ requires, scope })` and checked. */
export const procedure = t.procedure.use(mapErrors).use(refuseHostileInput).use(authorize);
/** @deprecated names kept for code written before permissions were declared: both are `procedure`. */
export const publicProcedure = procedure;
export const authedProcedure = procedure;
