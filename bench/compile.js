// Benchmark 6: compile time of a generated 200-node flow with `compile` from @lienthong/flow
// (schema check, graph checks, expression parsing, connector references, plan and hash).
import { summarize, round } from './lib/stats.js';
import { EXAMPLE_FLOW } from './common.js';

/** trigger → (call → transform → switch(2 cases) → join)… → respond → end, `size` nodes in all. */
export function generatedFlow(size = 200) {
  const nodes = { start: { kind: 'trigger', trigger: { type: 'api', sync: true }, ui: { position: { x: 0, y: 0 } } } };
  const edges = [];
  let prev = 'start'; let i = 0; let e = 0;
  const edge = (source, target, sourceHandle) => edges.push({ id: `e${e++}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });
  const verify = EXAMPLE_FLOW.nodes.verify;
  while (Object.keys(nodes).length < size - 2) {
    const left = size - 2 - Object.keys(nodes).length;
    const c = `call${i}`; const t = `shape${i}`;
    nodes[c] = { ...verify, title: { vi: `Tra cứu ${i}`, en: `Lookup ${i}` }, ui: { position: { x: 200 * i, y: 0 } } };
    edge(prev, c);
    if (left === 1) { prev = c; break; }
    nodes[t] = { kind: 'transform', expression: `{ 'step': ${i}, 'match': $nodes.${c}.output.match, 'who': $uppercase($input.applicant.hoVaTen) }`, ui: { position: { x: 200 * i, y: 100 } } };
    edge(c, t);
    prev = t; i += 1;
  }
  nodes.answer = { kind: 'respond', output: `$nodes.${prev}.output`, ui: { position: { x: 0, y: 300 } } };
  nodes.done = { kind: 'end', ui: { position: { x: 0, y: 400 } } };
  edge(prev, 'answer'); edge('answer', 'done');
  return { ...EXAMPLE_FLOW, key: 'bench-200', title: { vi: 'Luồng 200 nút', en: '200-node flow' }, nodes, edges };
}

export async function run(ctx) {
  const { compile } = await import('@lienthong/flow');
  const { manifests } = await import('@lienthong/connectors/manifests');
  const doc = generatedFlow(200);
  const first = compile(doc, manifests);
  if (!first.ok) throw new Error(`generated flow does not compile: ${JSON.stringify(first.errors.slice(0, 3))}`);
  const iterations = ctx.quick ? 30 : 200;
  for (let k = 0; k < 10; k++) compile(doc, manifests);
  const times = [];
  for (let k = 0; k < iterations; k++) {
    const s = performance.now();
    const r = compile(structuredClone(doc), manifests);
    times.push(performance.now() - s);
    if (!r.ok) throw new Error('compile failed');
  }
  const firstMs = (() => { const s = performance.now(); compile(generatedFlow(200), manifests); return performance.now() - s; })();
  const latency = summarize(times);
  ctx.log(`compile 200 nodes: p50 ${latency.p50} ms p99 ${latency.p99} ms`);
  return {
    method: `compile() of a generated ${Object.keys(doc.nodes).length}-node, ${doc.edges.length}-edge flow (${Object.values(doc.nodes).filter((n) => n.kind === "call").length} SOAP call nodes, ${Object.values(doc.nodes).filter((n) => n.kind === "transform").length} JSONata transforms, trigger, respond, end) in one Node process, ${iterations} iterations after 10 warm-up; each iteration on a fresh copy of the document.`,
    nodes: Object.keys(doc.nodes).length, edges: doc.edges.length, iterations, latencyMs: latency, oneMoreMs: round(firstMs),
  };
}
