import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Services, Caller } from '@lienthong/services';
import { appRouter } from './root.js';
import { createRestHandler, openApiDocument, REST_PREFIX, sendJson } from './rest.js';
import { createContextInner } from './trpc.js';

export interface ApiServerOptions {
  services: Services;
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Identifies the caller of a request (request signing plugs in here). */
  authenticate?: (req: IncomingMessage, body: Buffer) => Promise<Caller | null>;
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
  const authenticate = opts.authenticate ?? (async () => null);
  const rest = createRestHandler(appRouter, async (req, body) => createContextInner({ services: opts.services, caller: await authenticate(req, body) }), log);
  const trpc = createHTTPHandler({
    router: appRouter, basePath: '/trpc/',
    createContext: async ({ req }) => createContextInner({ services: opts.services, caller: await authenticate(req, Buffer.alloc(0)) }),
    onError: ({ error, path }) => { if (error.code === 'INTERNAL_SERVER_ERROR') log(`trpc ${path ?? ''}: ${error.stack ?? error.message}`); },
  });
  let baseUrl = '';
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz' || path === `${REST_PREFIX}/health`) return sendJson(res, 200, { status: 'ok' });
    if (path === `${REST_PREFIX}/openapi.json`) return sendJson(res, 200, openApiDocument(appRouter, { baseUrl }));
    if (path.startsWith('/trpc/')) return void trpc(req, res);
    if (path.startsWith(`${REST_PREFIX}/`)) return void rest(req, res);
    if (opts.fallback) return opts.fallback(req, res);
    sendJson(res, 404, { error: { code: 'ROUTE_NOT_FOUND', message: { vi: 'Không tìm thấy', en: 'Not found' }, where: {} } });
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve); });
  const addr = server.address() as AddressInfo;
  baseUrl = `http://${opts.host ?? '127.0.0.1'}:${addr.port}`;
  return { url: baseUrl, server, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
