import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { TRPCError, type AnyTRPCProcedure } from '@trpc/server';
import { LtError } from '@lienthong/errors';
import type { Services, Caller } from '@lienthong/services';
import { metricsContentType, metricsText, withRequestSpan } from '@lienthong/observability';
import type { PayloadCodec } from '@temporalio/common';
import { CODEC_PREFIX, createCodecEndpoint } from './codec-endpoint.js';
import { createTemporalUiProxy, isTemporalUiPath } from './temporal-ui.js';
import { appRouter } from './root.js';
import { INBOUND_HOOKS_PATH, serveInboundWebhook } from './inbound-webhook.js';
import { OIDC_PREFIX, serveOidc } from './oidc-routes.js';
import { BodyTooLarge, createRestHandler, MAX_BODY_BYTES, openApiDocument, readRawBody, REST_PREFIX, sendErrors, sendJson } from './rest/index.js';
import { createContextInner, internalRef, sendTrpcError, trpcCode } from './trpc.js';
import { hostileTrpcBody, jsonBodyOf, trpcMethodRefusal } from './request-checks.js';
import { createGate, type GateOptions } from './auth/gate.js';
import { sessionCookies } from './auth/http.js';
import { documentSecurity, docsPage, serveAuditExport, AUDIT_EXPORT_PATH } from './auth/openapi.js';
import { answerClientError, API_CSP, cspWithInlineScript, DEFAULT_LIMITS, DESIGNER_CSP, guarded, malformedTarget, metricsRefusal, overTls, sendCoded, setSecurityHeaders, type HttpLimits } from './hardening.js';

export { DEFAULT_LIMITS, type HttpLimits } from './hardening.js';

