// The diagram as React Flow nodes: a new check or a save keeps the nodes it does not change, so
// that only their cards are drawn again.
import { describe, expect, it } from 'vitest';
import { type Decorations, keepUnchanged, toFlowNodes } from '../src/canvas/toFlow';
import type { Diagram } from '../src/model/diagram';

const d: Diagram = {
  archway: 1, name: 't',
  nodes: [
    { kind: 'api', id: 'a', type: 'http' },
    { kind: 'route', id: 'r', api: 'a', position: { x: 300, y: 100 } },
    { kind: 'function', id: 'f', position: { x: 700, y: 100 } },
  ],
};
const deco = (errors: number): Decorations => ({
  badges: new Map([['r', { errors, warnings: 0, notes: 0 }]]), loads: new Map(), bottleneck: null, matches: null,
});

describe('flow nodes', () => {
  it('are the same array when a new check finds the same', () => {
    const first = toFlowNodes(d, deco(1), new Set());
    expect(keepUnchanged(first, toFlowNodes(d, deco(1), new Set()))).toBe(first);
  });

  it('are new only where something changed', () => {
    const first = toFlowNodes(d, deco(1), new Set());
    const next = keepUnchanged(first, toFlowNodes(d, deco(2), new Set()));
    expect(next).not.toBe(first);
    const by = (ns: typeof first, id: string) => ns.find((n) => n.id === id);
    expect(by(next, 'r')).not.toBe(by(first, 'r'));
    expect(by(next, 'r')!.data.badge).toEqual({ errors: 2, warnings: 0, notes: 0 });
    expect(by(next, 'f')).toBe(by(first, 'f'));
    expect(by(next, 'a')).toBe(by(first, 'a'));
  });

  it('follow a moved element', () => {
    const first = toFlowNodes(d, deco(1), new Set());
    const moved = { ...d, nodes: d.nodes.map((n) => (n.id === 'f' ? { ...n, position: { x: 800, y: 100 } } : n)) };
    const next = keepUnchanged(first, toFlowNodes(moved, deco(1), new Set()));
    expect(next.find((n) => n.id === 'f')!.position.x).toBe(800 - 92);
    expect(next.find((n) => n.id === 'r')).toBe(first.find((n) => n.id === 'r'));
  });
});
