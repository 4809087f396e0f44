import { createHash } from 'node:crypto';
import { LtError } from '@lienthong/errors';
import { objectAt, parseReply } from '../../sdk/json.js';
import { field } from '../../sdk/operation.js';
import type { ConnectorDeps, Credential, HttpResponse } from '../../sdk/types.js';

/**
 * Client of the provincial NGSP adapter (DOMAIN §6.2). Credential type `ngsp-adapter`:
 * {baseUrl, username, password, agencyCode (madonvi)}. Logs in for a session token, keeps it per
 * worker (never in flow data), and on a 401 logs in again once and retries once.
 */
export const SYSTEM = 'NGSP';

/** Session tokens per worker deps and account; a token is a secret and never leaves this map. */
const sessions = new WeakMap<ConnectorDeps, Map<string, string>>();
const cacheOf = (deps: ConnectorDeps) => {
  let m = sessions.get(deps);
  if (!m) sessions.set(deps, (m = new Map()));
  return m;
};

async function login(deps: ConnectorDeps, cred: Credential): Promise<string> {
  const res = await deps.http.request({ method: 'POST', url: `${field(cred, 'baseUrl')}/login`, timeoutMs: 10_000,
    headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
    body: JSON.stringify({ username: field(cred, 'username'), password: field(cred, 'password') }) });
  const body = objectAt(SYSTEM, parseReply(deps, SYSTEM, res, errorCodeOf).body, 'login reply');
  if (body.error_code !== '00' || typeof body.session !== 'string') throw new LtError('CONNECTOR_AUTH_FAILED', { system: SYSTEM, remoteCode: String(body.error_code ?? 'login') });
  return body.session;
}

export const errorCodeOf = (b: unknown): string | undefined => {
  const c = b && typeof b === 'object' ? (b as { error_code?: unknown }).error_code : undefined;
  return typeof c === 'string' ? c : undefined;
};

export interface ForwardRequest { dstcode: string; path: string; body: Record<string, unknown>; providerUrl?: string; idempotencyKey?: string; timeoutMs?: number; system?: string }

/** POST …/XrdAdapter/RestService/forward/{path}?dstcode=…, with the session and madonvi added to the body. */
export async function forward(deps: ConnectorDeps, cred: Credential, r: ForwardRequest): Promise<{ status: number; body: unknown }> {
  const cache = cacheOf(deps);
  // Keyed by the whole account (a changed password must not reuse an old session), hashed so the map holds no password.
  const account = createHash('sha256').update(`${field(cred, 'baseUrl')}|${field(cred, 'username')}|${field(cred, 'password')}`).digest('hex');
  const qs = new URLSearchParams({ dstcode: r.dstcode, ...(r.providerUrl ? { providerurl: r.providerUrl } : {}) });
  const url = `${field(cred, 'baseUrl')}/XrdAdapter/RestService/forward/${r.path.replace(/^\/+/, '')}?${qs.toString()}`;
  const send = async (session: string): Promise<HttpResponse> => deps.http.request({ method: 'POST', url, timeoutMs: r.timeoutMs ?? 20_000,
    headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', ...(r.idempotencyKey ? { 'idempotency-key': r.idempotencyKey } : {}) },
    body: JSON.stringify({ session, madonvi: field(cred, 'agencyCode'), ...r.body }) });
  let session = cache.get(account) ?? (await login(deps, cred));
  cache.set(account, session);
  let res = await send(session);
  if (res.status === 401) {
    // An expired token: log in again once and retry once (DOMAIN §6.9).
    cache.delete(account);
    session = await login(deps, cred);
    cache.set(account, session);
    res = await send(session);
  }
  const reply = parseReply(deps, r.system ?? SYSTEM, res, errorCodeOf);
  return { status: reply.status, body: reply.body };
}

/** For providers that answer with error_code: "00" is success; a missing error_code is a bad reply. */
export function expectOk(system: string, body: unknown, retryableCodes: readonly string[] = ['99']): Record<string, unknown> {
  const b = objectAt(system, body, 'reply');
  const code = b.error_code;
  if (typeof code !== 'string') throw new LtError('CONNECTOR_BAD_REPLY', { system, detail: 'error_code is missing' });
  if (code === '00') return b;
  const message = typeof b.message === 'string' ? b.message : '';
  if (retryableCodes.includes(code)) throw new LtError('CONNECTOR_UNAVAILABLE', { system, httpStatus: 200, detail: message });
  throw new LtError('CONNECTOR_REJECTED', { system, remoteCode: code, detail: message });
}
