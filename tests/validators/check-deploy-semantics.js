#!/usr/bin/env node
'use strict';
// check-deploy-semantics.js TEMPLATE...
//
// Checks that a CloudFormation template written by `archway build` deploys
// and behaves as drawn, beyond what schemas can say: the properties that
// make CloudFormation create things in the right order, redeploy when they
// change, and carry a stage's settings to every route. Each check below is
// named in its problem lines; tests/validators/test/semantics/ holds a
// template that breaks each one.
//   refs        every Ref, Fn::GetAtt, ${...} in Fn::Sub and DependsOn names
//               a resource, a parameter or a pseudo parameter
//   cycle       the graph of those references has no cycle
//   parameters  every parameter is used
//   stage-routes a V2 stage depends (directly or through its deployment) on
//               every route its RouteSettings name, of its own API
//   body-mix    an HTTP API with an OpenAPI Body has no Route, Integration,
//               Authorizer or Model resources (API Gateway does not take
//               both; the body's routes, integrations and authorizers are
//               then checked as the resources' are)
//   deployments a V2 deployment comes after every route, route response
//               and integration response of its API, and a REST deployment
//               after every AWS::ApiGateway::Method of its API (a snapshot
//               taken earlier would miss them); a REST API with a Body has
//               no Method resources (its body's next import would remove
//               what it does not list)
//   method-settings a REST stage's per-method setting names a method of
//               its API (of its body, or a Method resource): API Gateway
//               refuses the stage otherwise
//   plan-throttles a usage plan's per-method throttle ("/path/METHOD")
//               names a method of the API of its stage, likewise
//   cache-keys  every cacheKeyParameters entry of a REST operation is a
//               parameter it declares (a path parameter of its path, or a
//               header or query string in its parameters; of a Method
//               resource, a method.request.* name of its RequestParameters,
//               path parameters too): API Gateway refuses it otherwise
//   overrides   every per-route (V2) or per-method (REST) setting repeats
//               the stage-wide logging, metrics and cache settings, which an
//               override would otherwise reset to API Gateway's defaults
//   permissions every Lambda function an API invokes (integration or
//               authorizer) has an AWS::Lambda::Permission for that API, or
//               is invoked with a role whose policies allow it
//   timeouts    V2 integration timeouts within API Gateway's hard limits
//               (HTTP 50-30000 ms, WebSocket 50-29000 ms)
//   authorizer-cache an HTTP Lambda authorizer that caches has identity
//               sources (its cache key)
//   aliases     an alias points at a version of its own function, and the
//               version names every parameter of the function's code, so
//               that new code publishes a new version
//   endpoints   no output gives an execute-api URL of an API whose default
//               endpoint is disabled, and every stage of such an API has a
//               custom-domain mapping
//   dns-aliases an alias record of an API Gateway domain names that
//               domain, and points at the endpoint the domain has: the
//               distribution's name and zone of an edge-optimized one, the
//               regional name and zone of a regional one, both of one domain
//   edge-certificates the certificate parameter of an edge domain says it
//               must be in us-east-1
//   method-responses a REST integration's responses (a body's, or a Method
//               resource's IntegrationResponses) answer only statuses their
//               method declares, and map only headers that method response
//               declares (API Gateway refuses them otherwise)
//   method-parameters a REST integration maps only method request
//               parameters its operation (or its path) declares, or, of a
//               Method resource, its RequestParameters
//   function-roles a function in a VPC, or traced actively, whose role the
//               template creates has the managed policy Lambda needs for it
//               (AWSLambdaVPCAccessExecutionRole, AWSXRayDaemonWriteAccess)
//   environment a function's environment variables: names Lambda accepts
//               and does not reserve, at most 4 KB as the JSON Lambda keeps
//   function-names explicit function names: at most 64 characters, letters,
//               digits, '-' and '_', and unique in the template
//   inline-code inline code (ZipFile) only for Node.js and Python, at most
//               4 MB
//   placeholders no string of a resource or output still holds a diagram's
//               ${param:NAME} (written ${!param:NAME} in Fn::Sub), which
//               would deploy as that text rather than the parameter's value
//   parameter-values a parameter's default is one of its AllowedValues and,
//               for a Number, a number; a CommaDelimitedList parameter is
//               never a ${NAME} of an Fn::Sub string (CloudFormation
//               substitutes strings only)
//   conditions  every Condition of a resource or output, every Fn::If and
//               every {"Condition": NAME} names a condition of the
//               Conditions section; every condition there is used; no
//               resource or output refers to one created only under a
//               condition unless it has that condition too, or the
//               reference sits in the branch of an Fn::If on it
//               (CloudFormation refuses the reference otherwise)
//   nested      a root template's nested stacks: each child within one
//               stack's limits and given exactly its parameters
//               (lib/nested.js); the checks above then run over the root and
//               its children as one template
// Prints "FILE: LOCATION: [check] message" per problem and a summary line;
// exits 1 if there was any problem, 0 if not, 2 on bad usage.

const path = require('path');
const { isPlainObject, readJsonFile, Report, parseArgs } = require('./lib/common');
const { NestedStacks } = require('./lib/nested');

const USAGE = 'usage: node check-deploy-semantics.js TEMPLATE.json...\n';
const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
  'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const V2_TIMEOUT_LIMITS = { HTTP: 30000, WEBSOCKET: 29000 };
// Lambda's limits (gettingstarted-limits, API_CreateFunction, the
// CloudFormation Code property) and the variables it sets itself.
const LAMBDA_ENV_BYTES = 4096;
const LAMBDA_NAME_CHARS = 64;
const LAMBDA_ZIPFILE_BYTES = 4 * 1024 * 1024;
const LAMBDA_RESERVED_ENV = new Set(['_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID',
  'AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_LAMBDA_RUNTIME_API', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'LAMBDA_RUNTIME_DIR', 'LAMBDA_TASK_ROOT']);
const STAGE_WIDE_V2 = ['DetailedMetricsEnabled', 'LoggingLevel', 'DataTraceEnabled'];
const STAGE_WIDE_REST = ['MetricsEnabled', 'LoggingLevel', 'DataTraceEnabled'];
// The stage cache serves GET methods only: a GET override repeats it, and
// an override of another method that turns it on caches that method.
const STAGE_CACHE_REST = ['CachingEnabled', 'CacheTtlInSeconds', 'CacheDataEncrypted'];

