// Charts of one finished run: served, throttled and failed requests per second, and latency over
// time: each second's p50, p90 and p99 where the report has them, else the per-second mean with the
// routes' p50 and p99 over the whole run as reference lines.

import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SimResult } from '../api/simulations';
import { type SecondRow, latencyLines, routeLatencies, seriesRows } from '../model/simulation';

const MARGIN = { top: 4, right: 8, bottom: 0, left: 0 };

/** What both charts share: grid, the time axis in seconds, the value axis, tooltip and legend. */
const frame = () => [
  <CartesianGrid key="grid" strokeDasharray="3 3" />,
  <XAxis key="x" dataKey="t" unit="s" fontSize={11} />,
  <YAxis key="y" fontSize={11} width={44} />,
  <Tooltip key="tip" />,
  <Legend key="legend" />,
];

function LatencyChart({ rows, result }: { rows: SecondRow[]; result: SimResult }) {
  const { percentiles, lines } = latencyLines(rows);
  const lat = percentiles ? [] : routeLatencies(result);
  const p99 = lat.length ? Math.max(...lat.map((l) => l.p99)) : 0;
  const p50 = lat.length ? Math.max(...lat.map((l) => l.p50)) : 0;
  return (
    <>
      <h3 id="chart-latency">Latency over time (ms)</h3>
      <p className="chart-note" id="chart-latency-note">
        {percentiles ? 'p50, p90 and p99 of the answers in each second; gaps are seconds that answered nothing.'
          : 'Mean of the answers in each second (this run has no per-second percentiles); dashed: the routes\' p50 and p99 over the run.'}
      </p>
      <div className="chart" role="img" aria-labelledby="chart-latency" aria-describedby="chart-latency-note">
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={rows} margin={MARGIN}>
            {frame()}
            {lines.map((l) => <Line key={l.key} type="monotone" dataKey={l.key} name={l.name} stroke={l.colour} dot={false} isAnimationActive={false} />)}
            {p50 > 0 && <ReferenceLine y={p50} ifOverflow="extendDomain" stroke="#5f6b7a" strokeDasharray="4 4" label={{ value: `slowest route's p50 ${p50.toFixed(0)}`, fontSize: 10, position: 'insideTopLeft' }} />}
            {p99 > 0 && <ReferenceLine y={p99} ifOverflow="extendDomain" stroke="#b3261e" strokeDasharray="4 4" label={{ value: `slowest route's p99 ${p99.toFixed(0)}`, fontSize: 10, position: 'insideTopLeft' }} />}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </>
  );
}

export function SimCharts({ result }: { result: SimResult }) {
  const rows = seriesRows(result);
  return (
    <div className="charts" data-testid="sim-charts">
      <h3 id="chart-requests">Requests per second</h3>
      <div className="chart" role="img" aria-labelledby="chart-requests">
        <ResponsiveContainer width="100%" height={180}>
          <AreaChart data={rows} margin={MARGIN}>
            {frame()}
            <Area type="monotone" dataKey="served" stackId="1" stroke="#1b7f3b" fill="#7fd19b" isAnimationActive={false} />
            <Area type="monotone" dataKey="throttled" stackId="1" stroke="#a35c00" fill="#ffc46b" isAnimationActive={false} />
            <Area type="monotone" dataKey="failed" stackId="1" stroke="#b3261e" fill="#f28b82" isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <LatencyChart rows={rows} result={result} />
    </div>
  );
}
