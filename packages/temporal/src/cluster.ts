import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import type { Log } from './cli-install.js';
import { freePort } from './dev-server.js';
import { SEARCH_ATTRIBUTES } from './keys.js';
import { resolveTemporalServer, type TemporalServerBinaries } from './server-install.js';
import { CLUSTER_SERVICES, clusterConfigText, dynamicConfigFileText, type ClusterService, type PostgresTarget, type ServicePorts } from './cluster-config.js';

export interface ClusterOptions {
  /** A PostgreSQL the cluster's two databases are created on (`postgres://user:password@host:port/any`). */
  databaseUrl: string;
  /** Where the config, the logs and one `<service>.pid` file per process go. */
  dir: string;
  /** Default `temporal` and `temporal_visibility`; created and migrated to the newest schema when missing. */
  databases?: { main: string; visibility: string };
  /** Fixed for the life of the databases: a cluster cannot change it later (default 4). */
  numHistoryShards?: number;
  host?: string;
  /** The frontend's gRPC port (default: a free one). */
  port?: number;
  namespace?: string;
  /** Start a service again when its process dies, as systemd or Kubernetes would (default true). */
  restartOnCrash?: boolean;
  logLevel?: string;
  binaries?: TemporalServerBinaries;
  log?: Log;
}

export interface TemporalCluster {
  address: string;
  namespace: string;
  numHistoryShards: number;
  dir: string;
  pid(service: ClusterService): number | undefined;
  /** kill -9 one service; with restartOnCrash it comes back by itself. Resolves when the old process is gone. */
  kill9(service: ClusterService): Promise<void>;
  /** Resolves when `service` runs as a process other than `oldPid` (restarted) and its gRPC port accepts connections. */
  waitForRestart(service: ClusterService, oldPid: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
  /** Drops both databases (tests' throwaway clusters). Call after stop(). */
  dropDatabases(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function postgresTarget(databaseUrl: string): PostgresTarget {
  const u = new URL(databaseUrl);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username || 'postgres'), password: decodeURIComponent(u.password) };
}

/** One `sql` tool call; the password goes through SQL_PASSWORD, never argv. */
function sqlTool(bin: TemporalServerBinaries, pg: PostgresTarget, database: string, args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(bin.sqlTool, ['--plugin', 'postgres12', '--endpoint', pg.host, '--port', String(pg.port), '--user', pg.user, '--database', database, ...args],
    { encoding: 'utf8', env: { ...process.env, SQL_PASSWORD: pg.password } });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/**
 * create-database, setup-schema at 0.0, update-schema to the newest embedded version: every step is a no-op on a database
 * already set up (the tool ignores an existing database and never lowers a schema version), so a restart runs them again.
 */
export function setupClusterDatabase(bin: TemporalServerBinaries, pg: PostgresTarget, database: string, schema: 'temporal' | 'visibility', log: Log): void {
  for (const step of [['create-database'], ['setup-schema', '--version', '0.0'], ['update-schema', '--schema-name', `postgresql/v12/${schema}`]]) {
    const r = sqlTool(bin, pg, database, step);
    if (!r.ok) throw new Error(`${step[0]!} on ${database}: ${r.output.slice(-1000)}`);
  }
  log(`database ${database}: schema ${schema} up to date`);
}

/**
 * A free loopback port below 32768: the server stores a member's port in a PostgreSQL smallint (cluster_membership),
 * so the OS's ephemeral ports (32768 and up on Linux) fail its heartbeat with "out of range for type smallint".
 */
async function lowFreePort(host: string, taken: Set<number>): Promise<number> {
  const { createServer } = await import('node:net');
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, host, () => srv.close(() => resolve(true)));
    });
    if (free) { taken.add(port); return port; }
  }
}

const portOpen = (host: string, port: number) => import('node:net').then(({ createConnection }) => new Promise<boolean>((resolve) => {
  const s = createConnection({ host, port });
  s.once('connect', () => { s.destroy(); resolve(true); });
  s.once('error', () => resolve(false));
}));

