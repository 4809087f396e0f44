// Benchmark 7 (tuning evidence): where the time of one synchronous lookup goes on a Temporal dev server.
// Sequential executions of tiny workflows (no activity, one activity, one local activity, one child, one timer,
// one signal), of the real interpreter with the sync-answer variants services could use (start + update,
// update-with-start, eager workflow start + update), of a foreach batch of three lookups and of an exchange step
// (the real exchange workflow: upload signal → analyse → purge, activities answering at once), on the dev server
// with its defaults, with eager activity dispatch only (what npm start ran before), and with DISPATCH_DYNAMIC_CONFIG
// (what npm start runs now). Worker and client in one process.
//   LT_DISPATCH_VARIANTS=<regex>  only the variants whose name matches (experiments)
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from './lib/stats.js';
import { freePort } from './lib/postgres.js';
import { EXAMPLE_FLOW, lookupInput, sleep } from './common.js';
import { INTERPRETER_ENGINE } from '@lienthong/temporal/keys';
import { EXCHANGE_ACTIVITY_NAMES, EXCHANGE_WORKFLOW, RUN_FLOW_WORKFLOW, awaitResponseUpdate, exchangeUploadedSignal } from '@lienthong/temporal/contracts';

/** A foreach over `[1..count]`, a population lookup per item (activities, not local: see docs/tuning.md). */
function foreachFlow(count) {
  const verify = EXAMPLE_FLOW.nodes.verify;
  return {
    key: 'bench-foreach-dispatch', title: { vi: `Tra cứu ${count} mục`, en: `${count} lookups` },
    nodes: {
      start: { kind: 'trigger', trigger: { type: 'api' } },
      each: { kind: 'foreach', items: '[1..$input.count]', concurrency: count, body: { call: { connector: verify.connector, credentialId: verify.credentialId,
        input: { citizenId: "'051090123456'", fullName: "'NGUYỄN VĂN AN'", birthDate: "'19900512'", purpose: "'1.001193'", officerId: "'051085000111'" } } } },
      done: { kind: 'end', output: "{ 'n': $count($nodes.each.output.results) }" },
    },
    edges: [{ id: 'a', source: 'start', target: 'each' }, { id: 'b', source: 'each', target: 'done' }],
  };
}

export async function devServer(extraArgs) {
  const { searchAttributeArgs, resolveTemporalCli } = await import('@lienthong/temporal');
  const { Connection } = await import('@temporalio/client');
  const port = await freePort(); const ui = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'lt-dispatch-'));
  const child = spawn(process.env.TEMPORAL_CLI || resolveTemporalCli({ log: () => undefined }), ['server', 'start-dev', '--db-filename', join(dir, 't.db'), '--ip', '127.0.0.1', '--port', String(port),
    '--ui-port', String(ui), '--log-level', 'warn', ...extraArgs, ...searchAttributeArgs()], { stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try { const c = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: 1000 }); await c.close(); break; } catch { if (Date.now() > deadline) throw new Error('dev server did not start'); await sleep(300); }
  }
  return { address: `127.0.0.1:${port}`, stop: async () => { const e = new Promise((r) => child.once('exit', r)); child.kill('SIGTERM'); await e; rmSync(dir, { recursive: true, force: true }); } };
}

/**
 * The SQLite file as npm start opens it (WAL, synchronous=normal). Without these pragmas every history write is a
 * rollback-journal fsync pair: a one-activity run measured 44.7 ms p50 without them, 32.6 ms with them (01:34 UTC,
 * load 0.8; bench/dispatch-hops.js).
 */
const sqliteArgs = async () => (await import('@lienthong/temporal')).DEFAULT_SQLITE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p]);
/** The dev server's arguments as npm start passes them (apps/cli: startDevServer). */
export async function npmStartArgs() {
  const { dispatchConfigArgs } = await import('@lienthong/temporal');
  return [...await sqliteArgs(), ...dispatchConfigArgs()];
}

