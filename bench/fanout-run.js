// Benchmark 4 body: a roll-up over 1,000 units (foreach calling the population DB per unit, concurrency limit 50)
// and 10,000-item foreaches (a lookup per item; a transform per item), each run once end to end on the platform's worker.
// Engine 4: a foreach calling a connector over more than 100 items keeps its items and outcomes in the platform's
// database and runs them in chunk activities; its output carries counts (and the results only when small).
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { sampleCpu } from './lib/cpu.js';
import { round } from './lib/stats.js';
import { EXAMPLE_FLOW, lookupInput } from './common.js';
import { INTERPRETER_ENGINE } from '@lienthong/temporal/keys';
import { RUN_FLOW_WORKFLOW, progressQuery } from '@lienthong/temporal/contracts';

function rollupFlow(concurrency) {
  const verify = EXAMPLE_FLOW.nodes.verify;
  return {
    key: 'bench-rollup', title: { vi: 'Tổng hợp 1.000 đơn vị', en: 'Roll-up over 1,000 units' },
    nodes: {
      start: { kind: 'trigger', trigger: { type: 'api' } },
      each: { kind: 'foreach', items: '$input.units', concurrency, body: { call: { connector: verify.connector, credentialId: verify.credentialId, input: {
        citizenId: '$item.applicant.soDinhDanh', fullName: '$item.applicant.hoVaTen', birthDate: '$item.applicant.ngaySinh', purpose: '$substring($item.procedureCode, 0, 8)', officerId: '$item.officerId' } } } },
      sum: { kind: 'transform', expression: "{ 'units': $nodes.each.output.total, 'matched': $count($nodes.each.output.results[match = true]), 'failed': $nodes.each.output.failed }" },
      done: { kind: 'end', output: '$nodes.sum.output' },
    },
    edges: [{ id: 'a', source: 'start', target: 'each' }, { id: 'b', source: 'each', target: 'sum' }, { id: 'c', source: 'sum', target: 'done' }],
  };
}

/**
 * 10,000 lookups whose list the flow builds from a count: a 10,000-entry list in the run's own input would pass
 * Temporal's 2 MB payload limit (measured: 1.95 MB), so lists that large come from a connector or, here, an expression.
 */
function lookups10k(concurrency) {
  return {
    key: 'bench-lookups-10k', title: { vi: '10.000 lượt tra cứu', en: '10,000 lookups' },
    nodes: {
      start: { kind: 'trigger', trigger: { type: 'api' } },
      each: { kind: 'foreach', items: '[1..$input.count]', concurrency, body: { call: { connector: EXAMPLE_FLOW.nodes.verify.connector, credentialId: EXAMPLE_FLOW.nodes.verify.credentialId,
        input: { citizenId: "'051090123456'", fullName: "'NGUYỄN VĂN AN'", birthDate: "'19900512'", purpose: "'1.001193'", officerId: "'051085000111'" } } } },
      // 10,000 results are larger than a run's output should carry: they stay in the database (GET /runs/{id}/items/each).
      sum: { kind: 'transform', expression: "{ 'units': $nodes.each.output.total, 'succeeded': $nodes.each.output.succeeded, 'failed': $nodes.each.output.failed, 'resultsInline': $nodes.each.output.batch.resultsInline }" },
      done: { kind: 'end', output: '$nodes.sum.output' },
    },
    edges: [{ id: 'a', source: 'start', target: 'each' }, { id: 'b', source: 'each', target: 'sum' }, { id: 'c', source: 'sum', target: 'done' }],
  };
}

function bigFlow() {
  return {
    key: 'bench-foreach-10k', title: { vi: '10.000 mục', en: '10,000 items' },
    nodes: {
      start: { kind: 'trigger', trigger: { type: 'api' } },
      each: { kind: 'foreach', items: '$input.items', concurrency: 100, body: { transform: "{ 'n': $item.n, 'double': $item.n * 2 }" } },
      sum: { kind: 'transform', expression: "{ 'items': $count($nodes.each.output.results), 'total': $sum($nodes.each.output.results.double), 'failed': $nodes.each.output.failed }" },
      done: { kind: 'end', output: '$nodes.sum.output' },
    },
    edges: [{ id: 'a', source: 'start', target: 'each' }, { id: 'b', source: 'each', target: 'sum' }, { id: 'c', source: 'sum', target: 'done' }],
  };
}

async function historyOf(client, runId) {
  const proto = await import('@temporalio/proto');
  const temporal = proto.temporal ?? proto.default.temporal;
  let events = 0; let bytes = 0; let executions = 0; let maxEvents = 0; let maxBytes = 0;
  for await (const w of client.workflow.list({ query: `WorkflowId = '${runId}' OR WorkflowId STARTS_WITH '${runId}/'` })) {
    const h = await client.workflow.getHandle(w.workflowId, w.runId).fetchHistory();
    const b = temporal.api.history.v1.History.encode(h).finish().length;
    executions += 1;
    events += h.events?.length ?? 0;
    bytes += b;
    maxEvents = Math.max(maxEvents, h.events?.length ?? 0);
    maxBytes = Math.max(maxBytes, b);
  }
  // Temporal warns per execution (limit.historyCount.warn 10,240 events, limit.historySize.warn 10 MB).
  return { executions, events, bytes, maxEventsPerExecution: maxEvents, maxBytesPerExecution: maxBytes, underWarningLimits: maxEvents < 10_240 && maxBytes < 10 * 1024 * 1024 };
}

