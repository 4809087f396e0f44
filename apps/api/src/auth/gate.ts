import type { IncomingMessage, ServerResponse } from 'node:http';
import { LtError } from '@lienthong/errors';
import { addressLoginThrottle, isPrincipal, type Principal, type Services, type SystemPrincipal } from '@lienthong/services';
import { restRoutes } from '../rest/index.js';
import type { AppRouter } from '../root.js';
import { normalizeIp, ipAllowed, RefusalSampler } from './limits.js';
import { checkPermission, endpointPermissions, quietProcedures } from './policy.js';
import { describeRequest, type Described } from './procedure-names.js';
import { amzDateOf, claimedPayloadHash, isSigV4, MAX_SKEW_MS, parseAuthorization, payloadHash, signatureMatches } from './sigv4.js';

export const SESSION_COOKIE = 'lt_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface GateOptions {
  /** Clock for signature dates (tests). */
  now?: () => number;
  maxSkewMs?: number;
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy?: boolean;
  log?: (line: string) => void;
}

/** What the gate learnt about one request; the audit row is written from it when the response ends. */
interface RequestState {
  started: number;
  ip: string;
  method: string;
  path: string;
  procedures: string[];
  params: Record<string, string>;
  /** A request refused before identity: malformed percent-encoding, unknown procedure, batch too large. */
  malformed?: LtError;
  principal: Principal | null;
  /** Who the request claimed to be when it was refused before we knew (an access key id). */
  claimed?: { actorId: string; agency?: string };
  username?: string;
  responseBody?: string;
  done?: Promise<Principal | null>;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) { try { return decodeURIComponent(v.join('=')); } catch { return v.join('='); } } // undecodable: an invalid session, not a throw
  }
  return undefined;
}

export function bearerOrCookie(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim();
  return cookie(req, SESSION_COOKIE);
}

/**
 * The one door in front of the API: identifies the caller (signed request → system, session → person),
 * applies the procedure's requirement, the system's grants, IP allow-list and rate limit, and records an
 * audit row for every security-relevant request when its response ends.
 */
