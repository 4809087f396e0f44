import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentHash, withoutUi } from '@lienthong/flow';
import { manifests } from '@lienthong/connectors/manifests';
import type { FlowDocument } from '@lienthong/schemas';
import { toCanvas, toDocument } from './flow-adapter.js';
import { findProblems } from './problems.js';
import { sourceHandles } from './kinds.js';

// The designer opens the full-depth 7.b example (routing table, classification and handling tasks, the SLA clock that a
// supplement pauses, the edXML 02 re-route) as it opens any flow: onto the canvas and back without a change, with no
// problem to show, every edge leaving by a handle the canvas draws.
const example = JSON.parse(readFileSync(new URL('../../../../examples/dieu-phoi-ho-so.json', import.meta.url), 'utf8')) as FlowDocument;

describe('examples/dieu-phoi-ho-so.json in the designer', () => {
  it('round-trips through the canvas without changing its hash, keeps the continued SLA clock, and shows no problem', () => {
    const canvas = toCanvas(example);
    expect(canvas.nodes.map((n) => n.id).sort()).toEqual(Object.keys(example.nodes).sort());
    const back = toDocument(canvas);
    expect(contentHash(withoutUi(back))).toBe(contentHash(withoutUi(example)));
    expect(back.nodes.xu_ly_tiep).toMatchObject({ kind: 'task', continues: 'xu_ly' });
    expect(findProblems(example, manifests)).toEqual([]);
  });

  it('draws every edge from a handle its node offers', () => {
    for (const e of example.edges) {
      const node = example.nodes[e.source];
      expect(node, e.id).toBeDefined();
      if (node) expect(sourceHandles(node), e.id).toContain(e.sourceHandle ?? 'ok');
    }
  });
});
