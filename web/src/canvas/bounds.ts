// Where to look to show some elements: the rectangle around their cards, at least a screenful, so
// that a search or a finding brings an element into view with its neighbours.

import type { Node } from '@xyflow/react';
import { NODE_H, NODE_W } from '../model/layout';

/** The rectangle, in flow coordinates, around some nodes (children are placed relative to their group). */
export function boundsOf(nodes: readonly Node[], ids: ReadonlySet<string>) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const id of ids) {
    const n = byId.get(id);
    if (!n) continue;
    const p = n.parentId ? byId.get(n.parentId)?.position : undefined;
    const x = n.position.x + (p?.x ?? 0), y = n.position.y + (p?.y ?? 0);
    x0 = Math.min(x0, x); y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + (n.width ?? NODE_W)); y1 = Math.max(y1, y + (n.height ?? NODE_H));
  }
  if (x0 === Infinity) return null;
  // At least a screenful around a single card, so that its neighbours show and the zoom stays readable.
  const w = Math.max(x1 - x0, 900), h = Math.max(y1 - y0, 560);
  return { x: (x0 + x1 - w) / 2, y: (y0 + y1 - h) / 2, width: w, height: h };
}
