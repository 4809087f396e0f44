import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, contentHash, withoutUi } from '@lienthong/flow';
import { manifests } from '@lienthong/connectors/manifests';
import type { FlowDocument } from '@lienthong/schemas';
import { toCanvas, toDocument, nextEdgeId } from './flow-adapter.js';
import { checkConnection, type GraphView } from './connect.js';
import { groupPalette, latestManifests, paletteItems } from './palette.js';
import { diffFlows, unionForDiff } from './diff.js';
import { copySelection, pasteClip } from './clipboard.js';
import { autoLayout } from './layout.js';
import { renameInExpression, renameNode } from './rename.js';
import { findProblems, hasErrors, problemsByNode } from './problems.js';
import { expressionSuggestions, previewContext, previewExpression, upstreamOf } from './preview.js';
import { schemaFields, schemaPaths } from './schema-fields.js';
import { sampleOf } from './sample-value.js';
import { defaultNode, nextNodeId, sourceHandles, type NodeBody } from './kinds.js';
import { fold } from './text.js';

const example = JSON.parse(readFileSync(new URL('../../../../examples/xac-thuc-cong-dan.json', import.meta.url), 'utf8')) as FlowDocument;
const title = (k: string) => ({ vi: k, en: k });

describe('flow adapter', () => {
  it('round-trips a document through the canvas without changing its hash', () => {
    const back = toDocument(toCanvas(example));
    expect(contentHash(withoutUi(back))).toBe(contentHash(withoutUi(example)));
    expect(back.nodes.verify?.ui?.position).toEqual(example.nodes.verify?.ui?.position);
  });
  it('keeps only ui.position (rounded) from the canvas; the default handle stays implicit', () => {
    const c = toCanvas(example);
    c.nodes[0] = { ...c.nodes[0]!, position: { x: 10.4, y: 20.6 }, selected: true, measured: { width: 1, height: 2 } };
    const d = toDocument(c);
    const moved = d.nodes[c.nodes[0]!.id]!;
    expect(moved.ui).toEqual({ position: { x: 10, y: 21 } });
    expect(d.edges.every((e) => !('sourceHandle' in e))).toBe(true);
    expect(c.edges[0]?.sourceHandle).toBe('ok');
  });
  it('hands out unused edge ids', () => {
    expect(nextEdgeId([{ id: 'e1' }, { id: 'e3' }])).toBe('e4');
    expect(nextEdgeId([{ id: 'e2' }])).toBe('e3');
    expect(nextEdgeId([{ id: 'e2' }, { id: 'e3' }])).toBe('e4');
  });
});

describe('connection rules', () => {
  const g = (nodes: Record<string, NodeBody>, edges: GraphView['edges'] = []): GraphView => ({ nodes: new Map(Object.entries(nodes)), edges });
  const base = { t: defaultNode('trigger'), a: defaultNode('transform'), b: defaultNode('transform'), p: defaultNode('parallel'), j: defaultNode('join'), x: defaultNode('end') };
  it('accepts an ordinary edge', () => expect(checkConnection(g(base), { source: 't', target: 'a', sourceHandle: 'ok' })).toBeNull());
  it('refuses edges into the trigger, to itself, out of an end, and unknown handles', () => {
    expect(checkConnection(g(base), { source: 'a', target: 't' })).toBe('intoTrigger');
    expect(checkConnection(g(base), { source: 'a', target: 'a' })).toBe('self');
    expect(checkConnection(g(base), { source: 'x', target: 'a' })).toBe('noSuchHandle');
    expect(checkConnection(g(base), { source: 'a', target: 'b', sourceHandle: 'timeout' })).toBe('noSuchHandle');
  });
  it('refuses duplicates and cycles', () => {
    const edges = [{ source: 't', target: 'a' }, { source: 'a', target: 'b', sourceHandle: 'ok' }];
    expect(checkConnection(g(base, edges), { source: 'a', target: 'b', sourceHandle: 'ok' })).toBe('duplicate');
    expect(checkConnection(g(base, edges), { source: 'b', target: 'a', sourceHandle: 'ok' })).toBe('cycle');
    expect(checkConnection(g(base, edges), { source: 'a', target: 'b', sourceHandle: 'error' })).toBeNull();
  });
  it('lets a join close only branches that start at a parallel node', () => {
    expect(checkConnection(g(base, [{ source: 't', target: 'a' }]), { source: 'a', target: 'j' })).toBe('joinWithoutParallel');
    const edges = [{ source: 't', target: 'p' }, { source: 'p', target: 'a' }, { source: 'p', target: 'b' }];
    expect(checkConnection(g(base, edges), { source: 'a', target: 'j' })).toBeNull();
    expect(checkConnection(g(base, edges), { source: 'b', target: 'j' })).toBeNull();
  });
  it('offers switch cases, default and error as exits', () => {
    expect(sourceHandles({ kind: 'switch', cases: [{ handle: 'yes', when: 'true' }] })).toEqual(['yes', 'default', 'error']);
    expect(sourceHandles(defaultNode('end'))).toEqual([]);
  });
});

