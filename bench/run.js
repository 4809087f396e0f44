#!/usr/bin/env node
// `npm run bench`: every benchmark in one run on loopback, bounded in time; results in
// bench/results/<name>.json and docs/benchmarks.md.
//   npm run bench                      all benchmarks (benchmark 5, n8n, takes about 12 minutes by itself, plus n8n's install on first use)
//   npm run bench -- --quick           shorter rounds (for development)
//   npm run bench -- --only=overhead,compile
// Benchmarks: interp, overhead, concurrency, fanout, n8n, compile, dispatch, runlist (its own platform, kept between runs).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './lib/machine.js';
import { startPostgres } from './lib/postgres.js';
import { startTemporal, spawnProc } from './lib/stack.js';
import { writeReport } from './report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
// Fan-out last: its 10,000-lookup case can take the platform process down (see benchmarks.md), and nothing may run after that.
const ALL = ['compile', 'overhead', 'interp', 'concurrency', 'n8n', 'dispatch', 'runlist', 'fanout'];
const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [k, v] = a.replace(/^--/, '').split('='); return [k, v ?? 'true']; }));
const only = args.only ? args.only.split(',') : ALL;
const quick = args.quick === 'true';
const t0 = Date.now();
const log = (l) => process.stdout.write(`[bench +${Math.round((Date.now() - t0) / 1000)}s] ${l}\n`);
const HARD_LIMIT_MS = Number(args.limitMs ?? 40 * 60_000);
setTimeout(() => { log(`hard time limit of ${HARD_LIMIT_MS / 60_000} min reached: aborting`); process.exit(2); }, HARD_LIMIT_MS).unref();

function build() {
  if (args.build === 'false') return;
  try {
    log('building the packages the benchmarks use (turbo, cached)…');
    execFileSync('npx', ['turbo', 'run', 'build', '--filter=@lienthong/cli...'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    if (!existsSync(`${root}/apps/cli/dist/index.js`) || !existsSync(`${root}/apps/worker/dist/index.js`)) throw err;
    log(`build failed, using the existing dist/ folders: ${String(err.stderr ?? err).slice(0, 300)}`);
  }
}

async function main() {
  build();
  mkdirSync(resultsDir, { recursive: true });
  // n8n (benchmark 5) starts and stops each of its four systems itself, one at a time.
  const needStack = only.some((b) => !['compile', 'dispatch', 'runlist', 'n8n'].includes(b));
  const ctx = { quick, log, masterKey: randomBytes(32).toString('base64'), signed: false };
  if (args.connections) ctx.connections = Number(args.connections);
  const workerTuning = process.env.LT_BENCH_WORKER_TUNING ? JSON.parse(process.env.LT_BENCH_WORKER_TUNING) : undefined;
  if (workerTuning) ctx.workerTuning = workerTuning;
  const stops = [];
  const setup = {};
  try {
    if (needStack) {
      const temporal = await startTemporal({ log: () => undefined });
      stops.push(() => temporal.stop());
      ctx.temporal = temporal;
      const pg = process.env.DATABASE_URL ? null : await startPostgres({ log });
      if (pg) stops.push(() => pg.stop());
      ctx.pg = pg;
      const databaseUrl = process.env.DATABASE_URL ?? pg?.url;
      const sims = await spawnProc({ role: 'simulators' }, { log });
      stops.push(() => sims.stop());
      ctx.sims = sims; ctx.simUrl = sims.url;
      const taskQueue = `bench-${randomBytes(3).toString('hex')}`;
      const adminPassword = `bench-${randomBytes(12).toString('hex')}`;
      const platform = await spawnProc({ role: 'platform', adminPassword, temporal: { address: temporal.address, namespace: 'default' }, masterKey: ctx.masterKey, taskQueue,
        simUrl: sims.url, ...(databaseUrl ? { databaseUrl } : { dataDir: ':memory:' }), ...(process.env.PG_POOL_MAX ? { poolMax: Number(process.env.PG_POOL_MAX) } : {}) }, { log });
      stops.push(() => platform.stop());
      ctx.platform = platform; ctx.apiUrl = platform.url; ctx.taskQueue = taskQueue;
      const { agencySigner } = await import('./lib/agency.js');
      const signer = await agencySigner(platform.url, { adminPassword, body: JSON.stringify((await import('./common.js')).lookupInput(0)) });
      if (signer) { ctx.sign = signer.sign; ctx.signed = true; log('the API requires signed requests: registered system bench-motcua and signing every request (SigV4)'); }
      else log('the API accepts anonymous runs: requests are NOT signed');
      Object.assign(setup, {
        temporal: `temporal CLI dev server (${temporal.cli.split('/').pop()}), SQLite file${process.env.LT_BENCH_TEMPORAL_ARGS ? `, extra flags: ${process.env.LT_BENCH_TEMPORAL_ARGS}` : ''}`, temporalCli: temporal.cli,
        database: databaseUrl ? (pg ? 'PostgreSQL (throwaway, same machine, fsync on)' : 'PostgreSQL (DATABASE_URL)') : 'PGlite (in the platform process)',
        signedRequests: ctx.signed,
        processes: 'load generator (this process) · simulators · platform (API + worker, as npm start runs them) · Temporal dev server · PostgreSQL',
        workerTuning: workerTuning ?? 'SDK defaults', pgPoolMax: process.env.PG_POOL_MAX ?? '10 (default)',
      });
      try { setup.temporalCliVersion = execFileSync(temporal.cli, ['--version'], { encoding: 'utf8' }).trim(); } catch { /* unknown */ }
    }
    for (const name of ALL.filter((b) => only.includes(b))) {
      const m = await import(`./${name}.js`);
      log(`— ${name}`);
      const started = Date.now();
      let result;
      try {
        result = await m.run(ctx);
      } catch (err) {
        log(`${name} failed: ${err.stack ?? err}`);
        result = { ran: false, reason: String(err.message ?? err) };
      }
      const record = { benchmark: name, quick, machine: machineInfo(), setup, tookMs: Date.now() - started, result };
      writeFileSync(`${resultsDir}${name}.json`, `${JSON.stringify(record, null, 2)}\n`);
    }
  } finally {
    for (const s of stops.reverse()) await s().catch((e) => log(`stop: ${e.message}`));
  }
  writeReport();
  log(`done in ${Math.round((Date.now() - t0) / 1000)} s; results in bench/results/, report in docs/benchmarks.md`);
}

main().then(() => process.exit(0), (err) => { log(err.stack ?? String(err)); process.exit(1); });
