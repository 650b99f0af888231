#!/usr/bin/env node
'use strict';
// check-openapi.js [--flavor=http|rest] FILE...
//
// Checks OpenAPI documents meant for API Gateway imports
// (`aws apigatewayv2 import-api` for HTTP APIs, `aws apigateway
// import-rest-api` for REST APIs):
//   1. each must be OpenAPI 3.0.x and is validated by swagger-parser
//      (@apidevtools/swagger-parser) against the OpenAPI 3.0 schema; no
//      external $ref is followed (nothing is read but the file itself);
//   2. then, beyond what a JSON schema can say: path templates against the
//      declared path parameters, unique operationIds, one variable name per
//      path position, security requirements naming declared schemes;
//   3. then the API Gateway extensions, lightly but really (below).
// Prints one line per problem, "FILE: paths["/x"].get.x-amazon-apigateway-
// integration.uri: what is wrong", then a summary line; exits 1 if there was
// any problem, 0 if not, 2 on bad usage.
//
// Whether a document is for an HTTP API or a REST API is read from the
// extensions only one of them takes (HTTP_MARKERS, REST_MARKERS below), or
// given with --flavor. A document that mixes both is reported.
//
// Facts relied on, from the API Gateway developer guide ("OpenAPI extensions
// for API Gateway", "x-amazon-apigateway-integration object",
// "x-amazon-apigateway-authorizer object", "x-amazon-apigateway-cors object",
// the API reference of Integration and Authorizer, and the quotas pages):
//   - x-amazon-apigateway-integration is a member of an Operation object;
//     its type is required and one of aws, aws_proxy, http, http_proxy, mock
//     (AWS accepts them in either case); HTTP APIs take only aws_proxy and
//     http_proxy. uri is the backend: an ARN for aws and aws_proxy, an
//     http(s) URL for http and http_proxy; for HTTP APIs' private
//     integrations (connectionType VPC_LINK) the ARN of the load balancer
//     listener or Cloud Map service, with connectionId the VPC link's id;
//     an HTTP API's AWS service integration names integrationSubtype and
//     requestParameters instead of a uri. httpMethod is the method of the
//     integration request: for Lambda function invocations it must be POST;
//     REST APIs need it for every type but mock. payloadFormatVersion is
//     "1.0" or "2.0" (2.0 for Lambda proxy integrations only) and is
//     required for HTTP APIs. timeoutInMillis is an integer from 50 to
//     30000 for HTTP APIs and from 50 to 29000 for REST APIs (the REST
//     default quota; a raised account quota allows more).
//     passthroughBehavior is when_no_templates, when_no_match or never;
//     contentHandling CONVERT_TO_TEXT or CONVERT_TO_BINARY; connectionType
//     INTERNET or VPC_LINK; responses map a pattern to an object with a
//     statusCode. requestTemplates, responses, passthroughBehavior,
//     contentHandling and the cache members belong to REST APIs.
//   - x-amazon-apigateway-integrations (components) holds reusable
//     integrations of HTTP APIs, referenced with $ref.
//   - x-amazon-apigateway-authorizer is a member of a security scheme; its
//     type is required: token, request or cognito_user_pools for REST
//     APIs, request or jwt for HTTP APIs. token and request authorizers
//     need authorizerUri; cognito_user_pools needs providerARNs; jwt needs
//     jwtConfiguration (issuer, audience) and identitySource. HTTP APIs'
//     request authorizers need authorizerPayloadFormatVersion ("1.0" or
//     "2.0"); enableSimpleResponses needs 2.0. authorizerResultTtlInSeconds
//     is 0 to 3600. Scopes apply to cognito_user_pools (REST) and jwt (HTTP)
//     authorizers only.
//   - x-amazon-apigateway-any-method is an Operation object under a Path
//     Item object, beside the methods it does not override.
//   - x-amazon-apigateway-cors (HTTP APIs, root): allowOrigins,
//     allowMethods, allowHeaders, exposeHeaders (arrays), allowCredentials
//     (boolean), maxAge (integer).
//   - REST APIs, root: x-amazon-apigateway-api-key-source HEADER or
//     AUTHORIZER; x-amazon-apigateway-binary-media-types an array of
//     strings; x-amazon-apigateway-minimum-compression-size 0 to 10485760;
//     x-amazon-apigateway-request-validators a map of validators
//     (validateRequestBody, validateRequestParameters), which
//     x-amazon-apigateway-request-validator (root or operation) names;
//     x-amazon-apigateway-gateway-responses keyed by gateway response type.
//   - x-amazon-apigateway-endpoint-configuration sits on a Server object in
//     OpenAPI 3 (disableExecuteApiEndpoint, vpcEndpointIds).
//   - API Gateway takes a path variable only as a whole segment ({name}, or
//     {name+} as the last one), and one variable name per position among
//     sibling paths.

const path = require('path');
const {
  isPlainObject, readJsonFile, Report, pointerToSegments, formatPath, didYouMean, parseArgs,
} = require('./lib/common');

const USAGE = 'usage: node check-openapi.js [--flavor=http|rest] OPENAPI.json...\n';
const SwaggerParser = require('@apidevtools/swagger-parser');