describe('palette', () => {
  const items = paletteItems(manifests);
  const kindTitle = (k: string) => title(k === 'transform' ? 'Biến đổi dữ liệu' : k);
  it('has every built-in kind except call, and one item per connector (latest version)', () => {
    expect(items.filter((i) => i.type === 'kind').map((i) => i.type === 'kind' && i.kind)).not.toContain('call');
    expect(items.filter((i) => i.type === 'connector')).toHaveLength(latestManifests(manifests).length);
  });
  it('finds Vietnamese titles without diacritics and groups by category', () => {
    const groups = groupPalette(items, 'xac thuc cong dan', kindTitle);
    expect(groups.map((g) => g.group)).toEqual(['ngsp']);
    expect(groups[0]?.items.map((i) => i.key)).toContain('connector:ngsp:population:verifyCitizen');
    expect(groupPalette(items, 'bien doi', kindTitle)[0]?.items.map((i) => i.key)).toEqual(['kind:transform']);
    expect(groupPalette(items, 'zzz-nothing', kindTitle)).toEqual([]);
  });
  it('orders built-in groups first', () => {
    const groups = groupPalette(items, '', kindTitle).map((g) => g.group);
    expect(groups.slice(0, 4)).toEqual(['start', 'data', 'logic', 'finish']);
  });
  it('picks the newest version of a connector', () => {
    const m = manifests[0]!;
    expect(latestManifests([m, { ...m, version: '1.10.0' }, { ...m, version: '1.9.9' }]).map((x) => x.version)).toEqual(['1.10.0']);
  });
  it('folds Vietnamese text', () => expect(fold('Đồng bộ HỒ SƠ')).toBe('dong bo ho so'));
});

describe('node ids', () => {
  it('derives readable unique ids', () => {
    expect(nextNodeId('verifyCitizen', new Set())).toBe('verify_citizen');
    expect(nextNodeId('verifyCitizen', new Set(['verify_citizen']))).toBe('verify_citizen_2');
    expect(nextNodeId('9-bad name', new Set())).toBe('bad_name');
  });
});

describe('diff between versions', () => {
  const changed: FlowDocument = JSON.parse(JSON.stringify(example)) as FlowDocument;
  (changed.nodes.shape as { expression: string }).expression = '$input';
  changed.nodes.verify!.ui = { position: { x: 999, y: 999 } };
  delete changed.nodes.done;
  changed.nodes.oops = { kind: 'fail', code: 'FLOW_FAILED', message: title('x') };
  changed.edges = [...changed.edges.filter((e) => e.target !== 'done'), { id: 'e9', source: 'shape', sourceHandle: 'error', target: 'oops' }];
  it('marks added, removed and changed nodes; moving a node is no change', () => {
    const d = diffFlows(example, changed);
    expect(d.nodes).toMatchObject({ shape: 'changed', verify: 'same', done: 'removed', oops: 'added', start: 'same' });
    expect(d.edges['shape:error->oops']).toBe('added');
    expect(d.edges['answer:ok->done']).toBe('removed');
    expect(d.equal).toBe(false);
  });
  it('finds nothing between a version and itself', () => expect(diffFlows(example, example).equal).toBe(true));
  it('draws both sides: the union keeps removed nodes and edges', () => {
    const u = unionForDiff(example, changed);
    expect(Object.keys(u.nodes).sort()).toEqual(['answer', 'done', 'oops', 'shape', 'start', 'verify']);
    expect(u.edges.some((e) => e.target === 'done')).toBe(true);
  });
  it('notices top-level changes', () => expect(diffFlows(example, { ...example, title: title('other') }).meta).toEqual(['title']));
});

describe('clipboard', () => {
  it('pastes a copy with fresh ids, internal edges only, and never a second trigger', () => {
    const c = toCanvas(example);
    const clip = copySelection(c.nodes, c.edges, new Set(['start', 'verify', 'shape']));
    expect(clip.edges).toHaveLength(2);
    const pasted = pasteClip(clip, c);
    expect(pasted.nodes.map((n) => n.id).sort()).toEqual(['shape_2', 'verify_2']);
    expect(pasted.edges).toEqual([expect.objectContaining({ source: 'verify_2', target: 'shape_2', sourceHandle: 'ok' })]);
    expect(pasted.edges[0]?.id).not.toBe('e2');
    expect(pasted.nodes.every((n) => n.selected)).toBe(true);
  });
});

