// Simulate: the traffic to run (pattern, rate, duration, failures, an optional target rate for
// sizing advice), the run's live progress, its charts, summary and cost, the bottleneck on the
// canvas, the advice applied with one click, and the diagram's run history.

import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { type Pattern, type SimRequest, type SimRun, simApi } from '../api/simulations';
import type { DocApi } from '../hooks/useDocument';
import { hopNode, loadsFromResult } from '../model/simulation';
import type { Overlay } from './Editor';
import { savedRevision } from './tidy';
import { SimCharts } from './SimCharts';

const PATTERNS: Pattern[] = ['constant', 'ramp', 'spike', 'wave'];
const FINISHED = new Set(['done', 'cancelled', 'failed']);
export const POLL_MS = 500;

export interface SimulateProps {
  id: number;
  doc: DocApi;
  onOverlay: (o: Overlay) => void;
  onApply: (element: string | null, path: string[], value: number) => void;
  onMessage: (m: string) => void;
}

/** The request the form describes; failures one per line, in `simulate --fail` syntax. */
export function requestOf(f: { pattern: Pattern; rps: string; duration: string; seed: string; fail: string; targetRps: string }): SimRequest {
  const req: SimRequest = {
    pattern: f.pattern, rps: Number(f.rps), duration: Number(f.duration), seed: Number(f.seed) || 1,
    fail: f.fail.split('\n').map((s) => s.trim()).filter(Boolean),
  };
  if (f.targetRps.trim()) req.targetRps = Number(f.targetRps);
  return req;
}

const usd = (n: number) => n.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

function Summary({ run }: { run: SimRun }) {
  const s = run.summary;
  if (!s) return null;
  return (
    <dl className="sim-summary" data-testid="sim-summary">
      <dt>Offered</dt><dd>{s.offered}</dd>
      <dt>Served</dt><dd>{s.served}</dd>
      <dt>Throttled</dt><dd>{s.throttled}</dd>
      <dt>Failed</dt><dd>{s.failed}</dd>
      <dt>p50 / p99</dt><dd>{s.p50Ms.toFixed(0)} / {s.p99Ms.toFixed(0)} ms</dd>
      <dt>Bottleneck</dt><dd>{s.bottleneck ?? 'none'}</dd>
      <dt>Monthly cost</dt><dd>{usd(s.costPerMonth)}</dd>
    </dl>
  );
}

