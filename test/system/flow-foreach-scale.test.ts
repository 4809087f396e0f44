import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import { eventsOf, startFlowHarness, type FlowHarness, type History } from './flow-harness.js';
import { end, flow } from './flow-docs.js';

// Temporal's default warning limits for one run's history (limit.historyCount.warn, limit.historySize.warn).
const WARN_EVENTS = 10_240;
const WARN_BYTES = 10 * 1024 * 1024;
const bytesOf = (h: History) => temporal.api.history.v1.History.encode(h).finish().length;

describe('a foreach over 10,000 items', () => {
  let h: FlowHarness;
  beforeAll(async () => { h = await startFlowHarness(); });
  afterAll(async () => { await h?.stop(); });

  it('completes through continue-as-new with every run of the chain under the history warning limits', async () => {
    const doc = flow('roll-up-10k', {
      each: { kind: 'foreach', items: '[1..$input.count]', concurrency: 50, body: { call: { connector: { id: 'test:square:run', version: '1.0.0' }, input: { n: '$item' } } } },
      done: end("{ 'succeeded': $nodes.each.output.succeeded, 'failed': $nodes.each.output.failed, 'results': $nodes.each.output.results, 'firstError': $nodes.each.output.errors[0] }"),
    }, [['start', 'each'], ['each', 'done']]);
    // Engine 3's shape (a batch workflow continuing as new), as runs started before engine 4 still run; engine 4: foreach-large.test.ts.
    const handle = await h.start(doc, { count: 10_000 }, { engine: 3 });
    const result = await handle.result() as { output: { succeeded: number; failed: number; results: (number | null)[]; firstError: { index: number; error: { code: string } } } };

    const multiplesOf7 = Math.floor(10_000 / 7);
    expect(result.output.succeeded).toBe(10_000 - multiplesOf7);
    expect(result.output.failed).toBe(multiplesOf7);
    expect(result.output.results).toHaveLength(10_000);
    expect(result.output.results[9_999]).toBe(100_000_000);
    expect(result.output.results[6]).toBeNull();
    expect(result.output.firstError).toMatchObject({ index: 6, error: { code: 'CONNECTOR_REJECTED' } });

    // Follow the batch workflow's chain of runs from the parent's history.
    const parent = await handle.fetchHistory();
    const started = eventsOf(parent).find((e) => e.childWorkflowExecutionStartedEventAttributes)?.childWorkflowExecutionStartedEventAttributes;
    expect(started?.workflowExecution?.workflowId).toBe(`${handle.workflowId}/each`);
    const runs: { events: number; bytes: number; items: number; offset: number }[] = [];
    let runId: string | null | undefined = started?.workflowExecution?.runId;
    while (runId) {
      const history = await h.client.workflow.getHandle(`${handle.workflowId}/each`, runId).fetchHistory();
      const payload = eventsOf(history)[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      const input = payload ? defaultPayloadConverter.fromPayload<{ items: unknown[]; offset?: number }>(payload) : { items: [] };
      runs.push({ events: eventsOf(history).length, bytes: bytesOf(history), items: input.items.length, offset: input.offset ?? 0 });
      runId = eventsOf(history).at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    }
    console.log(`foreach 10,000 items: ${runs.length} runs, events per run ${runs.map((r) => r.events).join(', ')}; bytes per run ${runs.map((r) => r.bytes).join(', ')}`);
    expect(runs.length).toBeGreaterThan(1);
    // Each run of the chain carries only the items still to do, so its input shrinks as the results grow.
    for (const r of runs) expect(r.offset + r.items).toBe(10_000);
    expect(runs.at(-1)?.items).toBeLessThan(runs[0]?.items ?? 0);
    for (const r of [...runs, { events: eventsOf(parent).length, bytes: bytesOf(parent) }]) {
      expect(r.events).toBeLessThan(WARN_EVENTS);
      expect(r.bytes).toBeLessThan(WARN_BYTES);
    }
  }, 600_000);
});
