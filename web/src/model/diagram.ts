// The diagram document as the canvas edits it: the same JSON the format defines
// (docs/diagram-format.md), plus pure helpers that return new documents.

export interface Position { x: number; y: number }

export interface DNode {
  kind: string;
  id: string;
  name?: string;
  position?: Position;
  [field: string]: unknown;
}

export interface DEdge {
  from: string;
  to: string;
  id?: string;
  [field: string]: unknown;
}

export interface Diagram {
  archway: number;
  name: string;
  nodes: DNode[];
  edges?: DEdge[];
  [field: string]: unknown;
}

/** An edge without an id is known as from->to, as the compiler names it. */
export function edgeKey(e: DEdge): string {
  return e.id ?? `${e.from}->${e.to}`;
}

export function emptyDiagram(name: string): Diagram {
  return { archway: 1, name, nodes: [], edges: [] };
}

export function findNode(d: Diagram, id: string): DNode | undefined {
  return d.nodes.find((n) => n.id === id);
}

/** A fresh id for a new element of a kind: kind-1, kind-2, ... never reused within the diagram. */
export function freshId(d: Diagram, base: string): string {
  const taken = new Set(d.nodes.map((n) => n.id));
  const stem = base.replace(/[^A-Za-z0-9_.-]+/g, '-').toLowerCase() || 'node';
  for (let i = 1; ; i++) {
    const id = `${stem}-${i}`;
    if (!taken.has(id)) return id;
  }
}

export function withNodes(d: Diagram, nodes: DNode[]): Diagram {
  return { ...d, nodes };
}

export function replaceNode(d: Diagram, node: DNode): Diagram {
  return withNodes(d, d.nodes.map((n) => (n.id === node.id ? node : n)));
}

/** Reads the text the server holds: JSON only (XML diagrams are converted on import by the server's check). */
export function parseDiagram(text: string): Diagram {
  const d = JSON.parse(text) as Diagram;
  if (!d || typeof d !== 'object' || !Array.isArray(d.nodes)) throw new Error('not an Archway diagram: no "nodes" list');
  return d;
}

/** Stable two-space JSON, the spelling the samples use, so that saves diff cleanly. */
export function serializeDiagram(d: Diagram): string {
  return JSON.stringify(d, null, 2) + '\n';
}

/** Sets (or, with undefined, removes) the value at a path of keys inside an object, copying along the way. */
export function setPath<T extends Record<string, unknown>>(obj: T, path: readonly string[], value: unknown): T {
  if (path.length === 0) return obj;
  const [head, ...rest] = path;
  const copy: Record<string, unknown> = { ...obj };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
  } else {
    const child = (copy[head] && typeof copy[head] === 'object' ? copy[head] : {}) as Record<string, unknown>;
    const next = setPath(child, rest, value);
    if (Object.keys(next).length === 0) delete copy[head];
    else copy[head] = next;
  }
  return copy as T;
}

export function getPath(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
