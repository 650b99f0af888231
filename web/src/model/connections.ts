// Which element may connect to which, and what a connection writes into the diagram: the one
// table the canvas consults while dragging, drawing and deleting links. It follows the compiler:
// structural links are fields of the node (compiler/resolve.c resolves them), calls are edges
// (the edge_targets table of compiler/resolve.c).

import { type DEdge, type DNode, type Diagram, edgeKey, findNode, freshId } from './diagram';
import { freeSpot } from './layout';

/** How a link is spelt in the diagram. */
export type Via =
  | { edge: true }                                          // an entry of "edges"
  | { field: string; set?: Record<string, unknown> }       // a reference field of the source node
  | { list: string }                                        // an id appended to a list field of the source
  | { through: 'integration' };                            // a route to a function: a Lambda integration between

export interface Link { from: string; to: string; via: Via }

const edge = { edge: true } as const;

export const LINKS: readonly Link[] = [
  { from: 'client', to: 'stage', via: { field: 'stage' } },
  { from: 'client', to: 'apiKey', via: { field: 'apiKey' } },
  { from: 'client', to: 'api', via: edge },
  { from: 'client', to: 'route', via: edge },
  { from: 'api', to: 'authorizer', via: { field: 'defaultAuthorizer' } },
  { from: 'route', to: 'api', via: { field: 'api' } },
  { from: 'route', to: 'integration', via: { field: 'integration' } },
  { from: 'route', to: 'authorizer', via: { field: 'authorizer' } },
  { from: 'route', to: 'function', via: { through: 'integration' } },
  { from: 'stage', to: 'api', via: { field: 'api' } },
  { from: 'integration', to: 'function', via: { field: 'function', set: { type: 'lambda' } } },
  { from: 'integration', to: 'vpcLink', via: { field: 'vpcLink', set: { type: 'private' } } },
  { from: 'integration', to: 'loadBalancer', via: { field: 'listener', set: { type: 'private' } } },
  { from: 'integration', to: 'datastore', via: { field: 'target', set: { type: 'aws' } } },
  { from: 'integration', to: 'httpBackend', via: { field: 'backend', set: { type: 'http' } } },
  { from: 'authorizer', to: 'function', via: { field: 'function', set: { type: 'lambda' } } },
  { from: 'usagePlan', to: 'stage', via: { list: 'stages' } },
  { from: 'usagePlan', to: 'apiKey', via: { list: 'apiKeys' } },
  { from: 'vpcLink', to: 'loadBalancer', via: { list: 'targets' } },
  ...['datastore', 'httpBackend', 'function', 'loadBalancer', 'api', 'stage', 'route'].map(
    (to) => ({ from: 'function', to, via: edge })),
  { from: 'loadBalancer', to: 'httpBackend', via: edge },
  { from: 'loadBalancer', to: 'function', via: edge },
  ...['datastore', 'httpBackend', 'function', 'loadBalancer'].map((to) => ({ from: 'httpBackend', to, via: edge })),
  { from: 'datastore', to: 'function', via: edge },
];

/** Why a tempting pair is refused, where the general sentence would not help. */
const REASONS: Record<string, string> = {
  'route>datastore': 'a route cannot call a data store directly: connect it to an integration of type aws, or to a function',
  'route>httpBackend': 'a route calls an integration of type http, which names the backend',
  'route>loadBalancer': 'a route reaches a load balancer through a private integration and a VPC link',
  'api>route': 'routes belong to an API: drop the route inside the API, or connect the route to the API',
  'api>function': 'an API calls functions through its routes and their integrations',
  'stage>route': 'a stage deploys its whole API: connect the stage to the API',
  'client>function': 'clients call an API, a stage or a route, never a function directly',
  'client>datastore': 'clients call an API, a stage or a route, never a data store directly',
};

export function findLink(fromKind: string, toKind: string): Link | undefined {
  return LINKS.find((l) => l.from === fromKind && l.to === toKind);
}

const article = (w: string) => (/^[aeiou]/i.test(w) ? `an ${w}` : `a ${w}`);

