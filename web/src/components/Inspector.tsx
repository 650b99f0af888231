// The inspector: the form of whatever is selected (an element, an edge, or the diagram itself),
// built from the format's schema; the id is renamed with every reference to it.

import { useEffect, useState } from 'react';
import { type DNode, type Diagram, edgeKey, setPath } from '../model/diagram';
import { renameElement } from '../model/edit';
import { useSchema } from './SchemaContext';
import { FieldRow } from './FieldInput';
import { KIND_LABEL } from '../model/kinds';

export interface InspectorProps {
  diagram: Diagram;
  nodeId: string | null;
  edgeId: string | null;           // a drawn link's key ("edge:..." or "ref:...")
  onChange: (f: (d: Diagram) => Diagram) => void;
}

function IdField({ node, onRename }: { node: DNode; onRename: (to: string) => void }) {
  const [text, setText] = useState(node.id);
  useEffect(() => setText(node.id), [node.id]);
  const valid = /^[A-Za-z0-9_.-]+$/.test(text) && text !== 'none';
  return (
    <div className={`field${valid ? '' : ' invalid'}`}>
      <label htmlFor="inspector-id">Id</label>
      <input id="inspector-id" value={text} aria-describedby="inspector-id-hint" onChange={(e) => setText(e.target.value)}
        onBlur={() => { if (valid && text !== node.id) onRename(text); }}
        onKeyDown={(e) => { if (e.key === 'Enter' && valid && text !== node.id) onRename(text); }} />
      <small id="inspector-id-hint" className="field-hint">unique id: letters, digits, '-', '_', '.'; references follow a rename</small>
    </div>
  );
}

export function Inspector({ diagram, nodeId, edgeId, onChange }: InspectorProps) {
  const { forms, refKeys } = useSchema();
  const idsOfKind = (kind: string) => diagram.nodes.filter((n) => n.kind === kind).map((n) => n.id);
  const node = nodeId ? diagram.nodes.find((n) => n.id === nodeId) : undefined;

  if (node) {
    const fields = forms.get(node.kind) ?? [];
    const set = (key: string, v: unknown) => onChange((d) => ({
      ...d, nodes: d.nodes.map((n) => (n.id === node.id ? setPath(n, [key], v) : n)),
    }));
    return (
      <section className="inspector" aria-label="Inspector">
        <h2>{KIND_LABEL[node.kind] ?? node.kind}: {node.name ?? node.id}</h2>
        <IdField node={node} onRename={(to) => onChange((d) => renameElement(d, node.id, to, refKeys))} />
        {fields.filter((f) => f.key !== 'id').map((f) => (
          <FieldRow key={f.key} field={f} value={node[f.key]} path={`f-${f.key}`} idsOfKind={idsOfKind} onChange={(v) => set(f.key, v)} />
        ))}
      </section>
    );
  }

  const edge = edgeId?.startsWith('edge:') ? (diagram.edges ?? []).find((e) => `edge:${edgeKey(e)}` === edgeId) : undefined;
  if (edge) {
    const fields = (forms.get('edge') ?? []).filter((f) => f.key !== 'from' && f.key !== 'to');
    const set = (key: string, v: unknown) => onChange((d) => ({
      ...d, edges: (d.edges ?? []).map((e) => (e === edge ? setPath(e, [key], v) : e)),
    }));
    return (
      <section className="inspector" aria-label="Inspector">
        <h2>Call {edge.from} → {edge.to}</h2>
        {fields.map((f) => (
          <FieldRow key={f.key} field={f} value={edge[f.key]} path={`e-${f.key}`} idsOfKind={idsOfKind} onChange={(v) => set(f.key, v)} />
        ))}
      </section>
    );
  }

  const fields = forms.get('diagram') ?? [];
  return (
    <section className="inspector" aria-label="Inspector">
      <h2>Diagram</h2>
      {edgeId && <p className="hint">This link is a field of the element it starts from: select that element to edit it, or press Delete to remove the link.</p>}
      {fields.map((f) => (
        <FieldRow key={f.key} field={f} value={diagram[f.key]} path={`d-${f.key}`} idsOfKind={idsOfKind}
          onChange={(v) => onChange((d) => setPath(d, [f.key], v))} />
      ))}
    </section>
  );
}
