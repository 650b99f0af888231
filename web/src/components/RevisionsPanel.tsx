// History: every saved revision; view one read-only on the canvas, compare two (the server's
// diff of their canonical models), or restore one as a new revision.

import { useCallback, useEffect, useState } from 'react';
import { api, type DiffResult, type Revision } from '../api/client';
import type { DocApi } from '../hooks/useDocument';
import { type Diagram, parseDiagram } from '../model/diagram';

export interface RevisionsProps {
  id: number;
  doc: DocApi;
  onPreview: (p: { revision: number; diagram: Diagram } | null) => void;
  onMessage: (m: string) => void;
}

export function RevisionsPanel({ id, doc, onPreview, onMessage }: RevisionsProps) {
  const [revs, setRevs] = useState<Revision[]>([]);
  const [picked, setPicked] = useState<number[]>([]);
  const [diff, setDiff] = useState<DiffResult | null>(null);
  const refresh = useCallback(() => api.revisions(id).then((r) => setRevs([...r].reverse())).catch((e: Error) => onMessage(e.message)), [id, onMessage]);
  useEffect(() => { void refresh(); }, [refresh, doc.revision]);

  const view = async (n: number) => {
    try {
      const text = await api.revision(id, n);
      const diagram = text.trimStart().startsWith('<') ? parseDiagram(await api.artifact(id, n, 'diagram.ir.json')) : parseDiagram(text);
      onPreview({ revision: n, diagram });
    } catch (e) { onMessage(`Cannot show revision ${n}: ${(e as Error).message}`); }
  };

  const restore = async (n: number) => {
    try {
      const saved = await doc.save();
      const etag = saved ? `"d${id}-r${saved}"` : doc.state.etag;
      const r = await api.restore(id, n, etag);
      onPreview(null);
      await doc.reload(true);
      onMessage(`Revision ${n} restored as revision ${r.diagram.revision}.`);
    } catch (e) { onMessage(`Restore failed: ${(e as Error).message}`); }
  };

  const toggle = (n: number) => setPicked((p) => (p.includes(n) ? p.filter((x) => x !== n) : [...p, n].slice(-2)));
  const compare = async () => {
    const [a, b] = [...picked].sort((x, y) => x - y);
    try { setDiff(await api.diff(id, a, b)); } catch (e) { onMessage(`Cannot compare: ${(e as Error).message}`); }
  };

  return (
    <section className="revisions" aria-label="History">
      <h2>Revisions</h2>
      <button type="button" disabled={picked.length !== 2} onClick={() => void compare()}>Compare the two ticked</button>
      <ul className="revision-list">
        {revs.map((r) => (
          <li key={r.revision} className={r.revision === doc.revision ? 'current' : ''}>
            <input type="checkbox" id={`rev-${r.revision}`} checked={picked.includes(r.revision)} onChange={() => toggle(r.revision)} />
            <label htmlFor={`rev-${r.revision}`}>
              <strong>r{r.revision}</strong> <time dateTime={r.created}>{new Date(r.created).toLocaleString()}</time>
              {r.errors > 0 && <span className="count count-error">{r.errors} errors</span>}
              {r.warnings > 0 && <span className="count count-warning">{r.warnings} warnings</span>}
              {r.note ? ` · ${r.note}` : ''}
            </label>
            <button type="button" onClick={() => void view(r.revision)} aria-label={`View revision ${r.revision}`}>View</button>
            {r.revision !== doc.revision && (
              <button type="button" onClick={() => void restore(r.revision)} aria-label={`Restore revision ${r.revision}`}>Restore</button>
            )}
          </li>
        ))}
      </ul>
      {diff && (
        <div className="diff" aria-label={`Changes from revision ${diff.from} to ${diff.to}`}>
          <h3>From r{diff.from} to r{diff.to}</h3>
          {!diff.added.length && !diff.removed.length && !diff.changed.length && !diff.fields.length && <p>No differences in the model.</p>}
          {diff.fields.length > 0 && <p>Diagram fields: {diff.fields.join(', ')}</p>}
          <ul>
            {diff.added.map((x) => <li key={`a${x.id}`} className="diff-added">+ {x.kind} <code>{x.id}</code></li>)}
            {diff.removed.map((x) => <li key={`r${x.id}`} className="diff-removed">− {x.kind} <code>{x.id}</code></li>)}
            {diff.changed.map((x) => <li key={`c${x.id}`} className="diff-changed">~ {x.kind} <code>{x.id}</code>: {x.fields.join(', ')}</li>)}
          </ul>
        </div>
      )}
    </section>
  );
}
