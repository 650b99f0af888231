#!/usr/bin/env node
'use strict';
// check-docs.js --ir IR.json --bundle DIR --page NAME.md [--screenshot OUT.png]
//
// Checks a documentation bundle that `archway docs` wrote, as a reader of a
// plain Markdown viewer would see it:
//   1. the page renders with markdown-it (CommonMark plus tables): every
//      table comes out as a <table> (no row left as text), every heading
//      the page promises is there;
//   2. every link and image is relative and names a file of the bundle;
//   3. every route of the diagram (read from `archway ir`) appears on the
//      page (its method and path in the route table) and, for HTTP and
//      REST APIs, in the linked OpenAPI document (operationId = route id,
//      under its path and method);
//   4. the HTML, opened in headless Chromium (playwright-core, the
//      machine's /usr/bin/chromium), shows the picture (the SVG loads and
//      has a size), logs no errors, and is saved as a screenshot to look at.
// Prints one line per problem and exits 1 if there was any, 0 if not, 2 on
// bad usage.

const fs = require('fs');
const path = require('path');
const MarkdownIt = require('markdown-it');

const HEADINGS = ['APIs', 'Routes', 'Stages and their limits', 'Usage plans', 'Capacity', 'Monthly cost',
  'Open findings'];
const METHOD_KEYS = {ANY: 'x-amazon-apigateway-any-method'};

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) return null;
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args.ir && args.bundle && args.page ? args : null;
}

function decode(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

// The text of each cell of each table row, as rendered.
function tableRows(html) {
  const rows = [];
  for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) || []) {
    const cells = (row.match(/<t[dh][^>]*>[\s\S]*?<\/t[dh]>/g) || [])
      .map((c) => decode(c.replace(/<[^>]+>/g, '')).trim());
    rows.push(cells);
  }
  return rows;
}

function checkRendering(html, md, problems) {
  const tables = (html.match(/<table>/g) || []).length;
  const expected = md.split('\n').filter((l) => /^\|(---\|)+$/.test(l)).length;
  if (tables !== expected) problems.push(`${expected} tables in the Markdown, ${tables} rendered`);
  for (const line of html.split('\n'))
    if (/^<p>\|/.test(line)) problems.push(`a table row rendered as text: ${line.slice(0, 80)}`);
  for (const h of HEADINGS)
    if (!html.includes(`<h2>${h}</h2>`)) problems.push(`no "${h}" section`);
}

function checkLinks(html, bundle, problems) {
  const targets = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => decode(m[1]));
  if (!targets.length) problems.push('no links at all (the picture and OpenAPI documents are missing)');
  for (const t of targets) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(t) || t.startsWith('/') || t.startsWith('#'))
      problems.push(`link "${t}" is not relative to the bundle`);
    else if (!fs.existsSync(path.join(bundle, t)))
      problems.push(`link "${t}" names no file of the bundle`);
  }
  return targets;
}

function checkRoutes(ir, html, targets, bundle, problems) {
  const rows = tableRows(html);
  const apis = new Map(ir.nodes.filter((n) => n.kind === 'api').map((n) => [n.id, n]));
  const docs = new Map();
  for (const t of targets.filter((x) => x.endsWith('.openapi.json'))) {
    const doc = JSON.parse(fs.readFileSync(path.join(bundle, t), 'utf8'));
    docs.set(path.basename(t, '.openapi.json'), doc);
  }
  let routes = 0;
  for (const r of ir.nodes.filter((n) => n.kind === 'route')) {
    routes++;
    const where = r.path || r.routeKey;
    const method = r.method || '';
    if (!rows.some((c) => c[1] === method && c[2] === where))
      problems.push(`route ${r.id} (${method} ${where}) is not in the page's route table`);
    if (!rows.some((c) => c[0] === r.id))
      problems.push(`route ${r.id} is not in the page's capacity table`);
    const api = apis.get(r.api);
    if (!api || api.type === 'websocket') continue;
    const doc = docs.get(r.api);
    if (!doc) {
      problems.push(`route ${r.id}: the page links no OpenAPI document of API ${r.api}`);
      continue;
    }
    const op = ((doc.paths || {})[where] || {})[METHOD_KEYS[method] || method.toLowerCase()];
    if (!op || op.operationId !== r.id)
      problems.push(`route ${r.id} (${method} ${where}) is not an operation of ${r.api}.openapi.json`);
  }
  return routes;
}

// Opens the page in headless Chromium beside its files; the picture must
// load and have a size; console errors are problems.
async function checkBrowser(html, bundle, page, screenshot, problems) {
  const {chromium} = require('playwright-core');
  const file = path.join(bundle, `${path.basename(page, '.md')}.check.html`);
  fs.writeFileSync(file, `<!doctype html><meta charset="utf-8"><title>${path.basename(page)}</title>` +
    '<style>body{font:14px sans-serif;max-width:1200px;margin:2em auto}table{border-collapse:collapse}' +
    'td,th{border:1px solid #ccc;padding:2px 6px}img{max-width:100%}</style>\n' + html);
  const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--allow-file-access-from-files']});
  try {
    const tab = await browser.newPage({viewport: {width: 1280, height: 900}});
    tab.on('console', (m) => { if (m.type() === 'error') problems.push(`browser console: ${m.text()}`); });
    await tab.goto('file://' + path.resolve(file), {waitUntil: 'load'});
    const images = await tab.$$eval('img', (imgs) => imgs.map((i) => ({src: i.getAttribute('src'),
      w: i.naturalWidth, h: i.naturalHeight})));
    if (!images.length) problems.push('the page shows no picture');
    for (const i of images)
      if (!(i.w > 0 && i.h > 0)) problems.push(`picture ${i.src} did not load in the browser`);
    const tables = await tab.$$eval('table', (t) => t.length);
    if (!tables) problems.push('the browser shows no table');
    if (screenshot) await tab.screenshot({path: screenshot, fullPage: true});
  } finally {
    await browser.close();
    fs.unlinkSync(file);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error('usage: check-docs.js --ir IR.json --bundle DIR --page NAME.md [--screenshot OUT.png]');
    return 2;
  }
  const md = fs.readFileSync(path.join(args.bundle, args.page), 'utf8');
  const ir = JSON.parse(fs.readFileSync(args.ir, 'utf8'));
  const html = new MarkdownIt({html: false, linkify: false}).render(md);
  const problems = [];
  checkRendering(html, md, problems);
  const targets = checkLinks(html, args.bundle, problems);
  const routes = checkRoutes(ir, html, targets, args.bundle, problems);
  await checkBrowser(html, args.bundle, args.page, args.screenshot, problems);
  for (const p of problems) console.log(`${args.page}: ${p}`);
  console.log(`check-docs.js: ${args.page}: ${routes} route(s), ${targets.length} link(s): ${problems.length} problem(s)`);
  return problems.length ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => { console.error(e); process.exit(2); });
