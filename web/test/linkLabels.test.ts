// Where links' labels go: on their own path, clear of cards and of each other, or only on demand.
import { describe, expect, it } from 'vitest';
import { LABEL_H, labelBox, labelWidth, placeLabels, pointAt, stepPoints } from '../src/canvas/linkLabels';
import { toFlowEdges } from '../src/canvas/toFlow';
import { NODE_H, NODE_W, type Box } from '../src/model/layout';
import type { Diagram } from '../src/model/diagram';

const card = (cx: number, cy: number): Box => ({ x: cx - NODE_W / 2, y: cy - NODE_H / 2, width: NODE_W, height: NODE_H });
const hit = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The label's box where the canvas draws it: on the step path between the two cards. */
function drawn(ends: Map<string, Box>, from: string, to: string, t: number, text: string) {
  const a = ends.get(from)!, b = ends.get(to)!;
  return labelBox(pointAt(stepPoints({ x: a.x + a.width, y: a.y + a.height / 2 }, { x: b.x, y: b.y + b.height / 2 }), t), text);
}

describe('link labels', () => {
  it('follow the step path: its middle is half its length', () => {
    const pts = stepPoints({ x: 0, y: 0 }, { x: 400, y: 200 });
    expect(pts[0]).toEqual({ x: 0, y: 0 });
    expect(pts[pts.length - 1]).toEqual({ x: 400, y: 200 });
    expect(pointAt(pts, 0.5)).toEqual({ x: 200, y: 100 });
    expect(pointAt(pts, 0)).toEqual({ x: 0, y: 0 });
    expect(pointAt(pts, 1)).toEqual({ x: 400, y: 200 });
  });

  it('sit in the middle of a link when nothing is there', () => {
    const ends = new Map([['a', card(0, 0)], ['b', card(600, 0)]]);
    expect(placeLabels([{ key: 'k', from: 'a', to: 'b', text: 'GetItem' }], ends, [...ends.values()]).get('k')).toBe(0.5);
  });

  it('move along their link off a card that sits on its middle', () => {
    const ends = new Map([['a', card(0, 0)], ['b', card(900, 0)]]);
    const cards = [...ends.values(), card(450, 0)];
    const t = placeLabels([{ key: 'k', from: 'a', to: 'b', text: 'PutItem per order' }], ends, cards).get('k');
    expect(t).not.toBeNull();
    expect(t).not.toBe(0.5);
    const box = drawn(ends, 'a', 'b', t!, 'PutItem per order');
    for (const c of cards) expect(hit(box, c)).toBe(false);
  });

  it('of parallel links do not cover each other', () => {
    // Two links side by side, 10 px apart: their middles would overlap.
    const ends = new Map([['a', card(0, 0)], ['b', card(700, 10)], ['c', card(0, 10)], ['d', card(700, 0)]]);
    const links = [{ key: 'k1', from: 'a', to: 'b', text: 'reads the ledger' }, { key: 'k2', from: 'c', to: 'd', text: 'writes the ledger' }];
    const spots = placeLabels(links, ends, []);
    const boxes = links.map((l) => drawn(ends, l.from, l.to, spots.get(l.key)!, l.text));
    expect(spots.get('k1')).toBe(0.5);
    expect(hit(boxes[0], boxes[1])).toBe(false);
  });

  it('are kept for hover and selection where there is no room (a column of stacked cards)', () => {
    // A link from a card to the one right below it, in a column of cards 10 px apart.
    const column = [0, 1, 2, 3].map((i) => card(0, i * (NODE_H + 10)));
    const ends = new Map(column.map((b, i) => [`c${i}`, b]));
    expect(placeLabels([{ key: 'k', from: 'c1', to: 'c2', text: 'invoke (sync)' }], ends, column).get('k')).toBeNull();
  });

  it('are estimated at least as wide as the text, and no wider than the label style allows', () => {
    expect(labelWidth('GetItem')).toBeGreaterThanOrEqual('GetItem'.length * 6);
    expect(labelWidth('x'.repeat(200))).toBe(160);
    expect(labelBox({ x: 0, y: 0 }, 'ab').height).toBe(LABEL_H);
  });

  it('of references are shown on demand and written labels where they fit', () => {
    const d: Diagram = {
      archway: 1, name: 't',
      nodes: [
        { kind: 'route', id: 'r', integration: 'i', position: { x: 0, y: 0 } },
        { kind: 'integration', id: 'i', type: 'lambda', function: 'f', position: { x: 400, y: 0 } },
        { kind: 'function', id: 'f', position: { x: 800, y: 0 } },
        { kind: 'datastore', id: 't', engine: 'dynamodb', position: { x: 1200, y: 0 } },
      ],
      edges: [{ from: 'f', to: 't', label: 'GetItem' }],
    };
    const edges = toFlowEdges(d, new Set());
    const ref = edges.find((e) => e.source === 'r')!;
    expect(ref.data).toEqual({ text: 'integration', spot: null });
    const call = edges.find((e) => e.source === 'f' && e.target === 't')!;
    expect(call.data).toEqual({ text: 'GetItem', spot: 0.5 });
    expect(edges.every((e) => e.type === 'link')).toBe(true);
  });
});
