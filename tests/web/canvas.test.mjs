// The canvas as a drawing: links' labels clear of cards after a tidy, shown on demand where there
// is no room; the 300-element picture; the page's chunks served with the right types and caching.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, axeViolations, createDiagram, newPage, screenshot, serverAndBrowser } from './harness.mjs';
import { bigDiagram } from '../../bench/web-big-diagram.mjs';

const ctx = serverAndBrowser();

const intersect = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The boxes, on the page, of the labels shown and of the cards (API boxes hold cards: not counted). */
async function boxes(page) {
  return page.evaluate(() => {
    const rect = (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height, text: e.textContent }; };
    return {
      labels: [...document.querySelectorAll('.link-label')].map(rect),
      cards: [...document.querySelectorAll('.react-flow__node-element')].map(rect),
    };
  });
}

test('after a tidy, no link label covers a card or another label', async () => {
  const doc = JSON.parse(readFileSync(join(SAMPLES, 'orders-sqs-events.json'), 'utf8'));
  const written = doc.edges.filter((e) => e.label).length;
  const id = await createDiagram(ctx.srv.url, doc);
  const { page, errors } = await newPage(ctx.browser);
  await page.goto(`${ctx.srv.url}/#/diagrams/${id}`);
  await page.locator('.react-flow__node').first().waitFor();
  await page.getByRole('button', { name: 'Tidy' }).click();
  await page.getByText(/^Tidied \d+ elements/).waitFor();
  await page.getByRole('button', { name: 'Fit View' }).click();
  await page.waitForTimeout(500);
  await screenshot(page, 'canvas-labels-tidy');

  const { labels, cards } = await boxes(page);
  assert.ok(cards.length > 20, `the sample's cards are drawn (${cards.length})`);
  // Most written labels find a free spot in a tidy layout; the references' names wait for a hover.
  assert.ok(labels.length >= Math.ceil(written / 2), `${labels.length} of ${written} written labels shown`);
  for (const l of labels) {
    for (const c of cards) assert.ok(!intersect(l, c), `label "${l.text}" covers the card "${c.text}"`);
    for (const m of labels) assert.ok(l === m || !intersect(l, m), `labels "${l.text}" and "${m.text}" overlap`);
  }

  // Close up, around the source of the first written label: a readable picture of it.
  const from = doc.nodes.find((n) => n.id === doc.edges.find((e) => e.label).from);
  await page.getByLabel('Search elements by name').fill(from.name);
  await page.getByLabel('Search elements by name').press('Enter');
  await page.getByLabel('Search elements by name').fill('');
  await page.waitForTimeout(500);
  await screenshot(page, 'canvas-labels-close-up');
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.getByRole('button', { name: 'Fit View' }).click();
  await page.waitForTimeout(400);

  // Selecting a card shows the names of its references, above the cards.
  const route = doc.nodes.find((n) => n.kind === 'route' && n.integration);
  const label = page.getByTestId(`label-ref:${route.id}:integration:${route.integration}`);
  assert.equal(await label.count(), 0);
  await page.locator(`.react-flow__node[data-id="${route.id}"]`).click();
  await label.waitFor();
  assert.equal(await label.textContent(), 'integration');
  assert.match(await label.getAttribute('class'), /link-label-raised/);
  await screenshot(page, 'canvas-labels-selected');

  // ... and so does hovering over the link itself, while the pointer is on it.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await label.waitFor({ state: 'detached' });
  const middle = await page.evaluate((id) => {
    const path = document.querySelector(`.react-flow__edge[data-id="${CSS.escape(id)}"] .link-hover`);
    const p = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(path.getScreenCTM());
    return { x: p.x, y: p.y };
  }, `ref:${route.id}:integration:${route.integration}`);
  await page.mouse.move(middle.x, middle.y);
  await label.waitFor();
  await page.mouse.move(5, 5);
  await label.waitFor({ state: 'detached' });

  const axe = await axeViolations(page);
  assert.deepEqual(axe, [], `axe: ${JSON.stringify(axe, null, 1)}`);
  assert.deepEqual(errors, []);
});

test('a 300-element diagram is drawn, and its chunks are cached as their names allow', async () => {
  const id = await createDiagram(ctx.srv.url, bigDiagram());
  const { page, errors } = await newPage(ctx.browser);
  const responses = [];
  page.on('response', (r) => responses.push(r));
  await page.goto(`${ctx.srv.url}/#/diagrams/${id}`);
  await page.locator('.react-flow__node').first().waitFor();
  await page.getByLabel('Search elements by name').fill('fn 0');
  await page.getByLabel('Search elements by name').press('Enter');
  await page.waitForTimeout(500);
  await screenshot(page, 'canvas-300-elements');

  const page0 = responses.find((r) => new URL(r.url()).pathname === '/');
  assert.equal(page0.headers()['cache-control'], 'no-cache');
  const assets = responses.filter((r) => new URL(r.url()).pathname.startsWith('/assets/'));
  assert.ok(assets.length >= 4, 'the page loads its entry, vendor chunks and styles');
  for (const r of assets) {
    const path = new URL(r.url()).pathname;
    assert.equal(r.status(), 200, path);
    assert.equal(r.headers()['cache-control'], 'public, max-age=31536000, immutable', path);
    assert.equal(r.headers()['content-type'], path.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8', path);
  }
  // The charts are not part of the first draw: the page names no simulate chunk.
  const html = await page0.text();
  assert.doesNotMatch(html, /SimulatePanel/);
  assert.match(html, /assets\/reactflow-[\w-]{8}\.js/);
  assert.deepEqual(errors, []);
});
