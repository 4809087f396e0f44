import { NODE_HEIGHT, NODE_WIDTH } from './layout.js';

/** What placement needs of a canvas node: React Flow's position and, once rendered, its measured size. */
export interface PlacedNode {
  position: { x: number; y: number };
  selected?: boolean | undefined;
  measured?: { width?: number | undefined; height?: number | undefined } | undefined;
}
interface Box { x: number; y: number; width: number; height: number }

/** Space kept between a new node and its neighbours, so their handles and edges stay clickable. */
export const PLACEMENT_GAP = 16;

const boxOf = (n: PlacedNode): Box => ({ x: n.position.x, y: n.position.y, width: n.measured?.width ?? NODE_WIDTH, height: n.measured?.height ?? NODE_HEIGHT });
const overlaps = (a: Box, b: Box, gap: number) =>
  a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;

/**
 * The nearest position at or right/below `preferred` where a new node's box overlaps no existing node's box
 * (a node added from the palette used to land on top of another). Slots are one node apart, nearest first.
 */
export function freePosition(nodes: readonly PlacedNode[], preferred: { x: number; y: number }, size = { width: NODE_WIDTH, height: NODE_HEIGHT }): { x: number; y: number } {
  const boxes = nodes.map(boxOf);
  const free = (x: number, y: number) => !boxes.some((b) => overlaps({ x, y, ...size }, b, PLACEMENT_GAP));
  const stepX = size.width + PLACEMENT_GAP;
  const stepY = size.height + PLACEMENT_GAP;
  for (let d = 0; d <= 40; d++) {
    for (let row = 0; row <= d; row++) {
      const x = Math.round(preferred.x + (d - row) * stepX);
      const y = Math.round(preferred.y + row * stepY);
      if (free(x, y)) return { x, y };
    }
  }
  // Past 40 slots (a crowd, or one node wider than the search): below everything, which is always free.
  return { x: Math.round(preferred.x), y: Math.max(...boxes.map((b) => b.y + b.height)) + PLACEMENT_GAP };
}

/** Where a node added from the palette (double-click, Enter) goes: right of the selected node, else at the viewport centre. */
export function placeNewNode(nodes: readonly PlacedNode[], viewportCentre: { x: number; y: number }): { x: number; y: number } {
  const selected = nodes.filter((n) => n.selected);
  if (selected.length === 1) {
    const b = boxOf(selected[0]!);
    return freePosition(nodes, { x: b.x + b.width + 4 * PLACEMENT_GAP, y: b.y });
  }
  return freePosition(nodes, { x: viewportCentre.x - NODE_WIDTH / 2, y: viewportCentre.y - NODE_HEIGHT / 2 });
}
