#!/usr/bin/env node
// Where the platform's CPU per lookup run goes (issue 20, Done-when 2: "the profile that shows what remains"):
// the platform under `node --cpu-prof`, one caller (hey -c 1) for a fixed count of runs, then the self time of each
// thread (main thread, the workflow thread) per run, by group, counted only between the first and last measured run.
//   node bench/profile-lookup.js [--runs=500] [--database=pglite|postgres]
// Writes bench/results/tuning/profile-lookup-<database>.json and prints a Markdown summary.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHey, runHey } from './lib/hey.js';
import { ticksReader } from './lib/cpu-per-run.js';
import { startLienThong } from './lib/lienthong-system.js';
import { categoryOf, readProfiles, summarizeProfile } from './lib/profile-summary.js';
import { spawnProc } from './lib/stack.js';
import { machineInfo } from './lib/machine.js';
import { FLOW_KEY, lookupInput } from './common.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [k, v] = a.replace(/^--/, '').split('='); return [k, v ?? 'true']; }));
const runs = Number(args.runs ?? 500);
const database = args.database ?? 'pglite';
const log = (l) => process.stdout.write(`[profile] ${l}\n`);
const la = () => loadavg().map((x) => Math.round(x * 100) / 100);
const nowUs = () => Number(process.hrtime.bigint() / 1000n); // CLOCK_MONOTONIC, as V8's profile timestamps
const r1 = (x) => Math.round(x * 10) / 10;

/** CPU ticks of each OS thread of `pid`, summed by thread name (/proc/<pid>/task/<tid>/stat: the V8 threads, sdk-core's tokio, libuv's pool). */
function threadTicks(pid) {
  const out = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')).replace(/[0-9]+$/, 'N');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out[name] = (out[name] ?? 0) + Number(f[11]) + Number(f[12]);
    } catch { /* ended */ }
  }
  return out;
}

async function main() {
  const hey = ensureHey(log);
  const profDir = mkdtempSync(join(tmpdir(), 'lt-prof-'));
  const work = mkdtempSync(join(tmpdir(), 'lt-prof-body-'));
  const bodyFile = join(work, 'lookup.json');
  writeFileSync(bodyFile, JSON.stringify(lookupInput(0)));
  const sims = await spawnProc({ role: 'simulators' }, { log });
  process.env.LT_BENCH_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${profDir}`;
  let lt;
  let measured;
  try {
    lt = await startLienThong({ database, simUrl: sims.url, log, masterKey: randomBytes(32).toString('base64') });
    delete process.env.LT_BENCH_NODE_ARGS;
    const url = `${lt.apiUrl}/api/v1/flows/${FLOW_KEY}/runs?wait=30s`;
    await runHey({ hey, url, headers: lt.headers, bodyFile, concurrency: 1, requests: 50 });
    const read = ticksReader(lt.pids());
    const threads0 = threadTicks(lt.platformPid);
    const before = read(); const load0 = la(); const from = nowUs();
    const r = await runHey({ hey, url, headers: lt.headers, bodyFile, concurrency: 1, requests: runs });
    const to = nowUs(); const after = read(); const threads1 = threadTicks(lt.platformPid);
    measured = { ...r, from, to, loadAverage: { before: load0, after: la() },
      cpuMsPerRun: Object.fromEntries(Object.keys(before).map((k) => [k, r1(((after[k] - before[k]) * 10) / r.answered)])),
      platformThreadsMsPerRun: Object.fromEntries(Object.entries(threads1).map(([k, v]) => [k, r1(((v - (threads0[k] ?? 0)) * 10) / r.answered)]).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])) };
    log(`${r.answered} runs answered, p50 ${r.latencyMs.p50} ms; CPU ms per run (/proc, profiler on): ${JSON.stringify(measured.cpuMsPerRun)}`);
  } finally {
    if (lt) await lt.stop();
    await sims.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const threads = readProfiles(profDir).filter((p) => p.pid === lt.platformPid).map((p) => {
    const s = summarizeProfile(p.profile, measured.from, measured.to);
    const per = (ms) => r1(ms / measured.answered);
    const cats = new Map();
    for (const [g, ms] of s.groups) cats.set(categoryOf(g), (cats.get(categoryOf(g)) ?? 0) + ms);
    return { thread: p.thread, busyMsPerRun: per(s.busyMs), idleMsPerRun: per(s.idleMs),
      categories: [...cats].sort((a, b) => b[1] - a[1]).map(([c, ms]) => ({ category: c, msPerRun: per(ms) })),
      groups: s.groups.slice(0, 30).map(([g, ms]) => ({ group: g, msPerRun: per(ms) })), functions: s.functions.slice(0, 20).map(([fn, ms]) => ({ fn, msPerRun: per(ms) })) };
  }).filter((t) => t.busyMsPerRun > 0.05).sort((a, b) => b.busyMsPerRun - a.busyMsPerRun);
  rmSync(profDir, { recursive: true, force: true });
  const { from: _f, to: _t, ...m } = measured;
  const out = { machine: machineInfo(), database, runs: measured.answered, measured: m, threads };
  const dir = fileURLToPath(new URL('./results/tuning/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `profile-lookup-${database}.json`), `${JSON.stringify(out, null, 2)}\n`);
  const L = [`Profile of ${measured.answered} lookup runs at c=1 (${database}), ${out.machine.date.slice(0, 16)} UTC, load ${m.loadAverage.before[0]} → ${m.loadAverage.after[0]}; /proc CPU ms per run (profiler on): ${Object.entries(m.cpuMsPerRun).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `platform OS threads (ms per run): ${Object.entries(m.platformThreadsMsPerRun).map(([k, v]) => `${k} ${v}`).join(', ')}`, ''];
  for (const t of threads) {
    L.push(`${t.thread}: ${t.busyMsPerRun} ms busy per run (idle ${t.idleMsPerRun})`, ...t.categories.map((c) => `  ${c.msPerRun} ms  [${c.category}]`), ...t.groups.slice(0, 10).map((g) => `  ${g.msPerRun} ms  ${g.group}`), '  top functions:', ...t.functions.slice(0, 10).map((g) => `  ${g.msPerRun} ms  ${g.fn}`));
  }
  process.stdout.write(`${L.join('\n')}\n`);
}

main().then(() => process.exit(0), (err) => { log(err.stack ?? String(err)); process.exit(1); });
