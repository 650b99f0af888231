// What differs between two versions of a diagram, element by element: what the stale-save
// dialog shows before the user chooses to reload theirs or keep their own.

import type { Diagram } from './diagram';
import { edgeKey } from './diagram';

export interface Comparison { added: string[]; removed: string[]; changed: string[]; fields: string[] }

const stable = (v: unknown): string => JSON.stringify(v, (_k, x) =>
  x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x);

/** Differences from a to b: elements (nodes and edges by id) added, removed and changed, and top-level fields. */
export function compareDiagrams(a: Diagram, b: Diagram): Comparison {
  const index = (d: Diagram) => {
    const m = new Map<string, string>();
    d.nodes.forEach((n) => m.set(n.id, stable(n)));
    (d.edges ?? []).forEach((e) => m.set(edgeKey(e), stable(e)));
    return m;
  };
  const ia = index(a);
  const ib = index(b);
  const out: Comparison = { added: [], removed: [], changed: [], fields: [] };
  for (const [k, v] of ib) {
    if (!ia.has(k)) out.added.push(k);
    else if (ia.get(k) !== v) out.changed.push(k);
  }
  for (const k of ia.keys()) if (!ib.has(k)) out.removed.push(k);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== 'nodes' && k !== 'edges'));
  for (const k of keys) if (stable(a[k]) !== stable(b[k])) out.fields.push(k);
  return out;
}

export const isSame = (c: Comparison) => !c.added.length && !c.removed.length && !c.changed.length && !c.fields.length;