export interface ApiServerOptions {
  services: Services;
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /**
   * Identifies the caller of a request. Default: the access gate (auth/gate.ts): signed requests (SigV4)
   * for systems, login sessions (bearer or cookie) for people, policy per procedure, audit log.
   */
  authenticate?: (req: IncomingMessage, body: Buffer | null) => Promise<Caller | null>;
  /**
   * Options of the access gate (clock, skew, proxy); `secureCookies` adds Secure to the session cookie (it is added
   * anyway to answers over TLS). `trustProxy`: X-Forwarded-For is the client and X-Forwarded-Proto=https means TLS.
   */
  auth?: GateOptions & { secureCookies?: boolean };
  /** Header and body timeouts, connection cap. */
  limits?: HttpLimits;
  /** /metrics here needs `Authorization: Bearer <metricsToken>`; without one it is refused (a separate listener serves it). */
  metricsToken?: string;
  /** Serve HTTPS with this certificate and key (PEM): Secure cookies and HSTS follow. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Serves the Temporal codec protocol at /api/v1/codec (admins and auditors only). */
  codec?: PayloadCodec;
  /** Origins allowed to call the codec endpoint with credentials (the Temporal UI). */
  codecOrigins?: readonly string[];
  /** The Temporal UI's internal address (with its public path /temporal), served under /temporal/ to signed-in admins and auditors. */
  temporalUi?: string;
  /** Serves static files (the designer) for other paths. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface RunningApi {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The API: tRPC at /trpc, the same procedures as REST under /api/v1, the OpenAPI document, and health. */
export async function startApiServer(opts: ApiServerOptions): Promise<RunningApi> {
  const log = opts.log ?? (() => undefined);
  const gate = opts.authenticate ? null : createGate(opts.services, appRouter, { ...opts.auth, log });
  // body null: a streamed request body, read by its procedure (see RestMeta.stream).
  const authenticate = opts.authenticate ?? ((req: IncomingMessage, body: Buffer | null) => (gate as NonNullable<typeof gate>).authenticate(req, body));
  // A tRPC request's body, read once before the adapter runs: the gate hashes it for a signed call, tRPC parses it.
  const trpcBodies = new WeakMap<IncomingMessage, Buffer>();
  const rest = createRestHandler(appRouter, async (req, body) => createContextInner({ services: opts.services, caller: await authenticate(req, body) }), log);
  const trpc = createHTTPHandler({
    router: appRouter, basePath: '/trpc/', maxBodySize: MAX_BODY_BYTES,
    createContext: async ({ req }) => {
      try {
        return createContextInner({ services: opts.services, caller: await authenticate(req, trpcBodies.get(req) ?? Buffer.alloc(0)) });
      } catch (err) {
        if (err instanceof LtError) throw new TRPCError({ code: trpcCode(err.status), message: err.message, cause: err });
        throw err;
      }
    },
    onError: ({ error, path }) => { if (error.code === 'INTERNAL_SERVER_ERROR') log(`internal error ref=${internalRef(error)} trpc ${path ?? ''}: ${error.stack ?? error.message}`); },
  });
  const codecEndpoint = opts.codec ? createCodecEndpoint(opts.codec, authenticate, opts.codecOrigins ?? []) : null;
  const temporalUi = opts.temporalUi ? createTemporalUiProxy(opts.temporalUi, authenticate, { tls: (req) => overTls(req, opts.auth?.trustProxy ?? false) }) : null;
  const trustProxy = opts.auth?.trustProxy ?? false;
  const docs = docsPage(`${REST_PREFIX}/openapi.json`);
  const docsCsp = cspWithInlineScript(docs);
  let baseUrl = '';
  // Every answer, the designer's files and the errors too, goes through here: security headers first, then a target
  // no handler can decode is refused, then the route; whatever a handler throws becomes a coded answer (guarded).
  const route = (req: IncomingMessage, res: ServerResponse): unknown => {
    const tls = overTls(req, trustProxy);
    setSecurityHeaders(res, tls, API_CSP);
    const malformed = malformedTarget(req.url);
    if (malformed) return (req.url ?? '').startsWith('/trpc/') ? sendTrpcError(res, malformed) : sendCoded(res, malformed);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz' || path === `${REST_PREFIX}/health`) return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') return opts.services.health().then((r) => sendJson(res, r.status === 'ready' ? 200 : 503, r));
    if (path === '/metrics') {
      const refused = metricsRefusal(req, opts.metricsToken);
      if (refused) return sendCoded(res, refused, refused.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
      return metricsText().then((text) => { res.writeHead(200, { 'content-type': metricsContentType }); res.end(text); });
    }
    if (path === `${REST_PREFIX}/openapi.json`) return sendJson(res, 200, documentSecurity(openApiDocument(appRouter, { baseUrl })));
    if (path === '/api/docs') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': docsCsp }); return void res.end(docs); }
    // Inbound webhooks prove themselves with their trigger's HMAC signature, not the gate's SigV4 or session.
    if (path.startsWith(INBOUND_HOOKS_PATH)) return serveInboundWebhook(opts.services, req, res, path);
    // Single sign-on: the browser goes to the provider and comes back here (not under the gate: no session yet).
    if (path.startsWith(OIDC_PREFIX)) return serveOidc(opts.services, req, res, path, { tls, trustProxy, secureCookies: opts.auth?.secureCookies ?? false });
    if (gate && (path.startsWith('/trpc/') || path.startsWith(`${REST_PREFIX}/`))) {
      gate.attach(req, res);
      // An unknown procedure name, a batch over the cap or a stray % is refused here, coded (tRPC would answer
      // an unknown name itself, without calling the gate).
      const refused = gate.refusal(req);
      if (refused) return path.startsWith('/trpc/') ? sendTrpcError(res, refused) : sendErrors(res, refused.status, [refused.toJSON()]);
      const proc = path === `${REST_PREFIX}/auth/login` || path === '/trpc/auth.login' ? 'auth.login' : path === `${REST_PREFIX}/auth/logout` || path === '/trpc/auth.logout' ? 'auth.logout' : null;
      if (proc) sessionCookies(req, res, proc, (opts.auth?.secureCookies ?? false) || tls);
      if (path === AUDIT_EXPORT_PATH && req.method === 'GET') {
        return gate.authenticate(req, Buffer.alloc(0)).then((p) => serveAuditExport(opts.services, p, req, res))
          .catch((err: unknown) => (err instanceof LtError ? sendErrors(res, err.status, [err.toJSON()]) : sendErrors(res, 500, [new LtError('INTERNAL', { ref: 'audit-export' }).toJSON()])));
      }
    }
    if (codecEndpoint && path.startsWith(CODEC_PREFIX)) return codecEndpoint(req, res);
    if (temporalUi && isTemporalUiPath(path)) return temporalUi.handle(req, res);
    if (path.startsWith('/trpc/')) {
      // The same body limit as REST; a declared length over it is refused before a byte is read (the adapter's
      // maxBodySize catches a chunked body that grows past it).
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return sendTrpcError(res, new LtError('REQUEST_TOO_LARGE', { limit: MAX_BODY_BYTES }), { connection: 'close' });
      // A method the procedure does not take: coded 405 with Allow, as REST answers.
      const wrongMethod = trpcMethodRefusal(req, path, appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>);
      if (wrongMethod) return sendTrpcError(res, wrongMethod.error, { allow: wrongMethod.allow });
      if (req.method !== 'POST') return trpc(req, res);
      // The adapter takes a body already read from `req.body` (its hook for body parsers) instead of the stream.
      return readRawBody(req).then((body) => {
        // Declared as JSON, strictly UTF-8 (not silently replaced), well-formed: else coded 415/400 before anything runs.
        const json = jsonBodyOf(req, body);
        if (json instanceof LtError) return sendTrpcError(res, json);
        const hostile = hostileTrpcBody(req.url, json.value);
        if (hostile) return sendTrpcError(res, hostile);
        trpcBodies.set(req, body);
        (req as IncomingMessage & { body?: string }).body = json.text;
        return trpc(req, res);
      }, (err: unknown) => {
        if (err instanceof BodyTooLarge) return sendTrpcError(res, new LtError('REQUEST_TOO_LARGE', { limit: MAX_BODY_BYTES }), { connection: 'close' });
        throw err;
      });
    }
    if (path.startsWith(`${REST_PREFIX}/`)) return rest(req, res);
    if (opts.fallback) { res.setHeader('content-security-policy', DESIGNER_CSP); return opts.fallback(req, res); }
    return sendJson(res, 404, { error: { code: 'ROUTE_NOT_FOUND', message: { vi: 'Không tìm thấy', en: 'Not found' }, where: {} } });
  };
  const handle = guarded(log, (req, res) => {
    let out: unknown;
    withRequestSpan(req, res, () => { out = route(req, res); });
    return out;
  });
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  // Timeouts are enforced by a periodic sweep: sweep often enough that a short headers timeout closes on time.
  const serverOptions: ServerOptions = { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 2))) };
  const server: Server = opts.tls ? createTlsServer({ ...serverOptions, cert: opts.tls.cert, key: opts.tls.key }, handle as RequestListener)
    : createServer(serverOptions, handle as RequestListener);
  // A client that half-closes after sending its request (HTTP/1.0 style, some proxies and scripts) still gets its answer:
  // by default Node ends the socket at the client's FIN and drops any response still being computed.
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.on('clientError', answerClientError); // what Node's parser refuses (431, unknown methods) answered coded
  server.keepAliveTimeout = 65_000;
  server.maxConnections = limits.maxConnections;
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve); });
  const addr = server.address() as AddressInfo;
  baseUrl = `${opts.tls ? 'https' : 'http'}://${opts.host ?? '127.0.0.1'}:${addr.port}`;
  return { url: baseUrl, server, close: () => new Promise<void>((r) => { temporalUi?.close(); server.closeAllConnections(); server.close(() => r()); }) };
}

/** LT_METRICS_PORT: /metrics alone, without a token, on its own listener bound to loopback (for a local scraper or agent). */
export async function startMetricsListener(port: number, host = '127.0.0.1'): Promise<RunningApi> {
  const server = createServer({ headersTimeout: DEFAULT_LIMITS.headersTimeoutMs, requestTimeout: DEFAULT_LIMITS.requestTimeoutMs }, guarded(() => undefined, (req, res) => {
    setSecurityHeaders(res, false, API_CSP);
    if ((req.url ?? '').split('?')[0] !== '/metrics') return sendJson(res, 404, { error: { code: 'ROUTE_NOT_FOUND', message: { vi: 'Không tìm thấy', en: 'Not found' }, where: {} } });
    return metricsText().then((text) => { res.writeHead(200, { 'content-type': metricsContentType }); res.end(text); });
  }) as RequestListener);
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, resolve); });
  const addr = server.address() as AddressInfo;
  return { url: `http://${host}:${addr.port}`, server, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