const P = 'x-amazon-apigateway-';
const ANY_METHOD = `${P}any-method`;
const INTEGRATION = `${P}integration`;
const AUTHORIZER = `${P}authorizer`;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const KNOWN_EXTENSIONS = new Set([
  'any-method', 'api-key-source', 'auth', 'authorizer', 'authtype', 'binary-media-types', 'cors',
  'documentation', 'endpoint-access-mode', 'endpoint-configuration', 'gateway-responses',
  'importexport-version', 'integration', 'integrations', 'minimum-compression-size', 'policy',
  'request-validator', 'request-validators', 'security-policy', 'tag-value',
].map((x) => P + x));

const INTEGRATION_MEMBERS = new Set([
  'cacheKeyParameters', 'cacheNamespace', 'connectionId', 'connectionType', 'credentials',
  'contentHandling', 'httpMethod', 'integrationSubtype', 'integrationTarget', 'passthroughBehavior',
  'payloadFormatVersion', 'requestParameters', 'requestTemplates', 'responses', 'responseTransferMode',
  'timeoutInMillis', 'tlsConfig', 'type', 'uri',
]);
const REST_ONLY_INTEGRATION_MEMBERS = [
  'cacheKeyParameters', 'cacheNamespace', 'contentHandling', 'passthroughBehavior', 'requestTemplates', 'responses',
];
const INTEGRATION_TYPES = ['aws', 'aws_proxy', 'http', 'http_proxy', 'mock'];
const HTTP_API_INTEGRATION_TYPES = ['aws_proxy', 'http_proxy'];
const INTEGRATION_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY'];
const TIMEOUT_MAX = { http: 30000, rest: 29000, unknown: 30000 };

const AUTHORIZER_MEMBERS = new Set([
  'type', 'authorizerUri', 'authorizerCredentials', 'authorizerPayloadFormatVersion', 'enableSimpleResponses',
  'identitySource', 'jwtConfiguration', 'identityValidationExpression', 'authorizerResultTtlInSeconds',
  'providerARNs',
]);
const AUTHORIZER_TYPES = {
  token: ['rest'], request: ['rest', 'http'], cognito_user_pools: ['rest'], jwt: ['http'],
};

const CORS_MEMBERS = {
  allowOrigins: 'array', allowMethods: 'array', allowHeaders: 'array', exposeHeaders: 'array',
  allowCredentials: 'boolean', maxAge: 'integer',
};

const GATEWAY_RESPONSE_TYPES = new Set([
  'ACCESS_DENIED', 'API_CONFIGURATION_ERROR', 'AUTHORIZER_CONFIGURATION_ERROR', 'AUTHORIZER_FAILURE',
  'BAD_REQUEST_PARAMETERS', 'BAD_REQUEST_BODY', 'DEFAULT_4XX', 'DEFAULT_5XX', 'EXPIRED_TOKEN',
  'INTEGRATION_FAILURE', 'INTEGRATION_TIMEOUT', 'INVALID_API_KEY', 'INVALID_SIGNATURE',
  'MISSING_AUTHENTICATION_TOKEN', 'QUOTA_EXCEEDED', 'REQUEST_TOO_LARGE', 'RESOURCE_NOT_FOUND',
  'THROTTLED', 'UNAUTHORIZED', 'UNSUPPORTED_MEDIA_TYPE', 'WAF_FILTERED',
]);

// Root-level extensions only one flavor of API takes.
const HTTP_MARKERS = [`${P}cors`, `${P}importexport-version`];
const REST_MARKERS = [
  `${P}api-key-source`, `${P}binary-media-types`, `${P}gateway-responses`, `${P}request-validators`,
  `${P}request-validator`, `${P}minimum-compression-size`, `${P}policy`, `${P}documentation`,
];

// ---------------------------------------------------------------------------

// Every operation of the document: {pathKey, method, op, at, pathItem}.
function operationsOf(doc) {
  const out = [];
  if (!isPlainObject(doc.paths)) return out;
  for (const [pathKey, item] of Object.entries(doc.paths)) {
    if (!isPlainObject(item)) continue;
    for (const method of METHODS.concat(ANY_METHOD)) {
      if (isPlainObject(item[method])) {
        out.push({ pathKey, method, op: item[method], at: ['paths', pathKey, method], pathItem: item });
      }
    }
  }
  return out;
}

// Resolves a local JSON pointer ("#/components/...") in doc; undefined if it does not resolve.
function resolvePointer(doc, ref) {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let v = doc;
  for (const seg of pointerToSegments(ref)) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, seg)) return undefined;
    v = v[seg];
  }
  return v;
}

// Calls visit(value, segments, key) for every member of every object and array in v.
function visitAll(v, at, visit) {
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      visit(item, at.concat(i), i);
      visitAll(item, at.concat(i), visit);
    });
  } else if (isPlainObject(v)) {
    for (const [k, item] of Object.entries(v)) {
      visit(item, at.concat(k), k);
      visitAll(item, at.concat(k), visit);
    }
  }
}

