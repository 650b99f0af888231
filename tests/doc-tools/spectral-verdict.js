// Reads Spectral's JSON findings (stdin) and fails on every one, except the
// single class AWS's own spelling forces: scopes on a REST user-pool
// authorizer. API Gateway documents Cognito authorizers of REST APIs as
// apiKey schemes (x-amazon-apigateway-authtype cognito_user_pools) whose
// header is the authorizer's identity source; an oauth2 scheme names no
// header, so the imported authorizer would read no token. OpenAPI 3.0 lets
// only oauth2/openIdConnect requirements carry scopes, hence the warning.
'use strict';
const fs = require('fs');

const findings = JSON.parse(fs.readFileSync(0, 'utf8') || '[]');
const documents = new Map();
function documentAt(file) {
  if (!documents.has(file)) documents.set(file, JSON.parse(fs.readFileSync(file, 'utf8')));
  return documents.get(file);
}

function forcedByAws(f) {
  if (f.code !== 'oas3-operation-security-defined') return false;
  const at = f.path.indexOf('security');
  if (at < 0 || f.path.length !== at + 4) return false;
  const scheme = f.path[at + 2];
  const schemes = (documentAt(f.source).components || {}).securitySchemes || {};
  const s = schemes[scheme];
  return !!s && s.type === 'apiKey' && s['x-amazon-apigateway-authtype'] === 'cognito_user_pools';
}

let allowed = 0, failed = 0;
for (const f of findings) {
  if (forcedByAws(f)) { allowed++; continue; }
  failed++;
  console.log(`${f.source}:${f.range.start.line + 1}:${f.range.start.character + 1} ` +
              `${f.severity === 0 ? 'error' : 'warning'} ${f.code} ${f.message}`);
}
console.log(`${failed} finding(s); ${allowed} scope warning(s) on REST user-pool authorizers, ` +
            `which AWS documents as apiKey schemes`);
process.exit(failed ? 1 : 0);
