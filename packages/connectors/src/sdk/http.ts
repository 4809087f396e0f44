import { createHash } from 'node:crypto';
import { Agent, Pool, ProxyAgent, buildConnector, fetch as undiciFetch, type Dispatcher } from 'undici';
import { LtError } from '@lienthong/errors';
import type { HttpClient, HttpRequest, HttpResponse, Transport } from './types.js';

/**
 * The real HTTP client, with a hard timeout. Transport failures become classified LtErrors. A request with transport
 * options (a connection's proxy, CA bundle, client certificate) goes through undici's ProxyAgent (CONNECT tunnel) or
 * Agent; one dispatcher per distinct option set, so its TLS sessions and sockets are reused across calls.
 */
export function createHttpClient(system = 'remote'): HttpClient {
  const dispatchers = new Map<string, Dispatcher>();
  const alerts = new Map<string, string>();
  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      const ac = new AbortController();
      const timeoutMs = req.transport?.timeoutMs ?? req.timeoutMs;
      const timer = setTimeout(() => ac.abort(), timeoutMs);
      const dispatcher = req.transport ? dispatcherFor(dispatchers, alerts, req.transport) : undefined;
      try {
        const init = { method: req.method, headers: req.headers, body: req.body, signal: ac.signal };
        const res = dispatcher ? await undiciFetch(req.url, { ...init, dispatcher }) : await fetch(req.url, init);
        const body = await res.text();
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => { headers[k] = v; });
        return { status: res.status, headers, body };
      } catch (err) {
        const host = hostOf(req.url, system);
        if (ac.signal.aborted) throw new LtError('CONNECTOR_TIMEOUT', { system: host, ms: timeoutMs });
        throw transportError(err, host, req.transport, alerts);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** True when any transport option is set (an empty object means the platform's defaults). */
export function hasTransport(t: Transport | undefined): t is Transport {
  return !!t && (t.proxyUrl !== undefined || t.caCert !== undefined || t.clientCert !== undefined || t.clientKey !== undefined);
}

function dispatcherFor(cache: Map<string, Dispatcher>, alerts: Map<string, string>, t: Transport): Dispatcher | undefined {
  if (!hasTransport(t)) return undefined;
  // The cache key is a hash: the options themselves hold secrets (proxy password, private key).
  const key = createHash('sha256').update(JSON.stringify([t.proxyUrl, t.caCert, t.clientCert, t.clientKey])).digest('hex');
  let d = cache.get(key);
  if (!d) {
    const tls = { ...(t.caCert ? { ca: t.caCert } : {}), ...(t.clientCert ? { cert: t.clientCert } : {}), ...(t.clientKey ? { key: t.clientKey } : {}) };
    const factory = alertRecordingFactory(alerts);
    d = t.proxyUrl ? new ProxyAgent({ uri: t.proxyUrl, requestTls: tls, factory }) : new Agent({ connect: tls, factory });
    cache.set(key, d);
    // Each rotation makes a new option set: the oldest dispatcher goes (close() lets its requests in flight finish).
    if (cache.size > MAX_DISPATCHERS) {
      const [oldest, old] = cache.entries().next().value ?? [];
      if (oldest !== undefined && old) { cache.delete(oldest); void old.close().catch(() => undefined); }
    }
  }
  return d;
}

const MAX_DISPATCHERS = 64;
type Connector = buildConnector.connector;
type SocketLike = { localAddress?: string | undefined; localPort?: number | undefined; remoteAddress?: string | undefined; remotePort?: number | undefined };
const socketKey = (s: SocketLike) => `${s.localAddress}|${s.localPort}|${s.remoteAddress}|${s.remotePort}`;

/**
 * Over TLS 1.3 a server refuses a client certificate AFTER the handshake: the alert (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED)
 * reaches the socket, but undici reports the close that follows ("other side closed"). The pools record each socket's TLS
 * alert so that the failure is reported as what it is.
 */
function alertRecordingFactory(alerts: Map<string, string>) {
  return (origin: URL, options: Record<string, unknown>): Dispatcher => {
    const given = options.connect;
    const base: Connector = typeof given === 'function' ? (given as Connector) : buildConnector({ ...(given as buildConnector.BuildOptions) });
    const connect: Connector = (o, cb) => base(o, (err, socket) => {
      const key = socket ? socketKey(socket) : ''; // now: a destroyed socket forgets its ports
      socket?.on('error', (e: { code?: string }) => {
        if (e.code && TLS_CODE.test(e.code)) {
          if (alerts.size > 1000) alerts.clear(); // a bound: entries are read once, right after the failure
          alerts.set(key, e.code);
        }
      });
      if (err) cb(err, null);
      else cb(null, socket as NonNullable<typeof socket>);
    });
    return new Pool(origin, { ...options, connect });
  };
}

const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|ERR_OSSL_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|HOSTNAME_MISMATCH|ERR_INVALID_CERT)/;

/** The codes and messages along an error's cause chain (undici wraps the socket's error in "fetch failed"). */
function causes(err: unknown): { code?: string; message: string; socket?: SocketLike }[] {
  const out: { code?: string; message: string; socket?: SocketLike }[] = [];
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i += 1) {
    const x = e as { code?: unknown; message?: unknown; cause?: unknown; socket?: unknown };
    out.push({ ...(typeof x.code === 'string' ? { code: x.code } : {}), message: typeof x.message === 'string' ? x.message : '',
      ...(x.socket && typeof x.socket === 'object' ? { socket: x.socket as SocketLike } : {}) });
    e = x.cause;
  }
  return out;
}

