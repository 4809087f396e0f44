import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VERIFY_OP, acceptRuns, chaosFlow, executionsOnQueue, outboundKey, settle, sleep, startChaosStack, untilCalls, type ChaosStack,
} from './harness.js';

// A few hundred runs in flight each time; every accepted run must finish exactly once with the right
// answer, and the population DB must see exactly one request key per run (retries repeat the same key).
const RUNS = Number(process.env.LT_CHAOS_RUNS ?? 200);
const FLOW = 'chaos-xac-thuc';
const log = process.env.LT_TEST_LOGS ? (l: string) => console.log(l) : () => undefined;

describe('chaos: faults lose nothing and duplicate nothing', () => {
  let stack: ChaosStack;
  const accepted: string[] = [];

  beforeAll(async () => {
    stack = await startChaosStack(log);
    await stack.services.flows.publish(chaosFlow(FLOW), { by: 'test:chaos', note: 'chaos' });
    await stack.startWorker();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Every run completed once, answered MATCH, and hit the simulator under its own key (and no other key appeared). */
  function expectExactlyOnce(ids: string[], outcome: Awaited<ReturnType<typeof settle>>) {
    expect(outcome.failed).toEqual([]);
    expect(outcome.completed).toBe(ids.length);
    for (const id of ids) expect(outcome.answers[id]).toMatchObject({ result: 'MATCH' });
    const missing = ids.filter((id) => stack.sims.counters.times(VERIFY_OP, outboundKey(id)) === 0);
    expect(missing).toEqual([]);
    expect(stack.sims.counters.snapshot()[VERIFY_OP]?.keys).toBe(ids.length);
  }

  /** Starts RUNS runs (ids from `first`) against a population DB that has the `fault`, and waits for `calls` calls. */
  async function loadWith(fault: Parameters<ChaosStack['sims']['faults']['set']>[1], first: number, calls: number): Promise<string[]> {
    stack.sims.counters.reset();
    stack.sims.faults.set(VERIFY_OP, fault);
    const ids = await acceptRuns(stack, FLOW, RUNS, first);
    accepted.push(...ids);
    await untilCalls(stack, calls);
    return ids;
  }

  it('kill -9 of the worker mid-run: a new worker finishes every run', async () => {
    const ids = await loadWith({ latencyMs: 800 }, 0, Math.min(50, RUNS / 4));
    await stack.worker?.kill9();
    const inFlight = stack.sims.counters.snapshot()[VERIFY_OP]?.calls ?? 0;
    log(`worker killed with ${inFlight} calls made for ${ids.length} accepted runs`);
    expect(inFlight).toBeLessThan(ids.length); // the crash happened mid-load
    await sleep(1_000);
    stack.sims.faults.clear();
    const back = Date.now();
    await stack.startWorker();
    const outcome = await settle(stack, ids);
    log(`all ${outcome.completed} runs done ${Date.now() - back} ms after the new worker started; ${stack.sims.counters.snapshot()[VERIFY_OP]?.duplicates ?? 0} repeated requests answered from the first`);
    expectExactlyOnce(ids, outcome);
  });

  it('kill -9 and restart of the Temporal server: every accepted run finishes', async () => {
    const ids = await loadWith({ latencyMs: 500 }, 10_000, Math.min(30, RUNS / 5));
    await stack.temporal.crashAndRestart(1_000);
    stack.sims.faults.clear();
    const outcome = await settle(stack, ids);
    expectExactlyOnce(ids, outcome);
  });

  it('the population DB failing for a while (503, and 503 after applying): runs retry and finish once', async () => {
    const ids = await loadWith({ status: 503, retryAfterSec: 1 }, 20_000, RUNS); // every run has failed at least once
    // Then it applies requests but still answers 503 (the caller must not apply twice).
    stack.sims.faults.set(VERIFY_OP, { status: 503, failAfterApply: true, rate: 0.5 });
    await sleep(3_000);
    stack.sims.faults.clear();
    const outcome = await settle(stack, ids);
    expectExactlyOnce(ids, outcome);
    expect(stack.sims.counters.snapshot()[VERIFY_OP]?.calls).toBeGreaterThan(RUNS); // there were retries
  });

  it('holds one workflow execution per accepted run, and a run row for each', async () => {
    const executions = await executionsOnQueue(stack);
    const extra = [...executions.keys()].filter((id) => !accepted.includes(id));
    expect(extra).toEqual([]);
    expect(accepted.filter((id) => executions.get(id) !== 1)).toEqual([]);
    const rows = await stack.services.runs.list({ flowKey: FLOW, limit: 100_000 });
    expect(rows.map((r) => r.runId).sort()).toEqual([...accepted].sort());
  });
});