/** Registers the namespace and the project's search attributes, and waits until the cluster serves them. */
async function prepareNamespace(address: string, namespace: string, deadline: number): Promise<void> {
  const connection = await (async () => {
    for (;;) {
      let c: Connection | undefined;
      try {
        c = await Connection.connect({ address, connectTimeout: 5_000 });
        await c.workflowService.getSystemInfo({});
        return c;
      } catch (err) {
        await c?.close().catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`the cluster's frontend ${address} did not answer: ${(err as Error).message}`);
        await sleep(500);
      }
    }
  })();
  try {
    // Each step retried until the deadline: services join the ring one after another. "Already exists" is done.
    const retry = async <T>(what: string, fn: () => Promise<T>, done: (t: T) => boolean = () => true): Promise<T | undefined> => {
      for (;;) {
        let last = 'not done yet';
        try {
          const t = await fn();
          if (done(t)) return t;
        } catch (err) {
          if (/already (exists|registered)/i.test((err as Error).message)) return undefined;
          last = (err as Error).message;
        }
        if (Date.now() > deadline) throw new Error(`${what}: ${last}`);
        await sleep(500);
      }
    };
    await retry('registering the namespace', () => connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('7 days') }));
    await retry('describing the namespace', () => connection.workflowService.describeNamespace({ namespace }));
    const wanted = Object.fromEntries(SEARCH_ATTRIBUTES.map((k) => [k.name, k.type]));
    // temporal.api.enums.v1.IndexedValueType
    const typeNumber = (t: string) => ({ TEXT: 1, KEYWORD: 2, INT: 3, DOUBLE: 4, BOOL: 5, DATETIME: 6, KEYWORD_LIST: 7 } as Record<string, number>)[t]!;
    const list = () => connection.operatorService.listSearchAttributes({ namespace });
    const have = await retry('listing search attributes', list);
    const missing = Object.keys(wanted).filter((n) => !have?.customAttributes?.[n]);
    if (missing.length) {
      await retry('adding search attributes', () => connection.operatorService.addSearchAttributes({ namespace,
        searchAttributes: Object.fromEntries(missing.map((n) => [n, typeNumber(wanted[n]!)])) }));
    }
    await retry('waiting for search attributes', list, (r) => Object.keys(wanted).every((n) => r?.customAttributes?.[n] !== undefined));
    // Every service's namespace cache refreshes within 2 s (CLUSTER_EXTRA_DYNAMIC_CONFIG): give it two rounds.
    await sleep(4_500);
  } finally {
    await connection.close();
  }
}

/**
 * Starts a Temporal cluster on one machine: history, matching, frontend and worker as separate processes on
 * loopback ports, on PostgreSQL with ≥ 4 history shards, the dispatch dynamic config, the namespace and the
 * project's search attributes registered. Each process is restarted when it dies unless the cluster is stopping.
 */