export function createGate(services: Services, router: AppRouter, o: GateOptions = {}) {
  const routes = restRoutes(router);
  const now = o.now ?? Date.now;
  const maxSkew = o.maxSkewMs ?? MAX_SKEW_MS;
  // Shared by every API process through the database (services.requestLimits), so scale-out changes nothing.
  const shared = services.requestLimits;
  const inFlight = new Map<string, number>();
  const states = new WeakMap<IncomingMessage, RequestState>();
  const responses = new WeakMap<IncomingMessage, ServerResponse>();

  const procedureNames = new Set(Object.keys(router._def.procedures));
  function describe(req: IncomingMessage): Described {
    return describeRequest(req, { routes, procedures: procedureNames });
  }

  /** `body` null: a streamed body, which the procedure reads and checks against the signed x-amz-content-sha256. */
  async function verifySigned(req: IncomingMessage, body: Buffer | null, st: RequestState): Promise<SystemPrincipal> {
    const auth = parseAuthorization(req.headers.authorization as string);
    st.claimed = { actorId: `key:${auth.accessKeyId}` };
    const date = amzDateOf(req.headers);
    if (date.text.slice(0, 8) !== auth.date) throw new LtError('AUTH_MALFORMED', { detail: 'the Credential date differs from X-Amz-Date' });
    const key = await services.keys.resolve(auth.accessKeyId);
    if (!key) throw new LtError('AUTH_UNKNOWN_KEY');
    const sys = key.system;
    st.claimed = { actorId: `system:${sys.code}`, agency: sys.agencyCode }; // refusals below are the system's to see
    if (Math.abs(now() - date.ms) > maxSkew) throw new LtError('AUTH_CLOCK_SKEW', { date: new Date(date.ms).toISOString(), maxMinutes: Math.round(maxSkew / 60_000) });
    if (key.state !== 'active') throw new LtError('AUTH_KEY_REVOKED');
    const bodyHash = body === null ? claimedPayloadHash(req.headers) : payloadHash(req.headers, body);
    // The Idempotency-Key decides which run a request gets: unsigned, a man in the middle could swap it.
    if (req.headers['idempotency-key'] !== undefined && !auth.signedHeaders.includes('idempotency-key')) throw new LtError('AUTH_IDEMPOTENCY_KEY_UNSIGNED');
    if (!signatureMatches({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: body ?? Buffer.alloc(0) }, auth, date.text, bodyHash, key.secretKey)) {
      throw new LtError('AUTH_SIGNATURE_MISMATCH');
    }
    // Replays matter for requests that change something; a repeated GET (polling a run) within the same
    // second legitimately carries the same signature.
    if (!SAFE_METHODS.has(req.method ?? 'GET') && !await shared.claimSignature(auth.signature, now(), 2 * maxSkew)) throw new LtError('AUTH_REPLAY');
    if (sys.status === 'suspended') throw new LtError('AUTH_SYSTEM_SUSPENDED', { systemCode: sys.code });
    if (sys.status !== 'active') throw new LtError('AUTH_SYSTEM_INACTIVE', { systemCode: sys.code, status: sys.status });
    if (!ipAllowed(st.ip, sys.ipAllowList)) throw new LtError('AUTH_IP_NOT_ALLOWED', { ip: st.ip });
    void services.keys.markUsed(key.accessKeyId).catch(() => undefined);
    void services.registry.touch(sys.code).catch(() => undefined);
    return { kind: 'system', id: `system:${sys.code}`, systemCode: sys.code, agency: sys.agencyCode, accessKeyId: key.accessKeyId,
      allowedFlows: sys.allowedFlows, allowedOperations: sys.allowedOperations, allowedDestinations: sys.allowedDestinations, rateLimitPerMinute: sys.rateLimitPerMinute,
      maxConcurrent: sys.maxConcurrent };
  }

  async function identify(req: IncomingMessage, body: Buffer | null, st: RequestState): Promise<Principal | null> {
    const authz = req.headers.authorization;
    if (isSigV4(authz)) return verifySigned(req, body, st);
    const token = bearerOrCookie(req);
    if (token) {
      const p = await services.users.session(token);
      if (!p) throw new LtError('AUTH_SESSION_INVALID');
      return p;
    }
    if (authz) throw new LtError('AUTH_MALFORMED', { detail: 'use AWS4-HMAC-SHA256 or Bearer' });
    return null;
  }

  async function authorize(p: Principal | null, st: RequestState): Promise<void> {
    if (p?.kind === 'system') {
      const wait = await shared.take(`system:${p.systemCode}`, p.rateLimitPerMinute, now());
      if (wait > 0) {
        responses.get(reqOf(st))?.setHeader('retry-after', String(wait));
        throw new LtError('RATE_LIMITED', { limit: p.rateLimitPerMinute, retryAfterSeconds: wait });
      }
      const max = p.maxConcurrent ?? 0;
      const n = inFlight.get(p.systemCode) ?? 0;
      if (max > 0 && n >= max) {
        responses.get(reqOf(st))?.setHeader('retry-after', '1');
        throw new LtError('CONCURRENCY_LIMITED', { limit: max, retryAfterSeconds: 1 });
      }
      inFlight.set(p.systemCode, n + 1);
      const res = responses.get(reqOf(st));
      let released = false;
      const release = () => { if (released) return; released = true; const m = (inFlight.get(p.systemCode) ?? 1) - 1; if (m > 0) inFlight.set(p.systemCode, m); else inFlight.delete(p.systemCode); };
      res?.once('close', release);
      res?.once('finish', release);
    }
    // Procedures check their declared permission themselves, after tRPC has resolved the name (trpc.ts); only the
    // endpoints served outside the procedures are checked here. The codec endpoint checks its callers itself.
    for (const proc of st.procedures) if (proc === 'audit.export') checkPermission(proc, endpointPermissions[proc], p);
  }

  const reqs = new WeakMap<RequestState, IncomingMessage>();
  const reqOf = (st: RequestState) => reqs.get(st) as IncomingMessage;

  function stateOf(req: IncomingMessage): RequestState {
    let st = states.get(req);
    if (!st) {
      const fwd = o.trustProxy ? (req.headers['x-forwarded-for'] as string | undefined)?.split(',')[0]?.trim() : undefined;
      st = { started: now(), ip: normalizeIp(fwd ?? req.socket.remoteAddress), method: req.method ?? 'GET', principal: null, ...describe(req) };
      states.set(req, st);
      reqs.set(st, req);
    }
    return st;
  }

  // Anonymous refusals are sampled: one row per address per minute, the rest counted in a summary row (limits.ts).
  const sampler = new RefusalSampler((ip, suppressed, since) => {
    services.audit.record({ actorType: 'anonymous', actorId: 'anonymous', agency: null, action: 'audit.sampled-refusals', outcome: 'refused', status: 401, code: 'AUTH_REQUIRED', ip,
      detail: { suppressed, since: new Date(since).toISOString(), windowSeconds: 60 } }).catch((e: unknown) => o.log?.(`audit: ${(e as Error).message}`));
  });
  // Failed logins per client address (many usernames from one place); per username, the user service keeps its own.
  const loginFailures = addressLoginThrottle();

  /** The answer's data: REST answers it as the body, tRPC as `result.data` (the first of a batch). */
  function answerOf(parsed: unknown): Record<string, unknown> | undefined {
    const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { result?: { data?: unknown } } | undefined;
    const data = first?.result?.data ?? first;
    return data && typeof data === 'object' ? data as Record<string, unknown> : undefined;
  }

  function audit(st: RequestState, status: number): void {
    let parsed: unknown;
    try { parsed = st.responseBody ? JSON.parse(st.responseBody) : undefined; } catch { parsed = undefined; }
    const err = (parsed as { error?: { code?: string; data?: { errors?: { code?: string }[] } } } | undefined)?.error;
    const code = err?.code && /^[A-Z_]+$/.test(err.code) ? err.code : err?.data?.errors?.[0]?.code ?? (Array.isArray(parsed) ? (parsed[0] as { error?: { data?: { errors?: { code?: string }[] } } })?.error?.data?.errors?.[0]?.code : undefined);
    const isLogin = st.procedures.includes('auth.login');
    if (isLogin && code === 'AUTH_LOGIN_FAILED') loginFailures.fail(st.ip, now());
    const answer = status < 400 ? answerOf(parsed) : undefined;
    const loggedIn = isLogin && status < 400 ? (answer?.user as { username?: string } | undefined)?.username ?? st.username : undefined;
    if (status < 400 && !loggedIn && (!st.principal || st.procedures.every((p) => quietProcedures.has(p)))) return;
    const refused = status === 401 || status === 403 || status === 429 || /^(AUTH|ACCESS)_|^(RATE|CONCURRENCY)_LIMITED$/.test(code ?? '');
    const outcome = status < 400 ? 'ok' as const : refused ? 'refused' as const : 'failed' as const;
    const p = st.principal;
    // A refusal of nobody in particular (no session, no key, no username) costs nothing to send: sampled per address.
    if (outcome === 'refused' && !p && !st.claimed && !st.username && !sampler.admit(st.ip, now())) return;
    const runId = st.params.runId ?? (st.procedures[0] === 'runs.start' ? answer?.runId as string | undefined : undefined);
    const flowKey = st.params.flowKey ?? (st.procedures.includes('flows.publish') ? answer?.flowKey as string | undefined : undefined);
    const actor = p ? { actorType: p.kind, actorId: p.id, agency: p.agency ?? null } : loggedIn ? { actorType: 'user' as const, actorId: `user:${loggedIn}`, agency: null } : st.claimed
      ? { actorType: st.claimed.actorId.startsWith('system:') ? 'system' as const : 'anonymous' as const, actorId: st.claimed.actorId, agency: st.claimed.agency ?? null }
      : { actorType: 'anonymous' as const, actorId: st.username ? `login:${st.username}` : 'anonymous', agency: null };
    // One row per procedure (a tRPC batch calls several), each under the name tRPC resolved, so a search by name finds it.
    for (const proc of st.procedures.length ? st.procedures : ['']) {
      services.audit.record({
        ...actor, action: proc || `${st.method} ${st.path}`, outcome, status, code: code ?? null, ip: st.ip,
        flowKey: flowKey ?? null, runId: runId ?? null,
        detail: { method: st.method, path: st.path, ms: now() - st.started, ...(p?.kind === 'system' ? { accessKeyId: p.accessKeyId } : {}), ...(st.username ? { username: st.username } : {}),
          ...(st.procedures.length > 1 ? { batch: st.procedures.length } : {}) },
      }).catch((e: unknown) => o.log?.(`audit: ${(e as Error).message}`));
    }
  }

  /** A login from an address or for a username that failed too often: refused before any password is hashed. */
  function throttleLogin(st: RequestState): void {
    const wait = Math.max(loginFailures.retryAfter(st.ip, now()), st.username ? services.users.loginRetryAfter(st.username) : 0);
    if (wait <= 0) return;
    responses.get(reqOf(st))?.setHeader('retry-after', String(wait));
    throw new LtError('AUTH_LOGIN_THROTTLED', { retryAfterSeconds: wait });
  }

  return {
    /** Call first for every API request: remembers the response (Retry-After, cookies) and audits when it ends. */
    attach(req: IncomingMessage, res: ServerResponse): void {
      const st = stateOf(req);
      responses.set(req, res);
      // The answer's first 256 KiB, for the audit row's code (REST ends with the body; tRPC writes it, then ends).
      let seen = '';
      const keep = (chunk: unknown) => {
        if ((typeof chunk === 'string' || chunk instanceof Uint8Array) && seen.length < 256 * 1024) seen += Buffer.from(chunk as string | Uint8Array).toString();
      };
      const write = res.write.bind(res) as (...a: unknown[]) => boolean;
      res.write = ((...args: unknown[]) => { keep(args[0]); return write(...args); }) as typeof res.write;
      const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        keep(args[0]);
        st.responseBody = seen;
        return end(...args);
      }) as typeof res.end;
      res.on('finish', () => audit(st, res.statusCode));
    },

    /** The `authenticate` hook of the API server: the caller, or a thrown refusal (LtError). `body` null: streamed (see verifySigned). */
    async authenticate(req: IncomingMessage, body: Buffer | null): Promise<Principal | null> {
      const st = stateOf(req);
      st.done ??= (async () => {
        if (st.malformed) throw st.malformed;
        if (st.procedures.includes('auth.login')) {
          if (body?.length) {
            try { const u = (JSON.parse(body.toString('utf8')) as { username?: unknown }).username; if (typeof u === 'string') st.username = u.slice(0, 64); } catch { /* the handler reports bad JSON */ }
          }
          throttleLogin(st);
        }
        const p = await identify(req, body, st);
        st.principal = p;
        await authorize(p, st);
        return p;
      })();
      return st.done;
    },

    /** The coded refusal of a request no procedure may see (malformed, unknown name, batch too large), or null. */
    refusal(req: IncomingMessage): LtError | null {
      return stateOf(req).malformed ?? null;
    },

    principalOf(req: IncomingMessage): Principal | null {
      const p = states.get(req)?.principal;
      return isPrincipal(p) ? p : null;
    },
  };
}
export type Gate = ReturnType<typeof createGate>;