export async function runFanout(ctx) {
  const { compile } = await import('@lienthong/flow');
  const { manifests } = await import('@lienthong/connectors/manifests');
  const { connectClient, EncryptionCodec, payloadKeyFromMaster } = await import('@lienthong/temporal');
  const client = await connectClient({ address: ctx.temporal.address, namespace: 'default' }, { codec: new EncryptionCodec(payloadKeyFromMaster(ctx.masterKey)) });
  const cases = {
    rollup1000: { doc: rollupFlow(50), input: { units: Array.from({ length: Number(process.env.LT_BENCH_FANOUT_UNITS ?? 1000) }, (_, i) => lookupInput(i)) }, about: '1,000 units, one population-DB lookup each, concurrency 50', timeout: '5m' },
    transform10000: { doc: bigFlow(), input: { items: Array.from({ length: Number(process.env.LT_BENCH_FANOUT_ITEMS ?? 10_000) }, (_, n) => ({ n })) }, about: '10,000 items, a JSONata transform each (run inline in the workflow), concurrency 100', timeout: '2m' },
    foreach10000: { doc: lookups10k(100), input: { count: Number(process.env.LT_BENCH_FANOUT_ITEMS ?? 10_000) }, about: '10,000 population-DB lookups (list built from a count in the flow), concurrency 100, engine 4 (items and outcomes in the database, chunk activities)', timeout: '10m' },
  };
  const out = { method: 'Each flow compiled and started once through the Temporal client on the platform\'s worker (task queue of the API+worker process), timed from start to result, under interpreter engine 4: a foreach calling a connector over more than 100 items stages its items in the platform\'s database (batches, batch_items; one activity per 256 KiB page), runs them in chunk activities (20 × the node\'s concurrency items each, at most 200 chunks; outcomes written in groups of 100 as checkpoints, heartbeats every 3 s) and collects counts, the first 100 errors and the results when they fit 256 KiB (otherwise GET /api/v1/runs/{runId}/items/{nodeId} pages them). History = every execution of the run (engine 3\'s batch child and its continue-as-new runs when there are any), encoded protobuf size; Temporal warns per execution at 10,240 events or 10 MB. Worker memory = peak RSS of the API+worker process sampled each second. The machine is shared (other sessions\' test suites run at the same time): the load average is the 1-minute figure before and after each case, and worker CPU is its average share of one core.', cases: {} };
  for (const [name, c] of Object.entries(cases)) {
    const compiled = compile(c.doc, manifests);
    if (!compiled.ok) throw new Error(`${name} does not compile: ${JSON.stringify(compiled.errors.map((e) => e.code))}`);
    const runId = `bench-${name}-${randomBytes(4).toString('hex')}`;
    const loadBefore = loadavg()[0];
    const cpu = sampleCpu(() => ({ platform: ctx.platform.pid, temporal: ctx.temporal.pid() }), 1000);
    const t0 = performance.now();
    let handle;
    try {
      handle = await client.workflow.start(RUN_FLOW_WORKFLOW, { taskQueue: ctx.taskQueue, workflowId: runId, args: [{ plan: compiled.plan, input: c.input, trigger: 'api', engine: INTERPRETER_ENGINE }], workflowExecutionTimeout: c.timeout });
    } catch (err) {
      out.cases[name] = { about: c.about, failed: `the run could not start: ${err.message}${err.cause ? ` ← ${err.cause.message}` : ''} (input of ${Math.round(JSON.stringify(c.input).length / 1024)} KiB before encryption)`, afterSeconds: 0 };
      cpu.stop();
      ctx.log(`fanout ${name} could not start: ${out.cases[name].failed}`);
      continue;
    }
    let asking = Promise.resolve();
    const progress = setInterval(() => { asking = handle.query(progressQuery).then((p) => ctx.log(`fanout ${name} progress: ${JSON.stringify(p.nodes.each ?? p.nodes)}`), (e) => ctx.log(`fanout ${name} progress: ${e.message}${e.cause ? ` ← ${e.cause.message}` : ''}`)); }, 10_000);
    let result; let error;
    // The last progress query must settle before the client closes (its retry timer would throw on a closed channel).
    try { result = await handle.result(); } catch (err) { error = `${err.name}: ${err.message}${err.cause ? ` ← ${err.cause.message}` : ''}`; } finally { clearInterval(progress); await asking; }
    const ms = performance.now() - t0;
    const c2 = cpu.stop();
    if (error) {
      out.cases[name] = { about: c.about, failed: error, afterSeconds: round(ms / 1000, 1), loadAverage1m: [round(loadBefore, 2), round(loadavg()[0], 2)], workerAvgCpuPctOfOneCore: c2.procs.platform?.avgPctOfOneCore };
      ctx.log(`fanout ${name} did not finish: ${error}`);
      continue;
    }
    const history = await historyOf(client, runId);
    const loadAverage1m = [round(loadBefore, 2), round(loadavg()[0], 2)]; // before and after: the machine is shared
    out.cases[name] = { about: c.about, seconds: round(ms / 1000, 2), loadAverage1m, output: result.output, history, workerPeakRssMB: c2.procs.platform?.peakRssMB, workerAvgCpuPctOfOneCore: c2.procs.platform?.avgPctOfOneCore, temporalAvgCpuPctOfOneCore: c2.procs.temporal?.avgPctOfOneCore };
    ctx.log(`fanout ${name}: ${round(ms / 1000, 2)} s (load average ${loadAverage1m.join(' → ')}), ${history.executions} executions, ${history.events} events, ${round(history.bytes / 1024, 1)} KiB, worker peak RSS ${c2.procs.platform?.peakRssMB} MB, output ${JSON.stringify(result.output)}`);
  }
  await client.connection.close();
  return out;
}
