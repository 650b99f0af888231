// How the web canvas copes with a large diagram: a generated 300-element diagram opened in headless
// Chromium against a real server, and beside it the floor, React Flow alone with the same nodes and
// edges (web/bench/floor). Prints for both the medians of several runs: time to first draw, and per
// step of a drag, a pan and a zoom the time from the input to the next frame and the renderer's
// main-thread work (from a trace); then their ratio.
// Run by `make bench`; needs `make web` and chromium. RUNS=n sets the number of runs.

import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { createDiagram, launch, newPage, startServer } from '../tests/web/harness.mjs';
import { bigDiagram } from './web-big-diagram.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const STEPS = 30;
const root = resolve(import.meta.dirname, '..');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const nextFrame = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));

/** Builds the floor page with the canvas's own Vite and React Flow into build/web-floor. */
async function buildFloor() {
  const requireWeb = createRequire(join(root, 'web/package.json'));
  const { build } = await import(requireWeb.resolve('vite'));
  const { default: react } = await import(requireWeb.resolve('@vitejs/plugin-react'));
  const outDir = join(root, 'build/web-floor');
  await build({ root: join(root, 'web/bench/floor'), configFile: false, logLevel: 'warn', plugins: [react()],
    build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** The renderer's main thread's busy time (its tasks, in ms) in a trace: the busiest such thread's. */
function mainThreadBusy(trace) {
  const events = JSON.parse(trace.toString()).traceEvents;
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  const busy = new Map();
  for (const e of events) {
    const t = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && mains.has(t)) busy.set(t, (busy.get(t) ?? 0) + e.dur);
  }
  return Math.max(0, ...busy.values()) / 1000;
}

/**
 * Steps of one input, each followed by the next frame: the median time from the input to that
 * frame (Chromium delivers pointer moves with the frame, so two frame intervals at the least), and
 * the main thread's work per step, which decides whether frames are dropped.
 */
async function steps(browser, page, input) {
  const times = [];
  await browser.startTracing(page, { categories: ['toplevel'] });
  for (let s = 1; s <= STEPS; s++) {
    const t = performance.now();
    await input(s);
    await nextFrame(page);
    times.push(performance.now() - t);
  }
  return { latency: median(times), work: mainThreadBusy(await browser.stopTracing()) / STEPS };
}

/** A point of the canvas's empty background near its middle, where a drag pans. */
async function emptyPoint(page) {
  return page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
    for (let dy = 0; dy < pane.height / 2; dy += 10)
      for (const sy of [1, -1])
        for (let dx = 0; dx < pane.width / 2; dx += 10) {
          const x = pane.x + pane.width / 2 + dx, y = pane.y + pane.height / 2 + sy * dy;
          if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
        }
    return null;
  });
}

/** One run on one page: `focus` brings f0 into view as the user would (a search on the canvas). */
async function once(browser, url, focus) {
  const { page, context } = await newPage(browser);
  const t0 = performance.now();
  await page.goto(url);
  await page.locator('.react-flow__node').first().waitFor();
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  const open = performance.now() - t0;
  await focus(page);
  await page.waitForTimeout(400);
  if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT });
  const box = await page.locator('.react-flow__node[data-id="f0"]').boundingBox();
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  const drag = await steps(browser, page, (s) => page.mouse.move(x + s * 4, y + s * 2));
  await page.mouse.up();
  // The drop is a change: the canvas checks it (400 ms later) and saves it (1.5 s later); the pan
  // is measured after both.
  await page.waitForTimeout(2500);
  const p = await emptyPoint(page);
  await page.mouse.move(p.x, p.y);
  await page.mouse.down();
  const pan = await steps(browser, page, (s) => page.mouse.move(p.x - s * 6, p.y - s * 3));
  await page.mouse.up();
  const zoom = await steps(browser, page, (s) => page.mouse.wheel(0, s % 2 ? -60 : 60));
  await context.close();
  return { open, drag: drag.latency, dragWork: drag.work, pan: pan.latency, panWork: pan.work, zoom: zoom.latency, zoomWork: zoom.work };
}

/** Brings f0 into view through the search box, then clears the search (it fades the others). */
async function search(page) {
  const box = page.getByLabel('Search elements by name');
  await box.fill('fn 0');
  await box.press('Enter');
  await page.waitForTimeout(400);
  await box.press('Escape');
  if (await box.inputValue() !== '' || await page.locator('.dimmed').count()) throw new Error('the search did not clear');
}

const floorDir = await buildFloor();
const app = await startServer();
const floor = await startServer(null, { web: floorDir });
const browser = await launch();
try {
  const doc = bigDiagram();
  const appId = await createDiagram(app.url, doc);
  const floorId = await createDiagram(floor.url, doc);
  const runs = { app: [], floor: [] };
  // Interleaved, so that the machine's load falls on both alike.
  for (let r = 0; r < RUNS; r++) {
    runs.app.push(await once(browser, `${app.url}/#/diagrams/${appId}`, search));
    runs.floor.push(await once(browser, `${floor.url}/#/diagrams/${floorId}/f0`, async () => {}));
  }
  const m = (who, k) => median(runs[who].map((x) => x[k]));
  const row = (label, k, unit) => {
    const a = m('app', k), f = m('floor', k);
    console.log(`  ${label.padEnd(22)} ${a.toFixed(1).padStart(8)} ${f.toFixed(1).padStart(8)}  ${(a / f).toFixed(2)}x  ${unit}`);
  };
  console.log(`web canvas, ${doc.nodes.length} elements, median of ${RUNS} runs:`);
  console.log(`  ${''.padEnd(22)} ${'canvas'.padStart(8)} ${'floor'.padStart(8)}  ratio`);
  row('open to first draw', 'open', 'ms (bundle, diagram and first frame)');
  row('drag step, latency', 'drag', 'ms (pointer move to the next frame)');
  row('drag step, main thread', 'dragWork', 'ms (script, style, layout, paint per step)');
  row('pan step, latency', 'pan', 'ms (pointer move on the background to the next frame)');
  row('pan step, main thread', 'panWork', 'ms');
  row('zoom step, latency', 'zoom', 'ms (wheel to the next frame)');
  row('zoom step, main thread', 'zoomWork', 'ms');
} finally {
  await browser.close();
  await Promise.all([app.stop(), floor.stop()]);
}
