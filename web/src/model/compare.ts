// What differs between two versions of a diagram, element by element and field by field, and
// who changed what since the revision both started from: what the stale-save dialog shows before
// the user reloads theirs, keeps theirs or mine, or merges both when they touched different elements.

import type { DEdge, DNode, Diagram } from './diagram';
import { edgeKey } from './diagram';

export interface Comparison { added: string[]; removed: string[]; changed: string[]; fields: string[] }

const stable = (v: unknown): string => JSON.stringify(v, (_k, x) =>
  x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x) ?? 'undefined';

type Element = DNode | DEdge;

/** Every element of a diagram by its key: nodes by id, edges as the compiler names them. */
function elements(d: Diagram): Map<string, Element> {
  const m = new Map<string, Element>();
  d.nodes.forEach((n) => m.set(n.id, n));
  (d.edges ?? []).forEach((e) => m.set(edgeKey(e), e));
  return m;
}

/** The diagram's own fields (name, regions, parameters ...), without its element lists. */
const topKeys = (...ds: Diagram[]) =>
  [...new Set(ds.flatMap((d) => Object.keys(d)))].filter((k) => k !== 'nodes' && k !== 'edges');

const same = (a: unknown, b: unknown) => stable(a) === stable(b);

/** Differences from a to b: elements (nodes and edges by id) added, removed and changed, and top-level fields. */
export function compareDiagrams(a: Diagram, b: Diagram): Comparison {
  const ia = elements(a);
  const ib = elements(b);
  const out: Comparison = { added: [], removed: [], changed: [], fields: [] };
  for (const [k, v] of ib) {
    if (!ia.has(k)) out.added.push(k);
    else if (!same(ia.get(k), v)) out.changed.push(k);
  }
  for (const k of ia.keys()) if (!ib.has(k)) out.removed.push(k);
  for (const k of topKeys(a, b)) if (!same(a[k], b[k])) out.fields.push(k);
  return out;
}

export const isSame = (c: Comparison) => !c.added.length && !c.removed.length && !c.changed.length && !c.fields.length;

/** One field of one element (or of the diagram) as the server holds it and as this page has it. */
export interface FieldDiff { field: string; theirs: unknown; mine: unknown }

/** Who changed something since the revision both sides started from. */
export type Author = 'theirs' | 'mine' | 'both';

export interface ElementDiff {
  key: string;
  kind: string;                 // a node's kind, or "edge"
  presence: 'both' | 'theirs' | 'mine';
  author: Author;
  fields: FieldDiff[];
}

export interface ThreeWay {
  elements: ElementDiff[];      // in the order of theirs, then what only this page has
  diagram: (FieldDiff & { author: Author })[];
  conflicts: string[];          // elements and diagram fields both sides changed
}

function fieldDiffs(theirs: Record<string, unknown> | undefined, mine: Record<string, unknown> | undefined): FieldDiff[] {
  const keys = [...new Set([...Object.keys(theirs ?? {}), ...Object.keys(mine ?? {})])];
  return keys.filter((k) => !same(theirs?.[k], mine?.[k])).map((k) => ({ field: k, theirs: theirs?.[k], mine: mine?.[k] }));
}

function authorOf(base: unknown, theirs: unknown, mine: unknown): Author {
  const byThem = !same(base, theirs);
  const byMe = !same(base, mine);
  return byThem && byMe ? 'both' : byMe ? 'mine' : 'theirs';
}

/**
 * What differs between theirs (the server's latest) and mine (this page), field by field, with who
 * changed each difference since base (the revision this page last loaded or saved).
 */
export function compareThreeWay(base: Diagram, mine: Diagram, theirs: Diagram): ThreeWay {
  const [b, m, t] = [elements(base), elements(mine), elements(theirs)];
  const keys = [...t.keys(), ...[...m.keys()].filter((k) => !t.has(k))];
  const out: ThreeWay = { elements: [], diagram: [], conflicts: [] };
  for (const key of keys) {
    const te = t.get(key), me = m.get(key);
    if (same(te, me)) continue;
    const author = authorOf(b.get(key), te, me);
    const any = (te ?? me) as Element;
    out.elements.push({
      key, kind: 'kind' in any && typeof any.kind === 'string' ? any.kind : 'edge',
      presence: te && me ? 'both' : te ? 'theirs' : 'mine', author, fields: fieldDiffs(te, me),
    });
    if (author === 'both') out.conflicts.push(key);
  }
  for (const field of topKeys(base, mine, theirs)) {
    if (same(theirs[field], mine[field])) continue;
    const author = authorOf(base[field], theirs[field], mine[field]);
    out.diagram.push({ field, theirs: theirs[field], mine: mine[field], author });
    if (author === 'both') out.conflicts.push(`diagram.${field}`);
  }
  return out;
}

/** Replaces, adds or removes (value undefined) the element under key, keeping the others' order. */
function putElement<T extends Element>(list: T[], keyOf: (e: T) => string, key: string, value: T | undefined): T[] {
  const at = list.findIndex((e) => keyOf(e) === key);
  if (value === undefined) return at < 0 ? list : list.filter((_, i) => i !== at);
  return at < 0 ? [...list, value] : list.map((e, i) => (i === at ? value : e));
}

/**
 * Theirs with my changes applied again: every element and diagram field I changed since base,
 * added or removed, as I left it. Null when both sides changed the same element or field: then
 * only the user can say which wins.
 */
export function mergeDiagrams(base: Diagram, mine: Diagram, theirs: Diagram): Diagram | null {
  const diff = compareThreeWay(base, mine, theirs);
  if (diff.conflicts.length) return null;
  const m = elements(mine);
  let nodes = theirs.nodes;
  let edges = theirs.edges ?? [];
  for (const e of diff.elements.filter((x) => x.author === 'mine')) {
    const value = m.get(e.key);
    if (e.kind === 'edge') edges = putElement(edges, edgeKey, e.key, value as DEdge | undefined);
    else nodes = putElement(nodes, (n) => n.id, e.key, value as DNode | undefined);
  }
  const out: Diagram = { ...theirs, nodes };
  if (theirs.edges || edges.length) out.edges = edges;
  for (const f of diff.diagram.filter((x) => x.author === 'mine')) {
    if (f.mine === undefined) delete out[f.field];
    else out[f.field] = f.mine;
  }
  return out;
}

/** A value as the dialog shows it: compact JSON, cut short past a line. */
export function shownValue(v: unknown, max = 80): string {
  if (v === undefined) return '(not set)';
  const text = typeof v === 'string' ? v : stable(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
