// Seeds benchmark 9's runs as agency systems start them: signed POST /api/v1/flows/{key}/runs?wait=0s, each with its
// own Idempotency-Key (`seed-<k>`), so a seed cut short and resumed never starts run k twice.
import { Connection, Client } from '@temporalio/client';
import { RUN_FLOW_QUERY } from '@lienthong/temporal/contracts';
import { sigv4Headers } from './agency.js';
import { FLOWS, seedRun } from './runlist-stack.js';

/** Starts runs k = state.seeded … target-1 until the target or the time bound; returns what this call did. */
export async function topUpSeed(stack, { target, boundMs, concurrency = 24, log }) {
  const { state, save, apiUrl } = stack;
  const t0 = Date.now();
  const from = state.seeded;
  let next = from;
  let errors = 0;
  const errorKinds = {};
  const inflight = new Set();
  const mark = () => { state.seeded = inflight.size ? Math.min(...inflight) : next; };
  let lastLog = Date.now();
  const worker = async () => {
    while (next < target && Date.now() - t0 < boundMs && errors <= Math.max(50, (next - from) / 100)) {
      const k = next++;
      inflight.add(k);
      const r = seedRun(k);
      const url = `${apiUrl}/api/v1/flows/${r.flowKey}/runs?wait=0s`;
      const body = JSON.stringify({ dossierNo: r.dossierNo, procedureCode: '1.001193.000.00.00.H48', applicantName: 'Nguyễn Văn An' });
      const idem = { 'idempotency-key': `seed-${k}` };
      try {
        const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...idem, ...sigv4Headers(state.systems[r.agency.system], 'POST', url, body, undefined, undefined, idem) } });
        const text = await res.text();
        if (res.status >= 300) { errors++; errorKinds[res.status] = (errorKinds[res.status] ?? 0) + 1; if (errors <= 3) log(`runlist seed: run ${k} answered ${res.status} ${text.slice(0, 300)}`); }
      } catch (err) {
        errors++; errorKinds[err.code ?? 'network'] = (errorKinds[err.code ?? 'network'] ?? 0) + 1;
      }
      inflight.delete(k);
      if (Date.now() - lastLog > 30_000) {
        lastLog = Date.now(); mark(); save();
        const s = (Date.now() - t0) / 1000;
        log(`runlist seed: ${next} / ${target} runs (${Math.round((next - from) / s)} runs/s this run)`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  mark();
  const seconds = (Date.now() - t0) / 1000;
  state.seedSeconds = Math.round((state.seedSeconds + seconds) * 10) / 10;
  state.seedRuns = (state.seedRuns ?? 0) + (next > from ? 1 : 0);
  save();
  return { started: next - from, seconds: Math.round(seconds * 10) / 10, perSecond: seconds > 0 ? Math.round(((next - from) / seconds) * 10) / 10 : null, errors, errorKinds };
}

/** What the Temporal visibility holds now: all runs and each status (counts straight from the server). */
export async function visibilityCounts(address) {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace: 'default' });
    const count = async (q) => Number((await client.workflowService.countWorkflowExecutions({ namespace: 'default', query: q })).count ?? 0);
    const base = RUN_FLOW_QUERY;
    const out = { total: await count(base) };
    for (const s of ['Running', 'Completed', 'Failed']) out[s.toLowerCase()] = await count(`${base} AND ExecutionStatus = '${s}'`);
    return out;
  } finally {
    await connection.close();
  }
}

/** Waits (bounded) until the worker has finished the runs that end by themselves, so the list is measured at rest. */
export async function settle(address, { boundMs = 180_000, log }) {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace: 'default' });
    const q = `${RUN_FLOW_QUERY} AND ExecutionStatus = 'Running' AND LtFlowId != '${FLOWS[1].key}'`;
    const t0 = Date.now();
    for (;;) {
      const n = Number((await client.workflowService.countWorkflowExecutions({ namespace: 'default', query: q })).count ?? 0);
      if (n === 0) return { pendingAfter: 0, waitedSeconds: Math.round((Date.now() - t0) / 1000) };
      if (Date.now() - t0 > boundMs) { log(`runlist: ${n} runs still unfinished after ${boundMs / 1000} s; measuring anyway`); return { pendingAfter: n, waitedSeconds: Math.round((Date.now() - t0) / 1000) }; }
      await new Promise((r) => setTimeout(r, 2000));
    }
  } finally {
    await connection.close();
  }
}