// Calls visit(kind, name, segments) for every reference in value: kind is
// "Ref", "GetAtt" or "Sub"; name the resource or parameter.
function walkRefs(value, segments, visit) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkRefs(v, segments.concat([i]), visit));
    return;
  }
  if (!isPlainObject(value)) return;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref' && typeof value.Ref === 'string') {
    visit('Ref', value.Ref, segments.concat(['Ref']));
    return;
  }
  if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
    const a = value['Fn::GetAtt'];
    const name = Array.isArray(a) ? a[0] : String(a).split('.')[0];
    visit('GetAtt', name, segments.concat(['Fn::GetAtt']));
    return;
  }
  if (keys.length === 1 && keys[0] === 'Fn::Sub') {
    const sub = value['Fn::Sub'];
    const text = Array.isArray(sub) ? sub[0] : sub;
    const locals = Array.isArray(sub) && isPlainObject(sub[1]) ? sub[1] : {};
    if (typeof text === 'string') {
      for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const name = m[1].split('.')[0];
        if (!(name in locals)) visit('Sub', name, segments.concat(['Fn::Sub']));
      }
    }
    if (Array.isArray(sub)) walkRefs(locals, segments.concat(['Fn::Sub', 1]), visit);
    return;
  }
  for (const k of keys) walkRefs(value[k], segments.concat([k]), visit);
}

// Every name value refers to (parameters and resources alike).
function refsOf(value) {
  const names = new Set();
  walkRefs(value, [], (_kind, name) => names.add(name));
  return names;
}

function dependsOnList(res) {
  const d = res.DependsOn;
  if (d === undefined) return [];
  return Array.isArray(d) ? d : [d];
}

class SemanticsChecker {
  constructor(file, template, report) {
    this.file = file;
    this.t = template;
    this.report = report;
    this.resources = isPlainObject(template.Resources) ? template.Resources : {};
    this.parameters = isPlainObject(template.Parameters) ? template.Parameters : {};
    this.edges = new Map(); // resource -> Set of resources it depends on
  }

  problem(check, segments, message) {
    this.report.add(this.file, segments, `[${check}] ${message}`);
  }

  props(id) {
    const r = this.resources[id];
    return r && isPlainObject(r.Properties) ? r.Properties : {};
  }

  ofType(type) {
    return Object.keys(this.resources).filter((id) => this.resources[id].Type === type);
  }

  run() {
    this.checkRefs();
    this.checkCycle();
    this.checkParameters();
    this.checkBodyMix();
    this.checkStageRoutes();
    this.checkDeployments();
    this.checkRestDeployments();
    this.checkMethodSettings();
    this.checkPlanThrottles();
    this.checkCacheKeys();
    this.checkOverrides();
    this.checkPermissions();
    this.checkTimeouts();
    this.checkAuthorizerCache();
    this.checkAliases();
    this.checkEndpoints();
    this.checkEdgeCertificates();
    this.checkDnsAliases();
    this.checkMethodResponses();
    this.checkMethodParameters();
    this.checkFunctionRoles();
    this.checkEnvironment();
    this.checkFunctionNames();
    this.checkInlineCode();
    this.checkPlaceholders();
    this.checkParameterValues();
    this.checkConditions();
    return Object.keys(this.resources).length;
  }

  checkRefs() {
    const known = (name) => name in this.resources || name in this.parameters || PSEUDO.has(name);
    this.used = new Set();
    const visitFrom = (from) => (kind, name, segs) => {
      this.used.add(name);
      if (kind === 'GetAtt' && !(name in this.resources)) {
        this.problem('refs', segs, `Fn::GetAtt names no resource: ${name}`);
      } else if (!known(name)) {
        this.problem('refs', segs, `${kind === 'Sub' ? `\${${name}} in Fn::Sub` : kind} names nothing: ${name}`);
      } else if (from && name in this.resources) {
        this.edges.get(from).add(name);
      }
    };
    for (const [id, res] of Object.entries(this.resources)) {
      this.edges.set(id, new Set());
      walkRefs(res.Properties, ['Resources', id, 'Properties'], visitFrom(id));
      dependsOnList(res).forEach((d, i) => {
        if (d in this.resources) this.edges.get(id).add(d);
        else this.problem('refs', ['Resources', id, 'DependsOn', i], `DependsOn names no resource: ${d}`);
      });
    }
    if (isPlainObject(this.t.Outputs)) walkRefs(this.t.Outputs, ['Outputs'], visitFrom(null));
    if (isPlainObject(this.t.Conditions)) walkRefs(this.t.Conditions, ['Conditions'], visitFrom(null));
  }

  checkCycle() {
    const state = new Map(); // 1 visiting, 2 done
    const stack = [];
    const visit = (id) => {
      state.set(id, 1);
      stack.push(id);
      for (const next of this.edges.get(id) || []) {
        if (state.get(next) === 1) {
          const cycle = stack.slice(stack.indexOf(next)).concat([next]);
          this.problem('cycle', ['Resources', next], `circular dependency: ${cycle.join(' -> ')}`);
          return true;
        }
        if (!state.has(next) && visit(next)) return true;
      }
      stack.pop();
      state.set(id, 2);
      return false;
    };
    for (const id of Object.keys(this.resources)) {
      if (!state.has(id) && visit(id)) return;
    }
  }

  checkParameters() {
    for (const name of Object.keys(this.parameters)) {
      if (!this.used.has(name)) this.problem('parameters', ['Parameters', name], 'parameter is never used');
    }
  }

  // Every resource id reaches, through references and DependsOn.
  reaches(from, to) {
    const seen = new Set([from]);
    const todo = [from];
    while (todo.length) {
      const id = todo.pop();
      if (id === to) return true;
      for (const next of this.edges.get(id) || []) {
        if (!seen.has(next)) {
          seen.add(next);
          todo.push(next);
        }
      }
    }
    return false;
  }

  apiOf(id) {
    const p = this.props(id);
    return isPlainObject(p.ApiId) ? p.ApiId.Ref : undefined;
  }

  // The OpenAPI Body of a V2 API, or undefined.
  v2Body(id) {
    const res = this.resources[id];
    const body = res && res.Type === 'AWS::ApiGatewayV2::Api' ? this.props(id).Body : undefined;
    return isPlainObject(body) ? body : undefined;
  }

