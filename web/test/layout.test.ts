// Where cards sit: API boxes around their members, free spots for new elements, tidy's spacing.
import { describe, expect, it } from 'vitest';
import { GROUP_HEADER, GROUP_PAD, NODE_H, NODE_W, freeSpot, groupAt, groupBoxes, spreadLayout } from '../src/model/layout';
import type { Diagram } from '../src/model/diagram';

const d: Diagram = {
  archway: 1, name: 't',
  nodes: [
    { kind: 'api', id: 'a', type: 'http', position: { x: 0, y: 0 } },
    { kind: 'route', id: 'r1', api: 'a', position: { x: 300, y: 100 } },
    { kind: 'route', id: 'r2', api: 'a', position: { x: 300, y: 200 } },
    { kind: 'api', id: 'empty', type: 'http', position: { x: 1000, y: 1000 } },
    { kind: 'function', id: 'f', position: { x: 700, y: 150 } },
  ],
};

describe('layout', () => {
  it('draws an API as a box around its routes, and an empty one around its own position', () => {
    const boxes = groupBoxes(d);
    expect(boxes.get('a')).toEqual({
      x: 300 - NODE_W / 2 - GROUP_PAD, y: 100 - NODE_H / 2 - GROUP_PAD - GROUP_HEADER,
      width: NODE_W + 2 * GROUP_PAD, height: 100 + NODE_H + 2 * GROUP_PAD + GROUP_HEADER,
    });
    expect(boxes.get('empty')).toEqual({ x: 860, y: 930, width: 280, height: 140 });
    expect(groupAt(boxes, { x: 300, y: 150 })).toBe('a');
    expect(groupAt(boxes, { x: 700, y: 150 })).toBeUndefined();
  });
  it('finds a free spot below elements already there', () => {
    expect(freeSpot(d, { x: 700, y: 150 })).toEqual({ x: 700, y: 150 + NODE_H + 30 });
    expect(freeSpot(d, { x: 0, y: 500 })).toEqual({ x: 0, y: 500 });
  });
  it('spreads a picture-sized layout until no two cards overlap', () => {
    const out = spreadLayout({ a: { x: 53, y: 57 }, b: { x: 183, y: 57 }, c: { x: 53, y: 15 } });
    const [a, b, c] = ['a', 'b', 'c'].map((k) => out.get(k)!);
    expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual(NODE_W);
    expect(Math.abs(a.y - c.y)).toBeGreaterThanOrEqual(NODE_H);
    expect(spreadLayout({ a: { x: 0, y: 0 }, b: { x: 1000, y: 0 } }).get('b')).toEqual({ x: 1000, y: 0 });
  });
});
