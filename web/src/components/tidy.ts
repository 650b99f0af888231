// Tidy: the server lays the saved revision out with Graphviz (the layout artifact); its centres
// become the elements' positions in one undoable change.

import { api } from '../api/client';
import type { DocApi } from '../hooks/useDocument';
import { moveElements } from '../model/edit';
import { spreadLayout } from '../model/layout';

/** Saves first when needed, so the layout is of what the user sees. */
export async function savedRevision(doc: DocApi): Promise<number> {
  const rev = await doc.save();
  if (rev === null) throw new Error('the diagram could not be saved first');
  return rev;
}

export async function tidy(id: number, doc: DocApi): Promise<string> {
  const rev = await savedRevision(doc);
  const layout = JSON.parse(await api.artifact(id, rev, 'layout.json')) as { positions: Record<string, { x: number; y: number }> };
  const moves = spreadLayout(layout.positions);
  doc.change((d) => moveElements(d, moves));
  return `Tidied ${moves.size} elements (Ctrl+Z undoes it).`;
}
