'use strict';
// Shared plumbing of the validators in tests/validators: reading a JSON file
// strictly (JSON.parse keeps the last of two equal keys without a word; a
// template or document with a repeated key is reported here), writing
// locations in a JSON-path-like form, and collecting problems as
// "FILE: LOCATION: message" lines.

const fs = require('fs');

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

// Formats a list of keys and indexes as Resources.Api.Properties.Body.paths["/x"].get
// or Tags[0].Key: identifier-like keys after a dot, others quoted in brackets.
function formatPath(segments) {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

// Converts a JSON pointer (as Ajv reports it) into the same notation.
function pointerToSegments(pointer) {
  if (!pointer || pointer === '/' || pointer === '#' || pointer === '#/') return [];
  return pointer.replace(/^#/, '').split('/').slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// Finds the end (index of the closing quote) of the JSON string starting at i.
function stringEnd(text, i) {
  let j = i + 1;
  for (;;) {
    const c = text.charCodeAt(j);
    if (c === 34) return j; // "
    j += c === 92 ? 2 : 1; // backslash escapes the next character
  }
}

// Scans valid JSON text for objects that repeat a key; returns the paths of the repeats.
function findDuplicateKeys(text) {
  const duplicates = [];
  const stack = []; // {obj: true, keys: Set, key, expectKey} | {obj: false, index}
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top && top.obj && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1));
        if (top.keys.has(key)) {
          const segs = stack.slice(0, -1).map((f) => (f.obj ? f.key : f.index));
          duplicates.push(segs.concat([key]));
        }
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 123) { // {
      stack.push({ obj: true, keys: new Set(), key: null, expectKey: true });
    } else if (c === 91) { // [
      stack.push({ obj: false, index: 0 });
    } else if (c === 125 || c === 93) { // } ]
      stack.pop();
    } else if (c === 44) { // ,
      const top = stack[stack.length - 1];
      if (top.obj) top.expectKey = true;
      else top.index++;
    }
  }
  return duplicates;
}

// Reads FILE as JSON. Returns {value} or {error}; repeated keys go to report.
function readJsonFile(file, report) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    report.add(file, null, `cannot read: ${e.message}`);
    return { error: true };
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    report.add(file, null, `not valid JSON: ${e.message}`);
    return { error: true };
  }
  for (const segs of findDuplicateKeys(text)) {
    report.add(file, segs, 'key appears twice in one object (JSON readers keep only one of them)');
  }
  return { value, size: Buffer.byteLength(text, 'utf8') };
}

// Collects and prints problems; one line each.
class Report {
  constructor(stream) {
    this.stream = stream || process.stdout;
    this.count = 0;
  }

  add(file, segments, message) {
    this.count++;
    const where = segments && segments.length ? `${formatPath(segments)}: ` : '';
    this.stream.write(`${file}: ${where}${message}\n`);
  }
}

// Suggests the candidate closest to name (same letters in another case, or
// at most two edits away), for "did you mean" hints.
function suggest(name, candidates) {
  const lower = name.toLowerCase();
  let best = null;
  let bestDistance = 3;
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    if (Math.abs(c.length - name.length) >= bestDistance) continue;
    const d = editDistance(lower, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a, b, limit) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin >= limit) return limit;
    prev = cur;
  }
  return prev[b.length];
}

function didYouMean(name, candidates) {
  const s = suggest(name, candidates);
  return s ? ` (did you mean ${s}?)` : '';
}

// Splits argv into options (--name or --name=value, among allowed) and file names.
function parseArgs(argv, usage, allowed = []) {
  const options = {};
  const files = [];
  for (const arg of argv) {
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(usage);
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (m && !allowed.includes(m[1])) {
      process.stderr.write(`unknown option ${arg}\n${usage}`);
      process.exit(2);
    }
    if (m) options[m[1]] = m[2] === undefined ? true : m[2];
    else files.push(arg);
  }
  if (files.length === 0) {
    process.stderr.write(usage);
    process.exit(2);
  }
  return { options, files };
}

module.exports = {
  formatPath,
  pointerToSegments,
  isPlainObject,
  findDuplicateKeys,
  readJsonFile,
  Report,
  suggest,
  didYouMean,
  parseArgs,
};