export async function startCluster(opts: ClusterOptions): Promise<TemporalCluster> {
  const log = opts.log ?? ((l: string) => console.log(`[cluster] ${l}`));
  const bin = opts.binaries ?? resolveTemporalServer();
  const host = opts.host ?? '127.0.0.1';
  const namespace = opts.namespace ?? 'default';
  const numHistoryShards = opts.numHistoryShards ?? 4;
  if (!Number.isInteger(numHistoryShards) || numHistoryShards < 1) throw new Error(`numHistoryShards must be a positive integer, got ${numHistoryShards}`);
  const databases = opts.databases ?? { main: 'temporal', visibility: 'temporal_visibility' };
  const pg = postgresTarget(opts.databaseUrl);
  setupClusterDatabase(bin, pg, databases.main, 'temporal', log);
  setupClusterDatabase(bin, pg, databases.visibility, 'visibility', log);

  const configDir = join(opts.dir, 'config');
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const ports = {} as Record<ClusterService, ServicePorts>;
  const taken = new Set<number>(opts.port ? [opts.port] : []);
  for (const s of CLUSTER_SERVICES) {
    ports[s] = { grpc: s === 'frontend' && opts.port ? opts.port : await lowFreePort(host, taken), membership: await lowFreePort(host, taken),
      ...(s === 'frontend' ? { http: await freePort(host) } : {}) };
  }
  const dynamicConfigFile = join(configDir, 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, dynamicConfigFileText(), { mode: 0o600 });
  // The server only logs a key it does not know (or a value of the wrong type) and runs on without it: refuse instead.
  const checked = spawnSync(bin.server, ['validate-dynamic-config', dynamicConfigFile], { encoding: 'utf8' });
  if (checked.status !== 0 || /error|warning/i.test(checked.stdout)) throw new Error(`dynamic config refused by the server: ${checked.stdout}${checked.stderr}`);
  writeFileSync(join(configDir, 'development.yaml'), clusterConfigText({ host, numHistoryShards, postgres: pg, databases, ports, dynamicConfigFile, logLevel: opts.logLevel ?? 'warn' }), { mode: 0o600 });

  const children = new Map<ClusterService, ChildProcess>();
  const tails = new Map<ClusterService, string[]>();
  let stopping = false;
  let up = false;
  let startupFailure = '';
  const spawnService = (service: ClusterService) => {
    const child = spawn(bin.server, ['--root', opts.dir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start', '--service', service],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    children.set(service, child);
    writeFileSync(join(opts.dir, `${service}.pid`), `${String(child.pid)}\n`);
    const tail = tails.get(service) ?? [];
    tails.set(service, tail);
    const emit = (buf: Buffer) => {
      for (const line of buf.toString().split('\n')) {
        if (!line.trim()) continue;
        log(`[${service}] ${line}`);
        tail.push(line.slice(0, 500));
        if (tail.length > 5) tail.shift();
      }
    };
    child.stdout?.on('data', emit);
    child.stderr?.on('data', emit);
    child.once('exit', (code, signal) => {
      if (stopping || children.get(service) !== child) return;
      // A service that dies while the cluster starts is a setup fault (config, database): report it, do not loop.
      if (!up) { startupFailure ||= `${service} exited (${signal ?? `code ${String(code)}`}) while the cluster started:\n${(tails.get(service) ?? []).join('\n')}`; return; }
      log(`${service} (pid ${String(child.pid)}) exited (${signal ?? `code ${String(code)}`}); starting it again`);
      if (opts.restartOnCrash ?? true) setTimeout(() => { if (!stopping) spawnService(service); }, 200);
    });
  };

  const stop = async () => {
    stopping = true;
    await Promise.all([...children.values()].map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => { clearTimeout(kill); resolve(); });
      child.kill('SIGTERM');
    })));
  };
  const address = `${host}:${ports.frontend.grpc}`;
  try {
    const deadline = Date.now() + 120_000;
    // The worker service serves no gRPC: it is up when it listens for membership like the others.
    const listening = (s: ClusterService) => (s === 'worker' ? ports[s].membership : ports[s].grpc);
    const waitFor = async (s: ClusterService) => {
      while (!(await portOpen(host, listening(s)))) {
        if (startupFailure) throw new Error(startupFailure);
        if (Date.now() > deadline) throw new Error(`${s} did not open ${host}:${listening(s)} within 120 s`);
        await sleep(200);
      }
    };
    // History first, alone: on a new database every service writes the cluster's metadata at start, and two at once
    // collide on its primary key; once it is written the others only read it.
    spawnService('history');
    await waitFor('history');
    for (const s of CLUSTER_SERVICES) if (s !== 'history') spawnService(s);
    for (const s of CLUSTER_SERVICES) await waitFor(s);
    await prepareNamespace(address, namespace, deadline);
    if (startupFailure) throw new Error(startupFailure);
    up = true;
  } catch (err) {
    await stop();
    throw err;
  }
  log(`Temporal ${bin.version} cluster on ${address}: ${CLUSTER_SERVICES.map((s) => `${s} pid ${String(children.get(s)?.pid)}`).join(', ')}; ${numHistoryShards} history shards`);

  return {
    address, namespace, numHistoryShards, dir: opts.dir,
    pid: (s) => children.get(s)?.pid,
    async kill9(service) {
      const child = children.get(service);
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    },
    async waitForRestart(service, oldPid, timeoutMs = 60_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const pid = children.get(service)?.pid;
        if (pid !== undefined && pid !== oldPid && (await portOpen(host, service === 'worker' ? ports[service].membership : ports[service].grpc))) return pid;
        if (Date.now() > end) throw new Error(`${service} did not come back within ${timeoutMs} ms`);
        await sleep(50);
      }
    },
    stop,
    dropDatabases() {
      for (const db of [databases.main, databases.visibility]) sqlTool(bin, pg, db, ['drop-database', '--force']);
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
