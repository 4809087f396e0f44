import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { VERIFY_OP, executionsOnQueue, outboundKey, sleep } from '../chaos/harness.js';
import { quiesce, startProcessStack, submit, type ProcessStack, type Submission } from '../chaos/process-stack.js';

// The history service is where a run's state lives (its shards own the executions). kill -9 it with every one of 200
// accepted runs still waiting for the population DB: the cluster's supervisor starts it again (as systemd would), it
// takes its 4 shards back from PostgreSQL, and every run finishes exactly once. Times are measured and printed.
const RUNS = 200;
const CONCURRENCY = 50;
const FLOW = 'cluster-xac-thuc';
const log = process.env.LT_TEST_LOGS ? (l: string) => console.log(l) : () => undefined;
const figure = (l: string) => console.log(`[cluster] ${l}`);

function pidOf(service: string): number {
  return Number(readFileSync(join(inject('clusterDir'), `${service}.pid`), 'utf8').trim());
}

describe('cluster: kill -9 of the Temporal history service with 200 runs in flight', () => {
  let stack: ProcessStack;

  beforeAll(async () => {
    stack = await startProcessStack(FLOW, log);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('loses no run, duplicates none, and runs resume once the history service is back', async () => {
    await quiesce(stack);
    stack.sims.counters.reset();
    // Each call to the population DB takes 2.5 s: when the last request is accepted, the runs are all still waiting on it.
    stack.sims.faults.set(VERIFY_OP, { latencyMs: 2_500 });
    const deadline = Date.now() + 150_000;
    const accepted: Submission[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < RUNS) {
        const i = next++;
        accepted.push(await submit(stack, 20_000 + i, { key: `cluster-history-${i}`, wait: '0s', deadline }));
      }
    }));
    const ids = accepted.map((s) => s.runId);
    expect(new Set(ids).size).toBe(RUNS);

    // When each run's result arrives (this process waits on all of them through the frontend, across the outage).
    const finishedAt = new Map<string, number>();
    const failed: string[] = [];
    const outputs = new Map<string, unknown>();
    const waits = ids.map(async (id) => {
      for (;;) {
        try {
          const r = await stack.client.workflow.getHandle(id).result() as { output: unknown };
          finishedAt.set(id, Date.now());
          outputs.set(id, r.output);
          return;
        } catch (err) {
          const name = (err as Error).name;
          if (name === 'WorkflowFailedError' || name === 'WorkflowNotFoundError' || Date.now() > deadline + 60_000) {
            failed.push(`${id}: ${name} ${(err as Error).message}`);
            return;
          }
          await sleep(250); // the history service is down: ask again
        }
      }
    });

    const oldPid = pidOf('history');
    const inFlight = RUNS - finishedAt.size;
    const killedAt = Date.now();
    process.kill(oldPid, 'SIGKILL');
    let newPid = oldPid;
    while (newPid === oldPid || Number.isNaN(newPid)) {
      if (Date.now() > deadline) throw new Error('the history service was not started again');
      await sleep(50);
      try { newPid = pidOf('history'); } catch { /* being rewritten */ }
    }
    const restartedAt = Date.now();
    await Promise.all(waits);
    stack.sims.faults.clear();

    const after = [...finishedAt.values()].filter((t) => t > killedAt).sort((a, b) => a - b);
    const keys = stack.sims.counters.snapshot()[VERIFY_OP]?.keys ?? 0;
    figure(`history kill -9 (pid ${oldPid} → ${newPid}, ${inject('clusterShards')} shards): ${inFlight}/${RUNS} runs in flight; new process ${restartedAt - killedAt} ms after the kill; `
      + `first run finished ${after.length ? after[0]! - killedAt : NaN} ms after the kill, all ${after.length ? after.at(-1)! - killedAt : NaN} ms; `
      + `${RUNS - finishedAt.size} lost, ${keys - RUNS} duplicated`);

    expect(inFlight).toBeGreaterThan(0); // the kill hit runs in flight
    expect(failed).toEqual([]);
    expect(finishedAt.size).toBe(RUNS);
    for (const id of ids) expect(outputs.get(id)).toMatchObject({ result: 'MATCH' });
    // Exactly once: one population request key per run, one execution and one row per run.
    expect(ids.filter((id) => stack.sims.counters.times(VERIFY_OP, outboundKey(id)) === 0)).toEqual([]);
    expect(keys).toBe(RUNS);
    const executions = await executionsOnQueue(stack);
    expect(ids.filter((id) => executions.get(id) !== 1)).toEqual([]);
    expect((await stack.runRows('cluster-history-')).map((r) => r.runId).sort()).toEqual([...ids].sort());

    // The runs really spread over the cluster's shards (the executions table of its PostgreSQL database).
    const db = new pg.Client({ connectionString: inject('clusterDatabaseUrl') });
    await db.connect();
    try {
      const shards = await db.query<{ shard_id: number }>('select distinct shard_id from executions where workflow_id = any($1)', [ids]);
      figure(`runs on shards ${shards.rows.map((r) => r.shard_id).sort().join(', ')}`);
      expect(shards.rows.length).toBe(inject('clusterShards'));
    } finally {
      await db.end();
    }
  });
});