export async function measure(server, n, log) {
  const { compile } = await import('@lienthong/flow');
  const { manifests } = await import('@lienthong/connectors/manifests');
  const { startSimulators } = await import('@lienthong/simulators');
  const { createWorker, withFailureMapping } = await import('@lienthong/worker');
  const { Client, Connection, WithStartWorkflowOperation } = await import('@temporalio/client');
  const { Worker } = await import('@temporalio/worker');
  const { createDb, createCredentialStore, masterKeyFrom } = await import('@lienthong/db');
  const { seedSimulatorCredentials } = await import('@lienthong/cli');
  const sims = await startSimulators({ port: 0 });
  const dbh = createDb({ DATA_DIR: ':memory:' }); await dbh.migrate();
  const credentials = createCredentialStore(dbh.db, masterKeyFrom(randomBytes(32).toString('base64')));
  await seedSimulatorCredentials(credentials, sims.url);
  const plan = compile(EXAMPLE_FLOW, manifests).plan;
  const foreachPlan = compile(foreachFlow(3), manifests).plan;
  const tq = `dispatch-${randomBytes(3).toString('hex')}`;
  // The exchange's activities answer at once: what is measured is the workflow's dispatch, not the database.
  const exchange = Object.fromEntries(EXCHANGE_ACTIVITY_NAMES.map((name) => [name, async () => (name === 'exchangeAnalyse' ? { status: 'rejected', webhook: false, size: null, sha256: null } : { status: 'deleted', delivered: true })]));
  const { worker, connection } = await createWorker({ address: server.address, namespace: 'default', credentials, taskQueue: tq, exchange });
  const noop = await Worker.create({ connection, namespace: 'default', taskQueue: `${tq}-noop`, workflowsPath: fileURLToPath(new URL('./workflows/noop.js', import.meta.url)), activities: { async noop() { return 1; } } });
  const running = [worker.run(), noop.run()];
  const clientConn = await Connection.connect({ address: server.address });
  const client = new Client({ connection: clientConn });
  const eagerClient = new Client({ connection }); // eager workflow start needs the worker's NativeConnection
  const id = () => `d-${randomBytes(6).toString('hex')}`;
  const args = (i) => [{ plan, input: lookupInput(i), trigger: 'api', engine: INTERPRETER_ENGINE }];
  // A lookup whose call is a local activity can finish within its first workflow task, before the update lands:
  // then the run's result is the answer (as services.runs does).
  const answer = async (h) => { try { return await h.executeUpdate(awaitResponseUpdate); } catch { return h.result(); } };
  const variants = {
    'empty workflow': () => client.workflow.execute('noopWf', { taskQueue: `${tq}-noop`, workflowId: id() }),
    'one activity (no-op)': () => client.workflow.execute('noopAct', { taskQueue: `${tq}-noop`, workflowId: id() }),
    // The platform starts every run eagerly (services.runs): the first workflow task comes back with the start.
    'empty workflow, eager start (how the platform starts runs)': async () => (await eagerClient.workflow.start('noopWf', { taskQueue: `${tq}-noop`, workflowId: id(), requestEagerStart: true })).result(),
    'one activity (no-op), eager start (how the platform starts runs)': async () => (await eagerClient.workflow.start('noopAct', { taskQueue: `${tq}-noop`, workflowId: id(), requestEagerStart: true })).result(),
    'one local activity (no-op)': () => client.workflow.execute('noopLocal', { taskQueue: `${tq}-noop`, workflowId: id() }),
    'one child workflow (empty)': () => client.workflow.execute('noopChild', { taskQueue: `${tq}-noop`, workflowId: id() }),
    'one 10 ms timer': () => client.workflow.execute('noopTimer', { taskQueue: `${tq}-noop`, workflowId: id() }),
    'one signal from the client': async () => { const h = await client.workflow.start('noopSignal', { taskQueue: `${tq}-noop`, workflowId: id() }); await h.signal('benchGo'); return h.result(); },
    'lookup flow: start + update': async (i) => { const h = await client.workflow.start(RUN_FLOW_WORKFLOW, { taskQueue: tq, workflowId: id(), args: args(i) }); return answer(h); },
    'lookup flow: update-with-start': (i) => client.workflow.executeUpdateWithStart(awaitResponseUpdate, { startWorkflowOperation: new WithStartWorkflowOperation(RUN_FLOW_WORKFLOW, { taskQueue: tq, workflowId: id(), args: args(i), workflowIdConflictPolicy: 'FAIL' }) }),
    'lookup flow: eager start + update (what npm start does)': async (i) => { const h = await eagerClient.workflow.start(RUN_FLOW_WORKFLOW, { taskQueue: tq, workflowId: id(), args: args(i), requestEagerStart: true }); return answer(h); },
    'foreach flow: a batch of 3 lookups (activities), eager start': async () => {
      const h = await eagerClient.workflow.start(RUN_FLOW_WORKFLOW, { taskQueue: tq, workflowId: id(), args: [{ plan: foreachPlan, input: { count: 3 }, trigger: 'api', engine: INTERPRETER_ENGINE }], requestEagerStart: true });
      return h.result();
    },
    'exchange step: upload signal → analyse → purge (2 activities)': async () => {
      const h = await client.workflow.start(EXCHANGE_WORKFLOW, { taskQueue: tq, workflowId: id(), args: [{ exchangeId: id(), deadline: new Date(Date.now() + 3_600_000).toISOString(), notify: { initialIntervalMs: 1000, maximumIntervalMs: 10_000, windowMs: 60_000 } }] });
      await h.signal(exchangeUploadedSignal, { size: 1, sha256: '0'.repeat(64), expiresAt: null });
      return h.result();
    },
  };
  const only = process.env.LT_DISPATCH_VARIANTS ? new RegExp(process.env.LT_DISPATCH_VARIANTS) : null;
  const out = {};
  for (const [name, fn] of Object.entries(variants)) {
    if (only && !only.test(name)) continue;
    for (let i = 0; i < 10; i++) await fn(i);
    const lat = [];
    for (let i = 0; i < n; i++) { const s = performance.now(); await fn(i); lat.push(performance.now() - s); }
    out[name] = summarize(lat);
    log(`dispatch ${name}: p50 ${out[name].p50} ms p99 ${out[name].p99} ms`);
  }
  worker.shutdown(); noop.shutdown();
  await Promise.all(running);
  await clientConn.close(); await connection.close(); await sims.close(); await dbh.close();
  return out;
}

export async function run(ctx) {
  const n = ctx.quick ? 30 : 100;
  const { dispatchConfigArgs } = await import('@lienthong/temporal');
  const modes = {
    'dev server defaults': [],
    'before: eager activity dispatch only': [...await sqliteArgs(), ...dispatchConfigArgs(['system.enableActivityEagerExecution=true'])],
    'now: + queue poll rates (npm start)': await npmStartArgs(),
  };
  const results = {};
  for (const [mode, extra] of Object.entries(modes)) {
    const server = await devServer(extra);
    try { ctx.log(`— dispatch: ${mode}`); results[mode] = await measure(server, n, ctx.log); } finally { await server.stop(); }
  }
  return {
    method: `${n} sequential executions per variant after 10 warm-up, worker and client in one process (no API, no database), simulator on loopback; latency from start to answer.`,
    results,
  };
}
