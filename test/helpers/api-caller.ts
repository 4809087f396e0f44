/** An HTTP answer as tests read it: status, parsed JSON body (or the text), headers and the raw text. */
export interface Reply {
  status: number;
  body: any;
  headers: Headers;
  /** The body as sent, before parsing (what a leak check greps). */
  text: string;
}

/**
 * JSON calls against an API at `baseUrl`: `requestAs` with a bearer token (null: anonymous; an `authorization: ''`
 * header drops it) and `login`, which returns a session token. One shape for every kind of test platform.
 */
export function apiCaller(baseUrl: () => string) {
  async function requestAs(token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const h: Record<string, string> = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers };
    if (h.authorization === '') delete h.authorization;
    const res = await fetch(`${baseUrl()}${path}`, { method, headers: h, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body: parsed, headers: res.headers, text };
  }
  async function login(username: string, password: string): Promise<string> {
    const r = await requestAs(null, 'POST', '/api/v1/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    return r.body.token as string;
  }
  return { requestAs, login };
}
