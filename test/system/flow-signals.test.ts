import { describe, expect, it } from 'vitest';
import { until } from './flow-harness.js';
import { flow } from './flow-docs.js';
import { useRawTemporalClient, useTestPlatform } from '../helpers/suite.js';

const decisionFlow = (key: string, marker: number) => flow(key, {
  ask: { kind: 'wait', signal: 'decision', timeout: '1d', payloadSchema: {
    type: 'object', required: ['approved', 'officerId'], additionalProperties: false,
    properties: { approved: { type: 'boolean' }, officerId: { type: 'string', minLength: 1 }, note: { type: 'string' } } } },
  done: { kind: 'end', output: `{ 'approved': $nodes.ask.output.approved, 'by': $nodes.ask.output.officerId, 'publishedAs': ${marker} }` },
  late: { kind: 'end', output: "{ 'escalated': true }" },
}, [['start', 'ask'], ['ask', 'done'], ['ask', 'late', 'timeout']]);

describe('signals and version pinning through the API', () => {
  const p = useTestPlatform();
  const client = useRawTemporalClient();

  async function startWaiting(flowKey: string): Promise<string> {
    const started = await p.request('POST', `/api/v1/flows/${flowKey}/runs?wait=0s`, {});
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.nodes?.ask?.status === 'waiting');
    return runId;
  }

  it('POST /runs/{runId}/signals/{name} resumes the wait node; bad payloads, unknown signals and finished runs get a 4xx with a code', async () => {
    expect((await p.request('POST', '/api/v1/flows', decisionFlow('quyet-dinh', 1))).status).toBe(201);
    const runId = await startWaiting('quyet-dinh');

    const bad = await p.request('POST', `/api/v1/runs/${runId}/signals/decision`, { approved: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('RUN_SIGNAL_PAYLOAD_INVALID');
    expect(bad.body.errors.map((e: { where: { pointer: string } }) => e.where.pointer)).toEqual(expect.arrayContaining(['/approved', '/officerId']));
    expect(bad.body.error.message.vi).toContain('decision');

    const unknown = await p.request('POST', `/api/v1/runs/${runId}/signals/payment`, { paid: true });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('RUN_SIGNAL_UNKNOWN');

    const noRun = await p.request('POST', '/api/v1/runs/run-khong-co/signals/decision', { approved: true, officerId: 'cb01' });
    expect(noRun.status).toBe(404);
    expect(noRun.body.error.code).toBe('RUN_NOT_FOUND');

    // The run did not see the refused payloads: it is still waiting.
    expect((await p.request('GET', `/api/v1/runs/${runId}`)).body.nodes.ask.status).toBe('waiting');

    const ok = await p.request('POST', `/api/v1/runs/${runId}/signals/decision`, { approved: true, officerId: 'cb01' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ runId, signal: 'decision', accepted: true });
    const done = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status === 'completed');
    expect(done.body.output).toEqual({ approved: true, by: 'cb01', publishedAs: 1 });

    const late = await p.request('POST', `/api/v1/runs/${runId}/signals/decision`, { approved: false, officerId: 'cb02' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('RUN_NOT_RUNNING');
  });

  it('a run started on version 1 finishes on version 1 after version 2 is published; its pinned hash is a search attribute', async () => {
    const v1 = await p.request('POST', '/api/v1/flows', decisionFlow('ghim-phien-ban', 1));
    expect(v1.body).toMatchObject({ flowKey: 'ghim-phien-ban', version: 1 });
    const runId = await startWaiting('ghim-phien-ban');

    const v2 = await p.request('POST', '/api/v1/flows', decisionFlow('ghim-phien-ban', 2));
    expect(v2.body).toMatchObject({ version: 2 });
    expect(v2.body.hash).not.toBe(v1.body.hash);

    await p.request('POST', `/api/v1/runs/${runId}/signals/decision`, { approved: true, officerId: 'cb01' });
    const done = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status === 'completed');
    expect(done.body).toMatchObject({ version: 1, hash: v1.body.hash, output: { publishedAs: 1 } });
    const desc = await client.workflow.getHandle(runId).describe();
    expect(desc.searchAttributes).toMatchObject({ LtFlowId: ['ghim-phien-ban'], LtFlowVersion: ['1'], LtFlowHash: [v1.body.hash] });

    // A new run takes the latest version.
    const next = await startWaiting('ghim-phien-ban');
    expect((await p.request('GET', `/api/v1/runs/${next}`)).body).toMatchObject({ version: 2, hash: v2.body.hash });
    await p.request('POST', `/api/v1/runs/${next}/signals/decision`, { approved: false, officerId: 'cb03' });
  });

  it('a subflow is resolved to its pinned plan when the run starts', async () => {
    const child = flow('kiem-tra-con', { done: { kind: 'end', output: "{ 'checked': $input.code }" } }, [['start', 'done']]);
    expect((await p.request('POST', '/api/v1/flows', child)).status).toBe(201);
    const parent = flow('goi-luong-con', {
      sub: { kind: 'subflow', flow: { key: 'kiem-tra-con', version: 1 }, input: "{ 'code': $input.code }" },
      done: { kind: 'end', output: '$nodes.sub.output' },
    }, [['start', 'sub'], ['sub', 'done']]);
    expect((await p.request('POST', '/api/v1/flows', parent)).status).toBe(201);
    const r = await p.request('POST', '/api/v1/flows/goi-luong-con/runs?wait=20s', { code: 'HS-7' });
    expect(r.body).toMatchObject({ status: 'completed', output: { checked: 'HS-7' } });
    // Publishing a new child version does not change what the parent pins.
    await p.request('POST', '/api/v1/flows', flow('kiem-tra-con', { done: { kind: 'end', output: "{ 'v2': true }" } }, [['start', 'done']]));
    const again = await p.request('POST', '/api/v1/flows/goi-luong-con/runs?wait=20s', { code: 'HS-8' });
    expect(again.body.output).toEqual({ checked: 'HS-8' });
  });

  it('a child run (one commune of the report roll-up) takes its signal through the API', async () => {
    const started = await p.request('POST', '/api/v1/flows/tong-hop-bao-cao/runs?wait=0s', {
      regimeCode: 'BC-KTXH-THANG', periodLabel: '2026-02', templateVersion: 2, communes: [{ code: '21025' }], signature: Buffer.alloc(64, 1).toString('base64'),
    });
    expect(started.status).toBe(202);
    const childId = `${started.body.runId as string}/thu_thap/0`;
    const child = client.workflow.getHandle(childId);
    await until(async () => (await child.describe()).status.name, (s) => s === 'RUNNING');
    const path = `/api/v1/runs/${encodeURIComponent(childId)}/signals/submitted`;
    const bad = await p.request('POST', path, { values: { A01: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { where: { pointer: string } }) => e.where.pointer)).toEqual(expect.arrayContaining(['/values/A01', '/values/A02']));
    const ok = await p.request('POST', path, { values: { A01: 4, A02: 3 }, submittedBy: 'xa-21025' });
    expect(ok.status).toBe(200);
    // Payloads are encrypted: the child's closing is read from its status, the values from the parent's aggregate.
    await until(async () => (await child.describe()).status.name, (s) => s === 'COMPLETED');
    const parent = await until(() => p.request('GET', `/api/v1/runs/${started.body.runId as string}`), (r) => r.body?.status !== 'running');
    // The roll-up went on past the collection to the submission: it is accepted where the platform has a
    // reporting credential, and otherwise ends with the flow's own fallback error.
    if (parent.body.status === 'completed') expect(parent.body.output).toMatchObject({ submitted: ['21025'], missing: [] });
    else expect(parent.body.error).toMatchObject({ code: 'REPORT_NOT_SUBMITTED', where: { nodeId: 'khong_gui_duoc' } });
    expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(`${started.body.runId as string}/khac/0`)}/signals/other`, {})).status).toBe(404);
  });

  it('a flow with mistakes is refused at publish with every problem, and nothing is stored or run', async () => {
    const broken = flow('luong-loi', {
      a: { kind: 'call', connector: { id: 'ngsp:population:verifyCitizen', version: '1.0.0' }, input: { citizenId: '$input.id' } },
      b: { kind: 'transform', expression: '$nodes.zzz.output' },
      c: { kind: 'end' },
    }, [['start', 'a'], ['a', 'b'], ['b', 'c', 'nowhere']]);
    const res = await p.request('POST', '/api/v1/flows', broken);
    expect(res.status).toBe(400);
    const codes = res.body.errors.map((e: { code: string }) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['FLOW_COMPILE_INPUT_MISSING', 'FLOW_COMPILE_UNKNOWN_NODE_REF', 'FLOW_COMPILE_BAD_HANDLE', 'FLOW_COMPILE_UNREACHABLE']));
    expect((await p.request('GET', '/api/v1/flows/luong-loi')).status).toBe(404);
    expect((await p.request('POST', '/api/v1/flows/luong-loi/runs', {})).status).toBe(404);
  });
});
