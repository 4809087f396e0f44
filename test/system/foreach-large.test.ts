import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import { eventsOf, gate, recordHistory, startFlowHarness, until, type FlowHarness, type History } from './flow-harness.js';
import { end, flow } from './flow-docs.js';

// Temporal's default warning limits for one run's history (limit.historyCount.warn, limit.historySize.warn).
const WARN_EVENTS = 10_240;
const WARN_BYTES = 10 * 1024 * 1024;
const COUNT = 2_000;

describe('a large foreach (engine 4): items and results in our database, chunk activities', () => {
  let h: FlowHarness;
  beforeAll(async () => { h = await startFlowHarness(); });
  afterAll(async () => { await h?.stop(); });

  it(`${COUNT} connector calls survive a worker restart mid-way: every item applied once, every result stored once, a small history`, async () => {
    gate.close(1_500); // items 1,500… wait: the first chunk finishes, the second is cut by the restart
    const doc = flow('roll-up-large', {
      each: { kind: 'foreach', items: '[1..$input.count]', concurrency: 50, body: { call: { connector: { id: 'test:gate:run', version: '1.0.0' }, input: { n: '$item' } } } },
      done: end("{ 'total': $nodes.each.output.total, 'succeeded': $nodes.each.output.succeeded, 'failed': $nodes.each.output.failed, 'sum': $sum($nodes.each.output.results.n), 'batch': $nodes.each.output.batch }"),
    }, [['start', 'each'], ['each', 'done']]);
    const handle = await h.start(doc, { count: COUNT });
    // Outcomes stored from index 1,000 on (the first chunk is done by then): the second chunk ran up to the gate.
    const stored = async () => 1_000 + (await h.batches.page(handle.workflowId, 'each', 999, COUNT)).items.length;
    const before = await until(stored, (n) => n >= 1_499, 900);
    expect(before).toBeLessThan(COUNT);
    await h.restartWorker(async () => { gate.open(); });

    const result = await handle.result() as { output: { total: number; succeeded: number; failed: number; sum: number; batch: { id: string; nodeId: string; resultsInline: boolean } } };
    expect(result.output).toEqual({ total: COUNT, succeeded: COUNT, failed: 0, sum: (COUNT * (COUNT + 1)) / 2,
      batch: { id: `${handle.workflowId}/each`, nodeId: 'each', resultsInline: true } });

    // Every item applied exactly once under its own idempotency key: nothing lost, nothing repeated.
    const keys = [...gate.applied.entries()].filter(([k]) => k.startsWith(`${handle.workflowId}/each/`));
    expect(keys).toHaveLength(COUNT);
    expect(keys.filter(([, n]) => n !== 1)).toEqual([]);
    // Every outcome readable page by page, in order, once.
    const seen: number[] = [];
    let after = -1;
    for (;;) {
      const page = await h.batches.page(handle.workflowId, 'each', after, 700);
      for (const item of page.items) { expect(item).toEqual({ index: item.index, ok: true, output: { n: item.index + 1 } }); seen.push(item.index); }
      if (page.next === null) break;
      after = page.next;
    }
    expect(seen).toEqual(Array.from({ length: COUNT }, (_, i) => i));

    // The whole run is one execution of a few dozen events: staging, two chunks (the second retried), the collection.
    const history: History = await handle.fetchHistory();
    const types = eventsOf(history).flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : []));
    expect(types).toEqual(['foreachStage', 'foreachChunk', 'foreachChunk', 'foreachCollect']);
    const retried = eventsOf(history).flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt ?? 1] : []));
    expect(Math.max(...retried)).toBeGreaterThan(1);
    expect(eventsOf(history).length).toBeLessThan(WARN_EVENTS);
    expect(temporal.api.history.v1.History.encode(history).finish().length).toBeLessThan(WARN_BYTES);
  }, 120_000);

  it('results too large for the run\'s output stay in the database, to page; failed items are counted and listed', async () => {
    const doc = flow('large-results', {
      big: { kind: 'foreach', items: '[1..1500]', concurrency: 30, body: { call: { connector: { id: 'test:echo:run', version: '1.0.0' }, input: { value: "$pad('', 300, 'x') & $string($item)" } } } },
      squares: { kind: 'foreach', items: '[1..150]', concurrency: 30, body: { call: { connector: { id: 'test:square:run', version: '1.0.0' }, input: { n: '$item' } } } },
      done: end("{ 'big': $nodes.big.output, 'squares': { 'failed': $nodes.squares.output.failed, 'firstError': $nodes.squares.output.errors[0], 'last': $nodes.squares.output.results[-1] } }"),
    }, [['start', 'big'], ['big', 'squares'], ['squares', 'done']]);
    const { result, handle } = await h.run(doc, {});
    const out = result.output as { big: Record<string, unknown>; squares: unknown };
    expect(out.big).toEqual({ total: 1500, succeeded: 1500, failed: 0, errors: [], batch: { id: `${handle.workflowId}/big`, nodeId: 'big', resultsInline: false } });
    expect(out.squares).toEqual({ failed: 21, firstError: { index: 6, error: expect.objectContaining({ code: 'CONNECTOR_REJECTED' }) }, last: 22_500 });
    const page = await h.batches.page(handle.workflowId, 'big', 1_000, 10);
    expect(page.total).toBe(1500);
    expect(page.items.map((i) => i.index)).toEqual([1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010]);
    expect(page.items[0]).toMatchObject({ ok: true, output: { value: `${'x'.repeat(300)}1002` } });
    await recordHistory(h.client, 'foreach-batch-db', handle.workflowId);
  }, 60_000);

  it('a run started under engine 3 keeps the old shape: a batch workflow with an activity per item', async () => {
    const doc = flow('old-shape', {
      each: { kind: 'foreach', items: '[1..120]', concurrency: 20, body: { call: { connector: { id: 'test:echo:run', version: '1.0.0' }, input: { value: '$item' } } } },
      done: end("{ 'count': $count($nodes.each.output.results) }"),
    }, [['start', 'each'], ['each', 'done']]);
    const { result, history, handle } = await h.run(doc, {}, { engine: 3 });
    expect(result.output).toEqual({ count: 120 });
    expect(eventsOf(history).some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toBe(true);
    expect((await h.batches.page(handle.workflowId, 'each', -1, 10)).total).toBe(0);
  }, 60_000);
});