  // [route key, operation, path, verb] of each operation of a body:
  // "GET /p", "ANY /p" for the any-method, "$default" for its path.
  static bodyRoutes(body) {
    const out = [];
    const paths = isPlainObject(body.paths) ? body.paths : {};
    for (const [path, item] of Object.entries(paths)) {
      if (!isPlainObject(item)) continue;
      for (const [verb, op] of Object.entries(item)) {
        if (!isPlainObject(op) || (verb.startsWith('x-') && verb !== 'x-amazon-apigateway-any-method')) continue;
        const method = verb === 'x-amazon-apigateway-any-method' ? 'ANY' : verb.toUpperCase();
        out.push([path === '$default' ? '$default' : `${method} ${path}`, op, path, verb]);
      }
    }
    return out;
  }

  checkBodyMix() {
    const parts = ['AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Authorizer',
      'AWS::ApiGatewayV2::Model'].flatMap((t) => this.ofType(t));
    for (const id of parts) {
      if (this.v2Body(this.apiOf(id))) {
        this.problem('body-mix', ['Resources', id], `${this.apiOf(id)} has an OpenAPI Body, and API Gateway does `
          + 'not take route resources beside one');
      }
    }
  }

  checkStageRoutes() {
    const routes = new Map(); // "api route-key" -> route id
    for (const id of this.ofType('AWS::ApiGatewayV2::Route')) routes.set(`${this.apiOf(id)} ${this.props(id).RouteKey}`, id);
    for (const id of this.ofType('AWS::ApiGatewayV2::Api')) {
      const body = this.v2Body(id);
      if (body) SemanticsChecker.bodyRoutes(body).forEach(([key]) => routes.set(`${id} ${key}`, id));
    }
    for (const id of this.ofType('AWS::ApiGatewayV2::Stage')) {
      const settings = this.props(id).RouteSettings;
      if (!isPlainObject(settings)) continue;
      for (const key of Object.keys(settings)) {
        const route = routes.get(`${this.apiOf(id)} ${key}`);
        const segs = ['Resources', id, 'Properties', 'RouteSettings', key];
        if (!route) this.problem('stage-routes', segs, `no route of the stage's API has the key ${key}`);
        else if (!this.reaches(id, route)) {
          this.problem('stage-routes', segs, `the stage does not depend on route ${route}, so CloudFormation may `
            + 'create it first and CreateStage fails');
        }
      }
    }
  }

  checkDeployments() {
    // What a snapshot must hold: the routes, and what two-way routes answer with.
    const routes = ['AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::RouteResponse',
      'AWS::ApiGatewayV2::IntegrationResponse'].flatMap((t) => this.ofType(t));
    for (const id of this.ofType('AWS::ApiGatewayV2::Deployment')) {
      const missing = routes.filter((r) => this.apiOf(r) === this.apiOf(id) && !this.reaches(id, r));
      if (missing.length) {
        this.problem('deployments', ['Resources', id], `does not wait for route(s) ${missing.join(', ')}, so the `
          + 'snapshot may be taken without them');
      }
    }
  }

  restApiOf(id) {
    const p = this.props(id);
    return isPlainObject(p.RestApiId) ? p.RestApiId.Ref : undefined;
  }

  checkRestDeployments() {
    const methods = this.ofType('AWS::ApiGateway::Method');
    for (const id of methods) {
      const api = this.restApiOf(id);
      if (api && this.resources[api] && this.props(api).Body !== undefined) {
        this.problem('deployments', ['Resources', id], `is a method of ${api}, which has a Body: the body's next `
          + 'import would remove it');
      }
    }
    for (const id of this.ofType('AWS::ApiGateway::Deployment')) {
      const missing = methods.filter((m) => this.restApiOf(m) === this.restApiOf(id) && !this.reaches(id, m));
      if (missing.length) {
        this.problem('deployments', ['Resources', id], `does not wait for method(s) ${missing.join(', ')}, so the `
          + 'snapshot may be taken without them');
      }
    }
  }

  checkMethodSettings() {
    for (const id of this.ofType('AWS::ApiGateway::Stage')) {
      const p = this.props(id);
      const api = isPlainObject(p.RestApiId) ? p.RestApiId.Ref : undefined;
      if (!this.methodsKnown(api) || !Array.isArray(p.MethodSettings)) continue;
      p.MethodSettings.forEach((s, i) => {
        if (s.ResourcePath === '/*' || typeof s.ResourcePath !== 'string') return;
        const path = s.ResourcePath.slice(1).replace(/~1/g, '/');
        const verb = s.HttpMethod === '*' ? '*' : String(s.HttpMethod).toLowerCase();
        if (!this.bodyHasMethod(api, path, verb)) {
          this.problem('method-settings', ['Resources', id, 'Properties', 'MethodSettings', i],
            `${s.HttpMethod} ${path} is not a method of ${api}'s ${this.methodsWord(api)}`);
        }
      });
    }
  }

  // Whether the REST API's methods can be told: a body with paths, or
  // Method resources (an API written as resources).
  methodsKnown(api) {
    const body = api && this.resources[api] ? this.props(api).Body : undefined;
    if (body !== undefined) return isPlainObject(body) && isPlainObject(body.paths);
    return this.ofType('AWS::ApiGateway::Method').some((m) => this.restApiOf(m) === api);
  }

  methodsWord(api) {
    return this.props(api).Body !== undefined ? 'body' : 'Method resources';
  }

  // The path of an AWS::ApiGateway::Resource by its ParentId chain ("" for
  // the API's root); undefined when the chain leaves the template.
  resourcePath(ref, depth = 0) {
    const att = isPlainObject(ref) ? ref['Fn::GetAtt'] : undefined;
    if (Array.isArray(att) && att[1] === 'RootResourceId') return '';
    const id = isPlainObject(ref) ? ref.Ref : undefined;
    if (!id || !this.resources[id] || depth > 64) return undefined;
    const parent = this.resourcePath(this.props(id).ParentId, depth + 1);
    return parent === undefined ? undefined : `${parent}/${this.props(id).PathPart}`;
  }

  // Whether the REST API has the method (a lower-case verb, or "*" for its
  // any-method) at path: in its body, or as a Method resource.
  bodyHasMethod(api, path, verb) {
    const body = api && this.resources[api] ? this.props(api).Body : undefined;
    if (body === undefined) {
      return this.ofType('AWS::ApiGateway::Method').some((m) => {
        const p = this.props(m);
        return this.restApiOf(m) === api && (this.resourcePath(p.ResourceId) || '/') === path
          && (verb === '*' ? p.HttpMethod === 'ANY' : String(p.HttpMethod).toLowerCase() === verb);
      });
    }
    const item = isPlainObject(body) && isPlainObject(body.paths) ? body.paths[path] : undefined;
    const method = verb === '*' ? 'x-amazon-apigateway-any-method' : verb;
    return isPlainObject(item) && method in item;
  }

