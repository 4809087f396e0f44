// Benchmark 4: fan-out. A foreach over 1,000 units calling the simulator with a concurrency limit, and a
// 10,000-item foreach: time, history size, worker memory. Runs only when the interpreter has foreach.
export async function run(ctx) {
  const { compile } = await import('@lienthong/flow');
  const { manifests } = await import('@lienthong/connectors/manifests');
  const probe = compile({ key: 'probe', title: { vi: 'x', en: 'x' }, nodes: { s: { kind: 'trigger', trigger: { type: 'api' } }, f: { kind: 'foreach', items: '$input.items', body: { transform: '$item' } }, d: { kind: 'end' } },
    edges: [{ id: 'a', source: 's', target: 'f' }, { id: 'b', source: 'f', target: 'd' }] }, manifests);
  if (!probe.ok) {
    return { ran: false, reason: `the foreach node is not in the committed flow language yet (issue 4): compile says ${probe.errors.map((e) => e.code ?? e.toJSON?.().code).join(', ')}` };
  }
  const { runFanout } = await import('./fanout-run.js');
  return runFanout(ctx);
}
