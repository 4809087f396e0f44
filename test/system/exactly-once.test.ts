import { describe, expect, it } from 'vitest';
import { useTestPlatform } from '../helpers/suite.js';

const COUNT = 1000;

/** 1,000 citizen-feedback items pushed to the IOC by one flow (foreach, 50 at a time). */
const flow = {
  key: 'pakn-hang-loat',
  title: { vi: 'Đẩy phản ánh kiến nghị hàng loạt lên IOC', en: 'Push citizen feedback to the IOC in bulk' },
  inputSchema: { type: 'object', required: ['count'], properties: { count: { type: 'integer', minimum: 1, maximum: 5000 } } },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    push: {
      kind: 'foreach', items: '[1..$input.count]', concurrency: 50,
      body: { call: {
        connector: { id: 'ioc:feedback:create', version: '1.0.0' }, credentialId: 'ioc',
        input: { channel: "'app'", content: "'Đèn đường hỏng, phản ánh số ' & $string($item)", category: "'ha_tang_do_thi'", location: "{ 'communeCode': '21025' }" },
        // Short backoff for the test; the connector's own default starts at 5 s.
        retry: { maximumAttempts: 30, initialInterval: '50ms', backoffCoefficient: 1.5, maximumInterval: '500ms' },
      } },
    },
    done: { kind: 'end', output: '{ "pushed": $count($nodes.push.output.results), "failed": $count($nodes.push.output.errors) }' },
  },
  edges: [{ id: 'e1', source: 'start', target: 'push' }, { id: 'e2', source: 'push', target: 'done' }],
};

describe('exactly-once side effects under 30% transient failure', () => {
  const p = useTestPlatform({ flows: [flow] });

  it('1,000 connector calls through a flow create each feedback item once, although 30% of answers were lost after the IOC applied them', async () => {
    const sim = p.simulators?.url ?? '';
    // Every third answer or so is a 503 sent AFTER the IOC stored the item: the worst case for duplicates.
    await fetch(`${sim}/_control/faults/ioc.createFeedback`, { method: 'PUT', body: JSON.stringify({ status: 503, failAfterApply: true, rate: 0.3 }) });
    const started = await p.request('POST', '/api/v1/flows/pakn-hang-loat/runs?wait=0s', { count: COUNT });
    expect(started.status).toBe(202);
    let run: { status: string; output?: { pushed: number; failed: number } } = { status: 'running' };
    for (let i = 0; i < 600 && run.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      run = (await p.request('GET', `/api/v1/runs/${started.body.runId}`)).body;
    }
    await fetch(`${sim}/_control/faults`, { method: 'DELETE' });
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ pushed: COUNT, failed: 0 });
    const counters = (await (await fetch(`${sim}/_control/counters`)).json()) as Record<string, { calls: number; keys: number; duplicates: number }>;
    const c = counters['ioc.createFeedback'];
    expect(c?.keys).toBe(COUNT); // one idempotency key per item
    expect(c?.calls).toBeGreaterThan(COUNT); // retries happened…
    expect(c?.duplicates).toBeGreaterThan(0); // …repeating keys of items the IOC had already applied
    // What the IOC now holds: each numbered item exactly once (its sample items aside).
    const held = [...(p.simulators?.state<{ feedback: Map<string, { content: string }> }>('ioc', () => { throw new Error('IOC never called'); }).feedback.values() ?? [])]
      .map((f) => /phản ánh số (\d+)$/.exec(f.content)?.[1]).filter((n): n is string => n !== undefined);
    expect(held).toHaveLength(COUNT);
    expect(new Set(held).size).toBe(COUNT);
  });
});