  checkPlanThrottles() {
    for (const id of this.ofType('AWS::ApiGateway::UsagePlan')) {
      const stages = this.props(id).ApiStages;
      if (!Array.isArray(stages)) continue;
      stages.forEach((st, i) => {
        const api = isPlainObject(st.ApiId) ? st.ApiId.Ref : undefined;
        if (!isPlainObject(st.Throttle) || !api) return;
        for (const key of Object.keys(st.Throttle)) {
          const cut = key.lastIndexOf('/');
          const verb = key.slice(cut + 1);
          const path = key.slice(0, cut) || '/';
          if (!this.bodyHasMethod(api, path, verb === 'ANY' ? '*' : verb.toLowerCase())) {
            this.problem('plan-throttles', ['Resources', id, 'Properties', 'ApiStages', i, 'Throttle', key],
              `${verb} ${path} is not a method of ${api}'s ${this.methodsWord(api)}`);
          }
        }
      });
    }
  }

  checkOverrides() {
    for (const id of this.ofType('AWS::ApiGatewayV2::Stage')) {
      const p = this.props(id);
      const defaults = isPlainObject(p.DefaultRouteSettings) ? p.DefaultRouteSettings : {};
      const settings = isPlainObject(p.RouteSettings) ? p.RouteSettings : {};
      for (const [key, s] of Object.entries(settings)) {
        this.checkOverride(defaults, s, STAGE_WIDE_V2, ['Resources', id, 'Properties', 'RouteSettings', key]);
      }
    }
    for (const id of this.ofType('AWS::ApiGateway::Stage')) {
      const list = this.props(id).MethodSettings;
      if (!Array.isArray(list)) continue;
      const wide = list.find((s) => s.HttpMethod === '*' && s.ResourcePath === '/*') || {};
      list.forEach((s, i) => {
        if (s === wide) return;
        const segs = ['Resources', id, 'Properties', 'MethodSettings', i];
        this.checkOverride(wide, s, STAGE_WIDE_REST, segs);
        // A GET override that turns caching off needs no time to live.
        if (s.HttpMethod === 'GET' && s.CachingEnabled !== false) this.checkOverride(wide, s, STAGE_CACHE_REST, segs);
        else if (s.CachingEnabled === true) {
          this.problem('overrides', segs, `turns the stage cache on for ${s.HttpMethod} ${s.ResourcePath}, whose `
            + 'answers would then be served from the cache (the stage cache serves GET methods only)');
        }
      });
    }
  }

  checkOverride(defaults, override, keys, segs) {
    for (const k of keys) {
      if (k in defaults && !(k in override)) {
        this.problem('overrides', segs, `leaves out ${k}, which the stage sets to ${JSON.stringify(defaults[k])}; `
          + 'the route would get API Gateway\'s default instead');
      }
    }
  }

  // What a Lambda invocation URI invokes: "X.Arn", "XAlias" or an ARN;
  // undefined for a URI that is none, or that a stage variable decides.
  static invokedIn(text) {
    const m = /functions\/(.+?)\/invocations/.exec(text);
    if (!m || m[1].includes('stageVariables')) return undefined;
    return m[1].replace(/^\$\{(.*)\}$/, '$1');
  }

  // The same for a Permission's FunctionName value.
  static permitted(value) {
    if (typeof value === 'string') return value;
    if (!isPlainObject(value)) return undefined;
    if (typeof value.Ref === 'string') return value.Ref;
    if (Array.isArray(value['Fn::GetAtt'])) return value['Fn::GetAtt'].join('.');
    if (typeof value['Fn::Sub'] === 'string') return value['Fn::Sub'].replace(/^\$\{(.*)\}$/, '$1');
    return undefined;
  }

  // Every invocation URI string (plain or Fn::Sub) in value.
  // Every invocation URI under value, as [uri, credentials]: the role API
  // Gateway invokes with (the URI's object's credentials or
  // authorizerCredentials), or creds when it has none.
  static uris(value, out, creds) {
    if (typeof value === 'string') {
      if (value.includes('/invocations')) out.push([value, creds]);
    } else if (Array.isArray(value)) {
      value.forEach((v) => SemanticsChecker.uris(v, out, creds));
    } else if (isPlainObject(value)) {
      const own = value.credentials !== undefined ? value.credentials : value.authorizerCredentials;
      Object.values(value).forEach((v) => SemanticsChecker.uris(v, out, own !== undefined ? own : creds));
    }
    return out;
  }

  // Whether the credentials let API Gateway invoke fn: a role of the
  // template whose policies allow lambda:InvokeFunction on it, or a role
  // given by ARN (the account's own, which the template cannot show).
  roleInvokes(creds, fn) {
    if (typeof creds === 'string' && !creds.includes('${')) return true;
    const sub = isPlainObject(creds) ? creds['Fn::Sub'] : creds;
    const att = isPlainObject(creds) ? creds['Fn::GetAtt'] : undefined;
    const m = typeof sub === 'string' ? /^\$\{([A-Za-z0-9]+)\.Arn\}$/.exec(sub) : null;
    const role = m ? m[1] : Array.isArray(att) ? att[0] : undefined;
    const r = role ? this.resources[role] : undefined;
    if (!r || r.Type !== 'AWS::IAM::Role' || !r.Properties || !Array.isArray(r.Properties.Policies)) return false;
    const name = fn.split('.')[0];
    return r.Properties.Policies.some((p) => isPlainObject(p) && isPlainObject(p.PolicyDocument) &&
      [].concat(p.PolicyDocument.Statement || []).some((st) => isPlainObject(st) && st.Effect === 'Allow' &&
        [].concat(st.Action || []).includes('lambda:InvokeFunction') &&
        JSON.stringify(st.Resource || '').includes(name)));
  }

