import { HANDLES } from '@lienthong/flow';
import type { FlowNode, NodeKind } from '@lienthong/schemas';

/** A node as the designer keeps it: the document's node without its canvas fields. */
export type NodeBody = FlowNode extends infer T ? (T extends unknown ? Omit<T, 'ui'> : never) : never;

/** The handles a node of this kind offers: one target ("in") unless it is a trigger, and its exits. */
export function targetHandle(kind: NodeKind): boolean {
  return kind !== 'trigger';
}

/** Source handles, in the order they are drawn: the compiler's list for the kind, switch cases first. */
export function sourceHandles(node: NodeBody): string[] {
  const fixed = [...HANDLES[node.kind]];
  return node.kind === 'switch' ? [...node.cases.map((c) => c.handle), ...fixed] : fixed;
}

/** Palette groups for the built-in kinds (connectors are grouped by their manifest's category). */
export const KIND_GROUPS: Record<Exclude<NodeKind, 'call'>, 'start' | 'logic' | 'data' | 'finish'> = {
  trigger: 'start', wait: 'start', task: 'start', delay: 'start',
  switch: 'logic', parallel: 'logic', join: 'logic', foreach: 'logic', subflow: 'logic',
  transform: 'data',
  respond: 'finish', end: 'finish', fail: 'finish',
};

export const KIND_ICONS: Record<NodeKind, string> = {
  trigger: '⚡', call: '⇄', transform: 'ƒ', switch: '◇', parallel: '⇉', join: '⇶', foreach: '↻',
  wait: '⌛', task: '✎', delay: '◷', subflow: '⧉', respond: '↩', end: '■', fail: '✖',
};

/** Glyphs every system font has (headless and locked-down browsers often lack emoji). */
export const CATEGORY_ICONS: Record<string, string> = {
  ngsp: '◆', dvcqg: '▣', lgsp: '⇆', reporting: '▤', ioc: '◉', generic: '⇄', exchange: '✉',
};

/** A node of the given kind with sensible, schema-valid defaults. */
export function defaultNode(kind: Exclude<NodeKind, 'call'>): NodeBody {
  switch (kind) {
    case 'trigger': return { kind, trigger: { type: 'api' } };
    case 'transform': return { kind, expression: '$input' };
    case 'switch': return { kind, cases: [{ handle: 'case_1', when: 'true' }] };
    case 'parallel': return { kind };
    case 'join': return { kind, mode: 'all' };
    case 'foreach': return { kind, items: '$input.items', body: { transform: '$item' } };
    case 'wait': return { kind, signal: 'approved', timeout: '1d' };
    case 'task': return { kind, assignee: { role: 'officer' }, deadline: { workingDays: 3 },
      form: { type: 'object', required: ['approved'], properties: { approved: { type: 'boolean', title: 'Đồng ý' }, note: { type: 'string', title: 'Ghi chú' } } } };
    case 'delay': return { kind, duration: '1m' };
    case 'subflow': return { kind, flow: { key: 'luong-con', version: 1 } };
    case 'respond': return { kind, output: '$input' };
    case 'end': return { kind };
    case 'fail': return { kind, code: 'FLOW_FAILED', message: { vi: 'Luồng dừng với lỗi', en: 'The flow stopped with an error' } };
  }
}

/** A readable, unique node id: "verify_citizen", "verify_citizen_2", … */
export function nextNodeId(base: string, taken: ReadonlySet<string>): string {
  let stem = base.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '').replace(/_+$/, '').slice(0, 56);
  if (!stem) stem = 'node';
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}_${i}`)) return `${stem}_${i}`;
}
