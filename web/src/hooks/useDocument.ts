// One open diagram: its undo history, the ETag of the revision it was loaded or saved as, saving
// (Ctrl+S and autosave, always with If-Match) and the stale-save state after a 412.

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, type Findings, revisionOfEtag } from '../api/client';
import { type Diagram, parseDiagram, serializeDiagram } from '../model/diagram';
import { type History, historyPush, historyRedo, historyStart, historyUndo } from '../model/history';
import { type ThreeWay, compareThreeWay, mergeDiagrams } from '../model/compare';

export const AUTOSAVE_MS = 1500;

/** After a 412: the server's latest (theirs), what differs from this page field by field, and both merged when they can be. */
export interface Stale { theirs: Diagram; etag: string; diff: ThreeWay; merged: Diagram | null }

export interface DocState {
  history: History<Diagram> | null;
  saved: Diagram | null;        // the document as the server holds it at `etag`
  etag: string;
  error: string | null;
  saving: boolean;
  stale: Stale | null;
  lastFindings: Findings | null;
}

/** XML diagrams (imported files) are edited as JSON: their canonical model is the server's ir artifact. */
async function loadDiagram(id: number): Promise<{ diagram: Diagram; etag: string }> {
  const got = await api.load(id);
  if (got.format === 'json') return { diagram: parseDiagram(got.text), etag: got.etag };
  try {
    return { diagram: parseDiagram(await api.artifact(id, revisionOfEtag(got.etag), 'diagram.ir.json')), etag: got.etag };
  } catch (e) {
    throw new Error(`this XML diagram has errors, so the canvas cannot convert it yet: ${(e as Error).message}`);
  }
}

export function useDocument(id: number) {
  const [s, setS] = useState<DocState>({ history: null, saved: null, etag: '', error: null, saving: false, stale: null, lastFindings: null });
  const ref = useRef(s);
  ref.current = s;

  const reload = useCallback(async (keepHistory = false) => {
    try {
      const { diagram, etag } = await loadDiagram(id);
      // The change stream and the caller may both ask for the same revision: load it once.
      setS((p) => (keepHistory && p.etag === etag ? p : {
        ...p, saved: diagram, etag, error: null, stale: null,
        history: keepHistory && p.history ? historyPush(p.history, diagram) : historyStart(diagram),
      }));
    } catch (e) {
      setS((p) => ({ ...p, error: (e as Error).message }));
    }
  }, [id]);

  useEffect(() => { void reload(); }, [reload]);

  const change = useCallback((f: (d: Diagram) => Diagram) => {
    setS((p) => (p.history ? { ...p, history: historyPush(p.history, f(p.history.present)) } : p));
  }, []);
  const undo = useCallback(() => setS((p) => (p.history ? { ...p, history: historyUndo(p.history) } : p)), []);
  const redo = useCallback(() => setS((p) => (p.history ? { ...p, history: historyRedo(p.history) } : p)), []);

  /** Saves the present document over `etag` (or over the revision the user chose to overwrite). */
  const save = useCallback(async (overEtag?: string): Promise<number | null> => {
    const cur = ref.current;
    if (!cur.history || cur.saving || (cur.stale && !overEtag)) return null;
    const doc = cur.history.present;
    if (doc === cur.saved && !overEtag) return revisionOfEtag(cur.etag);
    setS((p) => ({ ...p, saving: true }));
    try {
      const res = await api.save(id, serializeDiagram(doc), overEtag ?? cur.etag);
      setS((p) => ({ ...p, saving: false, saved: doc, etag: res.etag, stale: null, error: null, lastFindings: res.findings }));
      return revisionOfEtag(res.etag);
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        const theirs = await loadDiagram(id);
        const base = cur.saved ?? theirs.diagram;
        setS((p) => ({ ...p, saving: false, stale: { theirs: theirs.diagram, etag: theirs.etag,
          diff: compareThreeWay(base, doc, theirs.diagram), merged: mergeDiagrams(base, doc, theirs.diagram) } }));
      } else {
        setS((p) => ({ ...p, saving: false, error: `not saved: ${(e as Error).message}` }));
      }
      return null;
    }
  }, [id]);

  /** After a 412: keep mine (save over theirs), take theirs (undoable), or merge both (theirs, then my changes; saved by autosave). */
  const keepMine = useCallback(() => { const st = ref.current.stale; if (st) void save(st.etag); }, [save]);
  /** Puts a document made from theirs on the undo stack, holding their revision as the one saved. */
  const adopt = useCallback((pick: (st: Stale) => Diagram | null) => setS((p) => {
    const next = p.stale && pick(p.stale);
    return next && p.stale && p.history ? { ...p, history: historyPush(p.history, next), saved: p.stale.theirs, etag: p.stale.etag, stale: null } : p;
  }), []);
  const takeTheirs = useCallback(() => adopt((st) => st.theirs), [adopt]);
  const mergeBoth = useCallback(() => adopt((st) => st.merged), [adopt]);

  const present = s.history?.present ?? null;
  const dirty = !!present && present !== s.saved;

  useEffect(() => {
    if (!dirty || s.stale) return undefined;
    const t = setTimeout(() => void save(), AUTOSAVE_MS);
    return () => clearTimeout(t);
  }, [present, dirty, s.stale, save]);

  return {
    state: s, present, dirty, revision: revisionOfEtag(s.etag),
    change, undo, redo, save, reload, keepMine, takeTheirs, mergeBoth,
    canUndo: !!s.history?.past.length, canRedo: !!s.history?.future.length,
  };
}

export type DocApi = ReturnType<typeof useDocument>;
