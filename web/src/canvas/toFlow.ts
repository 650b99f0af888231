// The diagram as React Flow nodes and edges: APIs become group nodes holding their routes and
// stages (child positions are relative to the group), every other element a card.

import type { Edge, Node } from '@xyflow/react';
import { MarkerType } from '@xyflow/react';
import type { DNode, Diagram } from '../model/diagram';
import { drawnLinks } from '../model/connections';
import type { Badge } from '../model/findings';
import type { NodeLoad } from '../model/simulation';
import { type LinkData, placeLabels } from './linkLabels';
import { type Box, NODE_H, NODE_W, centre, fallbackPosition, groupBoxes, groupOf } from '../model/layout';

export interface Decorations {
  badges: ReadonlyMap<string, Badge>;
  loads: ReadonlyMap<string, NodeLoad>;
  bottleneck: string | null;
  matches: ReadonlySet<string> | null;   // search hits, or null when not searching
}

export interface ElementData extends Record<string, unknown> {
  node: DNode;
  badge?: Badge;
  load?: NodeLoad;
  bottleneck: boolean;
  dimmed: boolean;
}

export const NO_DECORATIONS: Decorations = { badges: new Map(), loads: new Map(), bottleneck: null, matches: null };

function dataOf(n: DNode, deco: Decorations): ElementData {
  return {
    node: n,
    badge: deco.badges.get(n.id),
    load: deco.loads.get(n.id),
    bottleneck: deco.bottleneck === n.id,
    dimmed: deco.matches !== null && !deco.matches.has(n.id),
  };
}

export function toFlowNodes(d: Diagram, deco: Decorations, selected: ReadonlySet<string>): Node<ElementData>[] {
  const boxes = groupBoxes(d);
  const apis = new Set(boxes.keys());
  const groups: Node<ElementData>[] = [];
  const cards: Node<ElementData>[] = [];
  d.nodes.forEach((n, i) => {
    if (n.kind === 'api') {
      const b = boxes.get(n.id)!;
      groups.push({ id: n.id, type: 'apiGroup', position: { x: b.x, y: b.y }, width: b.width, height: b.height,
        data: dataOf(n, deco), selected: selected.has(n.id), zIndex: 0, ariaLabel: `API ${n.name ?? n.id}` });
      return;
    }
    const c = centre(n, fallbackPosition(i));
    const g = groupOf(n, apis);
    const box: Box | undefined = g ? boxes.get(g) : undefined;
    cards.push({
      id: n.id, type: 'element', data: dataOf(n, deco), selected: selected.has(n.id),
      position: { x: c.x - NODE_W / 2 - (box?.x ?? 0), y: c.y - NODE_H / 2 - (box?.y ?? 0) },
      width: NODE_W, height: NODE_H, zIndex: 2,
      ...(g ? { parentId: g } : {}),
      ariaLabel: `${n.kind} ${n.name ?? n.id}`,
    });
  });
  // Parents must come before their children.
  return [...groups, ...cards];
}

const sameValues = <T extends object>(a: T | undefined, b: T | undefined) =>
  a === b || (!!a && !!b && Object.keys(a).length === Object.keys(b).length
    && Object.entries(a).every(([k, v]) => Object.is(v, (b as Record<string, unknown>)[k])));

function sameNode(a: Node<ElementData>, b: Node<ElementData>) {
  return a.type === b.type && a.parentId === b.parentId && a.width === b.width && a.height === b.height
    && a.position.x === b.position.x && a.position.y === b.position.y && a.selected === b.selected
    && a.data.node === b.data.node && a.data.bottleneck === b.data.bottleneck && a.data.dimmed === b.data.dimmed
    && sameValues(a.data.badge, b.data.badge) && sameValues(a.data.load, b.data.load);
}

/**
 * The new nodes, each replaced by the one it was before when nothing about it changed: a check's
 * findings, a save or a simulation step then re-draw the elements they change, not all of them.
 */
export function keepUnchanged(prev: readonly Node<ElementData>[], next: Node<ElementData>[]): Node<ElementData>[] {
  const before = new Map(prev.map((n) => [n.id, n]));
  let same = prev.length === next.length;
  const out = next.map((n, i) => {
    const p = before.get(n.id);
    const keep = p && sameNode(p, n) ? p : n;
    same &&= keep === prev[i];
    return keep;
  });
  return same ? (prev as Node<ElementData>[]) : out;
}

/** Every element's box in diagram coordinates: the cards, and the APIs' boxes. */
export function elementBoxes(d: Diagram): { ends: Map<string, Box>; cards: Box[] } {
  const ends = groupBoxes(d);
  const cards: Box[] = [];
  d.nodes.forEach((n, i) => {
    if (n.kind === 'api') return;
    const c = centre(n, fallbackPosition(i));
    const b = { x: c.x - NODE_W / 2, y: c.y - NODE_H / 2, width: NODE_W, height: NODE_H };
    ends.set(n.id, b);
    cards.push(b);
  });
  return { ends, cards };
}

/**
 * Links as React Flow edges of the canvas's own type (LinkEdge). A label written on a link is
 * placed where it covers no card; a reference's field name, which the two kinds it joins already
 * tell, is shown only when the link or one of its ends is hovered or selected.
 */
export function toFlowEdges(d: Diagram, selected: ReadonlySet<string>): Edge<LinkData>[] {
  const links = drawnLinks(d);
  const written = links.filter((l) => l.kind === 'edge' && l.label).map((l) => ({ key: l.key, from: l.from, to: l.to, text: l.label! }));
  const { ends, cards } = elementBoxes(d);
  const spots = placeLabels(written, ends, cards);
  return links.map((l) => ({
    id: l.key, source: l.from, target: l.to, selected: selected.has(l.key), type: 'link',
    data: { text: (l.kind === 'field' ? l.field : l.label) ?? '', spot: spots.get(l.key) ?? null },
    className: l.kind === 'field' ? 'link-field' : 'link-call',
    markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
    // Above the API boxes, below the cards, so that a card is always clickable.
    zIndex: 1,
  }));
}

/** The centre, in diagram coordinates, of a card React Flow placed at a (parent-relative) position. */
export function centreOf(pos: { x: number; y: number }, parent?: { x: number; y: number }) {
  return { x: pos.x + (parent?.x ?? 0) + NODE_W / 2, y: pos.y + (parent?.y ?? 0) + NODE_H / 2 };
}
