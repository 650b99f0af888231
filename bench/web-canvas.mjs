// How the web canvas copes with a large diagram: a generated 300-element diagram opened in headless
// Chromium against a real server; prints the median time to first draw, to a whole element drag,
// and per drag step (medians of several runs). Run by `make bench`; needs `make web` and chromium.

import { createDiagram, launch, newPage, startServer } from '../tests/web/harness.mjs';
import { bigDiagram } from './web-big-diagram.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const STEPS = 30;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once(browser, url, id) {
  const { page, context } = await newPage(browser);
  const t0 = Date.now();
  await page.goto(`${url}/#/diagrams/${id}`);
  await page.locator('.react-flow__node').first().waitFor();
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  const open = Date.now() - t0;
  // Select f0 through the search box: the canvas brings it into view.
  await page.getByLabel('Search elements by name').fill('fn 0');
  await page.getByLabel('Search elements by name').press('Enter');
  await page.waitForTimeout(400);
  if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT });
  const box = await page.locator('.react-flow__node[data-id="f0"]').boundingBox();
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  const t1 = Date.now();
  await page.mouse.move(x, y);
  await page.mouse.down();
  const steps = [];
  for (let s = 1; s <= STEPS; s++) {
    const ts = Date.now();
    await page.mouse.move(x + s * 4, y + s * 2);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));
    steps.push(Date.now() - ts);
  }
  await page.mouse.up();
  await page.getByTestId('save-state').getByText('Unsaved changes').waitFor();
  const drag = Date.now() - t1;
  await context.close();
  return { open, drag, step: median(steps) };
}

const srv = await startServer();
const browser = await launch();
try {
  const doc = bigDiagram();
  const id = await createDiagram(srv.url, doc);
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await once(browser, srv.url, id));
  const m = (k) => median(runs.map((x) => x[k]));
  console.log(`web canvas, ${doc.nodes.length} elements, median of ${RUNS} runs:`);
  console.log(`  open to first draw      ${m('open')} ms`);
  console.log(`  drag of one element     ${m('drag')} ms for ${STEPS} steps (including the change committed at the drop)`);
  console.log(`  one drag step           ${m('step')} ms (pointer move to the next frame)`);
} finally {
  await browser.close();
  await srv.stop();
}
