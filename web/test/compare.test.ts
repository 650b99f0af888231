// The stale-save dialog's logic: the three-way compare (field by field, with who changed what
// since the common revision) and merging both sides when they touched different elements.
import { describe, expect, it } from 'vitest';
import { compareThreeWay, mergeDiagrams, shownValue } from '../src/model/compare';
import type { Diagram } from '../src/model/diagram';

const base: Diagram = {
  archway: 1, name: 'Orders',
  nodes: [
    { kind: 'function', id: 'fn', runtime: 'nodejs22.x', memory: 512 },
    { kind: 'datastore', id: 'table', engine: 'dynamodb', resourceName: 'orders' },
    { kind: 'queue', id: 'q', fifo: false },
  ],
  edges: [{ from: 'fn', to: 'table', access: 'read' }],
};

const edit = (d: Diagram, id: string, fields: Record<string, unknown>): Diagram =>
  ({ ...d, nodes: d.nodes.map((n) => (n.id === id ? { ...n, ...fields } : n)) });

describe('three-way compare', () => {
  it('lists each differing element with its fields, theirs and mine, and who changed it', () => {
    const theirs = edit(base, 'fn', { memory: 1024, timeout: '10s' });
    const mine = { ...edit(base, 'table', { resourceName: 'orders-v2' }), name: 'Orders v2' };
    const d = compareThreeWay(base, mine, theirs);
    expect(d.elements).toEqual([
      { key: 'fn', kind: 'function', presence: 'both', author: 'theirs',
        fields: [{ field: 'memory', theirs: 1024, mine: 512 }, { field: 'timeout', theirs: '10s', mine: undefined }] },
      { key: 'table', kind: 'datastore', presence: 'both', author: 'mine',
        fields: [{ field: 'resourceName', theirs: 'orders', mine: 'orders-v2' }] },
    ]);
    expect(d.diagram).toEqual([{ field: 'name', theirs: 'Orders', mine: 'Orders v2', author: 'mine' }]);
    expect(d.conflicts).toEqual([]);
  });

  it('tells added from deleted, and edges from nodes', () => {
    const theirs: Diagram = { ...base, nodes: [...base.nodes, { kind: 'function', id: 'fn2', runtime: 'python3.13' }] };
    const mine: Diagram = { ...base, nodes: base.nodes.filter((n) => n.id !== 'q'), edges: [{ from: 'fn', to: 'table', access: 'read-write' }] };
    const d = compareThreeWay(base, mine, theirs);
    expect(d.elements.map((e) => [e.key, e.kind, e.presence, e.author])).toEqual([
      ['q', 'queue', 'theirs', 'mine'],            // only in theirs because I deleted it
      ['fn2', 'function', 'theirs', 'theirs'],     // only in theirs because they added it
      ['fn->table', 'edge', 'both', 'mine'],
    ]);
    expect(d.elements[2].fields).toEqual([{ field: 'access', theirs: 'read', mine: 'read-write' }]);
  });

  it('names an element both changed as a conflict, and will not merge it', () => {
    const theirs = edit(base, 'fn', { memory: 1024 });
    const mine = edit(base, 'fn', { memory: 2048, timeout: '3s' });
    const d = compareThreeWay(base, mine, theirs);
    expect(d.conflicts).toEqual(['fn']);
    expect(d.elements[0].author).toBe('both');
    expect(mergeDiagrams(base, mine, theirs)).toBeNull();
  });

  it('shows values compactly: unset, text, objects with sorted keys, long ones cut', () => {
    expect(shownValue(undefined)).toBe('(not set)');
    expect(shownValue('10s')).toBe('10s');
    expect(shownValue({ y: 2, x: 1 })).toBe('{"x":1,"y":2}');
    expect(shownValue('x'.repeat(100), 10)).toBe('xxxxxxxxx…');
  });
});

describe('merge both', () => {
  it('takes theirs and applies my edits, additions and deletions again', () => {
    const theirs = { ...edit(base, 'fn', { memory: 1024 }), regions: ['eu-west-1'] };
    const mine: Diagram = {
      ...edit(base, 'table', { resourceName: 'orders-v2' }),
      nodes: [...edit(base, 'table', { resourceName: 'orders-v2' }).nodes.filter((n) => n.id !== 'q'), { kind: 'queue', id: 'q2' }],
      edges: [...base.edges!, { from: 'fn', to: 'q2' }],
      name: 'Orders v2',
    };
    const merged = mergeDiagrams(base, mine, theirs)!;
    expect(merged.nodes).toEqual([
      { kind: 'function', id: 'fn', runtime: 'nodejs22.x', memory: 1024 },
      { kind: 'datastore', id: 'table', engine: 'dynamodb', resourceName: 'orders-v2' },
      { kind: 'queue', id: 'q2' },
    ]);
    expect(merged.edges).toEqual([{ from: 'fn', to: 'table', access: 'read' }, { from: 'fn', to: 'q2' }]);
    expect(merged.name).toBe('Orders v2');
    expect(merged.regions).toEqual(['eu-west-1']);
    // Merged, nothing of mine differs from it and nothing of theirs was lost.
    expect(compareThreeWay(base, mine, merged).elements.filter((e) => e.author !== 'theirs')).toEqual([]);
  });

  it('removes a diagram field I removed and keeps one they added', () => {
    const withTags = { ...base, tags: { team: 'orders' } };
    const theirs = { ...withTags, description: 'Orders service' };
    const { tags: _dropped, ...mine } = withTags;
    const merged = mergeDiagrams(withTags, mine as Diagram, theirs)!;
    expect(merged.tags).toBeUndefined();
    expect(merged.description).toBe('Orders service');
  });
});
