import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Counters, FaultBook, applyFault, type Fault } from './faults.js';
import { MaintenanceBook, answerMaintenance, type MaintenanceWindow } from './maintenance.js';

export interface SimContext {
  faults: FaultBook;
  counters: Counters;
  log: (line: string) => void;
  /** Announced maintenance windows (the platform's), checked before faults. */
  maintenance: MaintenanceBook;
  /** Per-server state of a simulated system (documents, dossiers…), created on first use. */
  state: <T>(name: string, init: () => T) => T;
}

export type Handler = (req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext) => Promise<void> | void;

/** A route of a simulated system. `operation` names the fault / counter bucket. */
export interface SimRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Exact path, or a prefix ending in "*". */
  path: string;
  /** The operation for faults and counters; a function when one path carries several (SOAP). */
  operation: string | ((req: IncomingMessage, body: string) => string);
  handler: Handler;
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  log?: (l: string) => void;
  /** Random source for fault rates (seed it for reproducible runs). */
  random?: () => number;
  /** The simulators' clock, for maintenance windows (defaults to the real one). */
  clock?: () => Date;
  /**
   * Serve HTTPS with this certificate; with `clientCa`, REQUIRE a client certificate issued by it (mTLS, as a national
   * system does for a province's platform): a client without one, or with another CA's, fails the TLS handshake.
   */
  tls?: { key: string; cert: string; clientCa?: string };
}

export interface RunningSimulators {
  url: string;
  port: number;
  faults: FaultBook;
  counters: Counters;
  /** The simulated systems' state, for tests that assert what was applied. */
  state: SimContext['state'];
  close(): Promise<void>;
}

export async function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const b = c as Buffer;
    size += b.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function matches(route: SimRoute, method: string, path: string): boolean {
  if (route.method !== method) return false;
  return route.path.endsWith('*') ? path.startsWith(route.path.slice(0, -1)) : route.path === path;
}

/**
 * One HTTP server carrying every simulated national / provincial system under its own prefix,
 * plus the control API: PUT/DELETE /_control/faults[/{operation}], GET/DELETE /_control/counters, GET/PUT/DELETE /_control/maintenance.
 */
export async function startSimulatorServer(routes: SimRoute[], opts: SimulatorOptions = {}): Promise<RunningSimulators> {
  const states = new Map<string, unknown>();
  const ctx: SimContext = {
    faults: new FaultBook(opts.random), counters: new Counters(), log: opts.log ?? (() => undefined),
    maintenance: new MaintenanceBook(),
    state: <T>(name: string, init: () => T): T => {
      if (!states.has(name)) states.set(name, init());
      return states.get(name) as T;
    },
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const method = req.method ?? 'GET';
      try {
        const path = new URL(req.url ?? '/', 'http://sim').pathname;
        const body = await readBody(req);
        if (path.startsWith('/_control/')) return control(method, path, body, res, ctx);
        const route = routes.find((r) => matches(r, method, path));
        if (!route) return sendJson(res, 404, { error: 'NOT_FOUND', path });
        const operation = typeof route.operation === 'string' ? route.operation : route.operation(req, body);
        ctx.counters.call(operation);
        const closed = ctx.maintenance.closedUntil(operation, opts.clock?.() ?? new Date());
        if (closed) return answerMaintenance(res, closed, opts.clock?.() ?? new Date());
        const fault = ctx.faults.take(operation, opts.clock?.() ?? new Date());
        if (await applyFault(fault, req, res)) return;
        if (fault?.malformed) (res as ServerResponse & { ltMalformed?: boolean }).ltMalformed = true;
        if (fault?.failAfterApply) (res as ServerResponse & { ltFailAfterApply?: Fault }).ltFailAfterApply = fault;
        if (fault?.duplicate) (res as ServerResponse & { ltDuplicate?: boolean }).ltDuplicate = true;
        if (fault?.encoding) (res as ServerResponse & { ltEncoding?: string }).ltEncoding = fault.encoding;
        await route.handler(req, body, res, ctx);
      } catch (err) {
        // A target that is not a URL, a percent-encoding that does not decode or a body that is not JSON is the caller's
        // fault, as on a real system: 400, not 500.
        const malformed = err instanceof URIError || err instanceof SyntaxError || (err as { code?: string }).code === 'ERR_INVALID_URL';
        if (!res.headersSent) sendJson(res, malformed ? 400 : 500, malformed ? { error: 'BAD_REQUEST', message: 'malformed request' } : { error: 'SIMULATOR_ERROR', message: (err as Error).message });
      }
    })().catch(() => res.destroy());
  };
  const tls = opts.tls;
  const server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert, ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}) }, listener)
    : createServer(listener);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://${opts.host ?? '127.0.0.1'}:${port}`, port, faults: ctx.faults, counters: ctx.counters, state: ctx.state,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function control(method: string, path: string, body: string, res: ServerResponse, ctx: SimContext): void {
  const rest = path.slice('/_control/'.length).split('/');
  if (rest[0] === 'faults') {
    const op = rest[1] ? decodeURIComponent(rest[1]) : undefined;
    if (method === 'PUT' && op) {
      ctx.faults.set(op, JSON.parse(body || '{}') as Fault);
      return sendJson(res, 200, ctx.faults.list());
    }
    if (method === 'DELETE') {
      ctx.faults.clear(op);
      return sendJson(res, 200, ctx.faults.list());
    }
    if (method === 'GET') return sendJson(res, 200, ctx.faults.list());
  }
  if (rest[0] === 'maintenance') {
    if (method === 'PUT') ctx.maintenance.set((JSON.parse(body || '{}') as { windows?: MaintenanceWindow[] }).windows ?? []);
    if (method === 'DELETE') ctx.maintenance.set([]);
    return sendJson(res, 200, { windows: ctx.maintenance.list() });
  }
  if (rest[0] === 'counters') {
    if (method === 'DELETE') ctx.counters.reset();
    return sendJson(res, 200, ctx.counters.snapshot());
  }
  sendJson(res, 404, { error: 'NOT_FOUND' });
}
