import type { IncomingMessage, ServerResponse } from 'node:http';
import { SESSION_COOKIE } from './gate.js';

/**
 * Sets (login) or clears (logout) the session cookie on the way out: HttpOnly, SameSite=Strict, so a
 * browser sends it only from our own pages. `secure` adds the Secure flag (behind TLS).
 */
export function sessionCookies(req: IncomingMessage, res: ServerResponse, procedure: 'auth.login' | 'auth.logout', secure: boolean): void {
  const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  let head: unknown[] | null = null;
  // The whole answer is held until end(): REST calls writeHead then end(body); tRPC sets statusCode, write()s, then
  // end()s, and Node's implicit head would otherwise go out through this writeHead after the body.
  const held: Buffer[] = [];
  res.writeHead = ((...args: unknown[]) => { head = args; return res; }) as typeof res.writeHead;
  res.write = ((...args: unknown[]) => {
    const chunk = args[0];
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) held.push(Buffer.from(chunk as string | Uint8Array));
    const cb = args[args.length - 1];
    if (typeof cb === 'function') (cb as () => void)();
    return true;
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    const last = args[0];
    if (typeof last === 'string' || last instanceof Uint8Array) held.push(Buffer.from(last as string | Uint8Array));
    const body = Buffer.concat(held);
    res.writeHead = writeHead as typeof res.writeHead;
    res.write = write as typeof res.write;
    const status = (head?.[0] as number | undefined) ?? res.statusCode;
    const headers = { ...(head?.[1] as Record<string, string> | undefined) };
    const flags = `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
    let cookie: string | undefined;
    if (status === 200 && procedure === 'auth.login') {
      try {
        const parsed = JSON.parse(body.toString('utf8')) as { token?: string; expiresAt?: string; result?: { data?: { token?: string; expiresAt?: string } } };
        const t = parsed.token ? parsed : parsed.result?.data;
        if (t?.token) cookie = `${SESSION_COOKIE}=${encodeURIComponent(t.token)}; ${flags}; Expires=${new Date(t.expiresAt ?? Date.now()).toUTCString()}`;
      } catch { /* not our JSON: leave it */ }
    }
    if (procedure === 'auth.logout') cookie = `${SESSION_COOKIE}=; ${flags}; Max-Age=0`;
    if (head) writeHead(status, cookie ? { ...headers, 'set-cookie': cookie } : headers);
    else if (cookie && !res.headersSent) res.setHeader('set-cookie', cookie);
    return body.length > 0 ? end(body) : end();
  }) as typeof res.end;
  void req;
}