  checkPermissions() {
    const allowed = new Set(); // "api invoked"
    for (const id of this.ofType('AWS::Lambda::Permission')) {
      const p = this.props(id);
      const source = isPlainObject(p.SourceArn) ? String(p.SourceArn['Fn::Sub'] || '') : '';
      const api = /\$\{([A-Za-z0-9]+)\}\//.exec(source);
      const fn = SemanticsChecker.permitted(p.FunctionName);
      if (api && fn && p.Principal === 'apigateway.amazonaws.com') allowed.add(`${api[1]} ${fn}`);
    }
    const invocations = []; // [api, resource, [uri, credentials]]
    for (const id of [...this.ofType('AWS::ApiGatewayV2::Integration'), ...this.ofType('AWS::ApiGatewayV2::Authorizer')]) {
      const p = this.props(id);
      const creds = p.CredentialsArn !== undefined ? p.CredentialsArn : p.AuthorizerCredentialsArn;
      SemanticsChecker.uris([p.IntegrationUri, p.AuthorizerUri], [], creds).forEach((u) => invocations.push([this.apiOf(id), id, u]));
    }
    for (const id of [...this.ofType('AWS::ApiGateway::RestApi'), ...this.ofType('AWS::ApiGatewayV2::Api')]) {
      SemanticsChecker.uris(this.props(id).Body, []).forEach((u) => invocations.push([id, id, u]));
    }
    const reported = new Set();
    for (const [api, id, [uri, creds]] of invocations) {
      const fn = SemanticsChecker.invokedIn(uri);
      if (fn && creds !== undefined) {
        if (!this.roleInvokes(creds, fn)) {
          this.problem('permissions', ['Resources', id], `${api} invokes ${fn} with a role whose policies do not `
            + 'allow lambda:InvokeFunction on it (every call would fail with 500)');
        }
        continue;
      }
      if (!fn || allowed.has(`${api} ${fn}`) || reported.has(`${api} ${fn}`)) continue;
      reported.add(`${api} ${fn}`);
      this.problem('permissions', ['Resources', id], `${api} invokes ${fn}, but no AWS::Lambda::Permission lets `
        + 'API Gateway do so for that API (every call would fail with 500)');
    }
  }

  checkTimeouts() {
    const check = (ms, protocol, segs) => {
      const max = V2_TIMEOUT_LIMITS[protocol];
      if (typeof ms === 'number' && max && (ms < 50 || ms > max)) {
        this.problem('timeouts', segs, `${ms} ms is outside 50-${max} ms, the hard limit of ${protocol} APIs`);
      }
    };
    for (const id of this.ofType('AWS::ApiGatewayV2::Integration')) {
      const api = this.resources[this.apiOf(id)];
      const protocol = api && api.Properties ? api.Properties.ProtocolType : undefined;
      check(this.props(id).TimeoutInMillis, protocol, ['Resources', id, 'Properties', 'TimeoutInMillis']);
    }
    // A body is an HTTP API's (ProtocolType is for APIs without one).
    for (const id of this.ofType('AWS::ApiGatewayV2::Api')) {
      const body = this.v2Body(id);
      for (const [, op, path, verb] of body ? SemanticsChecker.bodyRoutes(body) : []) {
        const integ = op['x-amazon-apigateway-integration'];
        if (isPlainObject(integ)) {
          check(integ.timeoutInMillis, 'HTTP', ['Resources', id, 'Properties', 'Body', 'paths', path, verb,
            'x-amazon-apigateway-integration', 'timeoutInMillis']);
        }
      }
    }
  }

  checkAuthorizerCache() {
    for (const id of this.ofType('AWS::ApiGatewayV2::Api')) {
      const body = this.v2Body(id);
      const schemes = body && isPlainObject(body.components) ? body.components.securitySchemes : undefined;
      for (const [name, scheme] of Object.entries(isPlainObject(schemes) ? schemes : {})) {
        const a = isPlainObject(scheme) ? scheme['x-amazon-apigateway-authorizer'] : undefined;
        const ttl = isPlainObject(a) ? a.authorizerResultTtlInSeconds : undefined;
        if (a && a.type === 'request' && typeof ttl === 'number' && ttl > 0 && !a.identitySource) {
          this.problem('authorizer-cache', ['Resources', id, 'Properties', 'Body', 'components', 'securitySchemes',
            name], `caches decisions for ${ttl} s but has no identitySource, the cache key`);
        }
      }
    }
    for (const id of this.ofType('AWS::ApiGatewayV2::Authorizer')) {
      const p = this.props(id);
      const ttl = p.AuthorizerResultTtlInSeconds;
      const sources = Array.isArray(p.IdentitySource) ? p.IdentitySource : [];
      if (p.AuthorizerType === 'REQUEST' && typeof ttl === 'number' && ttl > 0 && sources.length === 0) {
        this.problem('authorizer-cache', ['Resources', id, 'Properties'],
          `caches decisions for ${ttl} s but has no IdentitySource, the cache key`);
      }
    }
  }

  checkAliases() {
    for (const id of this.ofType('AWS::Lambda::Alias')) {
      const p = this.props(id);
      const segs = ['Resources', id, 'Properties', 'FunctionVersion'];
      const v = p.FunctionVersion;
      const version = isPlainObject(v) && Array.isArray(v['Fn::GetAtt']) ? v['Fn::GetAtt'][0] : undefined;
      if (!version || !this.resources[version] || this.resources[version].Type !== 'AWS::Lambda::Version') {
        this.problem('aliases', segs, 'does not name the Version attribute of an AWS::Lambda::Version of the template');
        continue;
      }
      const fn = isPlainObject(p.FunctionName) ? p.FunctionName.Ref : undefined;
      const vfn = this.props(version).FunctionName;
      if (!fn || !isPlainObject(vfn) || vfn.Ref !== fn) {
        this.problem('aliases', segs, `version ${version} is not a version of the alias's function`);
        continue;
      }
      const code = this.props(fn).Code;
      const vrefs = refsOf(this.props(version));
      const missing = [...refsOf(code)].filter((name) => name in this.parameters && !vrefs.has(name));
      if (missing.length) {
        this.problem('aliases', ['Resources', version, 'Properties'], `does not change with ${missing.join(', ')}: `
          + 'new code would update $LATEST but publish no version, and the alias would keep the old code');
      }
    }
  }

  checkEndpoints() {
    const disabled = new Set([...this.ofType('AWS::ApiGatewayV2::Api'), ...this.ofType('AWS::ApiGateway::RestApi')]
      .filter((id) => this.props(id).DisableExecuteApiEndpoint === true));
    if (!disabled.size) return;
    const outputs = isPlainObject(this.t.Outputs) ? this.t.Outputs : {};
    for (const [name, out] of Object.entries(outputs)) {
      const sub = isPlainObject(out.Value) ? out.Value['Fn::Sub'] : undefined;
      const text = typeof sub === 'string' ? sub : '';
      for (const api of disabled) {
        if (text.includes(`\${${api}}.execute-api.`)) {
          this.problem('endpoints', ['Outputs', name], `gives the execute-api URL of ${api}, whose default endpoint is `
            + 'disabled (it answers 403)');
        }
      }
    }
    const mapped = new Set();
    for (const id of [...this.ofType('AWS::ApiGateway::BasePathMapping'), ...this.ofType('AWS::ApiGatewayV2::ApiMapping')]) {
      const stage = this.props(id).Stage;
      if (isPlainObject(stage)) mapped.add(stage.Ref);
    }
    for (const id of [...this.ofType('AWS::ApiGateway::Stage'), ...this.ofType('AWS::ApiGatewayV2::Stage')]) {
      const p = this.props(id);
      const api = isPlainObject(p.RestApiId) ? p.RestApiId.Ref : this.apiOf(id);
      if (disabled.has(api) && !mapped.has(id)) {
        this.problem('endpoints', ['Resources', id], `no custom domain maps this stage and ${api} disables its default `
          + 'endpoint, so no client can reach it');
      }
    }
  }

