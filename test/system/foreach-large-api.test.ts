import { describe, expect, it } from 'vitest';
import { useTestPlatform } from '../helpers/suite.js';

const COUNT = 300;

/** A roll-up as a province draws it: a population-DB lookup per citizen of a list, 25 at a time. */
const flow = {
  key: 'tra-cuu-hang-loat',
  title: { vi: 'Tra cứu dân cư hàng loạt', en: 'Population lookups in bulk' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    each: {
      kind: 'foreach', items: '[1..$input.count]', concurrency: 25,
      body: { call: { connector: { id: 'ngsp:population:verifyCitizen', version: '1.0.0' }, credentialId: 'ngsp-dancu',
        input: { citizenId: "'051090123456'", fullName: "'NGUYỄN VĂN AN'", birthDate: "'19900512'", purpose: "'1.001193'", officerId: "'051085000111'" } } },
    },
    done: { kind: 'end', output: "{ 'total': $nodes.each.output.total, 'succeeded': $nodes.each.output.succeeded, 'batch': $nodes.each.output.batch }" },
  },
  edges: [{ id: 'e1', source: 'start', target: 'each' }, { id: 'e2', source: 'each', target: 'done' }],
};

describe('a large foreach on the platform: outcomes paged through the run API', () => {
  const p = useTestPlatform({ flows: [flow] });

  it(`${COUNT} lookups: the run's output names the batch, GET /runs/{runId}/items/{nodeId} pages every outcome once`, async () => {
    const started = await p.request('POST', '/api/v1/flows/tra-cuu-hang-loat/runs?wait=0s', { count: COUNT });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    let run: { status: string; output?: unknown } = { status: 'running' };
    for (let i = 0; i < 120 && run.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      run = (await p.request('GET', `/api/v1/runs/${runId}`)).body;
    }
    expect(run).toMatchObject({ status: 'completed', output: { total: COUNT, succeeded: COUNT, batch: { id: `${runId}/each`, nodeId: 'each' } } });

    const seen: number[] = [];
    let after = -1;
    for (let pages = 0; pages < 10; pages++) {
      const page = await p.request('GET', `/api/v1/runs/${runId}/items/each?after=${after}&limit=120`);
      expect(page.status, page.text).toBe(200);
      expect(page.body.total).toBe(COUNT);
      for (const item of page.body.items) { expect(item).toMatchObject({ ok: true, output: { match: true } }); seen.push(item.index); }
      if (page.body.next === null) break;
      expect(page.body.next).toBeGreaterThan(after);
      after = page.body.next;
    }
    expect(seen).toEqual(Array.from({ length: COUNT }, (_, i) => i));

    // Bad paging input is a 400 with where, never a stack trace; an unknown run is "not found".
    const bad = await p.request('GET', `/api/v1/runs/${runId}/items/each?limit=5000`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: expect.any(String), where: expect.anything() });
    expect(bad.text).not.toMatch(/at .*\.js/);
    expect((await p.request('GET', '/api/v1/runs/run-khong-co/items/each')).status).toBe(404);
  }, 120_000);
});
