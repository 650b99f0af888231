// The problems panel: every finding of the live check, errors first; a click selects the element,
// the rule's explanation is one click away, and a finding can be suppressed with a reason.

import { useState } from 'react';
import { api, type Finding, type Findings, type Rule } from '../api/client';
import { isRule, sortFindings } from '../model/findings';

export interface ProblemsProps {
  findings: Findings | null;
  checking: boolean;
  error: string | null;
  onSelect: (elementId: string) => void;
  onSuppress: (f: Finding, reason: string) => void;
}

function Suppress({ f, onSuppress }: { f: Finding; onSuppress: ProblemsProps['onSuppress'] }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open) return <button type="button" onClick={() => setOpen(true)}>Suppress…</button>;
  return (
    <form className="suppress-form" onSubmit={(e) => { e.preventDefault(); if (reason.trim()) { onSuppress(f, reason.trim()); setOpen(false); } }}>
      <label htmlFor={`why-${f.code}-${f.element}`}>Why it does not apply</label>
      <input id={`why-${f.code}-${f.element}`} value={reason} autoFocus onChange={(e) => setReason(e.target.value)} />
      <button type="submit" disabled={!reason.trim()}>Suppress</button>
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
    </form>
  );
}

export function ProblemsPanel({ findings, checking, error, onSelect, onSuppress }: ProblemsProps) {
  const [rule, setRule] = useState<Rule | null>(null);
  const explain = (code: string) => api.rule(code).then(setRule).catch(() => setRule(null));
  const list = sortFindings(findings?.diagnostics ?? []);
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        Problems <span className="count count-error">{findings?.errors ?? 0} errors</span>
        <span className="count count-warning">{findings?.warnings ?? 0} warnings</span>
        {checking && <span className="checking" role="status">checking…</span>}
      </h2>
      {error && <p className="message">Check failed: {error}</p>}
      {list.length === 0 && findings && <p className="hint">No findings.</p>}
      <ul className="problem-list">
        {list.map((f, i) => (
          <li key={`${f.code}-${f.element}-${i}`} className={`problem problem-${f.severity}`}>
            <button type="button" className="problem-main" onClick={() => f.element && onSelect(f.element)} disabled={!f.element}>
              <span className={`sev sev-${f.severity}`}>{f.severity}</span> <code>{f.code}</code> {f.message}
            </button>
            <div className="problem-actions">
              {isRule(f.code) && <button type="button" onClick={() => void explain(f.code)}>Explain {f.code}</button>}
              {isRule(f.code) && f.element && <Suppress f={f} onSuppress={onSuppress} />}
            </div>
          </li>
        ))}
      </ul>
      {rule && (
        <div className="rule-explanation" role="dialog" aria-label={`Rule ${rule.id}`}>
          <h3>{rule.id}: {rule.title}</h3>
          {(rule.explanation ?? '').split('\n\n').map((p, i) => <p key={i}>{p}</p>)}
          <button type="button" onClick={() => setRule(null)}>Close</button>
        </div>
      )}
    </section>
  );
}
