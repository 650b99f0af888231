// The first screen: every diagram with its state, and create, open, rename, duplicate, delete,
// or import a JSON or XML file dropped anywhere on the page.

import { type DragEvent, type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type DiagramSummary } from '../api/client';
import { emptyDiagram, parseDiagram, serializeDiagram } from '../model/diagram';
import { signOut } from '../api/auth';
import { useAuth } from '../hooks/useAuth';

const open = (id: number) => { window.location.hash = `#/diagrams/${id}`; };

export function DiagramList() {
  const [items, setItems] = useState<DiagramSummary[] | null>(null);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const fail = (e: Error) => setMessage({ text: e.message, failed: true });
  const [newName, setNewName] = useState('');
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const [dropping, setDropping] = useState(false);
  const { signedIn } = useAuth();

  const refresh = useCallback(() => api.list().then(setItems).catch(fail), []);
  useEffect(() => { void refresh(); }, [refresh]);

  const run = async (what: () => Promise<unknown>, done?: string) => {
    try { await what(); if (done) setMessage({ text: done, failed: false }); } catch (e) { fail(e as Error); }
    await refresh();
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    const name = newName.trim() || 'Untitled diagram';
    void run(async () => open((await api.create(serializeDiagram(emptyDiagram(name)))).diagram.id));
  };

  /** Rename and duplicate work on the diagram text: JSON keeps its own spelling, XML goes through the ir artifact. */
  const rename = (id: number, name: string) => run(async () => {
    const got = await api.load(id);
    if (got.format !== 'json') throw new Error('open an XML diagram on the canvas to rename it (it is saved as JSON from then on)');
    await api.save(id, serializeDiagram({ ...parseDiagram(got.text), name }), got.etag);
    setRenaming(null);
  }, `Renamed to "${name}".`);

  const duplicate = (d: DiagramSummary) => run(async () => {
    const got = await api.load(d.id);
    const text = got.format === 'json' ? serializeDiagram({ ...parseDiagram(got.text), name: `${d.name} (copy)` }) : got.text;
    await api.create(text);
  }, `Duplicated "${d.name}".`);

  const remove = (d: DiagramSummary) => {
    if (!window.confirm(`Delete "${d.name}" and all its revisions?`)) return;
    void run(async () => api.remove(d.id, (await api.load(d.id)).etag), `Deleted "${d.name}".`);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDropping(false);
    const files = [...e.dataTransfer.files];
    if (!files.length) return;
    void run(async () => {
      for (const f of files) await api.create(await f.text());
    }, `Imported ${files.map((f) => f.name).join(', ')}.`);
  };

  return (
    <main className={`list-page${dropping ? ' dropping' : ''}`}
      onDragOver={(e) => { e.preventDefault(); setDropping(true); }}
      onDragLeave={() => setDropping(false)} onDrop={onDrop}>
      <header className="list-head">
        <h1>Archway diagrams</h1>
        <form onSubmit={create} className="create-form">
          <label htmlFor="new-name">New diagram</label>
          <input id="new-name" value={newName} onChange={(e) => setNewName(e.target.value)} placeholder="Name" />
          <button type="submit">Create</button>
        </form>
        {signedIn && <button type="button" className="sign-out" onClick={() => void signOut()}>Sign out</button>}
      </header>
      <p className="hint">Drop a JSON or XML diagram file anywhere on this page to import it.</p>
      {message && <p role="status" className={message.failed ? 'message' : 'message message-ok'}>{message.text}</p>}
      {items === null ? <p>Loading…</p> : (
        <table className="diagram-table">
          <thead><tr><th>Name</th><th>Revision</th><th>Updated</th><th>Findings</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>
                  {renaming?.id === d.id ? (
                    <form onSubmit={(e) => { e.preventDefault(); void rename(d.id, renaming.name); }}>
                      <input aria-label="New name" autoFocus value={renaming.name} onChange={(e) => setRenaming({ id: d.id, name: e.target.value })} />
                      <button type="submit">Save name</button>
                      <button type="button" onClick={() => setRenaming(null)}>Cancel</button>
                    </form>
                  ) : <a href={`#/diagrams/${d.id}`}>{d.name}</a>}
                </td>
                <td>{d.revision}</td>
                <td><time dateTime={d.updated}>{new Date(d.updated).toLocaleString()}</time></td>
                <td>
                  {d.errors > 0 && <span className="count count-error">{d.errors} errors</span>}
                  {d.warnings > 0 && <span className="count count-warning">{d.warnings} warnings</span>}
                  {!d.errors && !d.warnings && <span className="count count-ok">clean</span>}
                </td>
                <td className="actions">
                  <button type="button" onClick={() => setRenaming({ id: d.id, name: d.name })}>Rename</button>
                  <button type="button" onClick={() => void duplicate(d)}>Duplicate</button>
                  <button type="button" className="danger" onClick={() => remove(d)}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
