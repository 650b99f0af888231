// Editing by keyboard: add from the palette, copy and paste, delete, undo and redo, search by name;
// tidy through the server's layout; PNG and diagram-file exports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createDiagram, newPage, ordersDiagram, serverAndBrowser } from './harness.mjs';

const ctx = serverAndBrowser();

// The table half covers the function, for tidy to sort out.
const doc = ordersDiagram('Keyboard', { x: 240, y: 220 });

test('the editor works from the keyboard, tidies and exports', async () => {
  const id = await createDiagram(ctx.srv.url, doc);
  const { page, errors } = await newPage(ctx.browser);
  await page.goto(`${ctx.srv.url}/#/diagrams/${id}`);
  const node = (nid) => page.locator(`.react-flow__node[data-id="${nid}"]`);
  await node('orders-fn').waitFor();

  // The palette by keyboard: focus an item, press Enter.
  await page.getByTestId('palette-ds-sqs').focus();
  await page.keyboard.press('Enter');
  await node('sqs-1').waitFor();

  // Copy and paste the function with the table: the copy keeps its own edge. Ctrl+C right
  // after the clicks copies what the canvas has selected (not the inspector's view of it,
  // which follows a moment later).
  await node('orders-fn').click({ position: { x: 8, y: 8 } });   // the table covers the rest of it
  const t = await node('orders-table').boundingBox();
  await node('orders-table').click({ modifiers: ['Control'], position: { x: t.width - 6, y: t.height - 6 } });
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await node('orders-fn-1').waitFor();
  await node('orders-table-1').waitFor();
  await page.locator('.react-flow__edge[data-id="edge:orders-fn-1->orders-table-1"]').waitFor({ state: 'attached' });

  // Delete the pasted pair, undo, redo.
  await page.keyboard.press('Delete');
  await node('orders-fn-1').waitFor({ state: 'detached' });
  await page.keyboard.press('Control+z');
  await node('orders-fn-1').waitFor();
  await page.keyboard.press('Control+Shift+z');
  await node('orders-fn-1').waitFor({ state: 'detached' });

  // Search by name: the others dim, Enter selects what matched.
  await page.keyboard.press('Control+f');
  await page.keyboard.type('table');
  await page.getByText('1 found').waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Data store: Orders table' }).waitFor();
  assert.equal(await node('orders-fn').locator('.dimmed').count(), 1);
  await page.keyboard.press('Escape');

  // Tidy: the layout artifact moves the overlapping pair apart, in one undoable step.
  await page.getByRole('button', { name: 'Tidy' }).click();
  await page.getByText(/^Tidied 3 elements/).waitFor();
  await page.getByTestId('save-state').getByText('Unsaved changes').or(page.getByText(/Saved · revision/)).first().waitFor();
  const apart = async () => {
    const a = await node('orders-fn').boundingBox();
    const b = await node('orders-table').boundingBox();
    return Math.abs(a.x - b.x) > a.width || Math.abs(a.y - b.y) > a.height;
  };
  for (let i = 0; i < 50 && !(await apart()); i++) await page.waitForTimeout(100);
  assert.ok(await apart(), 'tidied elements do not overlap');

  // Exports: a PNG picture and the diagram file.
  await page.getByRole('button', { name: 'Export' }).click();
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^PNG/ }).click()]);
  assert.equal(png.suggestedFilename(), 'keyboard.png');
  assert.deepEqual([...readFileSync(await png.path()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  await page.getByRole('button', { name: 'Export' }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Diagram file/ }).click()]);
  const saved = JSON.parse(readFileSync(await file.path(), 'utf8'));
  assert.deepEqual(saved.nodes.map((n) => n.id), ['orders-fn', 'orders-table', 'sqs-1']);
  assert.deepEqual(errors, []);
});
