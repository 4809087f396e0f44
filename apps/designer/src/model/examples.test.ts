import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentHash, withoutUi } from '@lienthong/flow';
import { manifests } from '@lienthong/connectors/manifests';
import type { FlowDocument } from '@lienthong/schemas';
import { toCanvas, toDocument } from './flow-adapter.js';
import { findProblems } from './problems.js';
import { sourceHandles } from './kinds.js';

// The designer opens every example under examples/ (7.a and 7.b at full depth among them) as it opens any flow:
// onto the canvas and back without a change, with no problem to show, every edge leaving by a handle the canvas draws.
const dir = new URL('../../../../examples/', import.meta.url);
const examples = readdirSync(dir).filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, doc: JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as FlowDocument }));

/** What each full-depth example must keep through the canvas besides its hash. */
const keeps: Record<string, [node: string, shape: Record<string, unknown>]> = {
  'xac-thuc-cong-dan-day-du.json': ['answer_pending', { kind: 'respond', pending: true }], // PENDING (202), result by callback
  'dieu-phoi-ho-so.json': ['xu_ly_tiep', { kind: 'task', continues: 'xu_ly' }], // the SLA clock a supplement paused
};

describe('the examples in the designer', () => {
  it('finds the examples, the two full-depth ones among them', () => {
    expect(examples.map((e) => e.file)).toEqual(expect.arrayContaining(Object.keys(keeps)));
  });

  for (const { file, doc } of examples) {
    it(`${file}: round-trips through the canvas without changing its hash and shows no problem`, () => {
      const canvas = toCanvas(doc);
      expect(canvas.nodes.map((n) => n.id).sort()).toEqual(Object.keys(doc.nodes).sort());
      const back = toDocument(canvas);
      expect(contentHash(withoutUi(back))).toBe(contentHash(withoutUi(doc)));
      const keep = keeps[file];
      if (keep) expect(back.nodes[keep[0]]).toMatchObject(keep[1]);
      expect(findProblems(doc, manifests)).toEqual([]);
    });

    it(`${file}: draws every edge from a handle its node offers`, () => {
      for (const e of doc.edges) {
        const node = doc.nodes[e.source];
        expect(node, e.id).toBeDefined();
        if (node) expect(sourceHandles(node), e.id).toContain(e.sourceHandle ?? 'ok');
      }
    });
  }
});
