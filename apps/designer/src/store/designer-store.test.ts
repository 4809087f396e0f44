import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifests } from '@lienthong/connectors/manifests';
import type { FlowDocument } from '@lienthong/schemas';
import { emptyDocument } from '../model/flow-adapter.js';
import { paletteItems, type PaletteItem } from '../model/palette.js';
import { createDesignerStore } from './designer-store.js';

const example = JSON.parse(readFileSync(new URL('../../../../examples/xac-thuc-cong-dan.json', import.meta.url), 'utf8')) as FlowDocument;
const items = new Map(paletteItems(manifests).map((i) => [i.key, i]));
const item = (key: string) => items.get(key) as PaletteItem;

describe('designer store', () => {
  it('starts an empty flow with the no-trigger error and allows exactly one trigger', () => {
    const s = createDesignerStore(emptyDocument('thu', { vi: 'Thử', en: 'Try' }), manifests);
    expect(s.getState().problems.map((p) => p.code)).toContain('FLOW_COMPILE_NO_TRIGGER');
    expect(s.getState().addNode(item('kind:trigger'), { x: 0, y: 0 })).toBe('start');
    expect(s.getState().addNode(item('kind:trigger'), { x: 0, y: 0 })).toBeNull();
    expect(s.getState().problems).toEqual([]);
  });

  it('revalidates on every edit and undoes/redoes whole edits', () => {
    const s = createDesignerStore(emptyDocument('thu', { vi: 'Thử', en: 'Try' }), manifests);
    s.getState().addNode(item('kind:trigger'), { x: 0, y: 0 });
    const id = s.getState().addNode(item('connector:ngsp:population:verifyCitizen'), { x: 300, y: 0 }) as string;
    expect(id).toBe('verify_citizen');
    expect(s.getState().nodeProblems[id]?.map((p) => p.code)).toContain('FLOW_COMPILE_UNREACHABLE');
    s.getState().onConnect({ source: 'start', sourceHandle: 'ok', target: id, targetHandle: 'in' });
    expect(s.getState().nodeProblems[id]?.map((p) => p.code)).not.toContain('FLOW_COMPILE_UNREACHABLE');
    s.getState().undo();
    expect(s.getState().edges).toHaveLength(0);
    s.getState().redo();
    expect(s.getState().edges).toHaveLength(1);
  });

  it('makes typing in one field one undo step', () => {
    const s = createDesignerStore(example, manifests);
    const shape = () => s.getState().nodes.find((n) => n.id === 'shape')!.data.body as { expression: string };
    const before = shape().expression;
    for (const text of ['$', '$in', '$input']) s.getState().updateNode('shape', { ...shape(), expression: text } as never, 'expression');
    expect(shape().expression).toBe('$input');
    s.getState().undo();
    expect(shape().expression).toBe(before);
  });

  it('refuses connections the model refuses and says why', () => {
    const s = createDesignerStore(example, manifests);
    expect(s.getState().isValidConnection({ source: 'shape', target: 'start' })).toBe(false);
    expect(s.getState().lastRefusal).toBe('intoTrigger');
    s.getState().onConnect({ source: 'done', sourceHandle: 'ok', target: 'shape', targetHandle: 'in' });
    expect(s.getState().edges).toHaveLength(example.edges.length);
  });

  it('deletes the selection with its edges, and copies/pastes it', () => {
    const s = createDesignerStore(example, manifests);
    s.getState().select('shape');
    s.getState().copy();
    s.getState().paste();
    expect(s.getState().nodes.map((n) => n.id)).toContain('shape_2');
    s.getState().select('verify');
    s.getState().deleteSelection();
    expect(s.getState().nodes.some((n) => n.id === 'verify')).toBe(false);
    expect(s.getState().edges.some((e) => e.source === 'verify' || e.target === 'verify')).toBe(false);
    s.getState().undo();
    expect(s.getState().nodes.some((n) => n.id === 'verify')).toBe(true);
  });

  it('renames a node everywhere and refuses a taken or malformed id', () => {
    const s = createDesignerStore(example, manifests);
    expect(s.getState().renameNode('verify', 'shape')).toBe(false);
    expect(s.getState().renameNode('verify', 'Bad Id')).toBe(false);
    expect(s.getState().renameNode('verify', 'check')).toBe(true);
    expect(s.getState().document().nodes.shape).toMatchObject({ expression: expect.stringContaining('$nodes.check.output.match') });
    expect(s.getState().problems).toEqual([]);
  });

  it('lays out documents without positions, and exports what it imported', () => {
    const bare: FlowDocument = { ...example, nodes: Object.fromEntries(Object.entries(example.nodes).map(([k, { ui: _u, ...n }]) => [k, n])) as FlowDocument['nodes'] };
    const s = createDesignerStore(bare, manifests);
    const xs = s.getState().nodes.map((n) => n.position.x);
    expect(new Set(xs).size).toBe(xs.length);
    const again = createDesignerStore(example, manifests).getState().document();
    expect(again).toEqual(example);
  });
});