function Advice({ run, onApply }: { run: SimRun; onApply: SimulateProps['onApply'] }) {
  const changes = run.advice?.changes ?? [];
  if (!run.advice) return null;
  return (
    <section className="advice" aria-label="Recommendations">
      <h3>Recommendations{typeof run.advice.maxRps === 'number' ? ` (holds ${Number(run.advice.maxRps).toFixed(0)} req/s today)` : ''}</h3>
      {!changes.length && <p>No change needed for the target rate.</p>}
      <ul>
        {changes.map((c, i) => (
          <li key={i}>
            <span>{String(c.node ?? c.hop ?? '')}: {String(c.change ?? '')} {String(c.from ?? '')} → {String(c.to ?? '')}</span>
            {c.why ? <small>{String(c.why)}</small> : null}
            {c.edit
              ? <button type="button" onClick={() => onApply(c.edit!.element, c.edit!.path, c.edit!.value)}>Apply</button>
              : <small>(not a field of the diagram: change it by hand)</small>}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SimulatePanel({ id, doc, onOverlay, onApply, onMessage }: SimulateProps) {
  const [form, setForm] = useState({ pattern: 'constant' as Pattern, rps: '200', duration: '30', seed: '1', fail: '', targetRps: '' });
  const [run, setRun] = useState<SimRun | null>(null);
  const [history, setHistory] = useState<SimRun[]>([]);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const poll = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refreshHistory = useCallback(() => simApi.history(id).then(setHistory).catch((e: unknown) => {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) setUnavailable('This server does not run simulations (its API has no simulation routes).');
  }), [id]);
  useEffect(() => { void refreshHistory(); return () => { if (poll.current) clearTimeout(poll.current); }; }, [refreshHistory]);

  const show = useCallback((r: SimRun) => {
    setRun(r);
    if (r.result) {
      const b = r.summary?.bottleneck ?? (r.result.bottleneck as string | null) ?? null;
      onOverlay({ hops: loadsFromResult(r.result), bottleneck: b ? hopNode(b) : null });
    }
  }, [onOverlay]);

  const follow = useCallback((rev: number, runId: number) => {
    const step = async () => {
      try {
        const r = await simApi.get(id, rev, runId);
        show(r);
        if (FINISHED.has(r.state)) { void refreshHistory(); return; }
      } catch (e) { onMessage(`Simulation: ${(e as Error).message}`); return; }
      poll.current = setTimeout(() => void step(), POLL_MS);
    };
    void step();
  }, [id, onMessage, refreshHistory, show]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const rev = await savedRevision(doc);
      const r = await simApi.start(id, rev, requestOf(form));
      setRun({ ...r, revision: r.revision ?? rev, request: r.request ?? requestOf(form) });
      follow(rev, r.run);
    } catch (err) {
      onMessage(err instanceof ApiError && err.status === 422 ? 'The saved revision has errors: fix them before simulating.' : `Cannot start: ${(err as Error).message}`);
    }
  };

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const running = run && !FINISHED.has(run.state);

  return (
    <section className="simulate" aria-label="Simulate">
      <h2>Simulate</h2>
      {unavailable && <p className="message">{unavailable}</p>}
      <form onSubmit={(e) => void start(e)} className="sim-form">
        <label htmlFor="sim-pattern">Pattern</label>
        <select id="sim-pattern" value={form.pattern} onChange={set('pattern')}>{PATTERNS.map((p) => <option key={p}>{p}</option>)}</select>
        <label htmlFor="sim-rps">Rate (req/s)</label>
        <input id="sim-rps" type="number" min="0" value={form.rps} onChange={set('rps')} />
        <label htmlFor="sim-duration">Duration (s)</label>
        <input id="sim-duration" type="number" min="1" value={form.duration} onChange={set('duration')} />
        <label htmlFor="sim-seed">Seed</label>
        <input id="sim-seed" type="number" min="1" value={form.seed} onChange={set('seed')} />
        <label htmlFor="sim-fail">Failures (one per line, e.g. orders-fn=errors:0.2@60s-120s)</label>
        <textarea id="sim-fail" rows={2} value={form.fail} onChange={set('fail')} />
        <label htmlFor="sim-target">Target rate for sizing advice (req/s, optional)</label>
        <input id="sim-target" type="number" min="0" value={form.targetRps} onChange={set('targetRps')} />
        <button type="submit" disabled={!!running}>Run simulation</button>
        {running && run && <button type="button" onClick={() => void simApi.cancel(id, run.revision, run.run)}>Cancel</button>}
      </form>
      {run && (
        <div className="sim-run">
          <p role="status">Run {run.run} (revision {run.revision}): {run.state}</p>
          <progress max={1} value={run.progress ?? (run.state === 'done' ? 1 : 0)} aria-label="Simulation progress" />
          {run.error && <p className="message">{run.error}</p>}
          <Summary run={run} />
          {run.result && <SimCharts result={run.result} />}
          <Advice run={run} onApply={onApply} />
        </div>
      )}
      <h3>Runs of this diagram</h3>
      <table className="run-history">
        <thead><tr><th>Run</th><th>Rev</th><th>Pattern</th><th>Rate</th><th>Result</th><th>$/month</th></tr></thead>
        <tbody>
          {history.map((h) => (
            <tr key={`${h.revision}-${h.run}`}>
              <td><button type="button" onClick={() => follow(h.revision, h.run)}>#{h.run}</button></td>
              <td>{h.revision}</td><td>{h.request?.pattern}</td><td>{h.request?.rps}/s</td>
              <td>{h.summary ? `${h.summary.served} ok, ${h.summary.throttled} throttled, ${h.summary.failed} failed` : h.state}</td>
              <td>{h.summary ? usd(h.summary.costPerMonth) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
