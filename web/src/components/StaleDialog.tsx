// After a save answered 412: what the other save changed compared with this page's document,
// and the choice between loading theirs (undoable) and saving mine over it.

import type { Stale } from '../hooks/useDocument';

const List = ({ title, items }: { title: string; items: string[] }) =>
  items.length ? <><h3>{title}</h3><ul>{items.map((i) => <li key={i}><code>{i}</code></li>)}</ul></> : null;

export function StaleDialog({ stale, onKeepMine, onTakeTheirs }: { stale: Stale; onKeepMine: () => void; onTakeTheirs: () => void }) {
  const c = stale.comparison;
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="stale-title" aria-describedby="stale-desc">
        <h2 id="stale-title">Someone else saved this diagram</h2>
        <p id="stale-desc">Your save was not written. Compared with your version, theirs has:</p>
        <List title="Elements only in theirs" items={c.added} />
        <List title="Elements only in yours" items={c.removed} />
        <List title="Elements that differ" items={c.changed} />
        <List title="Diagram fields that differ" items={c.fields} />
        <div className="modal-actions">
          <button type="button" onClick={onTakeTheirs} autoFocus>Reload theirs</button>
          <button type="button" className="danger" onClick={onKeepMine}>Keep mine (save over theirs)</button>
        </div>
      </div>
    </div>
  );
}
