// A throwaway PostgreSQL on 127.0.0.1 for benchmarks and multi-process tests (Debian's binaries).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b));
  const v = versions.at(-1);
  return v ? join(base, v, 'bin') : null;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function pgUid() {
  try { return { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) }; } catch { return null; }
}

/**
 * initdb + pg_ctl start in a temp dir (as the postgres user when we are root). Returns the URL,
 * the postmaster pid (for CPU sampling), restart() and stop().
 */
export async function startPostgres({ maxConnections = 300, log = () => undefined } = {}) {
  const bin = postgresBinDir();
  if (!bin) return null;
  const root = process.getuid?.() === 0;
  const pgUser = root ? pgUid() : null;
  if (root && !pgUser) return null;
  const dir = mkdtempSync(join(tmpdir(), 'lt-pg-'));
  if (pgUser) chownSync(dir, pgUser.uid, pgUser.gid);
  const run = (cmd, args) => {
    const full = join(bin, cmd);
    const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' }) : spawnSync(full, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  const port = await freePort();
  run('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=${maxConnections} -c fsync=on -c synchronous_commit=on`;
  const start = () => run('pg_ctl', ['-D', join(dir, 'data'), '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  // The same, without blocking this process's event loop (servers in it keep answering while PostgreSQL stops and starts).
  const runAsync = (cmd, args) => new Promise((resolve, reject) => {
    const full = join(bin, cmd);
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
    execFile(file, argv, { encoding: 'utf8' }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} failed: ${stderr || stdout || err.message}`)) : resolve(stdout)));
  });
  start();
  log(`postgres on 127.0.0.1:${port} (${dir})`);
  const pid = () => { try { return Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]); } catch { return null; } };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dir, pid,
    restart(mode = 'immediate') { run('pg_ctl', ['-D', join(dir, 'data'), '-m', mode, 'stop']); start(); },
    /** Stops the server ("immediate": every backend quits at once, no checkpoint; the next start recovers from the WAL). */
    down(mode = 'immediate') { return runAsync('pg_ctl', ['-D', join(dir, 'data'), '-m', mode, '-w', 'stop']); },
    /** Starts it again on the same data directory and port. */
    up() { return runAsync('pg_ctl', ['-D', join(dir, 'data'), '-o', opts, '-l', join(dir, 'log'), '-w', 'start']); },
    async stop() {
      try { run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', 'stop']); } catch { /* already down */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
