// Small builders for flow documents in tests: nodes by id, edges as [source, target, handle?].
export type EdgeSpec = [string, string] | [string, string, string];

export function flow(key: string, nodes: Record<string, Record<string, unknown>>, edges: EdgeSpec[], extra: Record<string, unknown> = {}) {
  return {
    key, title: { vi: key, en: key },
    nodes: { start: { kind: 'trigger', trigger: { type: 'api' } }, ...nodes },
    edges: edges.map(([source, target, sourceHandle], i) => ({ id: `e${i + 1}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) })),
    ...extra,
  };
}

export const call = (connector: string, input: Record<string, string>, extra: Record<string, unknown> = {}) =>
  ({ kind: 'call', connector: { id: connector, version: '1.0.0' }, input, ...extra });
export const transform = (expression: string) => ({ kind: 'transform', expression });
export const end = (output?: string) => ({ kind: 'end', ...(output ? { output } : {}) });
