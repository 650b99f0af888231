// After a save answered 412: what differs between the server's latest (theirs) and this page
// (yours), element by element and field by field, with who changed it; then the choice between
// reloading theirs (undoable), keeping mine (saved over theirs) and, when the two touched
// different elements, merging both.

import type { Stale } from '../hooks/useDocument';
import { type Author, type ElementDiff, type FieldDiff, shownValue } from '../model/compare';

const AUTHOR: Record<Author, string> = { theirs: 'changed by them', mine: 'changed by you', both: 'changed by both' };

function presence(e: ElementDiff): string {
  if (e.presence === 'both') return AUTHOR[e.author];
  const only = e.presence === 'theirs' ? 'only in theirs' : 'only in yours';
  const why = e.presence === 'theirs' ? (e.author === 'mine' ? 'you deleted it' : 'they added it')
    : (e.author === 'mine' ? 'you added it' : 'they deleted it');
  return `${only}: ${why}`;
}

function FieldTable({ caption, rows }: { caption: string; rows: FieldDiff[] }) {
  return (
    <table className="field-diff">
      <caption className="visually-hidden">{caption}</caption>
      <thead><tr><th scope="col">Field</th><th scope="col">Theirs (on the server)</th><th scope="col">Yours</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.field}>
            <th scope="row"><code>{r.field}</code></th>
            <td><code>{shownValue(r.theirs)}</code></td>
            <td><code>{shownValue(r.mine)}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ElementSection({ e }: { e: ElementDiff }) {
  return (
    <section className={`element-diff author-${e.author}`} aria-label={`${e.key}: ${presence(e)}`}>
      <h4><code>{e.key}</code> <span className="diff-kind">{e.kind}</span> <span className="diff-author">{presence(e)}</span></h4>
      <FieldTable caption={`Fields of ${e.key} that differ`} rows={e.fields} />
    </section>
  );
}

export interface StaleDialogProps { stale: Stale; onKeepMine: () => void; onTakeTheirs: () => void; onMerge: () => void }

export function StaleDialog({ stale, onKeepMine, onTakeTheirs, onMerge }: StaleDialogProps) {
  const { diff, merged } = stale;
  return (
    <div className="modal-backdrop">
      <div className="modal stale-dialog" role="alertdialog" aria-modal="true" aria-labelledby="stale-title" aria-describedby="stale-desc">
        <h2 id="stale-title">Someone else saved this diagram</h2>
        <p id="stale-desc">Your save was not written. Here is what differs between theirs and yours, and who changed it
          since the revision you started from.</p>
        {diff.elements.length > 0 && <h3>Elements that differ</h3>}
        {diff.elements.map((e) => <ElementSection key={e.key} e={e} />)}
        {diff.diagram.length > 0 && <>
          <h3>Diagram fields that differ</h3>
          <FieldTable caption="Diagram fields that differ" rows={diff.diagram} />
        </>}
        <p className="merge-note" role="note">
          {merged ? 'You and they changed different elements: merging takes theirs and applies your changes again, then saves.'
            : `Both of you changed ${diff.conflicts.join(', ')}: choose whose version to keep.`}
        </p>
        <div className="modal-actions">
          <button type="button" onClick={onTakeTheirs} autoFocus>Reload theirs</button>
          {merged && <button type="button" onClick={onMerge}>Merge both</button>}
          <button type="button" className="danger" onClick={onKeepMine}>Keep mine (save over theirs)</button>
        </div>
      </div>
    </div>
  );
}