describe('layout', () => {
  it('lays a chain out left to right without overlaps', () => {
    const c = toCanvas(example);
    const pos = autoLayout(c.nodes, c.edges);
    const xs = ['start', 'verify', 'shape', 'answer', 'done'].map((id) => pos.get(id)!.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(new Set(xs).size).toBe(5);
  });
  it('is deterministic', () => {
    const c = toCanvas(example);
    expect([...autoLayout(c.nodes, c.edges)]).toEqual([...autoLayout([...c.nodes].reverse(), c.edges)]);
  });
});

describe('rename', () => {
  it('rewrites $nodes references, edges and the id', () => {
    expect(renameInExpression('$nodes.verify.output.match and $nodes.verify_2.output', 'verify', 'check')).toBe('$nodes.check.output.match and $nodes.verify_2.output');
    const r = renameNode(toCanvas(example), 'verify', 'check');
    expect(r.nodes.map((n) => n.id)).toContain('check');
    expect(r.edges.some((e) => e.source === 'check') && r.edges.some((e) => e.target === 'check')).toBe(true);
    const doc = toDocument({ meta: toCanvas(example).meta, ...r });
    expect(compile(doc, manifests).ok).toBe(true);
  });
});

describe('problems', () => {
  it('has none for the example', () => expect(findProblems(example, manifests)).toEqual([]));
  it('reports the compiler errors per node, with vi/en text', () => {
    const doc: FlowDocument = { ...example, nodes: { ...example.nodes, lonely: { kind: 'transform', expression: '$input' } } };
    const ps = findProblems(doc, manifests);
    expect(hasErrors(ps)).toBe(true);
    expect(problemsByNode(ps).lonely?.[0]).toMatchObject({ code: 'FLOW_COMPILE_UNREACHABLE', severity: 'error', message: { vi: expect.any(String), en: expect.any(String) } });
  });
  it('warns when a connector needing a credential has none', () => {
    const { credentialId: _c, ...verify } = example.nodes.verify as Extract<FlowDocument['nodes'][string], { kind: 'call' }>;
    const ps = findProblems({ ...example, nodes: { ...example.nodes, verify } }, manifests);
    expect(ps).toEqual([expect.objectContaining({ code: 'DESIGNER_CREDENTIAL_MISSING', severity: 'warning', nodeId: 'verify' })]);
    expect(hasErrors(ps)).toBe(false);
  });
});

describe('expression help', () => {
  const sample = { dossierNo: 'HS-1', applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN' }, procedureCode: '1.001193.000.00.00.H48', officerId: 'cb' };
  it('suggests $input fields from the input schema and upstream connector outputs', () => {
    const s = expressionSuggestions(example, manifests, 'shape', sample);
    expect(s).toEqual(expect.arrayContaining(['$input.applicant.soDinhDanh', '$nodes.verify.output.match', '$nodes.verify.output.checkedAt']));
    expect(s.some((x) => x.startsWith('$nodes.answer'))).toBe(false);
    expect(upstreamOf(example, 'shape')).toEqual(['start', 'verify']);
  });
  it('previews expressions on sample input, with connector outputs sampled from their schema', async () => {
    const ctx = await previewContext(example, manifests, sample);
    expect(await previewExpression('$substring($input.procedureCode, 0, 8)', ctx)).toEqual({ ok: true, value: '1.001193' });
    expect(await previewExpression('$nodes.verify.output.source', ctx)).toEqual({ ok: true, value: 'CSDLQG-DC' });
    expect(ctx.nodes.shape?.output).toMatchObject({ dossierNo: 'HS-1', result: 'MATCH' });
    const bad = await previewExpression('$input.(', ctx);
    expect(bad.ok).toBe(false);
  });
  it('reads form fields and samples from JSON Schemas', () => {
    const m = manifests.find((x) => x.id === 'ngsp:population:verifyCitizen')!;
    const fields = schemaFields(m.input);
    expect(fields[0]).toMatchObject({ required: true });
    expect(fields.find((f) => f.name === 'birthDate')).toMatchObject({ required: false });
    expect(schemaPaths({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } })).toEqual(['a', 'a.b']);
    expect(sampleOf({ type: 'object', properties: { n: { type: 'integer', minimum: 3 }, s: { type: 'string', format: 'date-time' }, c: { const: 'X' } } }))
      .toEqual({ n: 3, s: '2025-01-15T08:00:00.000Z', c: 'X' });
  });
});
