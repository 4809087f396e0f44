// Benchmark 3: 1,000 concurrent keep-alive connections issuing synchronous lookups through the API for
// a fixed duration: errors, latency percentiles, throughput, and the CPU of every process.
import { runLoad } from './lib/load.js';
import { sampleCpu } from './lib/cpu.js';
import { FLOW_KEY, lookupInput } from './common.js';

async function drain(ctx, limitMs = 180_000) {
  const { connectClient } = await import('@lienthong/temporal');
  const client = await connectClient({ address: ctx.temporal.address, namespace: 'default' });
  const t0 = Date.now();
  try {
    for (;;) {
      const { count } = await client.workflow.count(`ExecutionStatus = 'Running' AND TaskQueue = '${ctx.taskQueue}'`);
      if (count === 0 || Date.now() - t0 > limitMs) { ctx.log(`concurrency: ${count} runs still running after ${Date.now() - t0} ms of drain`); return Date.now() - t0; }
      await new Promise((r) => setTimeout(r, 2_000));
    }
  } finally { await client.connection.close(); }
}

export async function run(ctx) {
  const connections = ctx.connections ?? 1000;
  const durationMs = ctx.quick ? 20_000 : 60_000;
  const paceMs = ctx.paceMs ?? (ctx.quick ? 20_000 : 50_000); // under the API's 65 s keep-alive timeout, so connections stay open
  const profiles = [
    { name: 'saturation', paceMs: 0, spreadMs: 0, durationMs, about: 'every connection sends its next request as soon as the previous answer arrives (closed loop: far more than the engine can take, showing where it breaks)' },
    { name: 'paced', paceMs, spreadMs: paceMs, durationMs: ctx.quick ? 30_000 : 120_000, about: `all ${connections} connections opened first (GET /healthz) and kept alive; each sends one lookup every ${paceMs / 1000} s, first ones spread evenly (${Math.round((connections / paceMs) * 10_000) / 10} lookups/s offered)` },
  ];
  const out = { method: '', connections, durationMs, profiles: {} };
  for (const p of profiles) {
    const cpu = sampleCpu(() => ({ platform: ctx.platform.pid, temporal: ctx.temporal.pid(), postgres: ctx.pg?.pid(), simulators: ctx.sims.pid, loadGenerator: { pid: process.pid, tree: false } }), 1000);
    const runUrl = `${ctx.apiUrl}/api/v1/flows/${FLOW_KEY}/runs?wait=30s`;
    const r = await runLoad({ url: runUrl, connections, durationMs: p.durationMs, rampMs: 2_000, paceMs: p.paceMs, spreadMs: p.spreadMs, openPath: p.spreadMs ? '/healthz' : undefined, timeoutMs: 35_000,
      request: (i) => { const body = JSON.stringify(lookupInput(i)); return { body, headers: ctx.sign ? ctx.sign('POST', runUrl, body) : {} }; }, ok: (s) => s === 200 });
    const c = cpu.stop();
    const serverCpu = c.series.map((s) => ((s.procs.platform ?? 0) + (s.procs.temporal ?? 0) + (s.procs.postgres ?? 0)) / c.ncpu);
    const avgServer = serverCpu.length ? Math.round((serverCpu.reduce((a, b) => a + b, 0) / serverCpu.length) * 10) / 10 : null;
    out.profiles[p.name] = { about: p.about, paceMs: p.paceMs, ...r, cpu: { ...c, serverAvgPctOfMachine: avgServer } };
    ctx.log(`concurrency ${p.name}: ${r.ok} ok, ${r.errors} errors ${JSON.stringify(r.errorKinds)}, ${r.throughputPerSec}/s, p50 ${r.latencyMs.p50} p99 ${r.latencyMs.p99} max ${r.latencyMs.max} ms, sockets ${r.maxOpenSockets}, machine CPU ${c.machine.avgPct}% (server processes ${avgServer}%)`);
    // Runs answered 202 keep running: let the backlog drain before the next profile (bounded).
    out.profiles[p.name].drainedAfterMs = await drain(ctx);
  }
  out.method = `${connections} keep-alive connections (opened over 2 s) to the API, each issuing POST /api/v1/flows/${FLOW_KEY}/runs?wait=30s (saturation: ${durationMs / 1000} s; paced: ${profiles[1].durationMs / 1000} s); a request counts as a success only with 200 and the answer. ${ctx.signed ? 'Requests are signed.' : 'Requests are NOT signed (agency request signing was not wired into the API when this ran).'} CPU sampled every second from /proc for each process tree; "server" = API+worker, Temporal, PostgreSQL (the load generator and the simulator run on the same machine and are listed apart).`;
  const sat = out.profiles.saturation; const paced = out.profiles.paced;
  out.goal = '0 errors, every answer within 30 s, p99 ≤ 5 s, average CPU ≤ 75% of the machine';
  out.met = { saturation: sat.errors === 0 && sat.over30s === 0 && sat.latencyMs.p99 <= 5000 && sat.cpu.machine.avgPct <= 75,
    paced: paced.errors === 0 && paced.over30s === 0 && paced.latencyMs.p99 <= 5000 && paced.cpu.machine.avgPct <= 75 };
  return out;
}
