// The editor's top bar: back to the list, the name, save state, undo and redo, search by name,
// tidy (the server's Graphviz layout) and the exports.

import { type RefObject, Suspense } from 'react';
import type { Diagram } from '../model/diagram';
import type { DocApi } from '../hooks/useDocument';
import { ExportMenu } from './lazyPanels';
import { tidy } from './tidy';

export interface ToolbarProps {
  id: number;
  doc: DocApi;
  diagram: Diagram;
  search: string;
  setSearch: (s: string) => void;
  searchBox: RefObject<HTMLInputElement | null>;
  matches: ReadonlySet<string> | null;
  onSelect: (ids: string[]) => void;
  onMessage: (m: string) => void;
}

function saveState(doc: DocApi): string {
  if (doc.state.saving) return 'Saving…';
  if (doc.state.stale) return 'Not saved: someone else saved';
  if (doc.dirty) return 'Unsaved changes';
  return `Saved · revision ${doc.revision}`;
}

export function Toolbar({ id, doc, diagram, search, setSearch, searchBox, matches, onSelect, onMessage }: ToolbarProps) {
  return (
    <header className="toolbar">
      <a href="#/" className="back">← Diagrams</a>
      <h1 className="doc-name">{diagram.name}</h1>
      <span className="save-state" role="status" data-testid="save-state">{saveState(doc)}</span>
      <button type="button" onClick={() => void doc.save()} title="Ctrl+S">Save</button>
      <button type="button" onClick={doc.undo} disabled={!doc.canUndo} title="Ctrl+Z">Undo</button>
      <button type="button" onClick={doc.redo} disabled={!doc.canRedo} title="Ctrl+Shift+Z">Redo</button>
      <form role="search" className="search" onSubmit={(e) => { e.preventDefault(); if (matches?.size) onSelect([...matches]); }}>
        <label htmlFor="search" className="sr-only">Search elements by name</label>
        <input id="search" ref={searchBox} type="search" placeholder="Search (Ctrl+F)" value={search} onChange={(e) => setSearch(e.target.value)} />
        {matches && <span className="search-count">{matches.size} found</span>}
      </form>
      <button type="button" onClick={() => void tidy(id, doc).then(onMessage, (e: Error) => onMessage(`Tidy failed: ${e.message}`))}>Tidy</button>
      <Suspense fallback={<button type="button" disabled>Export</button>}>
        <ExportMenu id={id} doc={doc} onMessage={onMessage} />
      </Suspense>
    </header>
  );
}
