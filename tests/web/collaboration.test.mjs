// Two people on one diagram: the second save over a stale revision gets the 412 dialog with
// what changed, and each way out (reload theirs, keep mine) ends in the expected revision.
// Other saves arrive through the change stream while nothing is unsaved.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, createDiagram, newPage, screenshot, ordersDiagram, serverAndBrowser } from './harness.mjs';

const ctx = serverAndBrowser();

const doc = ordersDiagram('Shared orders', { x: 500, y: 200 });

async function latest(id) {
  return JSON.parse(await (await fetch(`${ctx.srv.url}/api/diagrams/${id}`)).text());
}

/** Sets a field of an element through the inspector. */
async function edit(page, element, label, value) {
  await page.locator(`.react-flow__node[data-id="${element}"]`).click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const box = page.getByLabel(new RegExp(`^${label}`));
  await box.fill(value);
  await box.press('Enter');
}

/** Alice's and Bob's pages, each in its own browser context, open on diagram id. */
async function twoEditors(id) {
  const alice = await newPage(ctx.browser);
  const bob = await newPage(ctx.browser);
  for (const p of [alice.page, bob.page]) {
    await p.goto(`${ctx.srv.url}/#/diagrams/${id}`);
    await p.locator('.react-flow__node[data-id="orders-fn"]').waitFor();
  }
  return { alice, bob };
}

test('two browsers editing one diagram get the stale-save flow', async () => {
  const id = await createDiagram(ctx.srv.url, doc);
  const { alice, bob } = await twoEditors(id);

  // Both edit; Alice saves first; Bob, whose change is unsaved, is told and saves over the revision he loaded.
  await edit(alice.page, 'orders-fn', 'Memory', '1024');
  await edit(bob.page, 'orders-fn', 'Memory', '2048');
  await alice.page.keyboard.press('Control+s');
  await alice.page.getByTestId('save-state').getByText('Saved · revision 2').waitFor();
  await bob.page.getByText(/Revision 2 was saved by someone else while you edit/).waitFor();
  await bob.page.keyboard.press('Control+s');
  const dialog = bob.page.getByRole('alertdialog', { name: 'Someone else saved this diagram' });
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /Elements that differ\s*orders-fn/);
  await screenshot(bob.page, 'stale-save');
  assert.equal((await latest(id)).nodes[0].memory, 1024, 'the stale save wrote nothing');

  // Bob keeps his: saved over Alice's as revision 3, which Alice's page loads from the change stream.
  await dialog.getByRole('button', { name: 'Keep mine (save over theirs)' }).click();
  await bob.page.getByTestId('save-state').getByText('Saved · revision 3').waitFor();
  assert.equal((await latest(id)).nodes[0].memory, 2048);
  await alice.page.getByText('Revision 3 was saved elsewhere and is loaded.').waitFor();
  await alice.page.locator('.react-flow__node[data-id="orders-fn"]').click();
  assert.equal(await alice.page.getByLabel(/^Memory/).inputValue(), '2048');

  // Now Alice holds revision 3 with an unsaved change while Bob saves 4: she reloads his.
  await edit(bob.page, 'orders-table', 'Resource Name', 'orders-v2');
  await edit(alice.page, 'orders-fn', 'Memory', '512');
  await bob.page.keyboard.press('Control+s');
  await bob.page.getByTestId('save-state').getByText('Saved · revision 4').waitFor();
  await alice.page.keyboard.press('Control+s');
  const again = alice.page.getByRole('alertdialog');
  await again.waitFor();
  assert.match(await again.textContent(), /orders-table/);
  await again.getByRole('button', { name: 'Reload theirs' }).click();
  await alice.page.locator('.react-flow__node[data-id="orders-table"]').click();
  assert.equal(await alice.page.getByLabel(/^Resource Name/).inputValue(), 'orders-v2');
  assert.equal((await latest(id)).nodes[0].memory, 2048);
  assert.deepEqual([...alice.errors, ...bob.errors], []);
});

test('changes to different elements are shown field by field and merged', async () => {
  const id = await createDiagram(ctx.srv.url, ordersDiagram('Merged orders', { x: 500, y: 200 }));
  const { alice, bob } = await twoEditors(id);
  // Both edit, different elements; Alice saves first, and Bob's save (his own or the autosave) is stale.
  await edit(alice.page, 'orders-fn', 'Memory', '1024');
  await edit(bob.page, 'orders-table', 'Resource Name', 'orders-archive');
  await alice.page.keyboard.press('Control+s');
  await alice.page.getByTestId('save-state').getByText('Saved · revision 2').waitFor();
  await bob.page.keyboard.press('Control+s');

  // Each element that differs, with its fields: the server's value and Bob's, and who changed it.
  const dialog = bob.page.getByRole('alertdialog', { name: 'Someone else saved this diagram' });
  await dialog.waitFor();
  const theirs = dialog.getByRole('region', { name: 'orders-fn: changed by them' });
  assert.deepEqual(await theirs.getByRole('row').allInnerTexts(),
    ['Field\tTheirs (on the server)\tYours', 'memory\t1024\t(not set)']);
  const mine = dialog.getByRole('region', { name: 'orders-table: changed by you' });
  assert.deepEqual(await mine.getByRole('row').allInnerTexts(),
    ['Field\tTheirs (on the server)\tYours', 'resourceName\t(not set)\torders-archive']);
  assert.deepEqual(await axeViolations(bob.page), []);
  await screenshot(bob.page, 'stale-save-fields');

  // Merging both keeps Alice's memory and Bob's table name, saved as the next revision.
  await dialog.getByRole('button', { name: 'Merge both' }).click();
  await bob.page.getByTestId('save-state').getByText('Saved · revision 3').waitFor();
  const saved = await latest(id);
  assert.equal(saved.nodes.find((n) => n.id === 'orders-fn').memory, 1024);
  assert.equal(saved.nodes.find((n) => n.id === 'orders-table').resourceName, 'orders-archive');
  await alice.page.getByText('Revision 3 was saved elsewhere and is loaded.').waitFor();
  assert.deepEqual([...alice.errors, ...bob.errors], []);
  await alice.context.close();
  await bob.context.close();
});
