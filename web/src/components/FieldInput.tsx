// One field of an inspector form, drawn from its schema description: a choice list for enums and
// references, a number box with its unit and range, a check box, a text box; nested objects recurse;
// lists and maps get structured editors (ListEditors.tsx, MapEditor.tsx), with their JSON text a
// toggle away for those who would rather type it.

import { useEffect, useState } from 'react';
import { type Field, coerce, invalidReason } from '../model/schemaForm';
import { ObjectList, StringList } from './ListEditors';
import { MapEditor } from './MapEditor';

export interface FieldProps {
  field: Field;
  value: unknown;
  path: string;                        // for unique ids
  idsOfKind: (kind: string) => string[];
  onChange: (value: unknown) => void;
}

function hint(f: Field): string {
  const parts: string[] = [];
  if (f.default !== undefined) parts.push(`default ${String(f.default)}`);
  if (f.minimum !== undefined && f.maximum !== undefined) parts.push(`${f.minimum}–${f.maximum}`);
  else if (f.minimum !== undefined) parts.push(`at least ${f.minimum}`);
  else if (f.maximum !== undefined) parts.push(`at most ${f.maximum}`);
  if (f.type === 'duration') parts.push('e.g. 250ms, 29s, 5m');
  return parts.join(' · ');
}

/** Text edits stay local until the field loses focus or Enter, so one undo step is one field edit. */
function TextBox({ field, value, path, onChange }: FieldProps) {
  const shown = value === undefined ? '' : String(value);
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const commit = () => { if (text !== shown) onChange(coerce(field, text)); };
  const numeric = field.type === 'integer' || field.type === 'number';
  const props = {
    id: path, value: text, 'aria-describedby': `${path}-hint`,
    placeholder: field.default !== undefined ? String(field.default) : '',
    onChange: (e: { target: { value: string } }) => setText(e.target.value),
    onBlur: commit,
  };
  if (field.type === 'text') return <textarea {...props} rows={3} />;
  return <input {...props} inputMode={numeric ? 'decimal' : undefined}
    onKeyDown={(e) => { if (e.key === 'Enter') commit(); }} />;
}

function Choice({ field, value, path, idsOfKind, onChange }: FieldProps) {
  const options = field.type === 'enum' ? field.choices ?? [] : idsOfKind(field.refKind ?? '');
  const extra = field.refKind === 'authorizer' ? ['none'] : [];
  const all = [...extra, ...options];
  const v = value === undefined ? '' : String(value);
  return (
    <select id={path} value={v} aria-describedby={`${path}-hint`} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
      <option value="">{field.default !== undefined ? `(default: ${String(field.default)})` : '(not set)'}</option>
      {!all.includes(v) && v !== '' && <option value={v}>{v} (unknown)</option>}
      {all.map((o) => <option key={o} value={o}>{o}</option>)}
    </select>
  );
}

function ObjectBox(p: FieldProps) {
  const obj = (p.value && typeof p.value === 'object' ? p.value : {}) as Record<string, unknown>;
  return (
    <fieldset className="nested">
      <legend>{p.field.label}</legend>
      {(p.field.children ?? []).map((c) => (
        <FieldRow key={c.key} {...p} field={c} path={`${p.path}.${c.key}`} value={obj[c.key]}
          onChange={(v) => {
            const next = { ...obj };
            if (v === undefined) delete next[c.key]; else next[c.key] = v;
            p.onChange(Object.keys(next).length ? next : undefined);
          }} />
      ))}
    </fieldset>
  );
}

/** The JSON text of a list or map, for pasting or typing a whole value at once. */
function JsonBox({ field, value, path, onChange }: FieldProps) {
  const shown = value === undefined ? '' : JSON.stringify(value);
  const [text, setText] = useState(shown);
  const [bad, setBad] = useState(false);
  useEffect(() => setText(shown), [shown]);
  const commit = () => {
    if (text === shown) return;
    try { onChange(text.trim() ? JSON.parse(text) : undefined); setBad(false); } catch { setBad(true); }
  };
  return <textarea id={path} rows={3} value={text} aria-label={`${field.label} as JSON`} aria-invalid={bad}
    aria-describedby={`${path}-hint`} onChange={(e) => setText(e.target.value)} onBlur={commit} />;
}

const STRUCTURED = new Set<Field['type']>(['strings', 'refs', 'objects', 'map']);

/** A list or map: a group named by its legend, its structured editor or, toggled, its JSON text. */
function Collection(p: FieldProps) {
  const f = p.field;
  const [asJson, setAsJson] = useState(false);
  const editor = asJson ? <JsonBox {...p} />
    : f.type === 'map' ? <MapEditor {...p} />
    : f.type === 'objects' ? <ObjectList {...p} Row={FieldRow} />
    : <StringList {...p} />;
  return (
    <fieldset className={`field field-collection field-${f.type}`} aria-describedby={`${p.path}-hint`}>
      <legend>{f.label}{f.required && <span aria-hidden="true"> *</span>}{f.unit && <span className="unit"> ({f.unit})</span>}</legend>
      <button type="button" className="json-toggle" aria-pressed={asJson} onClick={() => setAsJson(!asJson)}>Edit as JSON</button>
      {editor}
      <small id={`${p.path}-hint`} className="field-hint">{f.description}{f.keyPattern ? ` — keys match ${f.keyPattern}` : ''}</small>
    </fieldset>
  );
}

export function FieldRow(p: FieldProps) {
  const f = p.field;
  if (f.type === 'object') return <ObjectBox {...p} />;
  if (STRUCTURED.has(f.type)) return <Collection {...p} />;
  const problem = invalidReason(f, p.value);
  const control = f.type === 'boolean'
    ? <input id={p.path} type="checkbox" checked={p.value === undefined ? f.default === true : p.value === true}
        aria-describedby={`${p.path}-hint`} onChange={(e) => p.onChange(e.target.checked)} />
    : f.type === 'enum' || f.type === 'ref' ? <Choice {...p} />
    : <TextBox {...p} />;
  return (
    <div className={`field field-${f.type}${problem && p.value !== undefined ? ' invalid' : ''}`}>
      <label htmlFor={p.path}>{f.label}{f.required && <span aria-hidden="true"> *</span>}{f.unit && <span className="unit"> ({f.unit})</span>}</label>
      {control}
      <small id={`${p.path}-hint`} className="field-hint">
        {f.description}{hint(f) ? ` — ${hint(f)}` : ''}{problem && p.value !== undefined ? ` — should be ${problem}` : ''}
      </small>
    </div>
  );
}