  checkDnsAliases() {
    const DOMAINS = new Set(['AWS::ApiGateway::DomainName', 'AWS::ApiGatewayV2::DomainName']);
    const getAtt = (v) => (isPlainObject(v) && Array.isArray(v['Fn::GetAtt']) ? v['Fn::GetAtt'] : []);
    for (const id of this.ofType('AWS::Route53::RecordSet')) {
      const p = this.props(id);
      const [domain, dnsAttr] = getAtt(isPlainObject(p.AliasTarget) ? p.AliasTarget.DNSName : undefined);
      const [zoneDomain, zoneAttr] = getAtt(isPlainObject(p.AliasTarget) ? p.AliasTarget.HostedZoneId : undefined);
      const res = this.resources[domain];
      if (!res || !DOMAINS.has(res.Type)) continue;
      const segs = ['Resources', id, 'Properties', 'AliasTarget'];
      const d = this.props(domain);
      const types = isPlainObject(d.EndpointConfiguration) ? d.EndpointConfiguration.Types : undefined;
      const want = Array.isArray(types) && types.includes('EDGE') ? 'Distribution' : 'Regional';
      if (zoneDomain !== domain || dnsAttr !== `${want}DomainName` || zoneAttr !== `${want}HostedZoneId`) {
        this.problem('dns-aliases', segs, `points at ${domain}.${dnsAttr} in zone ${zoneDomain}.${zoneAttr}; `
          + `the ${want === 'Regional' ? 'regional' : 'edge-optimized'} domain ${domain} is reached at `
          + `${want}DomainName in ${want}HostedZoneId`);
      }
      if (p.Name !== d.DomainName) {
        this.problem('dns-aliases', ['Resources', id, 'Properties', 'Name'], `names ${p.Name}, not the domain `
          + `${d.DomainName} of ${domain}`);
      }
    }
  }

  checkEdgeCertificates() {
    for (const id of this.ofType('AWS::ApiGateway::DomainName')) {
      const cert = this.props(id).CertificateArn; // EDGE domains; regional ones use RegionalCertificateArn
      const param = isPlainObject(cert) ? cert.Ref : undefined;
      if (!param || !isPlainObject(this.parameters[param])) continue;
      if (!/us-east-1/.test(String(this.parameters[param].Description || ''))) {
        this.problem('edge-certificates', ['Parameters', param, 'Description'],
          'an edge domain\'s certificate must be in us-east-1, and the description does not say so');
      }
    }
  }

  // The managed policy ARNs of the role a function's Role names, when the
  // template creates it; undefined otherwise.
  managedPoliciesOf(fn) {
    const role = this.props(fn).Role;
    const id = isPlainObject(role) && Array.isArray(role['Fn::GetAtt']) ? role['Fn::GetAtt'][0] : undefined;
    if (!id || !this.resources[id] || this.resources[id].Type !== 'AWS::IAM::Role') return undefined;
    const arns = this.props(id).ManagedPolicyArns;
    return (Array.isArray(arns) ? arns : []).map((a) => (isPlainObject(a) ? String(a['Fn::Sub'] || '') : String(a)));
  }

  checkFunctionRoles() {
    for (const id of this.ofType('AWS::Lambda::Function')) {
      const p = this.props(id);
      const arns = this.managedPoliciesOf(id);
      if (!arns) continue;
      const has = (name) => arns.some((a) => a.endsWith(`:iam::aws:policy/${name}`));
      if (p.VpcConfig && !has('service-role/AWSLambdaVPCAccessExecutionRole')) {
        this.problem('function-roles', ['Resources', id, 'Properties', 'Role'], 'the function runs in a VPC, but its '
          + 'role lacks AWSLambdaVPCAccessExecutionRole (Lambda cannot create its network interfaces)');
      }
      if (isPlainObject(p.TracingConfig) && p.TracingConfig.Mode === 'Active' && !has('AWSXRayDaemonWriteAccess')) {
        this.problem('function-roles', ['Resources', id, 'Properties', 'Role'], 'the function is traced actively, '
          + 'but its role lacks AWSXRayDaemonWriteAccess (its traces would be refused)');
      }
    }
  }

