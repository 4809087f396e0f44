import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzzOptions } from './seed.js';
import { compile } from '@lienthong/flow';
import { manifests } from '@lienthong/connectors/manifests';

// Random graphs and random documents against the flow compiler: it answers ok with a plan, or every
// problem as a coded error; it never throws and never hangs.
const opts = fuzzOptions();
const { seed } = opts;

const connectorRefs = manifests.map((m) => ({ id: m.id, version: m.version }));
const id = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const expr = fc.oneof(fc.constantFrom('$input', '$input.a', '$nodes.x.output', '{ "a": 1 }', '$substring($input.b, 0, 2)', '$$$', '(', '$nodes.', '1 +', ''), fc.string({ maxLength: 30 }));
const node = fc.oneof(
  fc.record({ kind: fc.constant('trigger'), trigger: fc.record({ type: fc.constantFrom('api', 'schedule', 'webhook', 'bogus'), sync: fc.boolean() }, { requiredKeys: ['type'] }) }),
  fc.record({ kind: fc.constant('call'), connector: fc.oneof(fc.constantFrom(...connectorRefs), fc.record({ id: fc.string(), version: fc.string() })), credentialId: fc.string({ maxLength: 10 }), input: fc.dictionary(id, expr, { maxKeys: 4 }) }, { requiredKeys: ['kind', 'connector'] }),
  fc.record({ kind: fc.constant('transform'), expression: expr }),
  fc.record({ kind: fc.constant('switch'), cases: fc.array(fc.record({ when: expr, handle: id }), { maxLength: 3 }) }),
  fc.record({ kind: fc.constantFrom('parallel', 'end', 'respond', 'join', 'foreach', 'wait', 'delay', 'subflow', 'fail', 'nonsense'), output: expr, mode: fc.constantFrom('all', 'any', 'n'), items: expr, signal: id, duration: fc.constantFrom('1s', '5m', 'x') }, { requiredKeys: ['kind'] }),
);
const graph = fc.uniqueArray(id, { minLength: 1, maxLength: 25 }).chain((ids) => fc.record({
  key: fc.oneof(fc.constant('fuzz-flow'), fc.string({ maxLength: 20 })),
  title: fc.record({ vi: fc.string(), en: fc.string() }),
  nodes: fc.tuple(...ids.map((k) => node.map((n) => [k, n] as const))).map((pairs) => Object.fromEntries(pairs)),
  edges: fc.array(fc.record({ id: id, source: fc.oneof(fc.constantFrom(...ids), id), target: fc.oneof(fc.constantFrom(...ids), id), sourceHandle: fc.constantFrom(undefined, 'ok', 'error', 'default', 'timeout', 'x') }, { requiredKeys: ['id', 'source', 'target'] }), { maxLength: 40 }),
}));

function expectAnswer(doc: unknown): void {
  const r = compile(doc, manifests);
  if (r.ok) {
    expect(typeof r.plan.hash).toBe('string');
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) expect(typeof (e as { code?: unknown }).code).toBe('string');
  }
}

describe(`fuzzing compile (seed ${seed})`, () => {
  it('random graphs (cycles, dangling edges, unknown kinds and connectors, broken expressions): a plan or coded errors, never a throw', () => {
    fc.assert(fc.property(graph, (doc) => expectAnswer(JSON.parse(JSON.stringify(doc)))), opts);
  });

  it('any value at all as a document: coded errors, never a throw', () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 4 }), (doc) => expectAnswer(doc)), opts);
  });

  it('a long chain and a wide fan stay answerable (no recursion blow-up)', () => {
    for (const n of [500, 2_000]) {
      const nodes: Record<string, unknown> = { t: { kind: 'trigger', trigger: { type: 'api' } } };
      const edges: unknown[] = [];
      let prev = 't';
      for (let i = 0; i < n; i++) { nodes[`n${i}`] = { kind: 'transform', expression: '$input' }; edges.push({ id: `e${i}`, source: prev, target: `n${i}` }); prev = `n${i}`; }
      nodes.end = { kind: 'end' };
      edges.push({ id: 'last', source: prev, target: 'end' });
      expectAnswer({ key: 'chain', title: { vi: 'x', en: 'x' }, nodes, edges });
      edges.push({ id: 'loop', source: prev, target: 'n0' });
      expectAnswer({ key: 'chain', title: { vi: 'x', en: 'x' }, nodes, edges });
    }
  });
});
