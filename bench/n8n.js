// Benchmark 5: the citizen lookup side by side with n8n, in one run, one system at a time, with an out-of-process
// load generator (hey): Liên Thông as `npm start` runs it (PGlite), Liên Thông on PostgreSQL, n8n as it ships
// (saves each execution at the end) and n8n saving progress after every node. Each system: warm-up, then hey at
// c = 1, 10, 50, 200 (30 s per step, keep-alive), answers/s, p50/p99, errors, and the CPU each process spent per
// answered run (/proc ticks over the step). Every system is stopped before the next starts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ensureHey, runHey } from './lib/hey.js';
import { ticksReader } from './lib/cpu-per-run.js';
import { startLienThong } from './lib/lienthong-system.js';
import { N8N_FALLBACK_VERSION, N8N_MODES, N8N_VERSION, startN8n } from './lib/n8n-install.js';
import { spawnProc } from './lib/stack.js';
import { n8nGoals } from './lib/n8n-goals.js';
import { FLOW_KEY, lookupInput, sleep } from './common.js';

export { N8N_VERSION };
const STEPS = [1, 10, 50, 200];
const SYSTEMS = {
  'lienthong-pglite': { label: 'Liên Thông, `npm start` defaults (PGlite)', kind: 'lienthong', database: 'pglite' },
  'lienthong-postgres': { label: 'Liên Thông with PostgreSQL', kind: 'lienthong', database: 'postgres' },
  'n8n-default': { label: N8N_MODES.default.label, kind: 'n8n', mode: 'default' },
  'n8n-progress': { label: N8N_MODES.progress.label, kind: 'n8n', mode: 'progress' },
};
const la = () => loadavg().map((x) => Math.round(x * 100) / 100);

/** hey cannot read bodies: a few requests with the same headers and body, after each step, must answer 200 with the verdict. */
async function checkBodies(url, headers, body, n = 3) {
  let good = 0; let sample = '';
  for (let i = 0; i < n; i++) {
    try {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(40_000) });
      const text = await r.text();
      sample = `${r.status} ${text.slice(0, 160)}`;
      if (r.status === 200 && text.includes('"result":"MATCH"')) good += 1;
    } catch (err) { sample = String(err.message ?? err); }
  }
  return { checked: n, good, sample };
}

async function measure(sys, { hey, bodyFile, body, quick, log, simsPid }) {
  const url = sys.url;
  const stepS = quick ? 5 : 30;
  const warm = await runHey({ hey, url, headers: sys.headers, bodyFile, concurrency: 10, durationS: quick ? 3 : 5 });
  const warmCheck = await checkBodies(url, sys.headers, body);
  if (warmCheck.good === 0) throw new Error(`no correct answer after the warm-up: ${warmCheck.sample}`);
  const steps = {};
  for (const c of STEPS) {
    await sleep(2000);
    const read = ticksReader({ ...sys.pids(), simulators: simsPid });
    const before = read(); const loadBefore = la();
    const r = await runHey({ hey, url, headers: sys.headers, bodyFile, concurrency: c, durationS: stepS });
    const after = read(); const loadAfter = la();
    const check = await checkBodies(url, sys.headers, body);
    const per = (ticks) => (r.answered ? Math.round((ticks * 10 * 10) / r.answered) / 10 : null);
    const cpuMsPerRun = Object.fromEntries(Object.keys(before).map((k) => [k, per(after[k] - before[k])]));
    cpuMsPerRun.loadGenerator = per(r.heyCpuMs / 10);
    // The platform without its embedded database's thread: what compares with the platform on PostgreSQL.
    if (cpuMsPerRun.database !== undefined && cpuMsPerRun.platform !== null) cpuMsPerRun.platformWithoutDatabase = Math.round((cpuMsPerRun.platform - cpuMsPerRun.database) * 10) / 10;
    // A wrong answer in the sample means hey's 200s cannot be trusted as answers: the step counts as failed.
    const wrong = check.good < check.checked;
    steps[`c=${c}`] = { ...r, ...(wrong ? { answersPerSec: 0, errors: r.errors + r.answered, wrongBodies: true } : {}), bodyCheck: check, cpuMsPerRun, loadAverage: { before: loadBefore, after: loadAfter } };
    log(`n8n bench: ${sys.name} c=${c}: ${r.answersPerSec}/s p50 ${r.latencyMs.p50} p99 ${r.latencyMs.p99} ms, errors ${r.errors}, bodies ${check.good}/${check.checked}; CPU ms/run ${Object.entries(cpuMsPerRun).map(([k, v]) => `${k} ${v}`).join(', ')}; load ${loadBefore[0]} → ${loadAfter[0]}`);
  }
  return { warmUp: { answersPerSec: warm.answersPerSec, errors: warm.errors, bodyCheck: warmCheck }, steps };
}

