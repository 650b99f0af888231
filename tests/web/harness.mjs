// End-to-end harness of the web canvas: a real `archway serve` on an ephemeral loopback port
// with a fresh database, and Debian's Chromium driven headless by playwright-core.

import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const requireWeb = createRequire(join(root, 'web/package.json'));
const { chromium } = requireWeb('playwright-core');
const axeSource = requireWeb('axe-core').source;

export const ARCHWAY = resolve(root, process.env.ARCHWAY ?? 'build/archway');
export const WEB_DIST = resolve(root, process.env.WEB_DIST ?? 'web/dist');
export const SHOTS = resolve(root, 'build/web-screenshots');
export const SAMPLES = join(root, 'samples');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Starts a server on port 0 and reads the address it printed; `samples` null means an empty database; a `token` protects it; `web` is the build served. */
export async function startServer(samples = null, { token, web = WEB_DIST } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'archway-web-'));
  const empty = join(dir, 'no-samples');
  mkdirSync(empty);
  const child = spawn(ARCHWAY, ['serve', '--db', join(dir, 'canvas.db'), '--listen', '127.0.0.1:0', '--web', web,
    '--samples', samples ?? empty, '--quiet', ...(token ? ['--token', token] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${log}`)), 15000);
    const on = (b) => {
      log += b;
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(log);
      if (m) { clearTimeout(timer); ok(m[1]); }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('exit', (code) => fail(new Error(`server exited (${code}):\n${log}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((ok) => { child.once('exit', ok); setTimeout(ok, 6000); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/** A page that fails the test on any console error (a Content-Security-Policy refusal included). */
export async function newPage(browser, errors = []) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 900 } });
  // What a step waits for (a check, a save) answers in milliseconds on a quiet machine; the margin is
  // for a loaded one, where Playwright's 30 s default was seen to run out.
  context.setDefaultTimeout(90_000);
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4(12|22|04)/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** axe-core's serious and critical violations on the page as it stands. */
export async function axeViolations(page) {
  // Evaluated through the debugging protocol: the page's policy rightly refuses inline scripts.
  await page.evaluate(axeSource);
  const res = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Creates a diagram through the API, as an import would, and answers its id. */
export async function createDiagram(url, doc) {
  const res = await fetch(`${url}/api/diagrams`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: url }, body: JSON.stringify(doc, null, 2),
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
  return (await res.json()).diagram.id;
}

export function writeArtifact(name, text) {
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(join(SHOTS, name), text);
}

/** Registers a server and a browser for the test file; their fields are filled before the first test. */
export function serverAndBrowser(samples = null, options = {}) {
  const ctx = { srv: null, browser: null };
  before(async () => { ctx.srv = await startServer(samples, options); ctx.browser = await launch(); });
  after(async () => { await ctx.browser?.close(); await ctx.srv?.stop(); });
  return ctx;
}

/** A small diagram for editing tests: a function writing to a table, placed where the test needs them. */
export function ordersDiagram(name, tablePosition) {
  return {
    archway: 1, name,
    nodes: [
      { kind: 'function', id: 'orders-fn', name: 'Orders', runtime: 'nodejs22.x', handler: 'index.handler', position: { x: 200, y: 200 } },
      { kind: 'datastore', id: 'orders-table', name: 'Orders table', engine: 'dynamodb', position: tablePosition },
    ],
    edges: [{ from: 'orders-fn', to: 'orders-table', access: 'read-write' }],
  };
}