/** Null when the connection is allowed, else the sentence shown while dragging. */
export function refusal(d: Diagram, fromId: string, toId: string): string | null {
  if (fromId === toId) return 'an element cannot connect to itself';
  const a = findNode(d, fromId);
  const b = findNode(d, toId);
  if (!a || !b) return 'both ends must be elements of the diagram';
  if (findLink(a.kind, b.kind)) return null;
  const special = REASONS[`${a.kind}>${b.kind}`];
  if (special) return special;
  const targets = LINKS.filter((l) => l.from === a.kind).map((l) => l.to);
  return targets.length
    ? `${article(a.kind)} cannot connect to ${article(b.kind)}; ${article(a.kind)} connects to ${targets.join(', ')}`
    : `${article(a.kind)} starts no connection: others connect to it`;
}

/** The diagram with the connection made (callers check refusal() first). */
export function connect(d: Diagram, fromId: string, toId: string): Diagram {
  const a = findNode(d, fromId)!;
  const b = findNode(d, toId)!;
  const link = findLink(a.kind, b.kind);
  if (!link) return d;
  const via = link.via;
  if ('edge' in via) {
    const edges = d.edges ?? [];
    if (edges.some((e) => e.from === fromId && e.to === toId)) return d;
    return { ...d, edges: [...edges, { from: fromId, to: toId }] };
  }
  if ('field' in via) return patch(d, { ...a, ...via.set, [via.field]: toId });
  if ('list' in via) {
    const list = Array.isArray(a[via.list]) ? (a[via.list] as string[]) : [];
    return list.includes(toId) ? d : patch(d, { ...a, [via.list]: [...list, toId] });
  }
  // A route to a function: the Lambda proxy integration the model needs between them.
  const id = freshId(d, `${toId}-integration`.replace(/-integration-integration$/, '-integration'));
  const pos = a.position && b.position
    ? freeSpot(d, { x: Math.round((a.position.x + b.position.x) / 2), y: Math.round((a.position.y + b.position.y) / 2) })
    : undefined;
  const integration: DNode = { kind: 'integration', id, type: 'lambda', function: toId, ...(pos ? { position: pos } : {}) };
  const withRoute = patch(d, { ...a, integration: id });
  return { ...withRoute, nodes: [...withRoute.nodes, integration] };
}

function patch(d: Diagram, node: DNode): Diagram {
  return { ...d, nodes: d.nodes.map((n) => (n.id === node.id ? node : n)) };
}

/** One drawn link: an edge of the diagram or a reference held in a field. */
export interface DrawnLink { key: string; from: string; to: string; kind: 'edge' | 'field'; field?: string; label?: string }

/** Every link to draw, from the fields the table names and the edges. */
export function drawnLinks(d: Diagram): DrawnLink[] {
  const ids = new Set(d.nodes.map((n) => n.id));
  const out: DrawnLink[] = [];
  for (const n of d.nodes) {
    for (const l of LINKS) {
      if (l.from !== n.kind) continue;
      const via = l.via;
      const field = 'field' in via ? via.field : 'list' in via ? via.list : null;
      if (!field || (field === 'api' && n.kind === 'route')) continue;   // routes sit inside their API's group
      const value = n[field];
      const targets = Array.isArray(value) ? (value as unknown[]) : [value];
      for (const t of targets) {
        if (typeof t !== 'string' || !ids.has(t)) continue;
        if (findNode(d, t)!.kind !== l.to) continue;
        const key = `ref:${n.id}:${field}:${t}`;
        if (!out.some((o) => o.key === key)) out.push({ key, from: n.id, to: t, kind: 'field', field });
      }
    }
  }
  for (const e of d.edges ?? []) {
    if (ids.has(e.from) && ids.has(e.to)) out.push({ key: `edge:${edgeKey(e)}`, from: e.from, to: e.to, kind: 'edge', label: e.label as string | undefined });
  }
  return out;
}

/** The diagram without one drawn link: the edge goes, or the field is cleared. */
export function disconnect(d: Diagram, key: string): Diagram {
  if (key.startsWith('edge:')) {
    const k = key.slice(5);
    return { ...d, edges: (d.edges ?? []).filter((e: DEdge) => edgeKey(e) !== k) };
  }
  const [, from, field, to] = key.split(':');
  const n = findNode(d, from);
  if (!n) return d;
  const copy: DNode = { ...n };
  if (Array.isArray(copy[field])) {
    const rest = (copy[field] as string[]).filter((x) => x !== to);
    if (rest.length) copy[field] = rest;
    else delete copy[field];
  } else delete copy[field];
  return patch(d, copy);
}