  checkEnvironment() {
    for (const id of this.ofType('AWS::Lambda::Function')) {
      const env = this.props(id).Environment;
      const vars = isPlainObject(env) && isPlainObject(env.Variables) ? env.Variables : undefined;
      if (!vars) continue;
      const segs = ['Resources', id, 'Properties', 'Environment', 'Variables'];
      for (const name of Object.keys(vars)) {
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name) || LAMBDA_RESERVED_ENV.has(name)) {
          this.problem('environment', segs.concat([name]), 'is not a name Lambda takes (a letter, then letters, '
            + 'digits and _; not one Lambda reserves)');
        }
      }
      const bytes = Buffer.byteLength(JSON.stringify(vars), 'utf8');
      if (bytes > LAMBDA_ENV_BYTES) {
        this.problem('environment', segs, `take ${bytes} bytes, over Lambda's ${LAMBDA_ENV_BYTES}`);
      }
    }
  }

  checkFunctionNames() {
    const seen = new Map();
    for (const id of this.ofType('AWS::Lambda::Function')) {
      const name = this.props(id).FunctionName;
      if (typeof name !== 'string') continue;
      const segs = ['Resources', id, 'Properties', 'FunctionName'];
      if (name.length > LAMBDA_NAME_CHARS || !/^[A-Za-z0-9_-]+$/.test(name)) {
        this.problem('function-names', segs, `"${name}" is not a Lambda function name (at most ${LAMBDA_NAME_CHARS} `
          + 'letters, digits, - and _)');
      }
      if (seen.has(name)) this.problem('function-names', segs, `"${name}" is also the name of ${seen.get(name)}`);
      else seen.set(name, id);
    }
  }

  checkPlaceholders() {
    const visit = (value, segs) => {
      if (typeof value === 'string') {
        const m = value.match(/\$\{!?param:[^}]*\}/);
        if (m) this.problem('placeholders', segs, `holds ${m[0]}, which no parameter fills in`);
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => visit(v, segs.concat([i])));
      } else if (isPlainObject(value)) {
        for (const [k, v] of Object.entries(value)) visit(v, segs.concat([k]));
      }
    };
    visit(this.resources, ['Resources']);
    visit(this.t.Outputs, ['Outputs']);
  }

  checkParameterValues() {
    const lists = new Set();
    for (const [name, p] of Object.entries(this.parameters)) {
      if (!isPlainObject(p)) continue;
      const segs = ['Parameters', name, 'Default'];
      if (p.Type === 'CommaDelimitedList') lists.add(name);
      if (p.Default === undefined) continue;
      if (Array.isArray(p.AllowedValues) && !p.AllowedValues.includes(p.Default)) {
        this.problem('parameter-values', segs, `${JSON.stringify(p.Default)} is not one of its AllowedValues`);
      }
      if (p.Type === 'Number' && !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(String(p.Default))) {
        this.problem('parameter-values', segs, `${JSON.stringify(p.Default)} is not a Number`);
      }
    }
    const visitFrom = (kind, name, segs) => {
      if (kind === 'Sub' && lists.has(name)) {
        this.problem('parameter-values', segs, `list parameter ${name} stands in an Fn::Sub string`);
      }
    };
    for (const [id, res] of Object.entries(this.resources)) {
      walkRefs(res.Properties, ['Resources', id, 'Properties'], visitFrom);
    }
    if (isPlainObject(this.t.Outputs)) walkRefs(this.t.Outputs, ['Outputs'], visitFrom);
  }

  checkInlineCode() {
    for (const id of this.ofType('AWS::Lambda::Function')) {
      const p = this.props(id);
      const zip = isPlainObject(p.Code) ? p.Code.ZipFile : undefined;
      if (typeof zip !== 'string') continue;
      const segs = ['Resources', id, 'Properties', 'Code', 'ZipFile'];
      if (!/^(nodejs|python)/.test(String(p.Runtime))) {
        this.problem('inline-code', segs, `inline code needs a Node.js or Python runtime, not ${p.Runtime}`);
      }
      if (Buffer.byteLength(zip, 'utf8') > LAMBDA_ZIPFILE_BYTES) {
        this.problem('inline-code', segs, `is over the ${LAMBDA_ZIPFILE_BYTES} bytes CloudFormation takes inline`);
      }
    }
  }
}

const METHOD_SOURCE = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/;
const SOURCE_IN = { path: 'path', querystring: 'query', multivaluequerystring: 'query', header: 'header',
  multivalueheader: 'header' };

// Whether a parameter list (OpenAPI "in"/"name", or a Method's declared
// method.request.* names) has the parameter; header names in any case.
function declaresIn(list, where, name) {
  return list.some(([inn, n]) => inn === where && (where === 'header' ? n.toLowerCase() === name.toLowerCase()
    : n === name));
}

// Each REST operation of a body, in the terms its checks read: where its
// integration is, its cache keys, integration and method responses,
// integration request parameters and the parameters it declares.
function bodyViews(checker) {
  const views = [];
  for (const id of checker.ofType('AWS::ApiGateway::RestApi')) {
    const body = checker.props(id).Body;
    if (!isPlainObject(body) || !isPlainObject(body.paths)) continue;
    for (const [path, item] of Object.entries(body.paths)) {
      if (!isPlainObject(item)) continue;
      for (const [method, op] of Object.entries(item)) {
        const integ = isPlainObject(op) ? op['x-amazon-apigateway-integration'] : undefined;
        if (method === 'parameters' || !isPlainObject(integ)) continue;
        const params = [].concat(Array.isArray(item.parameters) ? item.parameters : [],
          Array.isArray(op.parameters) ? op.parameters : []).filter(isPlainObject).map((x) => [x.in, String(x.name)]);
        const declared = isPlainObject(op.responses) ? op.responses : {};
        views.push({
          label: `${method.toUpperCase()} ${path}`,
          what: 'the operation',
          segs: ['Resources', id, 'Properties', 'Body', 'paths', path, method, 'x-amazon-apigateway-integration'],
          cacheKeys: [integ.cacheKeyParameters, 'cacheKeyParameters'],
          mapsMember: 'responseParameters',
          requestParameters: [integ.requestParameters, 'requestParameters'],
          responses: Object.entries(isPlainObject(integ.responses) ? integ.responses : {})
            .filter(([, r]) => isPlainObject(r)).map(([pattern, r]) => [['responses', pattern], r.statusCode,
              r.responseParameters]),
          methodHeaders: (status) => (isPlainObject(declared[status])
            ? Object.keys(isPlainObject(declared[status].headers) ? declared[status].headers : {}) : undefined),
          declares: (where, name) => declaresIn(params, where, name)
            || (where === 'path' && (path.includes(`{${name}}`) || path.includes(`{${name}+}`))),
        });
      }
    }
  }
  return views;
}

// Each AWS::ApiGateway::Method with an Integration, in the same terms: its
// parameters are the method.request.* names of its RequestParameters, path
// parameters too (CloudFormation declares nothing from the path itself).
function methodViews(checker) {
  const views = [];
  for (const id of checker.ofType('AWS::ApiGateway::Method')) {
    const p = checker.props(id);
    const integ = p.Integration;
    if (!isPlainObject(integ)) continue;
    const params = Object.keys(isPlainObject(p.RequestParameters) ? p.RequestParameters : {})
      .map((k) => METHOD_SOURCE.exec(k)).filter(Boolean).map((m) => [SOURCE_IN[m[1]], m[2]]);
    const declared = new Map((Array.isArray(p.MethodResponses) ? p.MethodResponses : []).filter(isPlainObject)
      .map((r) => [String(r.StatusCode), Object.keys(isPlainObject(r.ResponseParameters) ? r.ResponseParameters : {})
        .filter((k) => k.startsWith('method.response.header.')).map((k) => k.slice(23))]));
    views.push({
      label: `${p.HttpMethod} ${checker.resourcePath(p.ResourceId) || '/'}`,
      what: 'the method',
      segs: ['Resources', id, 'Properties', 'Integration'],
      cacheKeys: [integ.CacheKeyParameters, 'CacheKeyParameters'],
      mapsMember: 'ResponseParameters',
      requestParameters: [integ.RequestParameters, 'RequestParameters'],
      responses: (Array.isArray(integ.IntegrationResponses) ? integ.IntegrationResponses : [])
        .map((r, i) => [['IntegrationResponses', i], isPlainObject(r) ? r.StatusCode : undefined,
          isPlainObject(r) ? r.ResponseParameters : undefined]),
      methodHeaders: (status) => declared.get(String(status)),
      declares: (where, name) => declaresIn(params, where, name),
    });
  }
  return views;
}

