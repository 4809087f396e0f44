import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Issue 14: a crash of the platform process orphaned its Temporal dev server, which kept its port, so the next
 * `npm start` refused to start. `lienthong start` now supervises: the platform runs as its child and comes back when
 * it dies; a start killed with -9 leaves pid files, and the next start stops what it left behind.
 */
const main = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try { process.kill(pid, 0); } catch { return false; }
  try { return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; }
};

interface Started { child: ChildProcess; output: () => string; exited: Promise<number | null> }

describe('npm start supervises the platform and recovers from a killed start', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let apiUrl: string;
  const started: Started[] = [];
  const pidOf = (name: string) => { try { return Number(readFileSync(join(dir, 'data', 'run', `${name}.pid`), 'utf8').trim()); } catch { return 0; } };

  /** Spawns `lienthong start` and waits (bounded) until it prints that everything is up. */
  async function startCommand(): Promise<Started> {
    const child = spawn(process.execPath, [main, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d) => { out += d.toString(); });
    child.stderr?.on('data', (d) => { out += d.toString(); });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const s = { child, output: () => out, exited };
    started.push(s);
    for (const end = Date.now() + 150_000; !out.includes('Ctrl-C'); await sleep(250)) {
      if (child.exitCode !== null || Date.now() > end) throw new Error(`start did not come up (exit ${String(child.exitCode)}):\n${out.slice(-3000)}`);
    }
    return s;
  }

  /** Polls until /healthz answers 200 (bounded: a failure, not a hang). */
  async function healthy(): Promise<void> {
    for (const end = Date.now() + 120_000; ; await sleep(250)) {
      const ok = await fetch(`${apiUrl}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return;
      if (Date.now() > end) throw new Error('the platform did not answer /healthz again');
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lt-supervisor-'));
    const [api, temporal, ui, sims] = [await freePort(), await freePort(), await freePort(), await freePort()];
    apiUrl = `http://127.0.0.1:${api}`;
    env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: join(dir, 'data'), API_PORT: String(api), TEMPORAL_PORT: String(temporal), TEMPORAL_UI_PORT: String(ui),
      SIMULATORS_PORT: String(sims), TEMPORAL_CLI: inject('temporalCli'), LT_WORKER_LOG_LEVEL: 'ERROR' };
  });

  afterAll(async () => {
    for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) { s.child.kill('SIGTERM'); await s.exited; }
    for (const name of ['platform', 'temporal']) { const pid = pidOf(name); if (pid && alive(pid)) process.kill(pid, 'SIGKILL'); }
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates DATA_DIR 0700 with every file in it 0600 (database, Temporal, master key, pid files)', async () => {
    await startCommand();
    const walk = (d: string): void => {
      expect(statSync(d).mode & 0o777, d).toBe(0o700);
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) expect(statSync(p).mode & 0o777, p).toBe(0o600);
      }
    };
    walk(join(dir, 'data'));
    expect(statSync(join(dir, 'data', 'master.key')).isFile()).toBe(true);
    expect(readdirSync(join(dir, 'data', 'pg')).length).toBeGreaterThan(0);
  }, 200_000);

  it('a platform process killed with -9 comes back by itself, with its data', async () => {
    const first = started[0] as Started;
    const password = /admin \/ (\S+)/.exec(first.output())?.[1] as string;
    expect(password).toBeTruthy();
    const platform = pidOf('platform');
    expect(platform).toBeGreaterThan(0);
    process.kill(platform, 'SIGKILL');
    for (const end = Date.now() + 30_000; alive(platform) && Date.now() < end;) await sleep(100);
    await healthy();
    expect(pidOf('platform')).not.toBe(platform);
    const login = await fetch(`${apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status).toBe(200);
    expect(first.child.exitCode).toBeNull(); // the supervisor never went down
  }, 200_000);

  it('a Temporal dev server killed with -9 is started again, and runs go through it', async () => {
    const first = started[0] as Started;
    const password = /admin \/ (\S+)/.exec(first.output())?.[1] as string;
    const devServer = pidOf('temporal');
    process.kill(devServer, 'SIGKILL');
    for (const end = Date.now() + 120_000; !(pidOf('temporal') > 0 && pidOf('temporal') !== devServer && alive(pidOf('temporal'))); await sleep(250)) {
      if (Date.now() > end) throw new Error(`the dev server was not started again:\n${first.output().slice(-2000)}`);
    }
    const { token } = await (await fetch(`${apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })).json() as { token: string };
    const body = JSON.stringify({ dossierNo: '000.25.94.H48-260115-0031', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
      applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } });
    // The same Idempotency-Key until the run is answered (the worker reconnects on its own; bounded, not timed).
    let answer: { status?: string } = {};
    for (const end = Date.now() + 120_000; answer.status !== 'completed'; await sleep(500)) {
      if (Date.now() > end) throw new Error(`no completed run after the dev server came back: ${JSON.stringify(answer)}`);
      const r = await fetch(`${apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs`, { method: 'POST', body,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'supervisor-temporal-restart' } }).catch(() => null);
      answer = r ? await r.json().catch(() => ({})) as { status?: string } : {};
    }
    expect(first.child.exitCode).toBeNull();
  }, 300_000);

  it('a start killed with -9 leaves its dev server behind; the next start stops it and comes up; SIGTERM stops everything', async () => {
    const first = started[0] as Started;
    const devServer = pidOf('temporal');
    expect(devServer > 0 && alive(devServer)).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(devServer)).toBe(true); // the orphan of the issue, holding its port
    const second = await startCommand();
    await healthy();
    expect(alive(devServer)).toBe(false);
    expect(pidOf('temporal')).not.toBe(devServer);
    const [platform, temporal] = [pidOf('platform'), pidOf('temporal')];
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(alive(platform)).toBe(false);
    expect(alive(temporal)).toBe(false);
    expect(readdirSync(join(dir, 'data', 'run'))).toEqual([]);
  }, 300_000);
});
