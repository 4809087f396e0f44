/**
 * What a browser does during single sign-on, over real HTTP: keeps cookies (one jar: the platform and the test
 * provider share the host 127.0.0.1, as browsers share cookies across ports), follows redirects, submits forms.
 */
export class CookieBrowser {
  readonly cookies = new Map<string, string>();

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request, redirects not followed; cookies kept (Max-Age=0 deletes). */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || pair.slice(i + 1) === '') this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(i + 1));
    }
    return res;
  }

  /** Follows redirects from `url` until an answer that is not one, or until a URL `stopAt` accepts (returned unfetched). */
  async follow(url: string, init: RequestInit = {}, stopAt?: (u: string) => boolean): Promise<{ url: string; res: Response | null }> {
    let current = url;
    let next: RequestInit = init;
    for (let hops = 0; hops < 20; hops++) {
      if (stopAt?.(current)) return { url: current, res: null };
      const res = await this.fetch(current, next);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: current, res };
      await res.arrayBuffer();
      current = new URL(location, current).href;
      next = {};
    }
    throw new Error(`more than 20 redirects from ${url}`);
  }

  /** Submits the first form of an HTML page with these fields added (hidden inputs kept); follows as `follow` does. */
  async submit(pageUrl: string, html: string, fields: Record<string, string>, stopAt?: (u: string) => boolean): Promise<{ url: string; res: Response | null }> {
    const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) throw new Error(`no form on ${pageUrl}: ${html.slice(0, 500)}`);
    const body = new URLSearchParams();
    for (const m of (form[2] ?? '').matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi)) body.set(m[1] ?? '', m[2] ?? '');
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    const action = new URL((form[1] ?? '').replace(/&amp;/g, '&'), pageUrl).href;
    const res = await this.fetch(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) { await res.arrayBuffer(); return this.follow(new URL(location, action).href, {}, stopAt); }
    return { url: action, res };
  }
}
