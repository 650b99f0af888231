// One field of an inspector form, drawn from its schema description: a choice list for enums and
// references, a number box with its unit and range, a check box, a text box; nested objects recurse.

import { useEffect, useState } from 'react';
import { type Field, coerce, invalidReason } from '../model/schemaForm';

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

function ListBox({ value, path, onChange }: FieldProps) {
  const items = Array.isArray(value) ? (value as unknown[]).map(String) : [];
  const shown = items.join(', ');
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const commit = () => {
    if (text === shown) return;
    const next = text.split(',').map((s) => s.trim()).filter(Boolean);
    onChange(next.length ? next : undefined);
  };
  return <input id={path} value={text} aria-describedby={`${path}-hint`} placeholder="comma-separated"
    onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit(); }} />;
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

/** Lists of objects and maps are edited as JSON text: rare, and their shape is in the description. */
function JsonBox({ value, path, onChange }: FieldProps) {
  const shown = value === undefined ? '' : JSON.stringify(value);
  const [text, setText] = useState(shown);
  const [bad, setBad] = useState(false);
  useEffect(() => setText(shown), [shown]);
  const commit = () => {
    if (text === shown) return;
    try { onChange(text.trim() ? JSON.parse(text) : undefined); setBad(false); } catch { setBad(true); }
  };
  return <textarea id={path} rows={2} value={text} aria-invalid={bad} aria-describedby={`${path}-hint`}
    onChange={(e) => setText(e.target.value)} onBlur={commit} />;
}

export function FieldRow(p: FieldProps) {
  const f = p.field;
  if (f.type === 'object') return <ObjectBox {...p} />;
  const problem = invalidReason(f, p.value);
  const control = f.type === 'boolean'
    ? <input id={p.path} type="checkbox" checked={p.value === undefined ? f.default === true : p.value === true}
        aria-describedby={`${p.path}-hint`} onChange={(e) => p.onChange(e.target.checked)} />
    : f.type === 'enum' || f.type === 'ref' ? <Choice {...p} />
    : f.type === 'strings' || f.type === 'refs' ? <ListBox {...p} />
    : f.type === 'objects' || f.type === 'map' ? <JsonBox {...p} />
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
