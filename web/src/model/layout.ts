// Where elements sit on the canvas: a diagram position is an element's centre (as `archway
// layout` writes it); APIs are boxes around their routes and stages.

import type { DNode, Diagram, Position } from './diagram';

export const NODE_W = 184;
export const NODE_H = 60;
export const GROUP_PAD = 24;
export const GROUP_HEADER = 36;
export const EMPTY_GROUP = { width: 280, height: 140 };

export interface Box { x: number; y: number; width: number; height: number }

/** Which group (API id) an element sits in: routes and stages of an API. */
export function groupOf(n: DNode, apis: ReadonlySet<string>): string | undefined {
  if ((n.kind === 'route' || n.kind === 'stage') && typeof n.api === 'string' && apis.has(n.api)) return n.api;
  return undefined;
}

export const centre = (n: DNode, fallback: Position): Position => n.position ?? fallback;

/** A spot for an element without a position: a grid after the others, so nothing lands on top of another. */
export function fallbackPosition(i: number): Position {
  return { x: 120 + (i % 8) * (NODE_W + 40), y: 120 + Math.floor(i / 8) * (NODE_H + 40) };
}

/** The box of each API: around its members, or a fixed box centred on the API's own position. */
export function groupBoxes(d: Diagram): Map<string, Box> {
  const apis = new Set(d.nodes.filter((n) => n.kind === 'api').map((n) => n.id));
  const bounds = new Map<string, { x0: number; y0: number; x1: number; y1: number }>();
  d.nodes.forEach((n, i) => {
    const g = groupOf(n, apis);
    if (!g) return;
    const c = centre(n, fallbackPosition(i));
    const b = bounds.get(g) ?? { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    b.x0 = Math.min(b.x0, c.x - NODE_W / 2); b.y0 = Math.min(b.y0, c.y - NODE_H / 2);
    b.x1 = Math.max(b.x1, c.x + NODE_W / 2); b.y1 = Math.max(b.y1, c.y + NODE_H / 2);
    bounds.set(g, b);
  });
  const out = new Map<string, Box>();
  d.nodes.forEach((n, i) => {
    if (n.kind !== 'api') return;
    const b = bounds.get(n.id);
    if (b) {
      out.set(n.id, { x: b.x0 - GROUP_PAD, y: b.y0 - GROUP_PAD - GROUP_HEADER, width: b.x1 - b.x0 + 2 * GROUP_PAD, height: b.y1 - b.y0 + 2 * GROUP_PAD + GROUP_HEADER });
    } else {
      const c = centre(n, fallbackPosition(i));
      out.set(n.id, { x: c.x - EMPTY_GROUP.width / 2, y: c.y - EMPTY_GROUP.height / 2, ...EMPTY_GROUP });
    }
  });
  return out;
}

/** The API whose box holds a point (the innermost by area, should boxes overlap). */
export function groupAt(boxes: ReadonlyMap<string, Box>, p: Position): string | undefined {
  let best: string | undefined;
  let area = Infinity;
  for (const [id, b] of boxes) {
    if (p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height && b.width * b.height < area) {
      best = id; area = b.width * b.height;
    }
  }
  return best;
}

/** The first spot at or below p that no element's card covers, so that elements added by keyboard do not pile up. */
export function freeSpot(d: Diagram, p: Position): Position {
  const taken = (q: Position) => d.nodes.some((n) => n.kind !== 'api' && n.position
    && Math.abs(n.position.x - q.x) < NODE_W && Math.abs(n.position.y - q.y) < NODE_H + 10);
  let q = p;
  for (let i = 0; i < 50 && taken(q); i++) q = { x: q.x, y: q.y + NODE_H + 30 };
  return q;
}

const GAP = 24;

/**
 * Graphviz spaces a layout for the picture's small boxes; the canvas's cards are larger. Scales the
 * centres about the origin by the least factor (at most 4) that keeps every pair of cards apart
 * along one axis at least, so a tidy never leaves cards on top of each other.
 */
export function spreadLayout(positions: Record<string, Position>): Map<string, Position> {
  const pts = Object.entries(positions);
  let scale = 1;
  for (let i = 0; i < pts.length; i++) {
    for (let j = i + 1; j < pts.length; j++) {
      const dx = Math.abs(pts[i][1].x - pts[j][1].x);
      const dy = Math.abs(pts[i][1].y - pts[j][1].y);
      const need = Math.min(dx ? (NODE_W + GAP) / dx : Infinity, dy ? (NODE_H + GAP) / dy : Infinity);
      if (need !== Infinity) scale = Math.max(scale, need);
    }
  }
  scale = Math.min(scale, 4);
  return new Map(pts.map(([id, p]) => [id, { x: Math.round(p.x * scale), y: Math.round(p.y * scale) }]));
}
