import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT, NODE_WIDTH } from './layout.js';
import { freePosition, placeNewNode, type PlacedNode } from './placement.js';

const at = (x: number, y: number, extra: Partial<PlacedNode> = {}): PlacedNode => ({ position: { x, y }, ...extra });
const boxOf = (n: PlacedNode) => ({ x: n.position.x, y: n.position.y, w: n.measured?.width ?? NODE_WIDTH, h: n.measured?.height ?? NODE_HEIGHT });
function overlapsAny(nodes: readonly PlacedNode[], p: { x: number; y: number }): boolean {
  return nodes.map(boxOf).some((b) => p.x < b.x + b.w && b.x < p.x + NODE_WIDTH && p.y < b.y + b.h && b.y < p.y + NODE_HEIGHT);
}

describe('where a node added from the palette lands', () => {
  it('takes the preferred spot when it is free', () => {
    expect(freePosition([], { x: 100, y: 50 })).toEqual({ x: 100, y: 50 });
    expect(freePosition([at(600, 600)], { x: 100, y: 50 })).toEqual({ x: 100, y: 50 });
  });

  it('never covers a node, however crowded the canvas around the spot', () => {
    const layouts: PlacedNode[][] = [
      [at(100, 50)],
      // A 5 × 5 block of nodes laid edge to edge around the centre.
      Array.from({ length: 25 }, (_, i) => at((i % 5) * NODE_WIDTH, Math.floor(i / 5) * NODE_HEIGHT)),
      // The old behaviour's pile: nodes stacked 20 px apart at the centre.
      Array.from({ length: 12 }, (_, i) => at(300 + (i % 5) * 20, 200 + (i % 5) * 20)),
      // A wide measured node across the row, then a tall one below.
      [at(-50, 40, { measured: { width: 2000, height: 90 } }), at(100, 130, { measured: { width: 210, height: 600 } })],
    ];
    for (const nodes of layouts) {
      const centre = { x: 300, y: 200 };
      const p = placeNewNode(nodes, centre);
      expect(overlapsAny(nodes, p), JSON.stringify({ nodes: nodes.length, p })).toBe(false);
      // Adding one after another never stacks either.
      const more = [...nodes, at(p.x, p.y)];
      expect(overlapsAny(more.slice(0, -1), placeNewNode(more, centre)) || overlapsAny([at(p.x, p.y)], placeNewNode(more, centre))).toBe(false);
    }
  });

  it('stays near the spot: the next slot right or below, not far away', () => {
    const p = freePosition([at(100, 50)], { x: 100, y: 50 });
    expect(Math.abs(p.x - 100) + Math.abs(p.y - 50)).toBeLessThanOrEqual(NODE_WIDTH + 40);
    expect(p.x >= 100 && p.y >= 50).toBe(true);
  });

  it('goes right of the selected node, free of what is already there', () => {
    const nodes = [at(0, 0, { selected: true }), at(NODE_WIDTH + 64, 0)];
    const p = placeNewNode(nodes, { x: 5000, y: 5000 });
    expect(p.x).toBeGreaterThan(NODE_WIDTH);
    expect(p.y).toBeLessThan(NODE_HEIGHT * 3);
    expect(overlapsAny(nodes, p)).toBe(false);
  });

  it('falls back below everything when no slot near the spot is free', () => {
    const wall = [at(-100000, -100000, { measured: { width: 200000, height: 100500 } })];
    const p = freePosition(wall, { x: 0, y: 0 });
    expect(overlapsAny(wall, p)).toBe(false);
  });
});
