// A map of the format (tags, environment variables, stage variables, headers, mappings) as key and
// value rows: keys checked as you type against the schema's key pattern and each other, renamed in
// place, values committed on Enter or leaving the box.

import { useEffect, useState } from 'react';
import { keyProblem, mapOf, removeEntry, renameKey, setEntry } from '../model/collections';
import type { FieldProps } from './FieldInput';

interface RowProps { k: string; value: string; index: number; label: string; others: string[]; p: FieldProps }

function EntryRow({ k, value, index, label, others, p }: RowProps) {
  const map = mapOf(p.value);
  const [key, setKey] = useState(k);
  const [text, setText] = useState(value);
  useEffect(() => setKey(k), [k]);
  useEffect(() => setText(value), [value]);
  const problem = key === k ? null : keyProblem(p.field, key, others);
  const errId = `${p.path}-${index}-problem`;
  const commitKey = () => { if (key !== k && !problem) p.onChange(renameKey(map, k, key)); };
  const commitValue = () => { if (text !== value) p.onChange(setEntry(map, k, text)); };
  return (
    <li className={`entry-row${problem ? ' invalid' : ''}`}>
      <input aria-label={`${label} key ${index + 1}`} value={key} aria-invalid={problem !== null}
        aria-describedby={problem ? errId : undefined} onChange={(e) => setKey(e.target.value)} onBlur={commitKey}
        onKeyDown={(e) => { if (e.key === 'Enter') commitKey(); }} />
      <input aria-label={`Value of ${k}`} value={text} onChange={(e) => setText(e.target.value)} onBlur={commitValue}
        onKeyDown={(e) => { if (e.key === 'Enter') commitValue(); }} />
      <button type="button" className="icon" aria-label={`Remove ${k}`} onClick={() => p.onChange(removeEntry(map, k))}>✕</button>
      {problem && <span id={errId} className="field-error" role="alert">{problem}</span>}
    </li>
  );
}

export function MapEditor(p: FieldProps) {
  const { field, path } = p;
  const map = mapOf(p.value);
  const keys = Object.keys(map);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [tried, setTried] = useState(false);
  const problem = key || tried ? keyProblem(field, key.trim(), keys) : null;
  const add = () => {
    setTried(true);
    if (keyProblem(field, key.trim(), keys)) return;
    p.onChange(setEntry(map, key.trim(), value));
    setKey(''); setValue(''); setTried(false);
  };
  const onEnter = (e: { key: string; preventDefault: () => void }) => { if (e.key === 'Enter') { e.preventDefault(); add(); } };
  return (
    <div className="collection">
      {keys.length > 0 && (
        <ul className="entry-rows">
          {keys.map((k, i) => (
            <EntryRow key={k} k={k} value={String(map[k])} index={i} label={field.label} others={keys.filter((o) => o !== k)} p={p} />
          ))}
        </ul>
      )}
      <div className="add-row entry-row">
        <input id={path} aria-label={`New ${field.label} key`} placeholder="key" value={key} aria-invalid={problem !== null}
          aria-describedby={problem ? `${path}-problem` : undefined} onChange={(e) => setKey(e.target.value)} onKeyDown={onEnter} />
        <input aria-label={`New ${field.label} value`} placeholder="value" value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={onEnter} />
        <button type="button" onClick={add}>Add</button>
      </div>
      {problem && <p id={`${path}-problem`} className="field-error" role="alert">{problem}</p>}
    </div>
  );
}
