// Edits of several elements at once: delete, paste, move, rename, each returning a new diagram
// whose references stay whole (a deleted element's links go with it, a pasted group keeps its own).

import { type DEdge, type DNode, type Diagram, edgeKey, freshId } from './diagram';
import { disconnect } from './connections';
import type { Field } from './schemaForm';

/** Replaces references to ids in a node's fields: plain strings, lists, and objects of lists (mix, routeThrottles). */
function mapRefs(value: unknown, f: (id: string) => string | undefined, refKeys: ReadonlySet<string>, key = ''): unknown {
  if (typeof value === 'string') return refKeys.has(key) ? f(value) : value;
  if (Array.isArray(value)) {
    const out = value.map((v) => mapRefs(v, f, refKeys, key)).filter((v) => v !== undefined);
    return out.length || !value.length ? out : undefined;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' || k === 'kind') { out[k] = v; continue; }
      const m = mapRefs(v, f, refKeys, k);
      if (m !== undefined) out[k] = m;
    }
    return out;
  }
  return value;
}

/** The keys whose values are node ids, from the schema's forms. */
export function referenceKeys(forms: Field[][]): Set<string> {
  const keys = new Set<string>();
  const walk = (fs: Field[]) => fs.forEach((f) => {
    if (f.type === 'ref' || f.type === 'refs') keys.add(f.key);
    if (f.children) walk(f.children);
  });
  forms.forEach(walk);
  return keys;
}

export function deleteElements(d: Diagram, nodeIds: ReadonlySet<string>, linkKeys: readonly string[], refKeys: ReadonlySet<string>): Diagram {
  let out = d;
  for (const k of linkKeys) out = disconnect(out, k);
  if (!nodeIds.size) return out;
  const gone = (id: string) => (nodeIds.has(id) ? undefined : id);
  return {
    ...out,
    nodes: out.nodes.filter((n) => !nodeIds.has(n.id)).map((n) => mapRefs(n, gone, refKeys) as DNode),
    edges: (out.edges ?? []).filter((e) => !nodeIds.has(e.from) && !nodeIds.has(e.to)),
  };
}

export function renameElement(d: Diagram, from: string, to: string, refKeys: ReadonlySet<string>): Diagram {
  if (from === to || d.nodes.some((n) => n.id === to)) return d;
  const f = (id: string) => (id === from ? to : id);
  return {
    ...d,
    nodes: d.nodes.map((n) => ({ ...(mapRefs(n, f, refKeys) as DNode), id: n.id === from ? to : n.id })),
    edges: (d.edges ?? []).map((e) => ({ ...e, from: f(e.from), to: f(e.to) })),
  };
}

export interface Clip { nodes: DNode[]; edges: DEdge[] }

/** What a copy takes: the selected elements and the edges among them. */
export function copyElements(d: Diagram, ids: ReadonlySet<string>): Clip {
  return {
    nodes: d.nodes.filter((n) => ids.has(n.id)),
    edges: (d.edges ?? []).filter((e) => ids.has(e.from) && ids.has(e.to)),
  };
}

/** Pastes a clip with fresh ids, moved by an offset; references among the pasted elements follow them. */
export function pasteElements(d: Diagram, clip: Clip, refKeys: ReadonlySet<string>, offset = 40): { diagram: Diagram; ids: string[] } {
  const renamed = new Map<string, string>();
  let scratch = d;
  for (const n of clip.nodes) {
    const id = freshId(scratch, n.id.replace(/-\d+$/, ''));
    renamed.set(n.id, id);
    scratch = { ...scratch, nodes: [...scratch.nodes, { kind: n.kind, id }] };
  }
  const f = (id: string) => renamed.get(id) ?? id;
  const nodes = clip.nodes.map((n) => {
    const m = mapRefs(n, f, refKeys) as DNode;
    const pos = n.position ? { x: n.position.x + offset, y: n.position.y + offset } : undefined;
    return { ...m, id: renamed.get(n.id)!, ...(pos ? { position: pos } : {}) };
  });
  const edges = clip.edges.map((e) => {
    const copy: DEdge = { ...e, from: f(e.from), to: f(e.to) };
    delete copy.id;
    return copy;
  });
  return { diagram: { ...d, nodes: [...d.nodes, ...nodes], edges: [...(d.edges ?? []), ...edges] }, ids: nodes.map((n) => n.id) };
}

/** Moves elements to new centres; positions are whole canvas units so that saves stay stable. */
export function moveElements(d: Diagram, moves: ReadonlyMap<string, { x: number; y: number }>): Diagram {
  if (!moves.size) return d;
  return {
    ...d,
    nodes: d.nodes.map((n) => {
      const p = moves.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}

export { edgeKey };
