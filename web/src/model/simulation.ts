// The simulation result document (docs/simulation-format.md) turned into what the simulate panel
// draws: per-second served/throttled/failed, latency over time, and hops placed on elements.

import type { HopSnapshot, SimResult } from '../api/simulations';

export interface SecondRow { t: number; offered: number; served: number; throttled: number; failed: number; meanLatencyMs: number }

interface SeriesEntry { t: number; offered: number; status?: Record<string, number>; meanLatencyMs?: number }

/** 2xx is served, 429 throttled, anything else failed: the status classes the simulator reports. */
export function seriesRows(result: SimResult | undefined): SecondRow[] {
  const series = (result?.series ?? []) as SeriesEntry[];
  return series.map((s) => {
    const row: SecondRow = { t: s.t, offered: s.offered, served: 0, throttled: 0, failed: 0, meanLatencyMs: s.meanLatencyMs ?? 0 };
    for (const [code, n] of Object.entries(s.status ?? {})) {
      if (code.startsWith('2')) row.served += n;
      else if (code === '429') row.throttled += n;
      else row.failed += n;
    }
    return row;
  });
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
