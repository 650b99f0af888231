// One diagram open on the canvas: toolbar, palette, canvas, and the side panels (inspector,
// problems, history, simulation). State lives in hooks; this file wires them together.

import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { type Diagram, freshId, setPath } from '../model/diagram';
import { type Clip, copyElements, deleteElements, pasteElements } from '../model/edit';
import { badgesByElement } from '../model/findings';
import type { PaletteItem } from '../model/kinds';
import { loadsByNode } from '../model/simulation';
import { freeSpot } from '../model/layout';
import type { HopSnapshot } from '../api/simulations';
import type { Finding } from '../api/client';
import { useDocument } from '../hooks/useDocument';
import { useFindings } from '../hooks/useFindings';
import { useEvents } from '../hooks/useEvents';
import { useShortcuts } from '../hooks/useShortcuts';
import { Canvas, type Focus } from '../canvas/Canvas';
import { type Decorations } from '../canvas/toFlow';
import { Palette } from './Palette';
import { Inspector } from './Inspector';
import { ProblemsPanel } from './ProblemsPanel';
import { RevisionsPanel, SimulatePanel, preloadPanels } from './lazyPanels';
import { StaleDialog } from './StaleDialog';
import { Toolbar } from './Toolbar';
import { useSchema } from './SchemaContext';

type Tab = 'inspector' | 'problems' | 'history' | 'simulate';
const TABS: { id: Tab; label: string }[] = [
  { id: 'inspector', label: 'Inspector' }, { id: 'problems', label: 'Problems' },
  { id: 'history', label: 'History' }, { id: 'simulate', label: 'Simulate' },
];

export interface Overlay { hops: HopSnapshot[]; bottleneck: string | null }

