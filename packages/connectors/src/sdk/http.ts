import { LtError } from '@lienthong/errors';
import type { HttpClient, HttpRequest, HttpResponse } from './types.js';

/** The real HTTP client (Node's fetch), with a hard timeout. Transport failures become classified LtErrors. */
export function createHttpClient(system = 'remote'): HttpClient {
  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), req.timeoutMs);
      try {
        const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: ac.signal });
        const body = await res.text();
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => { headers[k] = v; });
        return { status: res.status, headers, body };
      } catch (err) {
        if (ac.signal.aborted) throw new LtError('CONNECTOR_TIMEOUT', { system: hostOf(req.url, system), ms: req.timeoutMs });
        const cause = (err as { cause?: { code?: string } }).cause;
        throw new LtError('CONNECTOR_NETWORK', { system: hostOf(req.url, system), detail: cause?.code ?? (err as Error).message });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function hostOf(url: string, fallback: string): string {
  try {
    return new URL(url).host;
  } catch {
    return fallback;
  }
}

/** Retry-After in ms (seconds or an HTTP date). */
export function retryAfterMs(headers: Record<string, string>, now: Date): number | undefined {
  const v = headers['retry-after'];
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const d = Date.parse(v);
  return Number.isNaN(d) ? undefined : Math.max(0, d - now.getTime());
}

/**
 * The one classification every connector uses for HTTP status codes:
 * 429 / 5xx / maintenance → retryable; 401 → non-retryable auth failure (connectors with a login
 * token re-login once before they get here); other 4xx → non-retryable rejection with the remote code kept.
 */
export function classifyStatus(system: string, res: HttpResponse, now: Date, remoteCode?: string): LtError | null {
  if (res.status === 429) return new LtError('CONNECTOR_RATE_LIMITED', { system, retryAfterMs: retryAfterMs(res.headers, now) ?? 1000 });
  if (res.status === 401) return new LtError('CONNECTOR_AUTH_FAILED', { system, remoteCode: remoteCode ?? '401' });
  if (res.status >= 500) return new LtError('CONNECTOR_UNAVAILABLE', { system, httpStatus: res.status, retryAfterMs: retryAfterMs(res.headers, now) });
  if (res.status >= 400) return new LtError('CONNECTOR_REJECTED', { system, remoteCode: remoteCode ?? String(res.status), detail: excerpt(res.body) });
  if (/^\s*<(!doctype )?html/i.test(res.body) && /bảo trì|maintenance/i.test(res.body)) {
    return new LtError('CONNECTOR_UNAVAILABLE', { system, httpStatus: res.status, detail: 'maintenance page' });
  }
  return null;
}

/**
 * The shape of a reply that failed to parse, for a CONNECTOR_BAD_REPLY: element and key names and
 * short codes stay, every other text value becomes its length (a garbled reply usually carries the
 * very record we must not copy into errors and run histories).
 */
export function shapeExcerpt(body: string, max = 200): string {
  const keep = (v: string) => (/^[A-Za-z0-9_.:-]{0,24}$/.test(v) && !/\d{9,}/.test(v) ? v : `…(${v.length})`);
  return excerpt(body.slice(0, max)
    .replace(/("(?:[^"\\]|\\.)*"\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (_m, k: string, v: string) => `${k}"${keep(v)}"`)
    .replace(/>([^<]+)</g, (_m, t: string) => `>${keep(t.trim())}<`), max);
}

/** A short excerpt of a remote body for errors, with digit runs that could be personal IDs masked. */
export function excerpt(body: string, max = 160): string {
  return body.slice(0, max).replace(/\d{9,}/g, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 6)}${m.slice(-3)}`);
}
