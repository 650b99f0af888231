// The simulation result document (docs/simulation-format.md) turned into what the simulate panel
// draws: per-second served/throttled/failed, latency over time, and hops placed on elements.

import type { HopSnapshot, SimResult } from '../api/simulations';

/** One second of a run. Latencies are null for a second that answered nothing: a gap, not a zero. */
export interface SecondRow {
  t: number; offered: number; served: number; throttled: number; failed: number;
  meanLatencyMs: number | null; p50: number | null; p90: number | null; p99: number | null;
}

interface Percentiles { p50: number; p90: number; p99: number; p999?: number; max?: number }
interface SeriesEntry { t: number; offered: number; status?: Record<string, number>; meanLatencyMs?: number; latencyMs?: Percentiles }

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** 2xx is served, 429 throttled, anything else failed: the status classes the simulator reports. */
export function seriesRows(result: SimResult | undefined): SecondRow[] {
  const series = (result?.series ?? []) as SeriesEntry[];
  return series.map((s) => {
    const row: SecondRow = {
      t: s.t, offered: s.offered, served: 0, throttled: 0, failed: 0, meanLatencyMs: finite(s.meanLatencyMs),
      p50: finite(s.latencyMs?.p50), p90: finite(s.latencyMs?.p90), p99: finite(s.latencyMs?.p99),
    };
    for (const [code, n] of Object.entries(s.status ?? {})) {
      if (code.startsWith('2')) row.served += n;
      else if (code === '429') row.throttled += n;
      else row.failed += n;
    }
    return row;
  });
}

export interface LatencyLine { key: 'p50' | 'p90' | 'p99' | 'meanLatencyMs'; name: string; colour: string }

/**
 * What the latency-over-time chart draws: each second's p50, p90 and p99 when the report has
 * per-second percentiles; the per-second mean when it is an older report that has only that.
 */
export function latencyLines(rows: readonly SecondRow[]): { percentiles: boolean; lines: LatencyLine[] } {
  if (rows.some((r) => r.p50 !== null)) {
    return { percentiles: true, lines: [
      { key: 'p50', name: 'p50', colour: '#1a56a6' },
      { key: 'p90', name: 'p90', colour: '#a35c00' },
      { key: 'p99', name: 'p99', colour: '#b3261e' },
    ] };
  }
  return { percentiles: false, lines: [{ key: 'meanLatencyMs', name: 'mean per second', colour: '#1a56a6' }] };
}

export interface RouteLatency { id: string; p50: number; p90: number; p99: number }

export function routeLatencies(result: SimResult | undefined): RouteLatency[] {
  const routes = (result?.routes ?? []) as { id: string; latencyMs?: { p50: number; p90: number; p99: number } }[];
  return routes.filter((r) => r.latencyMs).map((r) => ({ id: r.id, p50: r.latencyMs!.p50, p90: r.latencyMs!.p90, p99: r.latencyMs!.p99 }));
}

/** The diagram element a hop id belongs to: "fn:cart-fn" -> cart-fn, "stage:prod/get-x" -> prod; null for "account". */
export function hopNode(hop: string): string | null {
  const m = /^[A-Za-z]+:([A-Za-z0-9_.-]+)/.exec(hop);
  return m ? m[1] : null;
}

export interface NodeLoad { rps: number; utilisation: number; p99Ms: number }

/** The busiest hop of each element (an element can hold several hops: a stage's per-route buckets). */
export function loadsByNode(hops: readonly HopSnapshot[]): Map<string, NodeLoad> {
  const out = new Map<string, NodeLoad>();
  for (const h of hops) {
    const node = h.node ?? hopNode(h.hop);
    if (!node) continue;
    const prev = out.get(node);
    if (!prev || h.utilisation > prev.utilisation || Number.isNaN(prev.utilisation)) out.set(node, { rps: h.rps, utilisation: h.utilisation, p99Ms: h.p99Ms });
  }
  return out;
}

/** Per-hop loads from a finished result: arrivals over the run's length, utilisation as measured. */
export function loadsFromResult(result: SimResult | undefined): HopSnapshot[] {
  const hops = (result?.hops ?? []) as { id: string; arrivals: number; utilisation?: number }[];
  const secs = Number(result?.durationS ?? 1) || 1;
  return hops.map((h) => ({ hop: h.id, node: hopNode(h.id), rps: h.arrivals / secs, utilisation: h.utilisation ?? NaN, p99Ms: 0 }));
}
