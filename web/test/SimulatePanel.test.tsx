// The simulate panel against a mocked server: the request it posts, following the run to its end,
// the summary, and a recommendation applied with one click through the advice's "edit".
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SimulatePanel, requestOf } from '../src/components/SimulatePanel';
import type { DocApi } from '../src/hooks/useDocument';

globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;

const summary = { offered: 100, served: 90, throttled: 8, failed: 2, p50Ms: 40, p99Ms: 400, bottleneck: 'fn:cart-fn', costPerMonth: 1234.5 };
const result = {
  simulationResult: 1, durationS: 2, bottleneck: 'fn:cart-fn',
  routes: [{ id: 'r', latencyMs: { p50: 40, p90: 90, p99: 400 } }],
  hops: [{ id: 'fn:cart-fn', arrivals: 100, utilisation: 0.97 }],
  series: [{ t: 0, offered: 50, status: { 200: 45, 429: 4, 502: 1 }, meanLatencyMs: 50 }, { t: 1, offered: 50, status: { 200: 45, 429: 4, 500: 1 }, meanLatencyMs: 60 }],
};
const advice = { maxRps: 80, changes: [
  { hop: 'fn:cart-fn', node: 'cart-fn', change: 'reservedConcurrency', from: 60, to: 76, why: 'Erlang B', edit: { element: 'cart-fn', path: ['reservedConcurrency'], value: 76 } },
  { hop: 'account', change: 'account quota', from: 10000, to: 12000, why: 'ask AWS' },
] };

function mockServer() {
  const posted: unknown[] = [];
  let polls = 0;
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    if (url === '/api/diagrams/4/simulations') return json(200, { runs: [] });
    if (url === '/api/diagrams/4/revisions/7/simulations' && init?.method === 'POST') {
      posted.push(JSON.parse(String(init.body)));
      return json(202, { run: 3, revision: 7, state: 'queued', request: posted[0], created: '2026-12-07T00:00:00Z', summary: null, progress: 0 });
    }
    if (url === '/api/diagrams/4/revisions/7/simulations/3') {
      polls++;
      return polls < 2
        ? json(200, { run: 3, revision: 7, state: 'running', progress: 0.5, request: posted[0], created: '' })
        : json(200, { run: 3, revision: 7, state: 'done', progress: 1, request: posted[0], created: '', summary, result, advice });
    }
    return json(404, { title: 'Not Found', status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { posted, fetchMock };
}

const doc = { save: async () => 7 } as unknown as DocApi;

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

describe('simulate panel', () => {
  it('spells the request as the server contract does', () => {
    expect(requestOf({ pattern: 'spike', rps: '250', duration: '60', seed: '', fail: 'fn:a=down@1s-2s\n\n db:t=throttle:5 ', targetRps: '' }))
      .toEqual({ pattern: 'spike', rps: 250, duration: 60, seed: 1, fail: ['fn:a=down@1s-2s', 'db:t=throttle:5'] });
  });

  it('runs the saved revision, follows it to the end and applies a recommendation with one click', async () => {
    const { posted } = mockServer();
    const onApply = vi.fn();
    const onOverlay = vi.fn();
    render(<SimulatePanel id={4} doc={doc} onOverlay={onOverlay} onApply={onApply} onMessage={() => {}} />);
    fireEvent.change(screen.getByLabelText('Rate (req/s)'), { target: { value: '500' } });
    fireEvent.change(screen.getByLabelText(/Target rate/), { target: { value: '900' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run simulation' }));
    await screen.findByText(/Run 3 \(revision 7\): done/, undefined, { timeout: 3000 });
    expect(posted).toEqual([{ pattern: 'constant', rps: 500, duration: 30, seed: 1, fail: [], targetRps: 900 }]);
    expect(screen.getByTestId('sim-summary').textContent).toContain('$1,235');
    // The bottleneck hop is drawn on its element, and the loads of the hops too.
    expect(onOverlay).toHaveBeenLastCalledWith({ hops: [{ hop: 'fn:cart-fn', node: 'cart-fn', rps: 50, utilisation: 0.97, p99Ms: 0 }], bottleneck: 'cart-fn' });
    const apply = screen.getAllByRole('button', { name: 'Apply' });
    expect(apply).toHaveLength(1);                       // the account quota is no field of the diagram
    expect(screen.getByText(/not a field of the diagram/)).toBeTruthy();
    fireEvent.click(apply[0]);
    expect(onApply).toHaveBeenCalledWith('cart-fn', ['reservedConcurrency'], 76);
  });

  it('says so when the server has no simulation routes', async () => {
    mockServer();
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 404 })));
    render(<SimulatePanel id={4} doc={doc} onOverlay={() => {}} onApply={() => {}} onMessage={() => {}} />);
    await waitFor(() => expect(screen.getByText(/does not run simulations/)).toBeTruthy());
  });
});