function EditorBody({ id }: { id: number }) {
  const doc = useDocument(id);
  const rf = useReactFlow();
  const { refKeys } = useSchema();
  const [tab, setTab] = useState<Tab>('inspector');
  const [selection, setSelection] = useState<{ nodes: string[]; edges: string[] }>({ nodes: [], edges: [] });
  const [message, setMessage] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [remote, setRemote] = useState<number | null>(null);
  const [overlay, setOverlay] = useState<Overlay>({ hops: [], bottleneck: null });
  const [preview, setPreview] = useState<{ revision: number; diagram: Diagram } | null>(null);
  const clip = useRef<Clip | null>(null);

  const searchBox = useRef<HTMLInputElement>(null);

  const diagram = preview?.diagram ?? doc.present;
  const loaded = !!diagram;
  useEffect(() => { if (loaded) preloadPanels(); }, [loaded]);
  const onSelection = useCallback((nodes: string[], edges: string[]) => setSelection((p) =>
    (p.nodes.join() === nodes.join() && p.edges.join() === edges.join() ? p : { nodes, edges })), []);
  const { findings, checking, error: checkError } = useFindings(preview ? null : doc.present);

  const decorations: Decorations = useMemo(() => {
    const q = search.trim().toLowerCase();
    const matches = q && diagram
      ? new Set(diagram.nodes.filter((n) => `${n.name ?? ''} ${n.id}`.toLowerCase().includes(q)).map((n) => n.id))
      : null;
    return { badges: badgesByElement(findings?.diagnostics ?? []), loads: loadsByNode(overlay.hops), bottleneck: overlay.bottleneck, matches };
  }, [findings, overlay, search, diagram]);

  const [focus, setFocus] = useState<Focus | null>(null);
  const select = useCallback((ids: string[], inspect = true) => {
    setFocus((f) => ({ ids, seq: (f?.seq ?? 0) + 1 }));
    if (inspect) setTab('inspector');
  }, []);

  const add = useCallback((item: PaletteItem, centre?: { x: number; y: number }, api?: string) => {
    const at = centre ?? (() => {
      const vp = rf.getViewport();
      const el = document.querySelector('.canvas');
      const w = el?.clientWidth ?? 800, h = el?.clientHeight ?? 600;
      return { x: Math.round((w / 2 - vp.x) / vp.zoom), y: Math.round((h / 2 - vp.y) / vp.zoom) };
    })();
    const d = doc.present;
    if (!d) return;
    const newId = freshId(d, item.kind === 'datastore' ? String(item.preset.engine ?? 'store') : item.kind);
    const apis = d.nodes.filter((n) => n.kind === 'api');
    const owner = api ?? ((item.kind === 'route' || item.kind === 'stage') && apis.length === 1 ? apis[0].id : undefined);
    const node = { kind: item.kind, id: newId, name: item.preset.name as string ?? `${item.label} ${newId.replace(/^.*-/, '')}`,
      position: centre ? at : freeSpot(d, at), ...item.preset, ...(owner ? { api: owner } : {}) };
    doc.change((cur) => ({ ...cur, nodes: [...cur.nodes, node] }));
    select([newId]);
  }, [doc, rf, select]);

  const suppress = useCallback((f: Finding, reason: string) => {
    doc.change((d) => ({
      ...d, nodes: d.nodes.map((n) => (n.id === f.element
        ? { ...n, suppress: [...(Array.isArray(n.suppress) ? n.suppress : []), { rule: f.code, reason }] } : n)),
    }));
    setMessage(`Suppressed ${f.code} on ${f.element}.`);
  }, [doc]);

  const applyEdit = useCallback((element: string | null, path: string[], value: number) => {
    doc.change((d) => (element === null ? setPath(d, path, value)
      : { ...d, nodes: d.nodes.map((n) => (n.id === element ? setPath(n, path, value) : n)) }));
    setMessage(`Applied: ${element ?? 'diagram'} ${path.join('.')} = ${value} (Ctrl+Z undoes it).`);
  }, [doc]);

  const readOnly = !!preview;
  const paste = (c: Clip) => {
    if (!doc.present || !c.nodes.length) return;
    const r = pasteElements(doc.present, c, refKeys);
    doc.change(() => r.diagram);
    select(r.ids);
  };
  // The canvas's selection as it is at a key press: the copy this component keeps for the inspector
  // follows it a render later, so a shortcut pressed right after a click would act on the one before.
  const selected = () => ({
    nodes: rf.getNodes().filter((n) => n.selected).map((n) => n.id),
    edges: rf.getEdges().filter((e) => e.selected).map((e) => e.id),
  });
  useShortcuts({
    save: () => void doc.save(),
    undo: () => !readOnly && doc.undo(),
    redo: () => !readOnly && doc.redo(),
    copy: () => { if (doc.present) clip.current = copyElements(doc.present, new Set(selected().nodes)); },
    paste: () => { if (!readOnly && clip.current) paste(clip.current); },
    duplicate: () => { if (!readOnly && doc.present) paste(copyElements(doc.present, new Set(selected().nodes))); },
    delete: () => {
      const now = selected();
      if (readOnly || (!now.nodes.length && !now.edges.length)) return;
      doc.change((d) => deleteElements(d, new Set(now.nodes), now.edges, refKeys));
    },
    selectAll: () => doc.present && select(doc.present.nodes.map((n) => n.id), false),
    search: () => searchBox.current?.focus(),
    escape: () => { setSearch(''); select([], false); },
  });

  useEvents(id, {
    saved: (e) => {
      // Our own save announces itself too: while one is under way, the revision it makes is ours.
      if (e.revision <= doc.revision || doc.state.saving) return;
      if (!doc.dirty) { void doc.reload(true); setMessage(`Revision ${e.revision} was saved elsewhere and is loaded.`); }
      else setRemote(e.revision);
    },
    deleted: () => setMessage('This diagram was deleted by someone else; your copy is only on this page now.'),
    simulation: (e) => { if (e.hops) setOverlay((o) => ({ ...o, hops: e.hops! })); },
  });

  if (doc.state.error && !doc.present) return <main className="editor-error"><p role="alert">{doc.state.error}</p><a href="#/">Back to the diagrams</a></main>;
  if (!diagram || !doc.present) return <main><p role="status">Loading…</p></main>;

  return (
    <div className="editor">
      <Toolbar id={id} doc={doc} diagram={doc.present} search={search} setSearch={setSearch} searchBox={searchBox}
        matches={decorations.matches} onSelect={select} onMessage={setMessage} />
      {doc.state.error && <p className="banner banner-error" role="alert">{doc.state.error}</p>}
      {remote !== null && !doc.state.stale && (
        <p className="banner" role="status">
          Revision {remote} was saved by someone else while you edit; saving will ask which to keep.
          <button type="button" onClick={() => { setRemote(null); void doc.reload(true); }}>Load theirs</button>
        </p>
      )}
      {preview && (
        <p className="banner" role="status">
          Viewing revision {preview.revision} (read-only).
          <button type="button" onClick={() => setPreview(null)}>Back to the latest</button>
        </p>
      )}
      {message && <p className="banner" role="status" onClick={() => setMessage(null)}>{message}</p>}
      <div className="workspace">
        <Palette onAdd={(i) => add(i)} />
        <Canvas diagram={diagram} decorations={decorations} readOnly={readOnly}
          onChange={doc.change} onSelection={onSelection}
          onAdd={add} onMessage={setMessage} focus={focus} />
        <aside className="side" aria-label="Panels">
          <div role="tablist" className="tabs">
            {TABS.map((t) => (
              <button key={t.id} role="tab" type="button" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`panel-${t.id}`}
                onClick={() => setTab(t.id)}>
                {t.label}{t.id === 'problems' && findings ? ` (${findings.errors + findings.warnings})` : ''}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="panel">
            {tab === 'inspector' && <Inspector diagram={diagram} nodeId={selection.nodes.length === 1 ? selection.nodes[0] : null}
              edgeId={selection.edges.length === 1 && !selection.nodes.length ? selection.edges[0] : null} onChange={readOnly ? () => {} : doc.change} />}
            {tab === 'problems' && <ProblemsPanel findings={findings} checking={checking} error={checkError}
              onSelect={(e) => select([e], false)} onSuppress={suppress} />}
            <Suspense fallback={<p role="status">Loading…</p>}>
              {tab === 'history' && <RevisionsPanel id={id} doc={doc} onPreview={setPreview} onMessage={setMessage} />}
              {tab === 'simulate' && <SimulatePanel id={id} doc={doc} onOverlay={setOverlay} onApply={applyEdit} onMessage={setMessage} />}
            </Suspense>
          </div>
        </aside>
      </div>
      {doc.state.stale && <StaleDialog stale={doc.state.stale} onKeepMine={doc.keepMine} onTakeTheirs={doc.takeTheirs} onMerge={doc.mergeBoth} />}
    </div>
  );
}

export function Editor({ id }: { id: number }) {
  return <ReactFlowProvider><EditorBody id={id} /></ReactFlowProvider>;
}
