// A server started with a token, used through the canvas: the sign-in screen on the first refusal,
// a wrong token refused, then the diagram and its change stream (EventSource, let in by the
// session cookie) working; the token kept for the tab only, never in the address bar; sign out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, newPage, ordersDiagram, screenshot, serverAndBrowser } from './harness.mjs';

const TOKEN = 'e2e-token-4f9c2a7d81b3';
const ctx = serverAndBrowser(null, { token: TOKEN });

async function call(method, path, body, headers = {}) {
  return fetch(`${ctx.srv.url}${path}`, {
    method, body, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
  });
}

test('a token-protected server is used through the sign-in screen, change stream included', async () => {
  const created = await call('POST', '/api/diagrams', JSON.stringify(ordersDiagram('Guarded orders', { x: 500, y: 200 })));
  assert.equal(created.status, 201);
  const { diagram } = await created.json();
  const { context, page, errors } = await newPage(ctx.browser);

  await page.goto(`${ctx.srv.url}/#/diagrams/${diagram.id}`);
  const dialog = page.getByRole('dialog', { name: 'Sign in to this server' });
  await dialog.waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'sign-in');

  await dialog.getByLabel('Server token').fill('not-the-token-at-all');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await dialog.getByRole('alert').getByText('The server did not accept that token.').waitFor();

  await dialog.getByLabel('Server token').fill(TOKEN);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.react-flow__node[data-id="orders-fn"]').waitFor();
  assert.equal(await dialog.count(), 0);

  // The token is the tab's, in sessionStorage; the cookie is out of scripts' reach and not the token.
  assert.ok(!page.url().includes(TOKEN));
  assert.equal(await page.evaluate(() => sessionStorage.getItem('archway.token')), TOKEN);
  assert.equal(await page.evaluate(() => document.cookie), '');
  const [cookie] = (await context.cookies()).filter((c) => c.name === 'archway_session');
  assert.ok(cookie && cookie.httpOnly && cookie.sameSite === 'Strict' && !cookie.value.includes(TOKEN));

  // Another user's save arrives through the change stream, which only the cookie lets in.
  const save = async (memory) => {
    const head = await call('GET', `/api/diagrams/${diagram.id}`);
    const doc = JSON.parse(await head.text());
    doc.nodes[0].memory = memory;
    const res = await call('PUT', `/api/diagrams/${diagram.id}`, JSON.stringify(doc), { 'If-Match': head.headers.get('ETag') });
    assert.equal(res.status, 200);
    return (await res.json()).diagram.revision;
  };
  const r2 = await save(1536);
  await page.getByText(`Revision ${r2} was saved elsewhere and is loaded.`).waitFor();

  // A reload asks nothing: the tab still holds the token, and the stream still gets in.
  await page.reload();
  await page.locator('.react-flow__node[data-id="orders-fn"]').waitFor();
  assert.equal(await dialog.count(), 0);
  await page.waitForTimeout(300);
  const r3 = await save(2048);
  await page.getByText(`Revision ${r3} was saved elsewhere and is loaded.`).waitFor();

  // Signing out ends the session: the cookie no longer opens the API, and the screen asks again.
  await page.goto(`${ctx.srv.url}/#/`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('archway.token')), null);
  assert.equal((await page.evaluate(async () => (await fetch('/api/diagrams')).status)), 401);

  // Before signing in, the page's refused calls are expected 401s; nothing else may fail.
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  await context.close();
});
