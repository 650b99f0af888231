// Structured editors for the lists of a form: lists of strings (or of element ids) as rows that
// can be edited, added, removed and moved, and lists of objects as collapsible sub-forms built from
// the item's own schema. Everything is a labelled button or field, so the keyboard reaches it all.

import { type ComponentType, useEffect, useState } from 'react';
import { itemProblem, itemSummary, listOf, moveItem, removeItem, setItem } from '../model/collections';
import type { FieldProps } from './FieldInput';

/** Move up, move down and remove, for the row of one item. */
export function RowButtons({ name, i, n, onMove, onRemove }: {
  name: string; i: number; n: number; onMove: (delta: number) => void; onRemove: () => void;
}) {
  return (
    <span className="row-buttons">
      <button type="button" className="icon" aria-label={`Move ${name} up`} disabled={i === 0} onClick={() => onMove(-1)}>↑</button>
      <button type="button" className="icon" aria-label={`Move ${name} down`} disabled={i === n - 1} onClick={() => onMove(1)}>↓</button>
      <button type="button" className="icon" aria-label={`Remove ${name}`} onClick={onRemove}>✕</button>
    </span>
  );
}

/** One string item, edited in place: committed on Enter or leaving the box; emptied, it goes. */
function ItemText({ value, label, onCommit }: { value: string; label: string; onCommit: (v: string | undefined) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => { if (text.trim() !== value) onCommit(text.trim() || undefined); };
  return <input aria-label={label} value={text} onChange={(e) => setText(e.target.value)} onBlur={commit}
    onKeyDown={(e) => { if (e.key === 'Enter') commit(); }} />;
}

export function StringList(p: FieldProps) {
  const { field, path } = p;
  const items = listOf(p.value).map(String);
  const refs = field.type === 'refs';
  const choices = refs ? p.idsOfKind(field.refKind ?? '').filter((id) => !items.includes(id)) : [];
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    const v = draft.trim();
    const why = itemProblem(field, v) ?? (items.includes(v) ? `'${v}' is there already` : null);
    setProblem(why);
    if (why) return;
    p.onChange([...items, v]);
    setDraft('');
  };
  const change = (next: string[] | undefined) => { setProblem(null); p.onChange(next); };
  return (
    <div className="collection">
      {items.length > 0 && (
        <ol className="item-rows">
          {items.map((item, i) => (
            <li key={`${i}:${item}`} className="item-row">
              {refs ? <code className="item-ref">{item}</code>
                : <ItemText value={item} label={`${field.label} ${i + 1}`} onCommit={(v) => change(setItem(items, i, v))} />}
              <RowButtons name={item} i={i} n={items.length} onMove={(d) => change(moveItem(items, i, d))}
                onRemove={() => change(removeItem(items, i))} />
            </li>
          ))}
        </ol>
      )}
      <div className="add-row">
        {refs ? (
          <select id={path} aria-label={`Add to ${field.label}`} value={draft} onChange={(e) => setDraft(e.target.value)}>
            <option value="">{choices.length ? `(choose a ${field.refKind})` : `(no other ${field.refKind} to add)`}</option>
            {choices.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        ) : (
          <input id={path} aria-label={`Add to ${field.label}`} value={draft} aria-invalid={problem !== null}
            aria-describedby={problem ? `${path}-problem` : undefined}
            onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } }} />
        )}
        <button type="button" onClick={add} disabled={!draft.trim()}>Add</button>
      </div>
      {problem && <p id={`${path}-problem`} className="field-error" role="alert">{problem}</p>}
    </div>
  );
}

/** A list of objects: one collapsible sub-form per item, built from the item schema's fields. */
export function ObjectList(p: FieldProps & { Row: ComponentType<FieldProps> }) {
  const { field, path, Row } = p;
  const items = listOf(p.value) as Record<string, unknown>[];
  const [opened, setOpened] = useState<number | null>(null);
  const change = (next: Record<string, unknown>[] | undefined) => p.onChange(next);
  const setChild = (i: number, key: string, v: unknown) => {
    const next = { ...items[i] };
    if (v === undefined) delete next[key]; else next[key] = v;
    change(setItem(items, i, next));
  };
  return (
    <div className="collection">
      {items.map((item, i) => {
        const name = itemSummary(field, item, i);
        return (
          <details key={i} className="item-form" open={opened === i || undefined}>
            <summary>{name}</summary>
            <RowButtons name={`item ${name}`} i={i} n={items.length} onMove={(d) => { setOpened(null); change(moveItem(items, i, d)); }}
              onRemove={() => { setOpened(null); change(removeItem(items, i)); }} />
            {(field.children ?? []).map((c) => (
              <Row key={c.key} field={c} value={item[c.key]} path={`${path}-${i}-${c.key}`} idsOfKind={p.idsOfKind}
                onChange={(v) => setChild(i, c.key, v)} />
            ))}
          </details>
        );
      })}
      <div className="add-row">
        <button type="button" id={path} onClick={() => { setOpened(items.length); change([...items, {}]); }}>
          Add to {field.label}
        </button>
      </div>
    </div>
  );
}
