// Starts the pieces of a Liên Thông deployment as separate processes on loopback.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './postgres.js';

const procJs = fileURLToPath(new URL('../proc.js', import.meta.url));

/** Our own Temporal dev server (the official CLI) persisted to a temp SQLite file, as `npm start` runs it. */
export async function startTemporal({ log = () => undefined, dbFile, port } = {}) {
  const { resolveTemporalCli, startDevServer } = await import('@lienthong/temporal');
  const cli = process.env.TEMPORAL_CLI || resolveTemporalCli({ log });
  const dir = dbFile ? null : mkdtempSync(join(tmpdir(), 'lt-temporal-'));
  const file = dbFile ?? join(dir, 'temporal.db');
  const p = port ?? (await freePort());
  const uiPort = await freePort();
  let dev = await startDevServer({ cli, dbFile: file, port: p, uiPort, onLine: (l) => log(l) });
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
    const child = spawn(process.execPath, [procJs, JSON.stringify(cfg)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
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