function heyVersion(hey) {
  try { return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'hey'], { encoding: 'utf8' }).trim() || hey; } catch { return hey; }
}

export async function run(ctx) {
  const log = ctx.log;
  const hey = ensureHey(log);
  const quick = ctx.quick;
  const only = process.env.LT_BENCH_N8N_SYSTEMS ? process.env.LT_BENCH_N8N_SYSTEMS.split(',') : Object.keys(SYSTEMS);
  const dir = mkdtempSync(join(tmpdir(), 'lt-bench-hey-'));
  const body = JSON.stringify(lookupInput(0));
  const bodyFile = join(dir, 'lookup.json');
  writeFileSync(bodyFile, body);
  const ownSims = ctx.sims ? null : await spawnProc({ role: 'simulators' }, { log });
  const sims = ctx.sims ?? ownSims;
  const systems = {};
  let n8nVersion = N8N_VERSION;
  let fallbackReason;
  try {
    for (const name of only) {
      const def = SYSTEMS[name];
      if (!def) throw new Error(`unknown system ${name} (known: ${Object.keys(SYSTEMS).join(', ')})`);
      log(`n8n bench: starting ${name} (load ${la().join(' ')})`);
      let sys;
      try {
        if (def.kind === 'lienthong') {
          const lt = await startLienThong({ database: def.database, simUrl: sims.url, log, masterKey: ctx.masterKey });
          sys = { ...lt, url: `${lt.apiUrl}/api/v1/flows/${FLOW_KEY}/runs?wait=30s` };
        } else {
          try {
            sys = await startN8n({ version: n8nVersion, mode: def.mode, simUrl: sims.url, log });
          } catch (err) {
            if (n8nVersion === N8N_FALLBACK_VERSION || process.env.LT_BENCH_N8N_VERSION) throw err;
            fallbackReason = `n8n ${n8nVersion}: ${String(err.message ?? err).slice(0, 2000)}`;
            log(`n8n ${n8nVersion} could not run, falling back to ${N8N_FALLBACK_VERSION}: ${fallbackReason.slice(0, 300)}`);
            n8nVersion = N8N_FALLBACK_VERSION;
            sys = await startN8n({ version: n8nVersion, mode: def.mode, simUrl: sims.url, log });
          }
          sys.setup = { version: sys.version, database: 'SQLite (as n8n ships)', mode: def.mode, env: N8N_MODES[def.mode].env };
        }
      } catch (err) {
        log(`n8n bench: ${name} could not start: ${err.stack ?? err}`);
        systems[name] = { label: def.label, ran: false, reason: String(err.message ?? err).slice(0, 3000) };
        continue;
      }
      try {
        const m = await measure({ ...sys, name }, { hey, bodyFile, body, quick, log, simsPid: sims.pid });
        systems[name] = { label: def.label, ran: true, setup: sys.setup, ...m };
      } catch (err) {
        log(`n8n bench: ${name} failed: ${err.stack ?? err}`);
        systems[name] = { label: def.label, ran: false, reason: String(err.message ?? err).slice(0, 3000) };
      } finally {
        await sys.stop();
      }
    }
  } finally {
    if (ownSims) await ownSims.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const stepS = quick ? 5 : 30;
  return {
    ran: Object.values(systems).some((s) => s.ran), version: n8nVersion, ...(fallbackReason ? { fallbackReason } : {}),
    loadGenerator: `hey ${heyVersion(hey)} (Debian), its own process, keep-alive, closed loop`,
    auth: 'Liên Thông: `Authorization: Bearer <session>` of an operator (a role allowed to start runs), the same header on every request; n8n: its webhook, no authentication.',
    method: `Same machine, same run, one system at a time (each stopped before the next starts), the same simulator. Each system: ${quick ? 3 : 5} s warm-up at c=10, then hey at c=${STEPS.join('/')} for ${stepS} s per step, keep-alive, POST of one fixed lookup request; answered = HTTP 200 (after each step 3 requests with the same headers check the body carries the verdict). CPU per answered run: utime + stime of each process (with its threads and children) from /proc before and after the step, divided by the step's answers; load generator = hey's own CPU.`,
    steps: STEPS, stepSeconds: stepS, systems, goals: n8nGoals(systems),
  };
}
