import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { SEARCH_ATTRIBUTES } from './keys.js';
import { dispatchConfigArgs } from './dispatch-config.js';

export interface DevServerOptions {
  cli: string;
  dbFile: string;
  host?: string;
  port?: number;
  /**
   * The Web UI's port, bound to `host` only. Without it the server starts `--headless`: the UI lists every run to
   * whoever reaches its port, so it is served only through the API's login (apps/api/src/temporal-ui.ts), never open
   * on a well-known port by default.
   */
  uiPort?: number;
  /** The UI's base path, so it works behind the API's proxy under that prefix (e.g. `/temporal`). */
  uiPublicPath?: string;
  /** How long a taken port may take to free up before the start fails (ms, default 15 s). */
  portWaitMs?: number;
  namespace?: string;
  /** SQLite pragmas for the persistence file (default: WAL journal, synchronous=NORMAL; see docs/tuning.md). */
  sqlitePragmas?: readonly string[];
  /** Further `temporal server start-dev` arguments. */
  extraArgs?: readonly string[];
  /** The UI decodes encrypted payloads through this codec server (ours: <api>/api/v1/codec). */
  uiCodecEndpoint?: string;
  onLine?: (line: string) => void;
}

export interface DevServer {
  address: string;
  /** Where the UI answers (with its public path), or '' when headless. */
  uiUrl: string;
  namespace: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * WAL journal with synchronous=NORMAL: every Temporal write is one sequential WAL append instead of a
 * rollback-journal fsync pair (measured: workflow start p50 11.0 → 3.2 ms on this machine). Committed
 * transactions survive a process crash; only an OS crash or power loss can lose the last few.
 */
export const DEFAULT_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'] as const;

/** Search attributes as the CLI takes them: --search-attribute LtFlowId=Keyword … */
export function searchAttributeArgs(): string[] {
  const typeName = (t: string) => (t === 'KEYWORD_LIST' ? 'KeywordList' : t === 'KEYWORD' ? 'Keyword' : t.charAt(0) + t.slice(1).toLowerCase());
  return SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${typeName(k.type)}`]);
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** A port free on `host` now (the OS picks it): the UI's internal port, which nobody needs to know. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `temporal server start-dev` persisted to a SQLite file; runs and history survive restarts. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 7233;
  const uiPort = opts.uiPort;
  const uiPath = opts.uiPublicPath?.replace(/\/+$/, '') ?? '';
  const namespace = opts.namespace ?? 'default';
  // A server just stopped (a previous start's leftover, or one that crashed and is restarted) may still be letting go of
  // its port: wait a little before calling the port taken.
  for (const end = Date.now() + (opts.portWaitMs ?? 15_000); await portOpen(host, port);) {
    if (Date.now() > end) throw new Error(`Port ${host}:${port} is already in use; set TEMPORAL_PORT or TEMPORAL_ADDRESS.`);
    await new Promise((r) => setTimeout(r, 250));
  }
  mkdirSync(dirname(opts.dbFile), { recursive: true });
  const args = ['server', 'start-dev', '--db-filename', opts.dbFile, '--ip', host, '--port', String(port),
    ...(uiPort === undefined ? ['--headless'] : ['--ui-ip', host, '--ui-port', String(uiPort), ...(uiPath ? ['--ui-public-path', uiPath] : [])]),
    '--namespace', namespace, '--log-level', 'warn', ...searchAttributeArgs(),
    ...(opts.uiCodecEndpoint && uiPort !== undefined ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []),
    ...(opts.sqlitePragmas ?? DEFAULT_SQLITE_PRAGMAS).flatMap((p) => ['--sqlite-pragma', p]),
    // Eager activities, queue poll rates and the timer shift: dispatch-config.ts (docs/tuning.md, benchmark 7).
    ...dispatchConfigArgs(),
    ...(opts.extraArgs ?? [])];
  const child = spawn(opts.cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // The last lines it printed: a start that fails says why in them (a port taken, a locked database file).
  const tail: string[] = [];
  const emit = (buf: Buffer) => {
    for (const line of buf.toString().split('\n')) {
      if (!line.trim()) continue;
      opts.onLine?.(line);
      tail.push(line);
      if (tail.length > 8) tail.shift();
    }
  };
  child.stdout?.on('data', emit);
  child.stderr?.on('data', emit);
  let exited = false;
  child.once('exit', () => { exited = true; });
  const deadline = Date.now() + 60_000;
  while (!(await portOpen(host, port))) {
    if (exited) throw new Error(`temporal server start-dev exited with code ${String(child.exitCode)}: ${tail.join(' | ').slice(-1500)}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error('Temporal dev server did not open its port within 60 s'); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    address: `${host}:${port}`, uiUrl: uiPort === undefined ? '' : `http://${host}:${uiPort}${uiPath}`, namespace, process: child,
    stop: () => new Promise<void>((resolve) => {
      if (exited) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => { clearTimeout(kill); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}