/**
 * A failed exchange as the connector error a person can act on: the proxy refused the tunnel (CONNECTOR_PROXY_REFUSED),
 * TLS failed (unknown CA, name mismatch, the server refusing our client certificate: CONNECTOR_TLS_FAILED), else the
 * network (CONNECTOR_NETWORK: refused, unresolvable, reset). Only codes and the proxy's status go into the error.
 */
function transportError(err: unknown, host: string, t: Transport | undefined, alerts: Map<string, string>): LtError {
  const chain = causes(err);
  const info = chain.map((c) => c.socket).find(Boolean);
  const alert = info ? alerts.get(socketKey(info)) : undefined;
  if (info) alerts.delete(socketKey(info));
  if (alert) return new LtError('CONNECTOR_TLS_FAILED', { system: host, detail: alert });
  const proxyStatus = chain.map((c) => /Proxy response \((\d{3})\)/.exec(c.message)?.[1]).find(Boolean);
  // The proxy answering 5xx could not reach the target: the network, retried; any other answer is a refusal.
  if (proxyStatus && t?.proxyUrl && Number(proxyStatus) >= 500) return new LtError('CONNECTOR_NETWORK', { system: host, detail: `proxy ${proxyStatus}` });
  if (proxyStatus && t?.proxyUrl) return new LtError('CONNECTOR_PROXY_REFUSED', { system: host, proxy: proxyHost(t.proxyUrl), httpStatus: Number(proxyStatus) });
  const codes = chain.flatMap((c) => (c.code ? [c.code] : []));
  const tls = codes.find((c) => TLS_CODE.test(c)) ?? (chain.some((c) => /certificate|ssl|tls alert/i.test(c.message)) ? 'TLS_ALERT' : undefined);
  if (tls) return new LtError('CONNECTOR_TLS_FAILED', { system: host, detail: tls });
  const code = codes.find((c) => c !== 'UND_ERR_SOCKET') ?? codes[0];
  if (t?.proxyUrl && (code === 'ECONNREFUSED' || code === 'ENOTFOUND') && chain.some((c) => c.message.includes(proxyHost(t.proxyUrl ?? '')))) {
    return new LtError('CONNECTOR_NETWORK', { system: proxyHost(t.proxyUrl), detail: code });
  }
  return new LtError('CONNECTOR_NETWORK', { system: host, detail: code ?? (err as Error).message });
}

/** The proxy's host:port, never its user or password. */
function proxyHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'proxy';
  }
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
