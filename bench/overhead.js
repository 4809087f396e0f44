// Benchmark 2: engine overhead. One caller, one keep-alive connection, one request after the other:
// the synchronous lookup through the REST API and the engine vs the same SOAP call sent directly to
// the population simulator. The difference is what the API, the durable run and the worker add.
// Then the CPU each process spends per lookup run (utime + stime over a fixed count of runs), sequential and
// with 10 callers at once (issue 20: ≤ 15 ms in the platform, ≤ 12 ms in Temporal).
import { randomBytes } from 'node:crypto';
import { runLoad } from './lib/load.js';
import { cpuPerRun } from './lib/cpu-per-run.js';
import { round } from './lib/stats.js';
import { FLOW_KEY, lookupInput, populationSoap } from './common.js';

export async function run(ctx) {
  const n = ctx.quick ? 100 : 500;
  const warm = 30;
  const direct = async (count) => runLoad({ url: `${ctx.simUrl}/ngsp/dancu`, connections: 1, durationMs: 300_000, maxRequests: count,
    request: () => ({ body: populationSoap(`LT-${randomBytes(16).toString('hex')}`), headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: 'http://dancuquocgia.bca/XacThucThongTinCongDan' } }) });
  const runUrl = `${ctx.apiUrl}/api/v1/flows/${FLOW_KEY}/runs?wait=30s`;
  const engine = async (count, connections = 1) => runLoad({ url: runUrl, connections, durationMs: 300_000, maxRequests: count,
    request: (i) => { const body = JSON.stringify(lookupInput(i)); return { body, headers: ctx.sign ? ctx.sign('POST', runUrl, body) : {} }; }, ok: (s) => s === 200 });
  await direct(warm); await engine(warm);
  const d = await direct(n);
  const e = await engine(n);
  const added = (p) => round(e.latencyMs[p] - d.latencyMs[p]);
  ctx.log(`overhead: direct p50 ${d.latencyMs.p50} ms, engine p50 ${e.latencyMs.p50} ms (added ${added('p50')}), p99 added ${added('p99')}`);
  const strip = ({ timeline: _t, ...r }) => r;
  const procs = { platform: ctx.platform.pid, temporal: ctx.temporal.pid(), postgres: ctx.pg?.pid() ?? undefined, simulators: ctx.sims.pid, loadGenerator: { pid: process.pid, alone: true } };
  const cpuRuns = ctx.quick ? 200 : 500;
  const cpu = {};
  for (const c of [1, 10]) {
    const m = await cpuPerRun(procs, cpuRuns, () => engine(cpuRuns, c));
    const { result: r, ...rest } = m;
    cpu[`c=${c}`] = { ...rest, answered: r.ok, errors: r.errors, answersPerSec: r.throughputPerSec, latencyMs: r.latencyMs };
    ctx.log(`overhead: CPU per lookup run at c=${c} (${cpuRuns} runs, load ${m.loadAverage.join(' ')}): ${Object.entries(m.msPerRun).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
  }
  return {
    method: `${n} sequential requests on one keep-alive connection after ${warm} warm-up requests each: POST /api/v1/flows/${FLOW_KEY}/runs?wait=30s (200 with the answer) vs POST of the same SOAP envelope to the simulator.`,
    requests: n, direct: strip(d), engine: strip(e),
    addedMs: { p50: added('p50'), p95: added('p95'), p99: added('p99'), mean: added('mean') },
    goal: 'added p50 ≤ 30 ms', met: added('p50') <= 30,
    cpuPerRun: { method: `${cpuRuns} lookup runs through the API per row, after the latency rounds; utime + stime of each process (with its threads and children) from /proc before and after, divided by the runs; load average at the end of the row.`,
      goal: 'platform ≤ 15 ms, Temporal ≤ 12 ms per run', rows: cpu },
  };
}
