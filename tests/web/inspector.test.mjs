// The inspector's structured editors in the browser: a function's tags as key/value rows and its
// managed policies as a list (add, reorder, remove), saved to the server as the format spells them;
// every control labelled (axe) and reachable by keyboard.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, createDiagram, newPage, ordersDiagram, screenshot, serverAndBrowser } from './harness.mjs';

const ctx = serverAndBrowser();

test('tags and a list are edited as rows and saved as the format spells them', async () => {
  const id = await createDiagram(ctx.srv.url, ordersDiagram('Tagged orders', { x: 500, y: 200 }));
  const { page, errors } = await newPage(ctx.browser);
  await page.goto(`${ctx.srv.url}/#/diagrams/${id}`);
  await page.locator('.react-flow__node[data-id="orders-fn"]').click();
  const inspector = page.getByRole('region', { name: 'Inspector' });

  // Tags: two rows added from the keyboard (Enter adds), then one value changed in place.
  const tags = inspector.getByRole('group', { name: 'Tags' });
  await tags.getByLabel('New Tags key').fill('team');
  await tags.getByLabel('New Tags value').fill('orders');
  await tags.getByLabel('New Tags value').press('Enter');
  await tags.getByLabel('New Tags key').fill('cost-centre');
  await tags.getByLabel('New Tags value').fill('41');
  await tags.getByRole('button', { name: 'Add' }).click();
  await tags.getByLabel('Value of cost-centre').fill('42');
  await tags.getByLabel('Value of cost-centre').press('Enter');
  // A second 'team' is refused, with the reason next to the key.
  await tags.getByLabel('New Tags key').fill('team');
  await tags.getByRole('alert').getByText("'team' is there already").waitFor();
  await tags.getByLabel('New Tags key').fill('');

  // Managed policies: three added, the last moved to the top, the middle one removed.
  const policies = inspector.getByRole('group', { name: 'Managed Policies' });
  for (const arn of ['arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess', 'arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy',
    'arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess']) {
    await policies.getByLabel('Add to Managed Policies').fill(arn);
    await policies.getByLabel('Add to Managed Policies').press('Enter');
  }
  await policies.getByRole('button', { name: 'Move arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess up' }).click();
  await policies.getByRole('button', { name: 'Move arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess up' }).click();
  await policies.getByRole('button', { name: 'Remove arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess' }).click();

  await tags.scrollIntoViewIfNeeded();
  await screenshot(page, 'inspector-collections');
  const axe = await axeViolations(page);
  assert.deepEqual(axe, [], `axe: ${JSON.stringify(axe, null, 1)}`);

  await page.keyboard.press('Control+s');
  await page.getByTestId('save-state').getByText(/Saved · revision 2/).waitFor();
  const saved = JSON.parse(await (await fetch(`${ctx.srv.url}/api/diagrams/${id}`)).text());
  const fn = saved.nodes.find((n) => n.id === 'orders-fn');
  assert.deepEqual(fn.tags, { team: 'orders', 'cost-centre': '42' });
  assert.deepEqual(fn.managedPolicies, ['arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess',
    'arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy']);

  // The same value as JSON text, for whoever would rather type it.
  await tags.getByRole('button', { name: 'Edit as JSON' }).click();
  assert.deepEqual(JSON.parse(await tags.getByLabel('Tags as JSON').inputValue()), { team: 'orders', 'cost-centre': '42' });
  assert.deepEqual(errors, []);
});
