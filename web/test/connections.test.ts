// The link table: what may connect, why not, and what a connection writes into the diagram.
import { describe, expect, it } from 'vitest';
import schema from '../../docs/schema/diagram-1.schema.json';
import { LINKS, connect, disconnect, drawnLinks, refusal } from '../src/model/connections';
import type { Diagram } from '../src/model/diagram';

const d: Diagram = {
  archway: 1, name: 't',
  nodes: [
    { kind: 'api', id: 'a', type: 'http' },
    { kind: 'route', id: 'r', api: 'a', method: 'GET', path: '/x', position: { x: 0, y: 0 } },
    { kind: 'function', id: 'f', runtime: 'nodejs22.x', position: { x: 400, y: 40 } },
    { kind: 'datastore', id: 't', engine: 'dynamodb' },
    { kind: 'client', id: 'c', traffic: { profile: 'constant', rate: 1 } },
  ],
  edges: [],
};

describe('connections', () => {
  it('refuses a route calling a data store, and says why', () => {
    expect(refusal(d, 'r', 't')).toMatch(/route cannot call a data store directly/);
  });
  it('refuses self-links and names what a kind may connect to', () => {
    expect(refusal(d, 'f', 'f')).toMatch(/itself/);
    expect(refusal(d, 'c', 'f')).toMatch(/never a function/);
    expect(refusal(d, 'f', 'c')).toMatch(/a function cannot connect to a client; a function connects to datastore/);
  });
  it('puts a Lambda integration between a route and a function', () => {
    const out = connect(d, 'r', 'f');
    const route = out.nodes.find((n) => n.id === 'r')!;
    const integ = out.nodes.find((n) => n.id === route.integration)!;
    expect(integ).toMatchObject({ kind: 'integration', type: 'lambda', function: 'f', position: { x: 200, y: 20 } });
    expect(drawnLinks(out).map((l) => l.key)).toEqual([`ref:r:integration:${integ.id}`, `ref:${integ.id}:function:f`]);
  });
  it('writes calls as edges and removes them again', () => {
    const out = connect(d, 'f', 't');
    expect(out.edges).toEqual([{ from: 'f', to: 't' }]);
    expect(connect(out, 'f', 't').edges).toHaveLength(1);
    expect(disconnect(out, 'edge:f->t').edges).toEqual([]);
  });
  it('clears a reference field when its link is removed', () => {
    const out = connect(d, 'c', 'a');
    expect(out.edges).toEqual([{ from: 'c', to: 'a' }]);
    const withStage = connect({ ...d, nodes: [...d.nodes, { kind: 'stage', id: 's', api: 'a' }] }, 'c', 's');
    expect(withStage.nodes.find((n) => n.id === 'c')!.stage).toBe('s');
    expect(disconnect(withStage, 'ref:c:stage:s').nodes.find((n) => n.id === 'c')!.stage).toBeUndefined();
  });
  it('covers every node reference of the format, so the table matches what the compiler resolves', () => {
    // Every reference field of a node kind in the schema, except those edited in forms (lists of objects, routes' own API).
    const fields: string[] = [];
    for (const [name, def] of Object.entries((schema as { $defs: Record<string, { properties?: Record<string, { description?: string }> }> }).$defs)) {
      if (!name.endsWith('Node')) continue;
      for (const [k, v] of Object.entries(def.properties ?? {})) {
        if (/ids? of (a )?nodes? of kind/.test(v.description ?? '')) fields.push(`${name.replace(/Node$/, '')}.${k}`);
      }
    }
    const table = new Set(LINKS.flatMap((l) => ('field' in l.via ? [`${l.from}.${l.via.field}`] : 'list' in l.via ? [`${l.from}.${l.via.list}`] : [])));
    expect(fields.filter((f) => !table.has(f))).toEqual([]);
  });
});

describe('placement of an inserted integration', () => {
  it('moves off the elements it would cover', () => {
    const near: Diagram = { ...d, nodes: d.nodes.map((n) => (n.id === 'f' ? { ...n, position: { x: 0, y: 100 } } : n)) };
    const out = connect(near, 'r', 'f');
    const integ = out.nodes.find((n) => n.kind === 'integration')!;
    expect(integ.position).toEqual({ x: 0, y: 50 + 2 * 90 });
  });
});
