// The latency-over-time chart with both shapes of report: per-second percentiles (p50/p90/p99,
// with gaps for seconds that answered nothing) and the older per-second mean only.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { SimCharts } from '../src/components/SimCharts';
import { latencyLines, seriesRows } from '../src/model/simulation';

globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
afterEach(cleanup);

const pct = (p50: number, p90: number, p99: number) => ({ p50, p90, p99, p999: p99 * 1.5, max: p99 * 2 });

/** A run whose second 1 answered nothing (every request still waiting), as the simulator reports it. */
const withPercentiles = {
  simulationResult: 1, durationS: 3,
  routes: [{ id: 'r', latencyMs: pct(40, 90, 400) }],
  series: [
    { t: 0, offered: 50, status: { 200: 50 }, meanLatencyMs: 42, latencyMs: pct(38, 70, 120) },
    { t: 1, offered: 50, status: {} },
    { t: 2, offered: 50, status: { 200: 40, 429: 10 }, meanLatencyMs: 80, latencyMs: pct(60, 210, 480) },
  ],
};

const meanOnly = {
  simulationResult: 1, durationS: 2,
  routes: [{ id: 'r', latencyMs: { p50: 40, p90: 90, p99: 400 } }],
  series: [
    { t: 0, offered: 50, status: { 200: 50 }, meanLatencyMs: 50 },
    { t: 1, offered: 50, status: { 200: 45, 502: 5 }, meanLatencyMs: 60 },
  ],
};

describe('latency over time', () => {
  it('takes each second\'s percentiles when the report has them, a gap where it answered nothing', () => {
    const rows = seriesRows(withPercentiles);
    expect(rows.map((r) => [r.p50, r.p90, r.p99])).toEqual([[38, 70, 120], [null, null, null], [60, 210, 480]]);
    expect(rows[1].meanLatencyMs).toBeNull();
    expect(rows[2]).toMatchObject({ served: 40, throttled: 10, failed: 0 });
    const { percentiles, lines } = latencyLines(rows);
    expect(percentiles).toBe(true);
    expect(lines.map((l) => l.key)).toEqual(['p50', 'p90', 'p99']);
  });

  it('falls back to the per-second mean for a report without percentiles', () => {
    const rows = seriesRows(meanOnly);
    expect(rows.map((r) => r.p50)).toEqual([null, null]);
    expect(rows.map((r) => r.meanLatencyMs)).toEqual([50, 60]);
    const { percentiles, lines } = latencyLines(rows);
    expect(percentiles).toBe(false);
    expect(lines.map((l) => l.key)).toEqual(['meanLatencyMs']);
  });

  it('says which of the two the chart draws', () => {
    render(<SimCharts result={withPercentiles} />);
    expect(screen.getByRole('img', { name: 'Latency over time (ms)' }).getAttribute('aria-describedby')).toBe('chart-latency-note');
    expect(screen.getByText(/p50, p90 and p99 of the answers in each second/)).toBeTruthy();
    cleanup();
    render(<SimCharts result={meanOnly} />);
    expect(screen.getByText(/Mean of the answers in each second \(this run has no per-second percentiles\)/)).toBeTruthy();
  });
});
