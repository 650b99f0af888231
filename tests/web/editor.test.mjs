// The editor end to end: build a diagram from the palette, connect, see findings come and go,
// save, reload, restore, export; with axe-core's check and screenshots of each screen.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { axeViolations, newPage, screenshot, serverAndBrowser } from './harness.mjs';

const ctx = serverAndBrowser();

const node = (page, id) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Drags from one element's output handle to another's input handle, as a user connects them. */
async function drag(page, from, to, { drop = true } = {}) {
  const a = await node(page, from).locator('.react-flow__handle.source').boundingBox();
  const b = await node(page, to).locator('.react-flow__handle.target').boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  if (drop) await page.mouse.up();
}

const problems = (page) => page.locator('.problem-list');

test('a diagram built from the palette is checked live, saved, restored and exported', async () => {
  const { page, errors } = await newPage(ctx.browser);
  await page.goto(`${ctx.srv.url}/`);
  await page.getByLabel('New diagram').fill('Pets from the palette');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'Pets from the palette' }).waitFor();

  // Elements from the palette (clicked: the keyboard way; dragging is the other).
  await page.getByTestId('palette-api-http').click();
  await page.getByTestId('palette-route').click();
  await page.getByTestId('palette-function').click();
  await page.getByTestId('palette-ds-dynamodb').click();
  await node(page, 'function-1').waitFor();
  await page.getByRole('button', { name: 'Fit View' }).click();

  // The route has no integration yet: an error badge and the finding in the problems panel.
  await page.getByRole('tab', { name: /Problems/ }).click();
  await problems(page).getByText(/route 'route-1' is missing the required field 'integration'/).waitFor();
  await node(page, 'route-1').locator('.badge-error').waitFor();

  // A route cannot call a data store: refused while dragging, with the reason.
  await drag(page, 'route-1', 'dynamodb-1', { drop: false });
  const hint = page.getByTestId('connection-hint');
  await hint.waitFor();
  assert.match(await hint.textContent(), /route cannot call a data store directly/);
  await screenshot(page, 'editor-refused-connection');
  await page.mouse.up();

  // Route to Lambda: the integration appears between them, and the error goes.
  await drag(page, 'route-1', 'function-1');
  await node(page, 'function-1-integration-1').waitFor();
  await problems(page).getByText(/missing the required field 'integration'/).waitFor({ state: 'detached' });
  // Now the lint speaks: the route is public without saying so.
  const sec = problems(page).getByText(/route 'route-1' .* has no authorizer/);
  await sec.waitFor();
  await node(page, 'route-1').locator('.badge-warning').waitFor();
  await page.getByRole('button', { name: 'Explain AW-SEC-001' }).click();
  await page.getByRole('dialog', { name: 'Rule AW-SEC-001' }).getByText(/noneReason/).first().waitFor();
  await screenshot(page, 'editor-problems');

  // Fix it in the inspector: a deliberate public route, with its reason.
  await sec.click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByLabel('Authorizer', { exact: true }).selectOption('none');
  await page.getByLabel('None Reason').fill('Public catalogue');
  await page.getByLabel('None Reason').press('Enter');
  await page.getByRole('tab', { name: /Problems/ }).click();
  await sec.waitFor({ state: 'detached' });
  assert.equal(await node(page, 'route-1').locator('.badge').count(), 0);

  // Save now with Ctrl+S, then reload the page: the work is there.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+s');
  // Autosave may have saved some of the steps before (on a slow machine): the last revision is ours.
  await page.getByTestId('save-state').getByText(/^Saved · revision \d+$/).waitFor();
  const saved = Number(/\d+$/.exec(await page.getByTestId('save-state').textContent())[0]);
  await screenshot(page, 'editor');
  const axe = await axeViolations(page);
  assert.deepEqual(axe, [], `axe: ${JSON.stringify(axe, null, 1)}`);
  await page.reload();
  await node(page, 'function-1-integration-1').waitFor();
  await node(page, 'route-1').click();
  assert.equal(await page.getByLabel('None Reason').inputValue(), 'Public catalogue');

  // Restore revision 1 (the empty diagram): saved as the next revision, and the elements are gone.
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Restore revision 1' }).click();
  await page.getByText(`Revision 1 restored as revision ${saved + 1}.`).waitFor();
  await node(page, 'route-1').waitFor({ state: 'detached' });
  await page.getByTestId('save-state').getByText(new RegExp(`revision ${saved + 1}$`)).waitFor();
  // ... and undo brings the work back, saved as the one after.
  await page.getByRole('button', { name: 'Undo' }).click();
  await node(page, 'route-1').waitFor();
  await page.getByTestId('save-state').getByText(new RegExp(`revision ${saved + 2}$`)).waitFor();

  // Compare the saved work with the restored empty diagram.
  await page.getByLabel(new RegExp(`^r${saved} `)).check();
  await page.getByLabel(new RegExp(`^r${saved + 1} `)).check();
  await page.getByRole('button', { name: 'Compare the two ticked' }).click();
  await page.getByText(/− route route-1/).waitFor();
  await screenshot(page, 'editor-history');

  // Export the OpenAPI document: a download with the API's paths.
  await page.getByRole('button', { name: 'Export' }).click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /OpenAPI/ }).click()]);
  assert.equal(dl.suggestedFilename(), 'api-1.openapi.json');
  const doc = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  assert.equal(doc.openapi, '3.0.1');
  assert.ok(doc.paths['/items'].get, 'GET /items is in the document');
  assert.deepEqual(errors, []);
});
