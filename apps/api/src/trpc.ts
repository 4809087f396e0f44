import { initTRPC, TRPCError } from '@trpc/server';
import { LtError, LtErrors, type LtErrorJson } from '@lienthong/errors';
import { RunFailed, dependencyDown, isPrincipal, type Caller, type Services } from '@lienthong/services';
import { MAX_BODY_BYTES } from './hardening.js';
import { Access, checkPermission, type Requirement, type Scope } from './auth/policy.js';

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
}

export interface Context {
  services: Services;
  caller: Caller | null;
  /** When the request arrived (epoch ms): synchronous answers are due 30 s after it. */
  receivedAt?: number;
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

const trpcCode = (status: number): TRPCError['code'] =>
  (({ 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 410: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE',
    422: 'UNPROCESSABLE_CONTENT', 429: 'TOO_MANY_REQUESTS', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE', 504: 'GATEWAY_TIMEOUT' } as const)[status as 400] ?? 'INTERNAL_SERVER_ERROR');

const t = initTRPC.context<Context>().meta<Meta>().create({
  errorFormatter({ shape, error }) {
    // A body over the limit that the adapter refused itself (a chunked one): the same code as REST's.
    const lt = ltErrorsOf(error.cause) ?? (error.code === 'PAYLOAD_TOO_LARGE' ? [new LtError('REQUEST_TOO_LARGE', { limit: MAX_BODY_BYTES }).toJSON()] : null);
    // Internal errors carry no stack or internals to the client.
    return { ...shape, message: lt ? shape.message : error.code === 'INTERNAL_SERVER_ERROR' ? 'Internal error' : shape.message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, errors: lt ?? undefined } };
  },
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
  const requires = (need as NonNullable<typeof need>).requires;
  const access = new Access(isPrincipal(ctx.caller) ? ctx.caller : null, requires);
  const result = await next({ ctx: { ...ctx, access } });
  // An agency's thing answered without the agency check: a forgotten check is a refusal, not a leak.
  if (result.ok && need?.scope === 'agency' && !access.checked) throw new LtError('ACCESS_NOT_DECLARED', { procedure: `${path} (agency check)` });
  return result;
});

export const createTRPCRouter = t.router;
/** Every procedure starts here: errors mapped, permission declared in `.meta({ requires, scope })` and checked. */
export const procedure = t.procedure.use(mapErrors).use(authorize);
/** @deprecated names kept for code written before permissions were declared: both are `procedure`. */
export const publicProcedure = procedure;
export const authedProcedure = procedure;
