import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './log.js';

/**
 * `npm start` as a supervisor: pid files under DATA_DIR/run say which processes a previous start left behind (it may
 * have been killed with -9), so this start can stop them instead of failing on their ports or sharing PGlite's files.
 */
export const runDir = (dataDir: string): string => join(dataDir, 'run');
const pidFile = (dataDir: string, name: string) => join(runDir(dataDir), `${name}.pid`);

export function writePid(dataDir: string, name: string, pid: number): void {
  mkdirSync(runDir(dataDir), { recursive: true, mode: 0o700 });
  writeFileSync(pidFile(dataDir, name), `${pid}\n`, { mode: 0o600 });
}

export function readPid(dataDir: string, name: string): number | null {
  try {
    const n = Number(readFileSync(pidFile(dataDir, name), 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

export function removePid(dataDir: string, name: string, pid?: number): void {
  if (pid !== undefined && readPid(dataDir, name) !== pid) return; // a newer start owns it now
  rmSync(pidFile(dataDir, name), { force: true });
}

/** Alive, and not a zombie waiting for a parent (an orphan's parent may be an init that reaps late). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** A process's command line (Linux /proc); null where it cannot be read. */
export function commandLine(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** Is `pid` alive and still the process we recorded (a pid can be reused by an unrelated process)? */
export function isOurs(pid: number, mark: (argv: string[]) => boolean): boolean {
  if (!alive(pid)) return false;
  const argv = commandLine(pid);
  return argv === null ? existsSync('/proc') === false : mark(argv);
}

/** Our dev servers: `temporal server start-dev --db-filename <this install's file>`. */
export const isOurDevServer = (dbFile: string) => (argv: string[]) => argv.includes('start-dev') && argv.includes(dbFile);

/** Every live process that is a dev server on this install's Temporal file (found through /proc, without a pid file). */
export function devServersOn(dbFile: string): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)
    .filter((pid) => pid !== process.pid && isOurDevServer(dbFile)(commandLine(pid) ?? []));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  const gone = async (ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end;) {
      if (!alive(pid)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return !alive(pid);
  };
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  if (await gone(graceMs)) return;
  try { process.kill(pid, 'SIGKILL'); } catch { return; }
  await gone(5_000);
}

export interface ReadyInfo { apiUrl: string; simulatorsUrl?: string; dbKind: 'pglite' | 'postgres' }

export interface Supervised {
  /** The first start's answer: ready, or the exit code of a platform that never came up. */
  firstReady: Promise<{ ready: ReadyInfo } | { exitCode: number }>;
  stop(): Promise<void>;
}

/**
 * Runs the platform (API, worker, simulators, designer) as a child process and starts it again, with backoff, whenever
 * it dies after it was once ready. The child stops itself when this process goes (its IPC channel closes).
 */
export function supervise(o: { script: string; args: string[]; dataDir: string; log: Logger; onRestartReady?: (r: ReadyInfo) => void }): Supervised {
  let child: ChildProcess | null = null;
  let stopping = false;
  let everReady = false;
  let delayMs = 1_000;
  let timer: NodeJS.Timeout | null = null;
  let settleFirst: (v: { ready: ReadyInfo } | { exitCode: number }) => void = () => undefined;
  const firstReady = new Promise<{ ready: ReadyInfo } | { exitCode: number }>((r) => { settleFirst = r; });
  let exited: Promise<void> = Promise.resolve();

  const launch = () => {
    timer = null;
    const c = fork(o.script, o.args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child = c;
    const pid = c.pid as number;
    writePid(o.dataDir, 'platform', pid);
    let readyAt = 0;
    c.on('message', (m: { type?: string } & Partial<ReadyInfo>) => {
      if (m.type !== 'ready') return;
      readyAt = Date.now();
      const info: ReadyInfo = { apiUrl: m.apiUrl as string, dbKind: m.dbKind ?? 'pglite', ...(m.simulatorsUrl ? { simulatorsUrl: m.simulatorsUrl } : {}) };
      if (!everReady) { everReady = true; settleFirst({ ready: info }); } else { o.log(`nền tảng chạy lại / platform back (pid ${pid}): ${info.apiUrl}`); o.onRestartReady?.(info); }
    });
    exited = new Promise<void>((resolve) => c.once('exit', (code, signal) => {
      removePid(o.dataDir, 'platform', pid);
      child = null;
      resolve();
      // Stopped on purpose (Ctrl-C, SIGTERM reached it first): exit 0. Never came up: a configuration to fix, not to retry.
      if (stopping) return;
      if (!everReady) { settleFirst({ exitCode: code ?? 1 }); return; }
      if (code === 0) { o.log('nền tảng đã dừng / the platform stopped (exit 0)'); return; }
      // A platform that ran a while starts again quickly; one that keeps dying waits longer each time (up to 30 s).
      if (readyAt && Date.now() - readyAt > 60_000) delayMs = 1_000;
      o.log(`nền tảng dừng bất thường / platform died (${signal ?? `exit ${String(code)}`}); khởi động lại sau / restarting in ${delayMs / 1000} s`);
      timer = setTimeout(launch, delayMs);
      delayMs = Math.min(delayMs * 2, 30_000);
    }));
  };
  launch();

  return {
    firstReady,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      const c = child;
      if (c && c.exitCode === null && c.signalCode === null) {
        c.kill('SIGTERM');
        const kill = setTimeout(() => c.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(kill);
      }
    },
  };
}