// Every REST operation, of a body or written as a Method resource.
function restViews(checker) {
  return bodyViews(checker).concat(methodViews(checker));
}

Object.assign(SemanticsChecker.prototype, {
  checkCacheKeys() {
    const IN = { header: 'header', querystring: 'query', path: 'path' };
    for (const v of restViews(this)) {
      const [keys, member] = v.cacheKeys;
      if (!Array.isArray(keys)) continue;
      keys.forEach((key, i) => {
        const m = /^method\.request\.(path|header|querystring)\.(.+)$/.exec(String(key));
        if (!m || !v.declares(IN[m[1]], m[2])) {
          this.problem('cache-keys', v.segs.concat([member, i]), `${key} is not a parameter of ${v.label}`);
        }
      });
    }
  },

  checkMethodResponses() {
    for (const v of restViews(this)) {
      for (const [where, status, mapped] of v.responses) {
        const segs = v.segs.concat(where);
        const headers = v.methodHeaders(status);
        if (!headers) {
          this.problem('method-responses', segs, `answers ${status}, which the method does not declare`);
          continue;
        }
        for (const key of Object.keys(isPlainObject(mapped) ? mapped : {})) {
          const name = key.replace(/^method\.response\.header\./, '');
          if (name !== key && !headers.includes(name)) {
            this.problem('method-responses', segs.concat([v.mapsMember, key]),
              `maps header ${name}, which method response ${status} does not declare`);
          }
        }
      }
    }
  },

  checkMethodParameters() {
    for (const v of restViews(this)) {
      const [params, member] = v.requestParameters;
      if (!isPlainObject(params)) continue;
      for (const [key, value] of Object.entries(params)) {
        const m = typeof value === 'string' ? METHOD_SOURCE.exec(value) : null;
        if (m && !v.declares(SOURCE_IN[m[1]], m[2])) {
          this.problem('method-parameters', v.segs.concat([member, key]),
            `maps ${value}, which ${v.what} does not declare as a ${SOURCE_IN[m[1]]} parameter`);
        }
      }
    }
  },
});

// Calls visit(name, segments, guard) for every reference in value (Ref,
// GetAtt, Fn::Sub names, as walkRefs) and use(name, segments) for every
// condition an Fn::If or {"Condition": NAME} names; guard is the condition
// of the innermost Fn::If whose true branch holds the reference.
function walkGuarded(value, segments, guard, visit, use) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkGuarded(v, segments.concat([i]), guard, visit, use));
    return;
  }
  if (!isPlainObject(value)) return;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Fn::If' && Array.isArray(value['Fn::If'])) {
    const [cond, yes, no] = value['Fn::If'];
    const segs = segments.concat(['Fn::If']);
    use(cond, segs.concat([0]));
    walkGuarded(yes, segs.concat([1]), cond, visit, use);
    walkGuarded(no, segs.concat([2]), guard, visit, use);
    return;
  }
  if (keys.length === 1 && keys[0] === 'Condition' && typeof value.Condition === 'string') {
    use(value.Condition, segments.concat(['Condition']));
    return;
  }
  if (keys.length === 1 && ['Ref', 'Fn::GetAtt', 'Fn::Sub'].includes(keys[0])) {
    walkRefs(value, segments, (_kind, name, segs) => visit(name, segs, guard));
    return;
  }
  for (const k of keys) walkGuarded(value[k], segments.concat([k]), guard, visit, use);
}

Object.assign(SemanticsChecker.prototype, {
  checkConditions() {
    const defined = isPlainObject(this.t.Conditions) ? this.t.Conditions : {};
    const used = new Set();
    const use = (name, segs) => {
      used.add(name);
      if (!(name in defined)) this.problem('conditions', segs, `names no condition of the template: ${name}`);
    };
    const condOf = (id) => this.resources[id] && this.resources[id].Condition;
    const from = (own) => (name, segs, guard) => {
      const theirs = condOf(name);
      if (theirs && theirs !== own && theirs !== guard) {
        this.problem('conditions', segs, `refers to ${name}, created only under condition ${theirs}, `
          + `${own ? `from a resource under ${own}` : 'from one always created'}`);
      }
    };
    walkGuarded(defined, ['Conditions'], undefined, () => {}, use);
    for (const [id, res] of Object.entries(this.resources)) {
      if (res.Type === 'Archway::Checker::NestedStack') continue; // the flat view's stand-in for a child
      if (res.Condition !== undefined) use(res.Condition, ['Resources', id, 'Condition']);
      walkGuarded(res.Properties, ['Resources', id, 'Properties'], undefined, from(res.Condition), use);
      dependsOnList(res).forEach((d, i) => from(res.Condition)(d, ['Resources', id, 'DependsOn', i], undefined));
    }
    const outputs = isPlainObject(this.t.Outputs) ? this.t.Outputs : {};
    for (const [name, out] of Object.entries(outputs)) {
      if (!isPlainObject(out)) continue;
      if (out.Condition !== undefined) use(out.Condition, ['Outputs', name, 'Condition']);
      walkGuarded(out.Value, ['Outputs', name, 'Value'], undefined, from(out.Condition), use);
    }
    for (const name of Object.keys(defined)) {
      if (!used.has(name)) this.problem('conditions', ['Conditions', name], 'condition is never used');
    }
  },
});

function main() {
  const { files } = parseArgs(process.argv.slice(2), USAGE);
  const report = new Report();
  let resources = 0;
  let templates = 0;
  for (const file of files) {
    const { value, error } = readJsonFile(file, report);
    if (error) continue;
    templates++;
    const whole = new NestedStacks(file, value, report).run();
    resources += new SemanticsChecker(file, whole, report).run();
  }
  process.stdout.write(`${path.basename(__filename)}: ${templates} template(s), ${resources} resource(s) checked: `
    + `${report.count} problem(s)\n`);
  process.exitCode = report.count ? 1 : 0;
}

if (require.main === module) main();

module.exports = { SemanticsChecker };
