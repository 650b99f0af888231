// Simulation runs of a revision over HTTP, as the shared server contract spells them
// (POST/GET/DELETE .../revisions/{n}/simulations, and the diagram-wide run history).

import { ApiError } from './client';
import { apiFetch } from './auth';

export type Pattern = 'constant' | 'ramp' | 'spike' | 'wave';

export interface SimRequest { pattern: Pattern; rps: number; duration: number; seed: number; fail: string[]; targetRps?: number }

export interface SimSummary {
  offered: number; served: number; throttled: number; failed: number;
  p50Ms: number; p99Ms: number; bottleneck: string | null; costPerMonth: number;
}

export type RunState = 'queued' | 'running' | 'done' | 'cancelled' | 'failed';

export interface AdviceEdit { element: string | null; path: string[]; value: number }
export interface AdviceChange { edit?: AdviceEdit; [k: string]: unknown }

export interface SimRun {
  run: number; revision: number; state: RunState; request: SimRequest; created: string;
  summary?: SimSummary; progress?: number; result?: SimResult; advice?: { changes?: AdviceChange[]; [k: string]: unknown }; error?: string;
}

/** The parts of `archway simulate --format json` the canvas draws (docs/simulation-format.md). */
export interface SimResult { [k: string]: unknown }

export interface HopSnapshot { hop: string; node: string | null; rps: number; utilisation: number; p99Ms: number }
export interface SimEvent { run: number; revision: number; state: RunState; progress: number; hops?: HopSnapshot[] }

async function answer<T>(res: Response): Promise<T> {
  if (res.ok) return res.json() as Promise<T>;
  let body: Record<string, unknown> = {};
  try { body = await res.json(); } catch { /* no problem document */ }
  throw new ApiError(res.status, String(body.title ?? res.statusText), String(body.detail ?? ''), body);
}

const runs = (id: number, n: number) => `/api/diagrams/${id}/revisions/${n}/simulations`;

export const simApi = {
  start: async (id: number, n: number, req: SimRequest) =>
    answer<SimRun>(await apiFetch(runs(id, n), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req) })),
  get: async (id: number, n: number, run: number) => answer<SimRun>(await apiFetch(`${runs(id, n)}/${run}`)),
  history: async (id: number) => (await answer<{ runs: SimRun[] }>(await apiFetch(`/api/diagrams/${id}/simulations`))).runs,
  async cancel(id: number, n: number, run: number): Promise<void> {
    const res = await apiFetch(`${runs(id, n)}/${run}`, { method: 'DELETE' });
    if (!res.ok && res.status !== 409) await answer(res);
  },
};
