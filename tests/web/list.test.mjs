// The diagram list: create, rename, duplicate, delete, and import JSON and XML files dropped on the page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, axeViolations, newPage, screenshot, serverAndBrowser } from './harness.mjs';

const ctx = serverAndBrowser();

/** Drops files on the page as the browser would after a drag from the desktop. */
async function dropFiles(page, files) {
  await page.evaluate((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) dt.items.add(new File([f.text], f.name, { type: f.type }));
    const target = document.querySelector('main');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

const names = async () => {
  const list = await (await fetch(`${ctx.srv.url}/api/diagrams`)).json();
  return list.diagrams.map((d) => d.name).sort();
};

test('diagrams are created, renamed, duplicated, deleted and imported from the list', async () => {
  const { page, errors } = await newPage(ctx.browser);
  page.on('dialog', (d) => d.accept());
  await page.goto(`${ctx.srv.url}/`);

  await dropFiles(page, [
    { name: 'bff-http-jwt.json', type: 'application/json', text: readFileSync(join(SAMPLES, 'bff-http-jwt.json'), 'utf8') },
    { name: 'websocket-chat.xml', type: 'application/xml', text: readFileSync(join(SAMPLES, 'websocket-chat.xml'), 'utf8') },
  ]);
  await page.getByText('Imported bff-http-jwt.json, websocket-chat.xml.').waitFor();
  await page.getByRole('link', { name: 'Team chat over WebSocket' }).waitFor();
  assert.deepEqual(await names(), ['Storefront backend-for-frontend', 'Team chat over WebSocket']);

  const row = (name) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await row('Storefront backend-for-frontend').getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name').fill('Storefront BFF');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.getByRole('link', { name: 'Storefront BFF', exact: true }).waitFor();

  await row('Storefront BFF').getByRole('button', { name: 'Duplicate' }).click();
  await page.getByRole('link', { name: 'Storefront BFF (copy)' }).waitFor();
  await screenshot(page, 'list');
  const axe = await axeViolations(page);
  assert.deepEqual(axe, [], `axe: ${JSON.stringify(axe, null, 1)}`);

  await row('Storefront BFF').getByRole('button', { name: 'Delete' }).click();
  await page.getByText('Deleted "Storefront BFF".').waitFor();
  assert.deepEqual(await names(), ['Storefront BFF (copy)', 'Team chat over WebSocket']);

  // An XML diagram opens on the canvas through its canonical model.
  await page.getByRole('link', { name: 'Team chat over WebSocket' }).click();
  await page.locator('.react-flow__node[data-id="chat-users"]').waitFor();
  assert.deepEqual(errors, []);
});