function lower(v) {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

function article(word) {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function isInteger(v) {
  return typeof v === 'number' && Number.isInteger(v);
}

class DocumentChecker {
  constructor(file, doc, report, flavorOption) {
    this.file = file;
    this.doc = doc;
    this.report = report;
    this.flavorOption = flavorOption;
    this.flavor = 'unknown';
    this.ops = [];
  }

  problem(at, message) {
    this.report.add(this.file, at, message);
  }

  // Runs every check; returns the number of operations checked.
  async run() {
    if (!isPlainObject(this.doc)) {
      this.problem(null, 'an OpenAPI document is a JSON object');
      return 0;
    }
    if (!this.checkVersion()) return 0;
    if (this.checkRefs()) await this.runSwaggerParser();
    this.ops = operationsOf(this.doc);
    this.flavor = this.detectFlavor();
    this.checkPaths();
    this.checkAnyMethodPlacement();
    this.checkExtensionNames();
    this.checkIntegrations();
    this.checkAuthorizers();
    this.checkSecurity();
    this.checkRootExtensions();
    return this.ops.length;
  }

  checkVersion() {
    const v = this.doc.openapi;
    if (typeof v === 'string' && /^3\.0\.\d+$/.test(v)) return true;
    if (this.doc.swagger !== undefined) this.problem(['swagger'], 'a Swagger 2.0 document; expected OpenAPI 3.0.x');
    else this.problem(['openapi'], `expected OpenAPI 3.0.x, found ${JSON.stringify(v)}`);
    return false;
  }

  // Reports every $ref that points outside the document or at nothing in
  // it; returns whether all of them resolve (swagger-parser stops at the
  // first that does not, without saying where it is).
  checkRefs() {
    let ok = true;
    visitAll(this.doc, [], (v, at, key) => {
      if (key !== '$ref' || typeof v !== 'string') return;
      if (!v.startsWith('#')) {
        ok = false;
        this.problem(at, `external $ref ${JSON.stringify(v)}: not followed (a document for API Gateway stands alone)`);
      } else if (resolvePointer(this.doc, v) === undefined) {
        ok = false;
        this.problem(at, `$ref ${JSON.stringify(v)} points at nothing in the document`);
      }
    });
    return ok;
  }

  // Validates with swagger-parser; reads nothing but the object given.
  async runSwaggerParser() {
    const options = {
      resolve: { external: false, file: false, http: false },
      dereference: { circular: 'ignore' },
    };
    try {
      await SwaggerParser.validate(structuredClone(this.doc), options);
    } catch (err) {
      if (Array.isArray(err.details) && err.details.length) {
        const seen = new Set();
        for (const d of err.details) {
          const line = `${d.instancePath}\u0000${d.message}`;
          if (seen.has(line)) continue;
          seen.add(line);
          const extra = d.params && d.params.additionalProperty ? ` (${d.params.additionalProperty})` : '';
          this.problem(pointerToSegments(d.instancePath), `swagger-parser: ${d.message}${extra}`);
        }
      } else {
        this.problem(null, `swagger-parser: ${String(err.message).split('\n').join(' ')}`);
      }
    }
  }

  // -- flavor ------------------------------------------------------------

  detectFlavor() {
    const http = [];
    const rest = [];
    for (const k of HTTP_MARKERS) if (this.doc[k] !== undefined) http.push(k);
    for (const k of REST_MARKERS) if (this.doc[k] !== undefined) rest.push(k);
    const components = isPlainObject(this.doc.components) ? this.doc.components : {};
    if (components[`${P}integrations`] !== undefined) http.push(`components.${P}integrations`);
    for (const { integration, at } of this.integrations()) {
      for (const m of ['payloadFormatVersion', 'integrationSubtype']) {
        if (integration[m] !== undefined && http.length < 5) http.push(`${m} (at ${formatPath(at)})`);
      }
    }
    for (const { authorizer } of this.authorizers()) {
      const type = lower(authorizer.type);
      if (type === 'jwt') http.push('a jwt authorizer');
      if (type === 'token' || type === 'cognito_user_pools') rest.push(`a ${type} authorizer`);
      if (authorizer.authorizerPayloadFormatVersion !== undefined) http.push('authorizerPayloadFormatVersion');
    }
    if (this.flavorOption) {
      const other = this.flavorOption === 'http' ? rest : http;
      if (other.length) {
        this.problem(null, `given as ${this.flavorOption.toUpperCase()} API but uses extensions of the other flavor: ${other.join(', ')}`);
      }
      return this.flavorOption;
    }
    if (http.length && rest.length) {
      this.problem(null, `mixes HTTP API extensions (${http.join(', ')}) with REST API extensions (${rest.join(', ')})`);
      return 'unknown';
    }
    if (http.length) return 'http';
    if (rest.length) return 'rest';
    return 'unknown';
  }

  // -- paths and operations ---------------------------------------------

  checkPaths() {
    const operationIds = new Map();
    for (const { op, at } of this.ops) {
      if (typeof op.operationId !== 'string') continue;
      const first = operationIds.get(op.operationId);
      if (first) this.problem(at.concat('operationId'), `operationId ${op.operationId} is also used at ${first}`);
      else operationIds.set(op.operationId, at.slice(1).join(' '));
    }
    const variables = new Map();
    for (const pathKey of Object.keys(isPlainObject(this.doc.paths) ? this.doc.paths : {})) {
      variables.set(pathKey, this.pathVariables(pathKey).map((v) => v.name));
    }
    for (const { pathKey, op, at, pathItem } of this.ops) {
      this.checkPathParameters(variables.get(pathKey), pathKey, op, at, pathItem);
    }
    this.checkSiblingVariables();
  }

  // Template variables of a path: [{name, greedy}], reporting malformed segments.
  pathVariables(pathKey) {
    const vars = [];
    const segments = pathKey.split('/').slice(1);
    segments.forEach((seg, i) => {
      if (!seg.includes('{') && !seg.includes('}')) return;
      const m = /^\{([^{}+]+)(\+?)\}$/.exec(seg);
      if (!m) {
        this.problem(['paths', pathKey], `segment ${JSON.stringify(seg)}: API Gateway takes a path variable only as a whole segment`);
        for (const inner of seg.matchAll(/\{([^{}+]+)\+?\}/g)) vars.push({ name: inner[1], greedy: false });
        return;
      }
      if (m[2] && i !== segments.length - 1) {
        this.problem(['paths', pathKey], `greedy variable {${m[1]}+} must be the last segment`);
      }
      vars.push({ name: m[1], greedy: Boolean(m[2]) });
    });
    return vars;
  }

  // The path parameters of an operation against the variables of its path.
  checkPathParameters(vars, pathKey, op, at, pathItem) {
    const declared = new Set();
    for (const list of [pathItem.parameters, op.parameters]) {
      if (!Array.isArray(list)) continue;
      for (let p of list) {
        if (isPlainObject(p) && typeof p.$ref === 'string') p = resolvePointer(this.doc, p.$ref);
        if (isPlainObject(p) && p.in === 'path' && typeof p.name === 'string') declared.add(p.name);
      }
    }
    for (const name of vars) {
      if (!declared.has(name)) this.problem(at, `path variable {${name}} has no parameter with "in": "path"`);
    }
    for (const name of declared) {
      if (!vars.includes(name)) this.problem(at.concat('parameters'), `path parameter ${name} is not a variable of ${pathKey}`);
    }
  }

  // API Gateway keeps one variable name per position under one parent.
  checkSiblingVariables() {
    const byParent = new Map();
    for (const pathKey of Object.keys(isPlainObject(this.doc.paths) ? this.doc.paths : {})) {
      const segs = pathKey.split('/');
      for (let i = 1; i < segs.length; i++) {
        const m = /^\{([^{}]+)\}$/.exec(segs[i]);
        if (!m) continue;
        const parent = segs.slice(0, i).join('/');
        const names = byParent.get(parent) || new Map();
        if (!names.has(m[1])) names.set(m[1], pathKey);
        byParent.set(parent, names);
      }
    }
    for (const [parent, names] of byParent) {
      if (names.size > 1) {
        const list = [...names].map(([n, p]) => `{${n}} in ${p}`).join(', ');
        this.problem(['paths'], `under ${parent || '/'} sibling paths use different variables: ${list}`);
      }
    }
  }

  checkAnyMethodPlacement() {
    visitAll(this.doc, [], (v, at, key) => {
      if (key !== ANY_METHOD) return;
      const underPath = at.length === 3 && at[0] === 'paths';
      if (!underPath) this.problem(at, `${ANY_METHOD} belongs directly under a path (a Path Item object)`);
      else if (!isPlainObject(v)) this.problem(at, 'must be an Operation object');
    });
  }

  checkExtensionNames() {
    visitAll(this.doc, [], (v, at, key) => {
      if (typeof key === 'string' && key.startsWith(P) && !KNOWN_EXTENSIONS.has(key)) {
        this.problem(at, `unknown API Gateway extension${didYouMean(key, KNOWN_EXTENSIONS)}`);
      }
    });
  }

  // -- integrations -----------------------------------------------------

  // Every integration object: those of operations (not $refs) and those in components.
  integrations() {
    const out = [];
    for (const { op, at, method } of this.ops) {
      const integration = op[INTEGRATION];
      if (isPlainObject(integration) && integration.$ref === undefined) {
        out.push({ integration, at: at.concat(INTEGRATION), method });
      }
    }
    const components = isPlainObject(this.doc.components) ? this.doc.components : {};
    const shared = components[`${P}integrations`];
    if (isPlainObject(shared)) {
      for (const [name, integration] of Object.entries(shared)) {
        if (isPlainObject(integration)) out.push({ integration, at: ['components', `${P}integrations`, name] });
      }
    }
    return out;
  }

  // Reports shared integrations that are not objects (once, not at every use).
  checkSharedIntegrations() {
    const components = isPlainObject(this.doc.components) ? this.doc.components : {};
    const shared = components[`${P}integrations`];
    if (shared === undefined) return;
    if (!isPlainObject(shared)) {
      this.problem(['components', `${P}integrations`], 'must be an object of integrations');
      return;
    }
    for (const [name, integration] of Object.entries(shared)) {
      if (!isPlainObject(integration)) this.problem(['components', `${P}integrations`, name], 'must be an integration object');
    }
  }

  checkIntegrations() {
    for (const { op, at } of this.ops) {
      const integration = op[INTEGRATION];
      const where = at.concat(INTEGRATION);
      if (integration === undefined) {
        if (this.flavor === 'rest') this.problem(at, 'no x-amazon-apigateway-integration (a REST API method needs one)');
      } else if (!isPlainObject(integration)) {
        this.problem(where, 'must be an object');
      } else if (integration.$ref !== undefined && !String(integration.$ref).startsWith(`#/components/${P}integrations/`)) {
        this.problem(where.concat('$ref'), `an integration $ref points into components.${P}integrations`);
      }
    }
    this.checkSharedIntegrations();
    for (const { integration, at } of this.integrations()) this.checkIntegration(integration, at);
  }

  checkIntegration(ig, at) {
    for (const key of Object.keys(ig)) {
      if (!INTEGRATION_MEMBERS.has(key)) this.problem(at.concat(key), `unknown integration member${didYouMean(key, INTEGRATION_MEMBERS)}`);
    }
    const type = lower(ig.type);
    if (ig.type === undefined) {
      this.problem(at, 'missing type');
      return;
    }
    if (!INTEGRATION_TYPES.includes(type)) {
      this.problem(at.concat('type'), `${JSON.stringify(ig.type)} is not an integration type (${INTEGRATION_TYPES.join(', ')})`);
      return;
    }
    if (this.flavor === 'http' && !HTTP_API_INTEGRATION_TYPES.includes(type)) {
      this.problem(at.concat('type'), `HTTP APIs take only ${HTTP_API_INTEGRATION_TYPES.join(' and ')} integrations, not ${type}`);
    }
    this.checkIntegrationTarget(ig, type, at);
    this.checkIntegrationMethod(ig, type, at);
    this.checkIntegrationSettings(ig, type, at);
  }

  // uri, connectionType, connectionId, integrationSubtype.
  checkIntegrationTarget(ig, type, at) {
    const vpcLink = ig.connectionType !== undefined && lower(ig.connectionType) === 'vpc_link';
    if (ig.connectionType !== undefined && !['internet', 'vpc_link'].includes(lower(ig.connectionType))) {
      this.problem(at.concat('connectionType'), 'must be INTERNET or VPC_LINK');
    }
    if (vpcLink) {
      if (!['http', 'http_proxy'].includes(type)) this.problem(at.concat('connectionType'), 'VPC_LINK goes with http or http_proxy integrations');
      if (typeof ig.connectionId !== 'string' || ig.connectionId === '') this.problem(at, 'connectionType VPC_LINK needs connectionId');
    }
    if (ig.integrationSubtype !== undefined) {
      if (this.flavor === 'rest') this.problem(at.concat('integrationSubtype'), 'integrationSubtype is for HTTP APIs only');
      if (type !== 'aws_proxy') this.problem(at.concat('integrationSubtype'), 'goes with type aws_proxy');
      if (!isPlainObject(ig.requestParameters)) this.problem(at, 'an integrationSubtype needs requestParameters');
      return;
    }
    if (type === 'mock') return;
    if (typeof ig.uri !== 'string' || ig.uri === '') {
      this.problem(at, `missing uri (${article(type)} ${type} integration needs one)`);
      return;
    }
    const placeholder = ig.uri.startsWith('${');
    const arn = ig.uri.startsWith('arn:') || placeholder;
    const url = /^https?:\/\//.test(ig.uri) || placeholder;
    if (type.startsWith('aws') && !arn) this.problem(at.concat('uri'), `${article(type)} ${type} integration's uri is an ARN`);
    if (type.startsWith('http')) {
      const wantArn = vpcLink && this.flavor === 'http';
      const wantEither = vpcLink && this.flavor === 'unknown';
      if (wantArn && !arn) this.problem(at.concat('uri'), 'an HTTP API private integration\'s uri is the ARN of a listener or Cloud Map service');
      else if (!wantArn && !wantEither && !url) this.problem(at.concat('uri'), `${article(type)} ${type} integration's uri is an http(s) URL`);
      else if (wantEither && !url && !arn) this.problem(at.concat('uri'), 'a private integration\'s uri is a URL or an ARN');
    }
  }

  // httpMethod: present where needed, POST for Lambda.
  checkIntegrationMethod(ig, type, at) {
    const m = ig.httpMethod;
    if (m !== undefined && (typeof m !== 'string' || !INTEGRATION_METHODS.includes(m.toUpperCase()))) {
      this.problem(at.concat('httpMethod'), `${JSON.stringify(m)} is not an HTTP method (${INTEGRATION_METHODS.join(', ')})`);
      return;
    }
    const lambda = typeof ig.uri === 'string'
      && (ig.uri.includes(':lambda:path/') || (this.flavor !== 'rest' && type === 'aws_proxy' && ig.integrationSubtype === undefined));
    const needed = type !== 'mock' && ig.integrationSubtype === undefined && (this.flavor === 'rest' || type.startsWith('http'));
    if (m === undefined) {
      if (needed) this.problem(at, `missing httpMethod (${article(type)} ${type} integration${this.flavor === 'rest' ? ' of a REST API' : ''} needs one)`);
      return;
    }
    if (lambda && m.toUpperCase() !== 'POST') this.problem(at.concat('httpMethod'), `a Lambda function is invoked with POST, not ${m}`);
    else if (this.flavor === 'rest' && type === 'aws_proxy' && m.toUpperCase() !== 'POST') {
      this.problem(at.concat('httpMethod'), `a REST API's aws_proxy integration uses POST, not ${m}`);
    }
  }

  // payloadFormatVersion, timeoutInMillis and the REST-only members.
  checkIntegrationSettings(ig, type, at) {
    const pfv = ig.payloadFormatVersion;
    if (pfv !== undefined) {
      if (this.flavor === 'rest') this.problem(at.concat('payloadFormatVersion'), 'is for HTTP APIs only');
      if (pfv !== '1.0' && pfv !== '2.0') this.problem(at.concat('payloadFormatVersion'), `must be "1.0" or "2.0", not ${JSON.stringify(pfv)}`);
      else if (pfv === '2.0' && (type !== 'aws_proxy' || ig.integrationSubtype !== undefined)) {
        this.problem(at.concat('payloadFormatVersion'), '"2.0" is for Lambda proxy integrations only');
      }
    } else if (this.flavor === 'http') {
      this.problem(at, 'missing payloadFormatVersion (required for HTTP APIs)');
    }
    const t = ig.timeoutInMillis;
    const max = TIMEOUT_MAX[this.flavor];
    if (t !== undefined && (!isInteger(t) || t < 50 || t > max)) {
      this.problem(at.concat('timeoutInMillis'), `must be an integer from 50 to ${max}, not ${JSON.stringify(t)}`);
    }
    if (this.flavor === 'http') {
      for (const key of REST_ONLY_INTEGRATION_MEMBERS) {
        if (ig[key] !== undefined) this.problem(at.concat(key), 'HTTP APIs do not take this (REST APIs only)');
      }
    }
    this.checkEnum(ig, 'passthroughBehavior', ['when_no_templates', 'when_no_match', 'never'], at);
    this.checkEnum(ig, 'contentHandling', ['convert_to_text', 'convert_to_binary'], at);
    for (const key of ['requestParameters', 'requestTemplates']) this.checkStringMap(ig[key], at.concat(key));
    if (ig.cacheKeyParameters !== undefined) this.checkStringArray(ig.cacheKeyParameters, at.concat('cacheKeyParameters'));
    if (ig.responses !== undefined) this.checkIntegrationResponses(ig.responses, at.concat('responses'));
    if (ig.tlsConfig !== undefined) this.checkTlsConfig(ig.tlsConfig, at.concat('tlsConfig'));
  }

  checkIntegrationResponses(responses, at) {
    if (!isPlainObject(responses)) {
      this.problem(at, 'must be an object of responses');
      return;
    }
    for (const [pattern, r] of Object.entries(responses)) {
      if (!isPlainObject(r)) this.problem(at.concat(pattern), 'must be an object');
      else if (typeof r.statusCode !== 'string' || !/^[1-5]\d\d$/.test(r.statusCode)) {
        this.problem(at.concat(pattern, 'statusCode'), 'must be an HTTP status code as a string, such as "200"');
      }
    }
  }

  checkTlsConfig(tls, at) {
    if (!isPlainObject(tls)) {
      this.problem(at, 'must be an object');
      return;
    }
    for (const [k, v] of Object.entries(tls)) {
      if (k === 'insecureSkipVerification' && typeof v !== 'boolean') this.problem(at.concat(k), 'must be a boolean');
      else if (k === 'serverNameToVerify' && typeof v !== 'string') this.problem(at.concat(k), 'must be a string');
      else if (k !== 'insecureSkipVerification' && k !== 'serverNameToVerify') this.problem(at.concat(k), 'unknown tlsConfig member');
    }
  }

  // -- authorizers and security -----------------------------------------

  securitySchemes() {
    const c = isPlainObject(this.doc.components) ? this.doc.components : {};
    return isPlainObject(c.securitySchemes) ? c.securitySchemes : {};
  }

  authorizers() {
    const out = [];
    for (const [name, scheme] of Object.entries(this.securitySchemes())) {
      if (isPlainObject(scheme) && scheme[AUTHORIZER] !== undefined) {
        out.push({ name, scheme, authorizer: scheme[AUTHORIZER], at: ['components', 'securitySchemes', name, AUTHORIZER] });
      }
    }
    return out;
  }

  checkAuthorizers() {
    for (const { authorizer, at } of this.authorizers()) {
      if (!isPlainObject(authorizer)) {
        this.problem(at, 'must be an object');
        continue;
      }
      for (const key of Object.keys(authorizer)) {
        if (!AUTHORIZER_MEMBERS.has(key)) this.problem(at.concat(key), `unknown authorizer member${didYouMean(key, AUTHORIZER_MEMBERS)}`);
      }
      const type = lower(authorizer.type);
      if (authorizer.type === undefined) this.problem(at, 'missing type');
      else if (!Object.prototype.hasOwnProperty.call(AUTHORIZER_TYPES, type)) {
        this.problem(at.concat('type'), `${JSON.stringify(authorizer.type)} is not an authorizer type (${Object.keys(AUTHORIZER_TYPES).join(', ')})`);
      } else {
        if (this.flavor !== 'unknown' && !AUTHORIZER_TYPES[type].includes(this.flavor)) {
          this.problem(at.concat('type'), `${this.flavor.toUpperCase()} APIs do not take ${type} authorizers`);
        }
        this.checkAuthorizerMembers(authorizer, type, at);
      }
    }
  }

  checkAuthorizerMembers(a, type, at) {
    const need = (key, ok, what) => {
      if (a[key] === undefined) this.problem(at, `missing ${key} (${article(type)} ${type} authorizer needs ${what})`);
      else if (!ok(a[key])) this.problem(at.concat(key), `must be ${what}`);
    };
    const nonEmptyString = (v) => typeof v === 'string' && v !== '';
    const nonEmptyStrings = (v) => Array.isArray(v) && v.length > 0 && v.every(nonEmptyString);
    if (type === 'token' || type === 'request') need('authorizerUri', nonEmptyString, 'the Lambda invocation URI');
    if (type === 'cognito_user_pools') need('providerARNs', nonEmptyStrings, 'a non-empty list of user pool ARNs');
    if (type === 'jwt') {
      need('jwtConfiguration', isPlainObject, 'an object with issuer and audience');
      if (isPlainObject(a.jwtConfiguration)) {
        const j = a.jwtConfiguration;
        if (!nonEmptyString(j.issuer)) this.problem(at.concat('jwtConfiguration'), 'needs issuer (a URL)');
        if (!nonEmptyStrings(j.audience)) this.problem(at.concat('jwtConfiguration'), 'needs audience (a non-empty list)');
      }
      need('identitySource', (v) => nonEmptyString(v) || nonEmptyStrings(v), 'where the token is read from');
    }
    if (type === 'request' && this.flavor === 'http') {
      need('authorizerPayloadFormatVersion', (v) => v === '1.0' || v === '2.0', '"1.0" or "2.0"');
    }
    if (a.enableSimpleResponses !== undefined) {
      if (typeof a.enableSimpleResponses !== 'boolean') this.problem(at.concat('enableSimpleResponses'), 'must be a boolean');
      else if (a.authorizerPayloadFormatVersion !== '2.0') {
        this.problem(at.concat('enableSimpleResponses'), 'needs authorizerPayloadFormatVersion "2.0"');
      }
    }
    const ttl = a.authorizerResultTtlInSeconds;
    if (ttl !== undefined && (!isInteger(ttl) || ttl < 0 || ttl > 3600)) {
      this.problem(at.concat('authorizerResultTtlInSeconds'), `must be an integer from 0 to 3600, not ${JSON.stringify(ttl)}`);
    }
  }

  // Every security requirement names a declared scheme; scopes only where they apply.
  checkSecurity() {
    const schemes = this.securitySchemes();
    const lists = [];
    if (this.doc.security !== undefined) lists.push({ list: this.doc.security, at: ['security'] });
    for (const { op, at } of this.ops) {
      if (op.security !== undefined) lists.push({ list: op.security, at: at.concat('security') });
    }
    for (const { list, at } of lists) {
      if (!Array.isArray(list)) continue; // swagger-parser reports it
      list.forEach((req, i) => {
        if (!isPlainObject(req)) return;
        let authorizersHere = 0;
        for (const [name, scopes] of Object.entries(req)) {
          const where = at.concat(i, name);
          if (!Object.prototype.hasOwnProperty.call(schemes, name)) {
            this.problem(where, `names no security scheme in components.securitySchemes${didYouMean(name, Object.keys(schemes))}`);
            continue;
          }
          const scheme = schemes[name];
          const authorizer = isPlainObject(scheme) ? scheme[AUTHORIZER] : undefined;
          if (authorizer !== undefined || (isPlainObject(scheme) && scheme[`${P}authtype`] !== undefined)) authorizersHere++;
          this.checkScopes(scopes, authorizer, where);
        }
        if (authorizersHere > 1) this.problem(at.concat(i), 'names more than one authorizer; API Gateway applies one per method');
      });
    }
  }

  checkScopes(scopes, authorizer, at) {
    if (!Array.isArray(scopes) || scopes.length === 0 || !isPlainObject(authorizer)) return;
    const type = lower(authorizer.type);
    if (type !== 'jwt' && type !== 'cognito_user_pools') {
      this.problem(at, `scopes apply to jwt and cognito_user_pools authorizers only, not to ${type}`);
    }
  }

  // -- root-level extensions --------------------------------------------

  checkRootExtensions() {
    const d = this.doc;
    if (d[`${P}cors`] !== undefined) this.checkCors(d[`${P}cors`], [`${P}cors`]);
    this.checkEnum(d, `${P}api-key-source`, ['header', 'authorizer'], []);
    if (d[`${P}binary-media-types`] !== undefined) this.checkStringArray(d[`${P}binary-media-types`], [`${P}binary-media-types`]);
    const mcs = d[`${P}minimum-compression-size`];
    if (mcs !== undefined && (!isInteger(mcs) || mcs < 0 || mcs > 10485760)) {
      this.problem([`${P}minimum-compression-size`], 'must be an integer from 0 to 10485760');
    }
    if (d[`${P}importexport-version`] !== undefined && d[`${P}importexport-version`] !== '1.0') {
      this.problem([`${P}importexport-version`], 'must be "1.0"');
    }
    if (d[`${P}policy`] !== undefined && !isPlainObject(d[`${P}policy`])) this.problem([`${P}policy`], 'must be an IAM policy object');
    this.checkRequestValidators();
    this.checkGatewayResponses();
    this.checkEndpointConfigurations();
  }

  checkCors(cors, at) {
    if (!isPlainObject(cors)) {
      this.problem(at, 'must be an object');
      return;
    }
    for (const [k, v] of Object.entries(cors)) {
      const want = CORS_MEMBERS[k];
      if (!want) this.problem(at.concat(k), `unknown CORS member${didYouMean(k, Object.keys(CORS_MEMBERS))}`);
      else if (want === 'array') this.checkStringArray(v, at.concat(k));
      else if (want === 'boolean' && typeof v !== 'boolean') this.problem(at.concat(k), 'must be a boolean');
      else if (want === 'integer' && !isInteger(v)) this.problem(at.concat(k), 'must be an integer');
    }
  }

  checkRequestValidators() {
    const validators = this.doc[`${P}request-validators`];
    const at = [`${P}request-validators`];
    if (validators !== undefined) {
      if (!isPlainObject(validators)) this.problem(at, 'must be an object of validators');
      else {
        for (const [name, v] of Object.entries(validators)) {
          if (!isPlainObject(v)) {
            this.problem(at.concat(name), 'must be an object');
            continue;
          }
          for (const [k, flag] of Object.entries(v)) {
            if (k !== 'validateRequestBody' && k !== 'validateRequestParameters') this.problem(at.concat(name, k), 'unknown validator member');
            else if (typeof flag !== 'boolean') this.problem(at.concat(name, k), 'must be a boolean');
          }
        }
      }
    }
    const names = isPlainObject(validators) ? Object.keys(validators) : [];
    const uses = [{ v: this.doc[`${P}request-validator`], at: [`${P}request-validator`] }];
    for (const { op, at: opAt } of this.ops) uses.push({ v: op[`${P}request-validator`], at: opAt.concat(`${P}request-validator`) });
    for (const { v, at: where } of uses) {
      if (v !== undefined && !names.includes(v)) {
        this.problem(where, `names no validator of x-amazon-apigateway-request-validators: ${JSON.stringify(v)}${didYouMean(String(v), names)}`);
      }
    }
  }

  checkGatewayResponses() {
    const responses = this.doc[`${P}gateway-responses`];
    const at = [`${P}gateway-responses`];
    if (responses === undefined) return;
    if (!isPlainObject(responses)) {
      this.problem(at, 'must be an object');
      return;
    }
    for (const [type, r] of Object.entries(responses)) {
      if (!GATEWAY_RESPONSE_TYPES.has(type)) this.problem(at.concat(type), `not a gateway response type${didYouMean(type, GATEWAY_RESPONSE_TYPES)}`);
      if (!isPlainObject(r)) {
        this.problem(at.concat(type), 'must be an object');
        continue;
      }
      for (const [k, v] of Object.entries(r)) {
        if (k === 'statusCode') {
          if (typeof v !== 'string' || !/^[1-5]\d\d$/.test(v)) this.problem(at.concat(type, k), 'must be an HTTP status code as a string');
        } else if (k === 'responseParameters' || k === 'responseTemplates') this.checkStringMap(v, at.concat(type, k));
        else this.problem(at.concat(type, k), 'unknown gateway response member');
      }
    }
  }

  checkEndpointConfigurations() {
    const key = `${P}endpoint-configuration`;
    if (this.doc[key] !== undefined) this.problem([key], 'in OpenAPI 3 this sits on a Server object (servers[i])');
    (Array.isArray(this.doc.servers) ? this.doc.servers : []).forEach((server, i) => {
      const c = isPlainObject(server) ? server[key] : undefined;
      if (c === undefined) return;
      const at = ['servers', i, key];
      if (!isPlainObject(c)) {
        this.problem(at, 'must be an object');
        return;
      }
      for (const [k, v] of Object.entries(c)) {
        if (k === 'disableExecuteApiEndpoint') {
          if (typeof v !== 'boolean') this.problem(at.concat(k), 'must be a boolean');
        } else if (k === 'vpcEndpointIds') this.checkStringArray(v, at.concat(k));
        else this.problem(at.concat(k), 'unknown endpoint configuration member');
      }
    });
  }

  // -- small value checks ----------------------------------------------

  checkEnum(obj, key, allowed, at) {
    const v = obj[key];
    if (v !== undefined && !allowed.includes(lower(v))) {
      this.problem(at.concat(key), `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
    }
  }

  checkStringMap(v, at) {
    if (v === undefined) return;
    if (!isPlainObject(v)) {
      this.problem(at, 'must be an object of strings');
      return;
    }
    for (const [k, item] of Object.entries(v)) if (typeof item !== 'string') this.problem(at.concat(k), 'must be a string');
  }

  checkStringArray(v, at) {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) this.problem(at, 'must be an array of strings');
  }
}

// ---------------------------------------------------------------------------

async function main() {
  const { options, files } = parseArgs(process.argv.slice(2), USAGE, ['flavor']);
  const flavor = options.flavor;
  if (flavor !== undefined && flavor !== 'http' && flavor !== 'rest') {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const report = new Report();
  let documents = 0;
  let operations = 0;
  for (const file of files) {
    const { value, error } = readJsonFile(file, report);
    if (error) continue;
    documents++;
    operations += await new DocumentChecker(file, value, report, flavor).run();
  }
  process.stdout.write(`${path.basename(__filename)}: ${documents} document(s), ${operations} operation(s) checked: `
    + `${report.count} problem(s)\n`);
  process.exitCode = report.count ? 1 : 0;
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e.stack}\n`);
    process.exit(2);
  });
}

module.exports = { DocumentChecker };
