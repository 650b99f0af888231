// Charts of one finished run: served, throttled and failed requests per second, and latency over
// time (the per-second mean, with each route's p50 and p99 over the run as reference lines).

import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SimResult } from '../api/simulations';
import { routeLatencies, seriesRows } from '../model/simulation';

const MARGIN = { top: 4, right: 8, bottom: 0, left: 0 };

/** What both charts share: grid, the time axis in seconds, the value axis, tooltip and legend. */
const frame = () => [
  <CartesianGrid key="grid" strokeDasharray="3 3" />,
  <XAxis key="x" dataKey="t" unit="s" fontSize={11} />,
  <YAxis key="y" fontSize={11} width={44} />,
  <Tooltip key="tip" />,
  <Legend key="legend" />,
];

export function SimCharts({ result }: { result: SimResult }) {
  const rows = seriesRows(result);
  const lat = routeLatencies(result);
  const p99 = lat.length ? Math.max(...lat.map((l) => l.p99)) : 0;
  const p50 = lat.length ? Math.max(...lat.map((l) => l.p50)) : 0;
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
      <h3 id="chart-latency">Latency (ms)</h3>
      <div className="chart" role="img" aria-labelledby="chart-latency">
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={rows} margin={MARGIN}>
            {frame()}
            <Line type="monotone" dataKey="meanLatencyMs" name="mean per second" stroke="#1a56a6" dot={false} isAnimationActive={false} />
            {p50 > 0 && <ReferenceLine y={p50} stroke="#5f6b7a" strokeDasharray="4 4" label={{ value: `p50 ${p50.toFixed(0)}`, fontSize: 10 }} />}
            {p99 > 0 && <ReferenceLine y={p99} stroke="#b3261e" strokeDasharray="4 4" label={{ value: `p99 ${p99.toFixed(0)}`, fontSize: 10 }} />}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
