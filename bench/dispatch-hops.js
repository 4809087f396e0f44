// Where the ≈ 40 ms of a one-activity run go, hop by hop (issue 20 Done-when 1): sequential executions of the
// one-activity workflow of benchmark 7, started eagerly as the platform starts runs, on a dev server with npm start's
// queue poll rates; each execution's history timestamps split the time between the server and the worker.
//   node bench/dispatch-hops.js [count]   (default 100 after 10 warm-up; prints a table and writes bench/results/dispatch-hops.json)
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import protoPkg from '@temporalio/proto';
import { devServer, npmStartArgs } from './dispatch.js';
import { summarize } from './lib/stats.js';

const HOPS = {
  'WorkflowTaskScheduled→WorkflowTaskStarted': 'server: workflow task to the worker (matching)',
  'WorkflowTaskStarted→WorkflowTaskCompleted': 'worker: workflow task (activation in the workflow thread) and its completion',
  'ActivityTaskStarted→ActivityTaskCompleted': 'worker: the eagerly dispatched activity, run and completed',
  'ActivityTaskCompleted→WorkflowTaskScheduled': 'server: the next workflow task scheduled',
};

const n = Number(process.argv[2] ?? 100);
const load = [loadavg()[0]];
const server = await devServer(await npmStartArgs());
const connection = await NativeConnection.connect({ address: server.address });
const worker = await Worker.create({ connection, namespace: 'default', taskQueue: 'hops', activities: { async noop() { return 1; } },
  workflowsPath: fileURLToPath(new URL('./workflows/noop.js', import.meta.url)) });
const running = worker.run();
const client = new Client({ connection });
const total = []; const gaps = {}; const outside = [];
try {
  for (let i = 0; i < n + 10; i++) {
    const began = performance.now();
    const h = await client.workflow.start('noopAct', { taskQueue: 'hops', workflowId: `hops-${i}-${Date.now()}`, requestEagerStart: true });
    await h.result();
    const ms = performance.now() - began;
    if (i < 10) continue;
    total.push(ms);
    const { events } = await h.fetchHistory();
    const at = (e) => Number(e.eventTime.seconds) * 1000 + e.eventTime.nanos / 1e6;
    const name = (e) => String(protoPkg.temporal.api.enums.v1.EventType[e.eventType]).replace(/^EVENT_TYPE_/, '').toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase());
    let inHistory = 0;
    for (let k = 1; k < events.length; k++) {
      const key = `${name(events[k - 1])}→${name(events[k])}`;
      const d = at(events[k]) - at(events[k - 1]);
      (gaps[key] ??= []).push(d); inHistory += d;
    }
    outside.push(ms - inHistory);
  }
} finally {
  worker.shutdown(); await running; await connection.close(); await server.stop();
}
load.push(loadavg()[0]);
const rows = Object.entries(gaps).map(([hop, d]) => ({ hop, about: HOPS[hop] ?? '', count: d.length, p50: summarize(d).p50 }));
const result = { date: new Date().toISOString(), loadAverage1m: load.map((l) => Math.round(l * 100) / 100), executions: n,
  totalMs: summarize(total), outsideHistoryMs: summarize(outside), hops: rows };
writeFileSync(new URL('./results/dispatch-hops.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(`one activity, eager start: p50 ${result.totalMs.p50} ms (load ${result.loadAverage1m.join(' → ')})`);
for (const r of rows) console.log(`  ${r.hop} (${r.count}×): p50 ${r.p50} ms  ${r.about}`);
console.log(`  start request + result long-poll, outside the history: p50 ${result.outsideHistoryMs.p50} ms`);
