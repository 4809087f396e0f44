import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFY_OP, executionsOnQueue, outboundKey, settle, sleep } from './harness.js';
import { load, quiesce, startProcessStack, submit, type ProcessStack, type Submission } from './process-stack.js';

// The API and the worker as separate processes on one PostgreSQL, signed agency requests from a client:
// kill -9 the API with requests in flight, then stop PostgreSQL (immediate) and start it again. Every
// request the API accepted (202, or 200 with the answer) has exactly one run that finishes, and the
// population DB sees exactly one request key per run. Figures are printed, not asserted on time.
const RUNS = Number(process.env.LT_CHAOS_RUNS ?? 200);
const CONCURRENCY = 50;
const FLOW = 'chaos-xac-thuc';
const log = process.env.LT_TEST_LOGS ? (l: string) => console.log(l) : () => undefined;
const figure = (l: string) => console.log(`[chaos] ${l}`);

describe('chaos: the API and PostgreSQL fail under load, and nothing is lost or duplicated', () => {
  let stack: ProcessStack;
  const accepted = new Set<string>();

  beforeAll(async () => {
    stack = await startProcessStack(FLOW, log);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** One run per request key, each finished once with the right answer, one population request key per run, one execution and one row each. */
  async function expectExactlyOnce(prefix: string, done: Submission[]) {
    expect(done).toHaveLength(RUNS);
    const byKey = new Map(done.map((s) => [s.key, s.runId]));
    const ids = [...new Set(done.map((s) => s.runId))];
    expect(byKey.size).toBe(RUNS);
    expect(ids).toHaveLength(RUNS); // a retried request got its first run back, never a second one
    for (const id of ids) accepted.add(id);
    // A synchronous answer that came back complete carried the right output.
    for (const s of done) if (s.status === 200) expect(s.output).toMatchObject({ result: 'MATCH' });
    const outcome = await settle(stack, ids, 180_000);
    expect(outcome.failed).toEqual([]);
    expect(outcome.completed).toBe(RUNS);
    for (const id of ids) expect(outcome.answers[id]).toMatchObject({ result: 'MATCH' });
    expect(ids.filter((id) => stack.sims.counters.times(VERIFY_OP, outboundKey(id)) === 0)).toEqual([]);
    expect(stack.sims.counters.snapshot()[VERIFY_OP]?.keys).toBe(RUNS);
    const rows = await stack.runRows(prefix);
    expect(rows.map((r) => r.runId).sort()).toEqual([...ids].sort()); // no row without its run, no run without its row
    return outcome;
  }

  const alive = (p: { child: { exitCode: number | null; signalCode: string | null } }) => p.child.exitCode === null && p.child.signalCode === null;

  it('kill -9 of the API with signed requests in flight: clients retry with the same Idempotency-Key and every accepted run finishes once', async () => {
    await quiesce(stack);
    stack.sims.counters.reset();
    stack.sims.faults.set(VERIFY_OP, { latencyMs: 300 });
    const deadline = Date.now() + 150_000;
    let started = 0;
    let connectionFailures = 0;
    let inFlightAtKill = 0;
    let killedAt = 0;
    let backAt = 0;
    const done = await load(RUNS, CONCURRENCY, (i) => {
      started += 1;
      // Every third request waits for its answer (sync), the others take the 202.
      return submit(stack, i, { key: `chaos-api-${i}`, wait: i % 3 === 0 ? '20s' : '0s', deadline, onFailure: (w) => { if (w.startsWith('connection')) connectionFailures += 1; } });
    }, {
      when: (n) => n >= RUNS / 3,
      run: async () => {
        const api = stack.api;
        killedAt = Date.now();
        await api.kill9();
        inFlightAtKill = started - Math.ceil(RUNS / 3);
        await sleep(1_000);
        await stack.restartApi();
        backAt = Date.now();
      },
    });
    stack.sims.faults.clear();
    const lastAccepted = Date.now();
    figure(`API kill -9: ~${inFlightAtKill} requests in flight, ${connectionFailures} connection-level failures, ${done.filter((s) => s.attempts > 1).length} requests sent again, `
      + `${done.filter((s) => s.replayed).length} answered from their first run (replayed); API down ${backAt - killedAt} ms; last request accepted ${lastAccepted - backAt} ms after it was back`);
    expect(connectionFailures).toBeGreaterThan(0); // requests really were cut off
    const outcome = await expectExactlyOnce('chaos-api-', done);
    figure(`API kill -9: ${outcome.completed}/${RUNS} runs finished, ${outcome.failed.length} lost, ${(stack.sims.counters.snapshot()[VERIFY_OP]?.keys ?? 0) - RUNS} duplicated; all done ${Date.now() - backAt} ms after the API was back`);
    expect(alive(stack.worker)).toBe(true);
  });

  it('PostgreSQL stopped (immediate) and started again under load: coded 503 while it is down, the processes recover by themselves, every accepted run finishes once', async () => {
    await quiesce(stack);
    stack.sims.counters.reset();
    stack.sims.faults.set(VERIFY_OP, { latencyMs: 300 });
    const deadline = Date.now() + 150_000;
    const duringOutage: string[] = [];
    const readyzWhileDown: { status: number; database?: boolean }[] = [];
    let down = false;
    let downAt = 0;
    let upAt = 0;
    let readyAt = 0;
    const done = await load(RUNS, CONCURRENCY, (i) => submit(stack, 5_000 + i, {
      key: `chaos-pg-${i}`, wait: i % 3 === 0 ? '20s' : '0s', deadline, onFailure: (w) => { if (down) duringOutage.push(w); },
    }), {
      when: (n) => n >= RUNS / 3,
      run: async () => {
        downAt = Date.now();
        await stack.postgres.down('immediate');
        down = true;
        // Down for a few seconds: the API answers, and its readiness says why.
        for (let k = 0; k < 5; k++) {
          const r = await fetch(`${stack.apiUrl}/readyz`, { signal: AbortSignal.timeout(20_000) });
          const body = await r.json() as { checks?: { database?: { ok?: boolean } } };
          readyzWhileDown.push({ status: r.status, database: body.checks?.database?.ok });
          await sleep(1_000);
        }
        down = false;
        await stack.postgres.up();
        upAt = Date.now();
        for (;;) {
          const r = await fetch(`${stack.apiUrl}/readyz`, { signal: AbortSignal.timeout(20_000) }).catch(() => null);
          if (r?.status === 200) break;
          if (Date.now() > deadline) throw new Error('the API never became ready again after PostgreSQL came back');
          await sleep(200);
        }
        readyAt = Date.now();
      },
    });
    stack.sims.faults.clear();
    const codes = [...new Set(duringOutage)];
    figure(`PostgreSQL down ${upAt - downAt} ms: ${duringOutage.length} requests refused while down (${codes.join(', ') || 'none'}); /readyz ${readyzWhileDown.map((r) => r.status).join(',')}; `
      + `ready again ${readyAt - upAt} ms after PostgreSQL started; ${done.filter((s) => s.attempts > 1).length} requests sent again, ${done.filter((s) => s.replayed).length} replayed`);
    // While the database is down the API stays up and says so: readiness 503 (database not ok), requests a coded, retryable 503.
    expect(readyzWhileDown.every((r) => r.status === 503 && r.database === false)).toBe(true);
    expect(duringOutage.filter((w) => !/^503 [A-Z_]+$/.test(w))).toEqual([]);
    expect(alive(stack.api)).toBe(true);
    expect(alive(stack.worker)).toBe(true);
    const outcome = await expectExactlyOnce('chaos-pg-', done);
    figure(`PostgreSQL restart: ${outcome.completed}/${RUNS} runs finished, ${outcome.failed.length} lost, ${(stack.sims.counters.snapshot()[VERIFY_OP]?.keys ?? 0) - RUNS} duplicated; all done ${Date.now() - upAt} ms after PostgreSQL started`);
  });

  it('holds one workflow execution per accepted run', async () => {
    const executions = await executionsOnQueue(stack);
    expect([...executions.keys()].filter((id) => !accepted.has(id))).toEqual([]);
    expect([...accepted].filter((id) => executions.get(id) !== 1)).toEqual([]);
  });
});
