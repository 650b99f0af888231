// One element's card: kind, name, a findings badge, and while or after a simulation its rate
// and how busy it was (a bar), the bottleneck outlined.

import { memo } from 'react';
import { Handle, type NodeProps, Position, type Node } from '@xyflow/react';
import type { ElementData } from './toFlow';
import { KIND_LABEL, subtitle } from '../model/kinds';

export function FindingBadge({ data }: { data: ElementData }) {
  const b = data.badge;
  if (!b || (!b.errors && !b.warnings)) return null;
  const sev = b.errors ? 'error' : 'warning';
  const n = b.errors + b.warnings;
  return <span className={`badge badge-${sev}`} title={`${b.errors} errors, ${b.warnings} warnings`} aria-label={`${b.errors} errors, ${b.warnings} warnings`}>{n}</span>;
}

export function LoadBar({ data }: { data: ElementData }) {
  const l = data.load;
  if (!l) return null;
  // Services without a capacity (a DynamoDB table on demand) have a rate but no utilisation.
  const busy = Number.isFinite(l.utilisation);
  const pct = busy ? Math.min(100, Math.round(l.utilisation * 100)) : 0;
  const level = pct >= 90 ? 'hot' : pct >= 60 ? 'warm' : 'cool';
  const rate = l.rps >= 100 ? l.rps.toFixed(0) : l.rps.toFixed(1);
  const text = [`${rate}/s`, busy ? `${pct}%` : '', l.p99Ms ? `p99 ${l.p99Ms.toFixed(0)} ms` : ''].filter(Boolean).join(' · ');
  return (
    <div className="load" title={`${l.rps.toFixed(1)} req/s${busy ? `, ${pct}% busy` : ''}${l.p99Ms ? `, p99 ${l.p99Ms.toFixed(0)} ms` : ''}`}>
      <span className="load-text">{text}</span>
      {busy && <meter className={`load-bar load-${level}`} min={0} max={100} value={pct} aria-label="utilisation" />}
    </div>
  );
}

function ElementNodeView({ data, selected }: NodeProps<Node<ElementData>>) {
  const n = data.node;
  const cls = ['element', `kind-${n.kind}`, selected ? 'selected' : '', data.bottleneck ? 'bottleneck' : '', data.dimmed ? 'dimmed' : ''];
  return (
    <div className={cls.join(' ')} data-testid={`node-${n.id}`}>
      <Handle type="target" position={Position.Left} />
      <div className="element-head">
        <span className="element-kind">{KIND_LABEL[n.kind] ?? n.kind}</span>
        <FindingBadge data={data} />
      </div>
      <div className="element-name">{n.name ?? n.id}</div>
      <div className="element-sub">{subtitle(n)}</div>
      <LoadBar data={data} />
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const ElementNode = memo(ElementNodeView);

function ApiGroupView({ data, selected }: NodeProps<Node<ElementData>>) {
  const n = data.node;
  const cls = ['api-group', selected ? 'selected' : '', data.bottleneck ? 'bottleneck' : '', data.dimmed ? 'dimmed' : ''];
  return (
    <div className={cls.join(' ')} data-testid={`node-${n.id}`}>
      <Handle type="target" position={Position.Left} />
      <div className="api-group-head">
        <span className="element-kind">{String(n.type ?? '').toUpperCase()} API</span>
        <span className="element-name">{n.name ?? n.id}</span>
        <FindingBadge data={data} />
      </div>
      <LoadBar data={data} />
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const ApiGroupNode = memo(ApiGroupView);

export const NODE_TYPES = { element: ElementNode, apiGroup: ApiGroupNode };
