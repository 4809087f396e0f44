import { describe, expect, it } from 'vitest';
import { answersWhenItEnds, compile } from '@lienthong/flow';
import { flow } from './flow-docs.js';
import { useTestPlatform } from '../helpers/suite.js';

/**
 * Issue 20: a flow that answers only as it ends (its respond node leads only to an end node) is answered from the
 * run's result, without the update that takes an earlier answer; a flow that goes on after answering still answers
 * at once. Either way the caller gets what the respond node said, not the end node's output.
 */
const syncTrigger = { start: { kind: 'trigger', trigger: { type: 'api', sync: true } } };
const answersAtEnd = flow('tra-loi-khi-ket-thuc', {
  ...syncTrigger,
  answer: { kind: 'respond', output: "{ 'from': 'respond', 'no': $input.no }" },
  done: { kind: 'end', output: "{ 'from': 'end' }" },
}, [['start', 'answer'], ['answer', 'done']]);
const answersEarly = flow('tra-loi-som', {
  ...syncTrigger,
  answer: { kind: 'respond', output: "{ 'from': 'respond', 'no': $input.no }" },
  later: { kind: 'delay', duration: '1h' },
  done: { kind: 'end', output: "{ 'from': 'end' }" },
}, [['start', 'answer'], ['answer', 'later'], ['later', 'done']]);

describe('the answer of a synchronous run', () => {
  const p = useTestPlatform();

  it('knows from the plan which flows answer only as they end', () => {
    const plan = (doc: unknown) => { const r = compile(doc as never, []); if (!r.ok) throw new Error(JSON.stringify(r)); return r.plan; };
    expect(answersWhenItEnds(plan(answersAtEnd))).toBe(true);
    expect(answersWhenItEnds(plan(answersEarly))).toBe(false);
  });

  it('a flow that answers as it ends: the caller gets the respond node\'s answer, the run keeps its own output', async () => {
    expect((await p.request('POST', '/api/v1/flows', answersAtEnd)).status).toBe(201);
    const r = await p.request('POST', '/api/v1/flows/tra-loi-khi-ket-thuc/runs?wait=30s', { no: 'HS-1' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'completed', output: { from: 'respond', no: 'HS-1' } });
    const run = await p.request('GET', `/api/v1/runs/${r.body.runId as string}`);
    expect(run.body).toMatchObject({ status: 'completed', output: { from: 'end' } });
  });

  it('a flow that goes on after answering answers at once, while the run goes on', async () => {
    expect((await p.request('POST', '/api/v1/flows', answersEarly)).status).toBe(201);
    const r = await p.request('POST', '/api/v1/flows/tra-loi-som/runs?wait=30s', { no: 'HS-2' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'completed', output: { from: 'respond', no: 'HS-2' } });
    const run = await p.request('GET', `/api/v1/runs/${r.body.runId as string}`);
    expect(run.body.status).toBe('running');
    expect(run.body.nodes.later.status).toBe('running');
  });
});
