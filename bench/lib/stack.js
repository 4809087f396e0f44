// Starts the pieces of a Liên Thông deployment as separate processes on loopback.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './postgres.js';

const procJs = fileURLToPath(new URL('../proc.js', import.meta.url));

/** Our own Temporal dev server (the official CLI) persisted to a temp SQLite file, as `npm start` runs it. */
export async function startTemporal({ log = () => undefined, dbFile, port, extraArgs = process.env.LT_BENCH_TEMPORAL_ARGS ? process.env.LT_BENCH_TEMPORAL_ARGS.split(' ') : [] } = {}) {
  const { resolveTemporalCli, startDevServer: plainStart } = await import('@lienthong/temporal');
  // Tuning experiments pass extra `temporal server start-dev` flags (SQLite pragmas, dynamic config) through LT_BENCH_TEMPORAL_ARGS.
  const startDevServer = extraArgs.length ? (o) => startWithArgs(o, extraArgs) : plainStart;
  const cli = process.env.TEMPORAL_CLI || resolveTemporalCli({ log });
  const dir = dbFile ? null : mkdtempSync(join(tmpdir(), 'lt-temporal-'));
  const file = dbFile ?? join(dir, 'temporal.db');
  let p = port ?? (await freePort());
  let uiPort = await freePort();
  let dev;
  // A free port can be taken by another process before the server binds it (the machine runs other suites): a start on
  // ports we chose ourselves is tried again on new ones.
  for (let attempt = 1; ; attempt++) {
    try {
      dev = await startDevServer({ cli, dbFile: file, port: p, uiPort, onLine: (l) => log(l) });
      break;
    } catch (err) {
      if (port !== undefined || attempt >= 3) throw err;
      log(`temporal dev server did not start (${err.message}); trying other ports`);
      p = await freePort();
      uiPort = await freePort();
    }
  }
  return {
    cli, address: dev.address, dbFile: file,
    pid: () => dev.process.pid,
    /** kill -9 the server, then start it again on the same port and file. */
    async crashAndRestart(downMs = 0) {
      const exited = new Promise((r) => dev.process.once('exit', r));
      dev.process.kill('SIGKILL');
      await exited;
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      dev = await startDevServer({ cli, dbFile: file, port: p, uiPort, onLine: (l) => log(l) });
    },
    async stop() {
      await dev.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Spawns `node bench/proc.js <cfg>` and resolves when it prints READY. */
export function spawnProc(cfg, { log = () => undefined, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    // LT_BENCH_NODE_ARGS: extra node flags for the platform/worker/api processes (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
    const nodeArgs = cfg.role !== 'simulators' && process.env.LT_BENCH_NODE_ARGS ? process.env.LT_BENCH_NODE_ARGS.split(' ') : [];
    const child = spawn(process.execPath, [...nodeArgs, procJs, JSON.stringify(cfg)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
    let buf = '';
    let errTail = '';
    let settled = false;
    const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    const timer = setTimeout(() => { if (!settled) { settled = true; child.kill('SIGKILL'); reject(new Error(`${cfg.role} did not start within ${timeoutMs} ms`)); } }, timeoutMs);
    child.stderr.on('data', (d) => { errTail = (errTail + d.toString()).slice(-4000); for (const l of d.toString().split('\n')) if (l.trim()) log(`[${cfg.name ?? cfg.role}] ${l}`); });
    child.stdout.on('data', (d) => {
      buf += d.toString();
      const m = /READY (\{.*\})\n/.exec(buf);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        const info = JSON.parse(m[1]);
        resolve({
          ...info, pid: child.pid, child, exited,
          kill9: async () => { child.kill('SIGKILL'); await exited; },
          stop: async () => { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGTERM'); const t = setTimeout(() => child.kill('SIGKILL'), 15_000); await exited; clearTimeout(t); } },
        });
      }
    });
    void exited.then(({ code, signal }) => { if (!settled) { settled = true; clearTimeout(timer); reject(new Error(`${cfg.role} exited (${code ?? signal}) before READY: ${errTail}`)); } });
  });
}

/** startDevServer with extra CLI flags (the same command line otherwise). */
async function startWithArgs(o, extraArgs) {
  const { searchAttributeArgs } = await import('@lienthong/temporal');
  const { Connection } = await import('@temporalio/client');
  const child = spawn(o.cli, ['server', 'start-dev', '--db-filename', o.dbFile, '--ip', '127.0.0.1', '--port', String(o.port), '--ui-port', String(o.uiPort),
    '--namespace', 'default', '--log-level', 'warn', ...extraArgs, ...searchAttributeArgs()], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', () => undefined); child.stderr.on('data', () => undefined);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`temporal exited ${child.exitCode}`);
    try { const c = await Connection.connect({ address: `127.0.0.1:${o.port}`, connectTimeout: 1000 }); await c.close(); break; } catch { if (Date.now() > deadline) throw new Error('dev server did not start'); await new Promise((r) => setTimeout(r, 300)); }
  }
  return { address: `127.0.0.1:${o.port}`, process: child, stop: async () => { if (child.exitCode !== null) return; const e = new Promise((r) => child.once('exit', r)); child.kill('SIGTERM'); await e; } };
}
