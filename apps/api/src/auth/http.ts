import type { IncomingMessage, ServerResponse } from 'node:http';
import { SESSION_COOKIE } from './gate.js';

/**
 * Sets (login) or clears (logout) the session cookie on the way out: HttpOnly, SameSite=Strict, so a
 * browser sends it only from our own pages. `secure` adds the Secure flag (behind TLS).
 */
export function sessionCookies(req: IncomingMessage, res: ServerResponse, procedure: 'auth.login' | 'auth.logout', secure: boolean): void {
  const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  let head: unknown[] | null = null;
  res.writeHead = ((...args: unknown[]) => { head = args; return res; }) as typeof res.writeHead;
  res.end = ((...args: unknown[]) => {
    if (head) {
      const status = head[0] as number;
      const headers = { ...(head[1] as Record<string, string> | undefined) };
      const flags = `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
      if (status === 200 && procedure === 'auth.login') {
        try {
          const body = JSON.parse(String(args[0])) as { token?: string; expiresAt?: string; result?: { data?: { token?: string; expiresAt?: string } } };
          const t = body.token ? body : body.result?.data;
          if (t?.token) headers['set-cookie'] = `${SESSION_COOKIE}=${encodeURIComponent(t.token)}; ${flags}; Expires=${new Date(t.expiresAt ?? Date.now()).toUTCString()}`;
        } catch { /* not our JSON: leave it */ }
      }
      if (procedure === 'auth.logout') headers['set-cookie'] = `${SESSION_COOKIE}=; ${flags}; Max-Age=0`;
      writeHead(status, headers);
    }
    return end(...args);
  }) as typeof res.end;
  void req;
}
