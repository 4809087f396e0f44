import type { IncomingMessage, ServerResponse } from 'node:http';
import { LtError } from '@lienthong/errors';
import type { Services } from '@lienthong/services';
import { SESSION_COOKIE } from './auth/gate.js';

/** The browser's side of single sign-on: start at the provider, come back, sign out at both ends. */
export const OIDC_PREFIX = '/auth/oidc/';
const STATE_COOKIE = 'lt_sso_state';

const cookie = (req: IncomingMessage, name: string): string | undefined => {
  const v = new RegExp(`(?:^|;\\s*)${name}=([^;]+)`).exec(req.headers.cookie ?? '')?.[1];
  return v ? decodeURIComponent(v) : undefined;
};
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A refused sign-in, for a person: the code, Vietnamese then English, and the way back (JSON when asked for). */
function refuse(req: IncomingMessage, res: ServerResponse, err: LtError, clear: string[]): void {
  const json = err.toJSON();
  const headers = { 'set-cookie': clear, 'cache-control': 'no-store' };
  if ((req.headers.accept ?? '').includes('application/json')) {
    res.writeHead(err.status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    return void res.end(JSON.stringify({ error: json, errors: [json] }));
  }
  res.writeHead(err.status, { ...headers, 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập không thành công / Sign-in refused</title></head><body>
<main data-testid="sso-error"><h1>Đăng nhập không thành công / Sign-in refused</h1>
<p><code data-testid="sso-error-code">${escape(json.code)}</code></p>
<p lang="vi">${escape(json.message.vi)}</p><p lang="en">${escape(json.message.en)}</p>
<p><a href="/">Quay lại trang đăng nhập / Back to the sign-in page</a></p></main></body></html>`);
}

/**
 * GET /auth/oidc/login, /auth/oidc/callback; GET or POST /auth/oidc/logout. `base` is this platform's public URL
 * (the redirect URI registered at the provider is `${base}/auth/oidc/callback`).
 */
export async function serveOidc(services: Services, req: IncomingMessage, res: ServerResponse, path: string, o: { tls: boolean; secureCookies: boolean; trustProxy: boolean }): Promise<void> {
  const base = `${o.tls ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`;
  const secure = o.secureCookies || o.tls ? '; Secure' : '';
  const clearState = `${STATE_COOKIE}=; Path=${OIDC_PREFIX}; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
  const action = path.slice(OIDC_PREFIX.length);
  const method = req.method ?? 'GET';
  if (!['login', 'callback', 'logout'].includes(action)) return refuse(req, res, new LtError('ROUTE_NOT_FOUND', { path }), []);
  if (method !== 'GET' && !(action === 'logout' && method === 'POST')) return refuse(req, res, new LtError('METHOD_NOT_ALLOWED', { method, path, allow: action === 'logout' ? 'GET, POST' : 'GET' }), []);
  const ip = o.trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() || req.socket.remoteAddress : req.socket.remoteAddress;
  // Every sign-in through the provider, refused or not, and every sign-out goes to the audit log (never a token).
  const audit = (e: { actorType: 'user' | 'anonymous'; actorId: string; outcome: 'ok' | 'refused'; status: number; code?: string; detail?: Record<string, unknown> }) =>
    services.audit.record({ ...e, action: `sso.${action}`, ip: ip ?? null }).catch(() => undefined);
  try {
    if (action === 'login') {
      const { url, state } = await services.sso.begin(base);
      // Lax: the provider sends the browser back with a top-level GET from its own site.
      res.writeHead(302, { location: url, 'cache-control': 'no-store', 'set-cookie': `${STATE_COOKIE}=${state}; Path=${OIDC_PREFIX}; HttpOnly; SameSite=Lax; Max-Age=600${secure}` });
      return void res.end();
    }
    if (action === 'callback') {
      const s = await services.sso.complete(new URL(req.url ?? '/', base), cookie(req, STATE_COOKIE), ip);
      await audit({ actorType: 'user', actorId: `user:${s.username}`, outcome: 'ok', status: 302, detail: { roles: s.roles } });
      res.writeHead(302, { location: '/', 'cache-control': 'no-store', 'set-cookie': [clearState,
        `${SESSION_COOKIE}=${encodeURIComponent(s.token)}; Path=/; HttpOnly; SameSite=Strict; Expires=${s.expiresAt.toUTCString()}${secure}`] });
      return void res.end();
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? cookie(req, SESSION_COOKIE);
    const who = token ? await services.users.session(token) : null;
    const endAt = await services.sso.end(token, base);
    if (who) await audit({ actorType: 'user', actorId: who.id, outcome: 'ok', status: 302, detail: { providerSignOut: !!endAt } });
    res.writeHead(302, { location: endAt ?? '/', 'cache-control': 'no-store', 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}` });
    return void res.end();
  } catch (err) {
    if (err instanceof LtError) {
      if (action === 'callback') await audit({ actorType: 'anonymous', actorId: 'anonymous', outcome: 'refused', status: err.status, code: err.code });
      return refuse(req, res, err, [clearState]);
    }
    throw err;
  }
}
