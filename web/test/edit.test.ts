// Multi-element edits keep references whole: delete, rename, copy and paste, move; undo and compare.
import { describe, expect, it } from 'vitest';
import schema from '../../docs/schema/diagram-1.schema.json';
import { type JsonSchema, formFor, nodeKinds } from '../src/model/schemaForm';
import { copyElements, deleteElements, moveElements, pasteElements, referenceKeys, renameElement } from '../src/model/edit';
import { historyPush, historyRedo, historyStart, historyUndo } from '../src/model/history';
import { compareDiagrams } from '../src/model/compare';
import type { Diagram } from '../src/model/diagram';

const s = schema as JsonSchema;
const refs = referenceKeys([...nodeKinds(s), 'diagram'].map((k) => formFor(s, k)));

const d: Diagram = {
  archway: 1, name: 't',
  nodes: [
    { kind: 'api', id: 'a', type: 'http' },
    { kind: 'route', id: 'r', api: 'a', integration: 'i' },
    { kind: 'integration', id: 'i', type: 'lambda', function: 'f' },
    { kind: 'function', id: 'f', runtime: 'nodejs22.x', position: { x: 10, y: 10 } },
    { kind: 'stage', id: 's', api: 'a', routeThrottles: [{ route: 'r', rate: 1, burst: 1 }] },
    { kind: 'client', id: 'c', stage: 's', traffic: { profile: 'constant', rate: 1 }, mix: [{ route: 'r', weight: 1 }] },
    { kind: 'datastore', id: 't', engine: 'dynamodb' },
  ],
  edges: [{ from: 'f', to: 't' }],
};

describe('edits', () => {
  it('knows the reference keys from the schema', () => {
    expect([...refs]).toEqual(expect.arrayContaining(['api', 'integration', 'function', 'stage', 'route', 'stages', 'apiKeys']));
  });
  it('deletes elements with their edges and the references to them', () => {
    const out = deleteElements(d, new Set(['f']), [], refs);
    expect(out.nodes.find((n) => n.id === 'f')).toBeUndefined();
    expect(out.nodes.find((n) => n.id === 'i')!.function).toBeUndefined();
    expect(out.edges).toEqual([]);
  });
  it('renames an id everywhere it is referenced, nested lists included', () => {
    const out = renameElement(d, 'r', 'get-x', refs);
    expect(out.nodes.find((n) => n.id === 'get-x')!.integration).toBe('i');
    expect(out.nodes.find((n) => n.id === 's')!.routeThrottles).toEqual([{ route: 'get-x', rate: 1, burst: 1 }]);
    expect(out.nodes.find((n) => n.id === 'c')!.mix).toEqual([{ route: 'get-x', weight: 1 }]);
    expect(renameElement(d, 'r', 'f', refs)).toBe(d);   // taken ids are refused
  });
  it('pastes copies with fresh ids whose references among themselves follow', () => {
    const clip = copyElements(d, new Set(['i', 'f', 't']));
    expect(clip.edges).toEqual([{ from: 'f', to: 't' }]);
    const { diagram, ids } = pasteElements(d, clip, refs);
    expect(ids).toEqual(['i-1', 'f-1', 't-1']);
    expect(diagram.nodes.find((n) => n.id === 'i-1')!.function).toBe('f-1');
    expect(diagram.nodes.find((n) => n.id === 'f-1')!.position).toEqual({ x: 50, y: 50 });
    expect(diagram.edges).toContainEqual({ from: 'f-1', to: 't-1' });
  });
  it('moves to whole canvas units', () => {
    expect(moveElements(d, new Map([['f', { x: 1.6, y: 2.2 }]])).nodes.find((n) => n.id === 'f')!.position).toEqual({ x: 2, y: 2 });
  });
  it('undoes and redoes whole documents', () => {
    const moved = moveElements(d, new Map([['f', { x: 0, y: 0 }]]));
    let h = historyPush(historyStart(d), moved);
    h = historyUndo(h);
    expect(h.present).toBe(d);
    h = historyRedo(h);
    expect(h.present).toBe(moved);
    expect(historyPush(h, moved)).toBe(h);
  });
  it('compares two versions element by element', () => {
    const b = renameElement(moveElements(d, new Map([['f', { x: 0, y: 0 }]])), 't', 't2', refs);
    expect(compareDiagrams(d, { ...b, name: 'u' })).toEqual({ added: ['t2', 'f->t2'], removed: ['t', 'f->t'], changed: ['f'], fields: ['name'] });
  });
});
