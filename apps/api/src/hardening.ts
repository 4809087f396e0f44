import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { LtError } from '@lienthong/errors';

/** Header and body timeouts and a connection cap (LT_HEADERS_TIMEOUT_MS, LT_REQUEST_TIMEOUT_MS, LT_MAX_CONNECTIONS). */
export interface HttpLimits {
  /** A client must send all its headers within this (slow-header connections are closed); default 10 s. */
  headersTimeoutMs?: number;
  /** …and its whole request, body included, within this; default 60 s. */
  requestTimeoutMs?: number;
  /** Connections beyond this are closed at once; default 2048. */
  maxConnections?: number;
}

/** Request bodies on REST and tRPC alike (streamed uploads have their own limits). */
export const MAX_BODY_BYTES = 1024 * 1024;

export const DEFAULT_LIMITS = { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000, maxConnections: 2048 } as const;

/**
 * The designer's page: its own scripts only (ajv compiles the flow schema's validators with `new Function`, hence
 * 'unsafe-eval'; no inline script), inline styles (React Flow positions nodes with style attributes), no framing.
 */
export const DESIGNER_CSP = "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
  + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/** API answers are data, never a page: nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The request came over HTTPS: our own TLS listener, or a load balancer we trust saying so (X-Forwarded-Proto). */
export function overTls(req: IncomingMessage, trustProxy: boolean): boolean {
  if (req.socket instanceof TLSSocket) return true;
  const proto = req.headers['x-forwarded-proto'];
  return trustProxy && typeof proto === 'string' && proto.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** Security headers on every answer (API, designer files, errors); HSTS only over TLS. Handlers may override CSP. */
export function setSecurityHeaders(res: ServerResponse, tls: boolean, csp: string): void {
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  if (tls) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

/** CSP of a page with one inline script: that script by its hash, nothing else inline. */
export function cspWithInlineScript(html: string): string {
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const hash = createHash('sha256').update(script).digest('base64');
  return `default-src 'self'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`;
}

/**
 * A request target no handler can use: not parseable as a URL, a percent-encoding that does not decode, or a NUL
 * byte once decoded (file paths and PostgreSQL text refuse it). Refused with a coded 400 before any handler runs.
 */
export function malformedTarget(url: string | undefined): LtError | null {
  const target = url ?? '/';
  const path = target.split('?')[0] ?? '/';
  const shown = path.slice(0, 200);
  try {
    new URL(target, 'http://api');
    if (decodeURIComponent(path).includes('\0') || target.includes('\0')) return new LtError('REQUEST_URL_MALFORMED', { path: shown });
    return null;
  } catch {
    return new LtError('REQUEST_URL_MALFORMED', { path: shown });
  }
}

/** Our error body for a refusal or an internal error, written only if nothing was sent yet. */
export function sendCoded(res: ServerResponse, err: LtError, headers: Record<string, string> = {}): void {
  if (res.headersSent) { res.destroy(); return; }
  const json = err.toJSON();
  res.writeHead(err.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify({ error: json, errors: [json] }));
}

/**
 * Runs one request's handler so that nothing it throws, now or later in its promise, escapes: an LtError answers with
 * its own code, anything else is a bug and answers 500 INTERNAL with a reference (the stack goes to the log only).
 */
export function guarded(log: (line: string) => void, handle: (req: IncomingMessage, res: ServerResponse) => unknown) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const fail = (err: unknown) => {
      if (err instanceof LtError) return sendCoded(res, err);
      const ref = randomUUID().slice(0, 8);
      log(`internal error ref=${ref} ${req.method ?? ''} ${(req.url ?? '').slice(0, 200)}: ${(err as Error)?.stack ?? String(err)}`);
      sendCoded(res, new LtError('INTERNAL', { ref }));
    };
    try {
      const out = handle(req, res);
      if (out && typeof (out as Promise<unknown>).then === 'function') (out as Promise<unknown>).then(undefined, fail);
    } catch (err) {
      fail(err);
    }
  };
}

/**
 * /metrics on the API's port: only with `Authorization: Bearer <LT_METRICS_TOKEN>`. Without a token configured it is
 * refused to everyone here (the separate loopback listener of LT_METRICS_PORT serves it instead).
 */
export function metricsRefusal(req: IncomingMessage, token: string | undefined): LtError | null {
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (!given) return new LtError('METRICS_TOKEN_REQUIRED');
  if (!token) return new LtError('METRICS_FORBIDDEN');
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) ? null : new LtError('METRICS_FORBIDDEN');
}

/** What Node's HTTP parser refused, answered in our shape where the socket can still take an answer. */
const PARSER_REFUSALS: Record<string, () => { error: LtError; headers?: Record<string, string> }> = {
  HPE_HEADER_OVERFLOW: () => ({ error: new LtError('REQUEST_HEADERS_TOO_LARGE') }),
  // A method the parser does not know at all (FOO, BREW): none of ours.
  HPE_INVALID_METHOD: () => ({ error: new LtError('METHOD_NOT_ALLOWED', { method: '?', path: '*', allow: 'GET, POST, PUT, DELETE' }), headers: { allow: 'GET, POST, PUT, DELETE' } }),
};

/**
 * The server's `clientError` listener: a request Node's parser refused (headers too large, an unknown method, broken
 * framing) gets our coded JSON instead of Node's bare status line; timeouts keep Node's 408, a reset is just closed.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  const busy = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (err.code === 'ECONNRESET' || !socket.writable || busy) { socket.destroy(); return; }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') { socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n'); return; }
  const refusal = PARSER_REFUSALS[err.code ?? '']?.() ?? { error: new LtError('REQUEST_MALFORMED', { detail: (err.code ?? 'parse error').slice(0, 60) }) };
  const json = refusal.error.toJSON();
  const body = JSON.stringify({ error: json, errors: [json] });
  const reason = ({ 400: 'Bad Request', 405: 'Method Not Allowed', 431: 'Request Header Fields Too Large' } as Record<number, string>)[refusal.error.status] ?? 'Bad Request';
  const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'x-content-type-options': 'nosniff',
    'content-security-policy': API_CSP, connection: 'close', ...refusal.headers };
  socket.end(`HTTP/1.1 ${refusal.error.status} ${reason}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`);
}
