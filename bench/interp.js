// Benchmark 1: interpretation overhead. The same 3-step lookup (SOAP call → transform → respond) as
// a Liên Thông flow run by the interpreter, and as a hand-written Temporal workflow with the same
// activities and worker settings; each driven by the same closed loop of concurrent executions.
import { randomBytes } from 'node:crypto';
import { summarize, round } from './lib/stats.js';
import { sampleCpu } from './lib/cpu.js';
import { spawnProc } from './lib/stack.js';
import { EXAMPLE_FLOW, lookupInput } from './common.js';
import { INTERPRETER_ENGINE } from '@lienthong/temporal/keys';
import { RUN_FLOW_WORKFLOW } from '@lienthong/temporal/contracts';

async function closedLoop({ client, taskQueue, start, concurrency, durationMs }) {
  const latencies = [];
  let errors = 0; let n = 0;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  const firstError = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      const i = n++;
      const s = performance.now();
      try {
        await start(i);
        latencies.push(performance.now() - s);
      } catch (err) {
        errors += 1;
        if (firstError.length < 3) firstError.push(String(err?.message ?? err));
      }
    }
  }));
  const elapsed = performance.now() - t0;
  return { completed: latencies.length, errors, firstErrors: firstError, elapsedMs: Math.round(elapsed), throughputPerSec: round(latencies.length / (elapsed / 1000), 1), latencyMs: summarize(latencies), latencies };
}

export async function run(ctx) {
  const { compile } = await import('@lienthong/flow');
  const { manifests } = await import('@lienthong/connectors/manifests');
  const { connectClient, EncryptionCodec, payloadKeyFromMaster } = await import('@lienthong/temporal');
  const compiled = compile(EXAMPLE_FLOW, manifests);
  if (!compiled.ok) throw new Error(`example flow does not compile: ${JSON.stringify(compiled.errors)}`);
  const plan = compiled.plan;
  const masterKey = ctx.masterKey;
  const client = await connectClient({ address: ctx.temporal.address, namespace: 'default' }, { codec: new EncryptionCodec(payloadKeyFromMaster(masterKey)) });
  const tuning = ctx.workerTuning ?? undefined;
  const variants = {
    flow: { workflows: 'interpreter-replica', type: RUN_FLOW_WORKFLOW, args: (i) => [{ plan, input: lookupInput(i), trigger: 'api', engine: INTERPRETER_ENGINE }] },
    handwritten: { workflows: 'handwritten', type: 'handwrittenLookup', args: (i) => [{ input: lookupInput(i) }] },
  };
  const results = {};
  const order = ctx.quick ? ['flow', 'handwritten'] : ['flow', 'handwritten', 'handwritten', 'flow'];
  const durationMs = ctx.quick ? 8_000 : 20_000;
  const concurrency = ctx.interpConcurrency ?? 50;
  for (const name of order) {
    const v = variants[name];
    const taskQueue = `bench-interp-${name}-${randomBytes(3).toString('hex')}`;
    const worker = await spawnProc({ role: 'worker', name: `worker-${name}`, workflows: v.workflows, temporal: { address: ctx.temporal.address, namespace: 'default' },
      masterKey, taskQueue, simUrl: ctx.simUrl, ...(tuning ? { tuning } : {}) }, { log: ctx.log });
    const start = (i) => client.workflow.execute(v.type, { taskQueue, workflowId: `bench-${name}-${randomBytes(8).toString('hex')}`, args: v.args(i) });
    // Warm-up: bundle loaded, caches and connections warm.
    await closedLoop({ client, taskQueue, start, concurrency: 10, durationMs: 2_000 });
    const cpu = sampleCpu(() => ({ worker: worker.pid, temporal: ctx.temporal.pid(), simulators: ctx.sims.pid, bench: { pid: process.pid, tree: false }, postgres: ctx.pg?.pid() }));
    const r = await closedLoop({ client, taskQueue, start, concurrency, durationMs });
    const c = cpu.stop();
    await worker.stop();
    const prev = results[name];
    if (!prev) results[name] = { ...r, cpu: [c] };
    else {
      const all = prev.latencies.concat(r.latencies);
      const elapsed = prev.elapsedMs + r.elapsedMs;
      results[name] = { completed: prev.completed + r.completed, errors: prev.errors + r.errors, firstErrors: prev.firstErrors.concat(r.firstErrors), elapsedMs: elapsed,
        throughputPerSec: round(all.length / (elapsed / 1000), 1), latencyMs: summarize(all), latencies: all, cpu: [...prev.cpu, c] };
    }
    ctx.log(`interp ${name}: ${r.throughputPerSec}/s p50 ${r.latencyMs.p50} ms p99 ${r.latencyMs.p99} ms errors ${r.errors}`);
  }
  await client.connection.close();
  const strip = ({ latencies: _l, cpu, ...rest }) => ({ ...rest, cpu: cpu.map(({ series: _s, ...c }) => c) });
  const flow = strip(results.flow); const hand = strip(results.handwritten);
  return {
    method: `Closed loop of ${concurrency} concurrent executions started through the Temporal client (start + result), ${durationMs / 1000} s per round, rounds ${order.join(', ')} (each with a fresh worker process and a 2 s warm-up). Same activity, same activity options, same worker options${tuning ? ` (${JSON.stringify(tuning)})` : ' (SDK defaults)'}, payload encryption codec on both.`,
    concurrency, roundMs: durationMs, rounds: order,
    flow, handwritten: hand,
    ratio: { throughput: round(flow.throughputPerSec / hand.throughputPerSec, 3), p50: round(flow.latencyMs.p50 / hand.latencyMs.p50, 3), p99: round(flow.latencyMs.p99 / hand.latencyMs.p99, 3) },
    goal: 'flow throughput ≥ 0.9 × hand-written', met: flow.throughputPerSec >= 0.9 * hand.throughputPerSec,
  };
}
