import { describe, expect, it } from 'vitest';
import { WorkflowFailedError } from '@temporalio/client';
import { activityTypes, eventsOf, recordHistory, until, useFlowHarness } from './flow-harness.js';
import { call, end, flow, transform } from './flow-docs.js';
import { RUN_FOREACH_WORKFLOW, awaitResponseUpdate, waitSignal } from '@lienthong/temporal/contracts';

/** The failure a failed run carries, as our error JSON. */
async function failureOf(p: Promise<unknown>): Promise<{ code: string; message: { vi: string; en: string }; where: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause as { type?: string; details?: unknown[] };
    return cause.details?.[0] as never;
  }
  throw new Error('the run did not fail');
}

describe('the interpreter on the real Temporal server', () => {
  const h = useFlowHarness();

  it('calls a real connector, transforms, and takes the switch branch the data selects', async () => {
    const doc = flow('verify-and-route', {
      verify: call('ngsp:population:verifyCitizen', { citizenId: '$input.id', fullName: '$input.name', purpose: "'1.001193'", officerId: "'cb01'" }, { credentialId: 'ngsp-dancu' }),
      route: { kind: 'switch', cases: [{ handle: 'matched', when: '$nodes.verify.output.match = true' }] },
      yes: transform("{ 'result': 'MATCH', 'source': $nodes.verify.output.source }"),
      no: transform("{ 'result': 'MISMATCH' }"),
      done_yes: end('$nodes.yes.output'),
      done_no: end('$nodes.no.output'),
    }, [['start', 'verify'], ['verify', 'route'], ['route', 'yes', 'matched'], ['route', 'no', 'default'], ['yes', 'done_yes'], ['no', 'done_no']]);

    const matched = await h.run(doc, { id: '051090123456', name: 'NGUYỄN VĂN AN' });
    expect(matched.result.output).toEqual({ result: 'MATCH', source: 'CSDLQG-DC' });
    expect(matched.result.nodes.route).toMatchObject({ status: 'succeeded', handle: 'matched' });
    expect(matched.result.nodes.no).toBeUndefined();
    expect(activityTypes(matched.history)).toEqual(['ngsp:population:verifyCitizen@1']);

    const mismatched = await h.run(doc, { id: '051090123456', name: 'NGUYEN VAN AN' });
    expect(mismatched.result.output).toEqual({ result: 'MISMATCH' });
    expect(mismatched.result.nodes.route).toMatchObject({ handle: 'default' });
    expect(mismatched.result.nodes.yes).toBeUndefined();
    await recordHistory(h.client, 'switch-call-local', matched.handle.workflowId);
  });

  it('retries a failing call by its retry policy; the history records every attempt', async () => {
    const doc = flow('flaky', { flaky: call('test:flaky:run', { failTimes: '2' }), done: end('$nodes.flaky.output') },
      [['start', 'flaky'], ['flaky', 'done']]);
    const { result, history, handle } = await h.run(doc, {});
    expect(result.output).toEqual({ attempt: 3 });
    const started = eventsOf(history).filter((e) => e.activityTaskStartedEventAttributes);
    expect(started.map((e) => e.activityTaskStartedEventAttributes?.attempt)).toEqual([3]);
    const failure = started[0]?.activityTaskStartedEventAttributes?.lastFailure;
    expect(failure?.applicationFailureInfo?.type).toBe('CONNECTOR_UNAVAILABLE');
    await recordHistory(h.client, 'retry', handle.workflowId);
  });

  it('a call past its timeout leaves by its error edge with CONNECTOR_TIMEOUT; the history shows the timeout', async () => {
    const doc = flow('slow', {
      slow: call('test:slow:run', { ms: '5000' }, { timeout: '1s', retry: { maximumAttempts: 1 } }),
      late: transform("{ 'late': true, 'code': $nodes.slow.output.error.code }"),
      done: end('$nodes.late.output'),
    }, [['start', 'slow'], ['slow', 'late', 'error'], ['late', 'done']]);
    const { result, history, handle } = await h.run(doc, {});
    expect(result.output).toEqual({ late: true, code: 'CONNECTOR_TIMEOUT' });
    expect(result.nodes.slow).toMatchObject({ status: 'failed', error: { code: 'CONNECTOR_TIMEOUT' } });
    expect(eventsOf(history).some((e) => e.activityTaskTimedOutEventAttributes)).toBe(true);
    await recordHistory(h.client, 'timeout-error-edge', handle.workflowId);
  });

  it('a fail node ends the run with its own code and vi/en message; a non-retryable error is not retried', async () => {
    const doc = flow('refuse', {
      submit: call('test:reject:run', { reason: "'hồ sơ thiếu thành phần'" }),
      refuse: { kind: 'fail', code: 'DOSSIER_REFUSED', message: { vi: 'Hồ sơ bị từ chối', en: 'Dossier refused' } },
    }, [['start', 'submit'], ['submit', 'refuse', 'error']]);
    const handle = await h.start(doc, {});
    const err = await failureOf(handle.result());
    expect(err).toMatchObject({ code: 'DOSSIER_REFUSED', message: { vi: 'Hồ sơ bị từ chối', en: 'Dossier refused' }, where: { nodeId: 'refuse' } });
    const started = eventsOf(await handle.fetchHistory()).filter((e) => e.activityTaskStartedEventAttributes);
    expect(started.map((e) => e.activityTaskStartedEventAttributes?.attempt)).toEqual([1]);
    await recordHistory(h.client, 'fail-node', handle.workflowId);
  });

  it('compensates completed calls in reverse order when a later step fails', async () => {
    const reserve = (item: string) => call('test:ledger:reserve', { item: `'${item}'` }, {
      compensate: { connector: { id: 'test:ledger:release', version: '1.0.0' }, input: { reservationId: `$nodes.${item}.output.reservationId` } },
    });
    const doc = flow('book-then-fail', { room: reserve('room'), car: reserve('car'), pay: call('test:reject:run', { reason: "'card declined'" }) },
      [['start', 'room'], ['room', 'car'], ['car', 'pay']]);
    const handle = await h.start(doc, {});
    const err = await failureOf(handle.result());
    expect(err.code).toBe('CONNECTOR_REJECTED');
    const history = await handle.fetchHistory();
    expect(activityTypes(history)).toEqual(['test:ledger:reserve@1', 'test:ledger:reserve@1', 'test:reject:run@1', 'test:ledger:release@1', 'test:ledger:release@1']);
    const runId = handle.workflowId;
    expect(h.ledger.released.filter((r) => r.includes(runId))).toEqual([`car#${runId}/car`, `room#${runId}/room`]);
    await recordHistory(h.client, 'compensation', handle.workflowId);
  });

  it('a cancelled run compensates what it completed, then ends cancelled', async () => {
    const doc = flow('book-then-wait', {
      room: call('test:ledger:reserve', { item: "'hall'" }, {
        compensate: { connector: { id: 'test:ledger:release', version: '1.0.0' }, input: { reservationId: '$nodes.room.output.reservationId' } },
      }),
      ask: { kind: 'wait', signal: 'confirm' },
    }, [['start', 'room'], ['room', 'ask']]);
    const handle = await h.start(doc, {});
    await until(() => h.progress(handle), (p) => p.waitingFor.includes('confirm'));
    await handle.cancel();
    const err = await handle.result().then(() => null, (e: unknown) => e as WorkflowFailedError);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    expect(activityTypes(await handle.fetchHistory())).toEqual(['test:ledger:reserve@1', 'test:ledger:release@1']);
    expect(h.ledger.released).toContain(`hall#${handle.workflowId}/room`);
  });

  describe('parallel branches and joins', () => {
    const branches = (mode: string, n?: number) => flow(`join-${mode}`, {
      fork: { kind: 'parallel' },
      a: transform("'a'"),
      b: call('test:echo:run', { value: "'b'" }),
      c: { kind: 'wait', signal: 'never' },
      meet: { kind: 'join', mode, ...(n ? { n } : {}) },
      done: end("{ 'a': $nodes.a.output, 'b': $nodes.b.output.value, 'c': $nodes.c.output }"),
    }, [['start', 'fork'], ['fork', 'a'], ['fork', 'b'], ['fork', 'c'], ['a', 'meet'], ['b', 'meet'], ['c', 'meet'], ['meet', 'done']]);

    it('mode all waits for every branch', async () => {
      const doc = flow('join-all', {
        fork: { kind: 'parallel' }, a: transform("'a'"), b: call('test:echo:run', { value: "'b'" }),
        meet: { kind: 'join', mode: 'all' }, done: end("{ 'a': $nodes.a.output, 'b': $nodes.b.output.value }"),
      }, [['start', 'fork'], ['fork', 'a'], ['fork', 'b'], ['a', 'meet'], ['b', 'meet'], ['meet', 'done']]);
      const { result } = await h.run(doc, {});
      expect(result.output).toEqual({ a: 'a', b: 'b' });
      expect(result.nodes.meet).toMatchObject({ status: 'succeeded' });
    });

    it('mode any goes on with the first branch and cancels the others', async () => {
      const { result, handle } = await h.run(branches('any'), {});
      expect(result.output).toMatchObject({ a: 'a' });
      expect(result.nodes.c).toMatchObject({ status: 'skipped' });
      expect(result.nodes.done).toMatchObject({ status: 'succeeded' });
      await recordHistory(h.client, 'join-any', handle.workflowId);
    });

    it('mode n goes on once n branches arrived and cancels the rest', async () => {
      const { result, handle } = await h.run(branches('n', 2), {});
      expect(result.output).toEqual({ a: 'a', b: 'b' });
      expect(result.nodes.c).toMatchObject({ status: 'skipped' });
      await recordHistory(h.client, 'join-n', handle.workflowId);
    });
  });

  it('foreach runs each item with $item and $index, at most `concurrency` at once, keeping per-item results and errors', async () => {
    const doc = flow('squares', {
      each: { kind: 'foreach', items: '$input.numbers', concurrency: 3, body: { call: { connector: { id: 'test:square:run', version: '1.0.0' }, input: { n: '$item' } } } },
      label: { kind: 'foreach', items: '$input.numbers', body: { transform: "$string($index) & ':' & $string($item)" } },
      done: end("{ 'squares': $nodes.each.output.results, 'failed': $nodes.each.output.errors, 'labels': $nodes.label.output.results }"),
    }, [['start', 'each'], ['each', 'label'], ['label', 'done']]);
    const numbers = Array.from({ length: 15 }, (_, i) => i + 1);
    const { result, history, handle } = await h.run(doc, { numbers });
    const out = result.output as { squares: (number | null)[]; failed: { index: number; error: { code: string } }[]; labels: string[] };
    expect(out.squares).toEqual(numbers.map((n) => (n % 7 === 0 ? null : n * n)));
    expect(out.failed.map((f) => [f.index, f.error.code])).toEqual([[6, 'CONNECTOR_REJECTED'], [13, 'CONNECTOR_REJECTED']]);
    expect(out.labels.slice(0, 2)).toEqual(['0:1', '1:2']);
    expect(activityTypes(history)).toHaveLength(15);
    // Never more than 3 items in flight: count scheduled-but-not-closed activities along the history.
    let open = 0;
    let most = 0;
    for (const e of eventsOf(history)) {
      if (e.activityTaskScheduledEventAttributes) most = Math.max(most, ++open);
      if (e.activityTaskCompletedEventAttributes || e.activityTaskFailedEventAttributes) open -= 1;
    }
    expect(most).toBeLessThanOrEqual(3);
    await recordHistory(h.client, 'foreach-inline', handle.workflowId);
  });

  describe('wait for a signal', () => {
    const decision = flow('decide', {
      ask: { kind: 'wait', signal: 'decision', timeout: '1h', payloadSchema: { type: 'object', required: ['approved'] } },
      route: { kind: 'switch', cases: [{ handle: 'approved', when: '$nodes.ask.output.approved = true' }] },
      approve: end("{ 'outcome': 'approved', 'by': $nodes.ask.output.by }"),
      refuse: end("{ 'outcome': 'refused' }"),
      escalate: end("{ 'outcome': 'escalated' }"),
    }, [['start', 'ask'], ['ask', 'route'], ['ask', 'escalate', 'timeout'], ['route', 'approve', 'approved'], ['route', 'refuse', 'default']]);

    it('resumes on its signal with the payload as output', async () => {
      const handle = await h.start(decision, {});
      await until(() => h.progress(handle), (p) => p.waitingFor.includes('decision'));
      await handle.signal(waitSignal('decision'), { approved: true, by: 'chuyenvien01' });
      expect((await handle.result() as { output: unknown }).output).toEqual({ outcome: 'approved', by: 'chuyenvien01' });
    });

    it('takes the timeout branch when no signal comes in time', async () => {
      const quick = { ...decision, nodes: { ...decision.nodes, ask: { kind: 'wait', signal: 'decision', timeout: '1s' } } };
      const { result, history, handle } = await h.run(quick, {});
      expect(result.output).toEqual({ outcome: 'escalated' });
      expect(result.nodes.ask).toMatchObject({ handle: 'timeout' });
      expect(eventsOf(history).some((e) => e.timerFiredEventAttributes)).toBe(true);
      await recordHistory(h.client, 'wait-timeout', handle.workflowId);
    });

    it('survives a worker restart and resumes on its signal', async () => {
      const handle = await h.start(decision, {});
      await until(() => h.progress(handle), (p) => p.waitingFor.includes('decision'));
      await h.restartWorker(async () => {
        // No worker at all now: the signal is stored by the server and delivered to the next worker.
        await handle.signal(waitSignal('decision'), { approved: false });
      });
      expect((await handle.result() as { output: unknown }).output).toEqual({ outcome: 'refused' });
      await recordHistory(h.client, 'wait-worker-restart', handle.workflowId);
    });
  });

  it('delay waits on a durable timer, by duration or until a date computed from the data', async () => {
    const doc = flow('pause', {
      short: { kind: 'delay', duration: '1s' },
      later: { kind: 'delay', until: '$fromMillis($toMillis($run.startedAt) + 4000)' },
      past: { kind: 'delay', until: "'2020-01-01T00:00:00Z'" },
      done: end("{ 'ok': true }"),
    }, [['start', 'short'], ['short', 'later'], ['later', 'past'], ['past', 'done']]);
    const { result, history, handle } = await h.run(doc, {});
    expect(result.output).toEqual({ ok: true });
    // Two timers (the date in the past needs none).
    expect(eventsOf(history).filter((e) => e.timerStartedEventAttributes)).toHaveLength(2);
    expect(eventsOf(history).filter((e) => e.timerFiredEventAttributes)).toHaveLength(2);
    await recordHistory(h.client, 'delay', handle.workflowId);
  });

  it('subflow runs a pinned flow version as a child run, alone or per item of a foreach', async () => {
    const child = { ...flow('child-check', {
      echo: call('test:echo:run', { value: '$input.code' }),
      done: end("{ 'code': $nodes.echo.output.value, 'checked': true }"),
    }, [['start', 'echo'], ['echo', 'done']]), version: 3 };
    const parent = flow('parent', {
      one: { kind: 'subflow', flow: { key: 'child-check', version: 3 }, input: "{ 'code': 'X1' }" },
      many: { kind: 'foreach', items: '$input.codes', concurrency: 2, body: { subflow: { key: 'child-check', version: 3 }, input: "{ 'code': $item }" } },
      done: end("{ 'one': $nodes.one.output, 'many': $nodes.many.output.results.code }"),
    }, [['start', 'one'], ['one', 'many'], ['many', 'done']]);
    const { result, history, handle } = await h.run(parent, { codes: ['A', 'B', 'C'] }, { subflows: [child] });
    expect(result.output).toEqual({ one: { code: 'X1', checked: true }, many: ['A', 'B', 'C'] });
    const children = eventsOf(history).flatMap((e) => e.startChildWorkflowExecutionInitiatedEventAttributes ? [e.startChildWorkflowExecutionInitiatedEventAttributes.workflowId] : []);
    expect(children).toEqual([`${handle.workflowId}/one`, `${handle.workflowId}/many/0`, `${handle.workflowId}/many/1`, `${handle.workflowId}/many/2`]);
    const desc = await h.client.workflow.getHandle(`${handle.workflowId}/one`).describe();
    expect(desc.searchAttributes).toMatchObject({ LtFlowId: ['child-check'], LtFlowVersion: ['3'], LtTrigger: ['subflow'] });
    await recordHistory(h.client, 'subflow', handle.workflowId);
  });

  it('a foreach over more items than run inline goes to a batch workflow that continues as new, keeping every result', async () => {
    const doc = flow('batches', {
      each: { kind: 'foreach', items: '[1..150]', concurrency: 10, body: { call: { connector: { id: 'test:echo:run', version: '1.0.0' }, input: { value: '$item * 2' } } } },
      done: end("{ 'count': $count($nodes.each.output.results), 'last': $nodes.each.output.results[-1].value, 'failed': $nodes.each.output.failed }"),
    }, [['start', 'each'], ['each', 'done']]);
    // The shape of runs started before engine 4 (which keeps a large foreach's items in our database): they still replay and run so.
    const handle = await h.start(doc, {}, { historyBudget: 200, engine: 3 });
    expect((await handle.result() as { output: unknown }).output).toEqual({ count: 150, last: 300, failed: 0 });
    const started = eventsOf(await handle.fetchHistory()).find((e) => e.childWorkflowExecutionStartedEventAttributes)?.childWorkflowExecutionStartedEventAttributes;
    expect(started?.workflowType?.name).toBe(RUN_FOREACH_WORKFLOW);
    const firstBatch = await h.client.workflow.getHandle(`${handle.workflowId}/each`, started?.workflowExecution?.runId ?? undefined).fetchHistory();
    expect(eventsOf(firstBatch).at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    await recordHistory(h.client, 'foreach-batches', handle.workflowId);
    await recordHistory(h.client, 'foreach-batches-child', `${handle.workflowId}/each`, started?.workflowExecution?.runId ?? undefined);
  });

  it('a long run continues as new between nodes and finishes with the same output', async () => {
    const steps = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`s${i}`, { kind: 'delay', duration: '10ms' }]));
    const doc = flow('long', { ...steps, sum: transform("{ 'n': $input.n, 'steps': $count($keys($nodes)) }"), done: end('$nodes.sum.output') },
      [['start', 's0'], ['s0', 's1'], ['s1', 's2'], ['s2', 's3'], ['s3', 's4'], ['s4', 's5'], ['s5', 'sum'], ['sum', 'done']]);
    const handle = await h.start(doc, { n: 7 }, { historyBudget: 12 });
    const result = await handle.result() as { output: unknown; nodes: Record<string, unknown> };
    expect(result.output).toEqual({ n: 7, steps: 7 });
    expect(Object.keys(result.nodes)).toHaveLength(9);
    const first = await h.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
    expect(eventsOf(first).at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    await recordHistory(h.client, 'continue-as-new', handle.workflowId, handle.firstExecutionRunId);
  });

  it('respond answers the caller while the flow goes on', async () => {
    const doc = flow('answer-early', {
      answer: { kind: 'respond', output: "{ 'received': $input.no }" },
      pause: { kind: 'delay', duration: '1s' },
      done: end("{ 'closed': $input.no }"),
    }, [['start', 'answer'], ['answer', 'pause'], ['pause', 'done']]);
    const handle = await h.start(doc, { no: 'HS-1' });
    const early = await handle.executeUpdate(awaitResponseUpdate);
    expect(early).toEqual({ responded: true, output: { received: 'HS-1' } });
    expect(await handle.result()).toMatchObject({ output: { closed: 'HS-1' }, response: { received: 'HS-1' } });
    await recordHistory(h.client, 'respond-update', handle.workflowId);
  });
});
