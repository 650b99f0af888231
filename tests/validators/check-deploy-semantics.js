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
//   deployments a V2 deployment comes after every route of its API (a
//               snapshot taken earlier would miss them)
//   method-settings a REST stage's per-method setting names a method of
//               its API's body (API Gateway refuses the stage otherwise)
//   overrides   every per-route (V2) or per-method (REST) setting repeats
//               the stage-wide logging, metrics and cache settings, which an
//               override would otherwise reset to API Gateway's defaults
//   permissions every Lambda function an API invokes (integration or
//               authorizer) has an AWS::Lambda::Permission for that API
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
//   edge-certificates the certificate parameter of an edge domain says it
//               must be in us-east-1
//   function-roles a function in a VPC, or traced actively, whose role the
//               template creates has the managed policy Lambda needs for it
//               (AWSLambdaVPCAccessExecutionRole, AWSXRayDaemonWriteAccess)
//   environment a function's environment variables: names Lambda accepts
//               and does not reserve, at most 4 KB as the JSON Lambda keeps
//   function-names explicit function names: at most 64 characters, letters,
//               digits, '-' and '_', and unique in the template
//   inline-code inline code (ZipFile) only for Node.js and Python, at most
//               4 MB
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
    this.checkStageRoutes();
    this.checkDeployments();
    this.checkMethodSettings();
    this.checkOverrides();
    this.checkPermissions();
    this.checkTimeouts();
    this.checkAuthorizerCache();
    this.checkAliases();
    this.checkEndpoints();
    this.checkEdgeCertificates();
    this.checkFunctionRoles();
    this.checkEnvironment();
    this.checkFunctionNames();
    this.checkInlineCode();
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

  checkStageRoutes() {
    const routes = new Map(); // "api route-key" -> route id
    for (const id of this.ofType('AWS::ApiGatewayV2::Route')) routes.set(`${this.apiOf(id)} ${this.props(id).RouteKey}`, id);
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
    const routes = this.ofType('AWS::ApiGatewayV2::Route');
    for (const id of this.ofType('AWS::ApiGatewayV2::Deployment')) {
      const missing = routes.filter((r) => this.apiOf(r) === this.apiOf(id) && !this.reaches(id, r));
      if (missing.length) {
        this.problem('deployments', ['Resources', id], `does not wait for route(s) ${missing.join(', ')}, so the `
          + 'snapshot may be taken without them');
      }
    }
  }

  checkMethodSettings() {
    for (const id of this.ofType('AWS::ApiGateway::Stage')) {
      const p = this.props(id);
      const api = isPlainObject(p.RestApiId) ? p.RestApiId.Ref : undefined;
      const body = api ? this.props(api).Body : undefined;
      if (!isPlainObject(body) || !isPlainObject(body.paths) || !Array.isArray(p.MethodSettings)) continue;
      p.MethodSettings.forEach((s, i) => {
        if (s.ResourcePath === '/*' || typeof s.ResourcePath !== 'string') return;
        const path = s.ResourcePath.slice(1).replace(/~1/g, '/');
        const item = body.paths[path];
        const methods = isPlainObject(item) ? Object.keys(item) : [];
        const method = s.HttpMethod === '*' ? 'x-amazon-apigateway-any-method' : String(s.HttpMethod).toLowerCase();
        if (!methods.includes(method)) {
          this.problem('method-settings', ['Resources', id, 'Properties', 'MethodSettings', i],
            `${s.HttpMethod} ${path} is not a method of ${api}'s body`);
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
        if (s.HttpMethod === 'GET') this.checkOverride(wide, s, STAGE_CACHE_REST, segs);
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
  static uris(value, out) {
    if (typeof value === 'string') {
      if (value.includes('/invocations')) out.push(value);
    } else if (Array.isArray(value)) {
      value.forEach((v) => SemanticsChecker.uris(v, out));
    } else if (isPlainObject(value)) {
      Object.values(value).forEach((v) => SemanticsChecker.uris(v, out));
    }
    return out;
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
    const invocations = []; // [api, resource, uri]
    for (const id of [...this.ofType('AWS::ApiGatewayV2::Integration'), ...this.ofType('AWS::ApiGatewayV2::Authorizer')]) {
      const p = this.props(id);
      SemanticsChecker.uris([p.IntegrationUri, p.AuthorizerUri], []).forEach((u) => invocations.push([this.apiOf(id), id, u]));
    }
    for (const id of this.ofType('AWS::ApiGateway::RestApi')) {
      SemanticsChecker.uris(this.props(id).Body, []).forEach((u) => invocations.push([id, id, u]));
    }
    const reported = new Set();
    for (const [api, id, uri] of invocations) {
      const fn = SemanticsChecker.invokedIn(uri);
      if (!fn || allowed.has(`${api} ${fn}`) || reported.has(`${api} ${fn}`)) continue;
      reported.add(`${api} ${fn}`);
      this.problem('permissions', ['Resources', id], `${api} invokes ${fn}, but no AWS::Lambda::Permission lets `
        + 'API Gateway do so for that API (every call would fail with 500)');
    }
  }

  checkTimeouts() {
    for (const id of this.ofType('AWS::ApiGatewayV2::Integration')) {
      const p = this.props(id);
      if (typeof p.TimeoutInMillis !== 'number') continue;
      const api = this.resources[this.apiOf(id)];
      const protocol = api && api.Properties ? api.Properties.ProtocolType : undefined;
      const max = V2_TIMEOUT_LIMITS[protocol];
      if (max && (p.TimeoutInMillis < 50 || p.TimeoutInMillis > max)) {
        this.problem('timeouts', ['Resources', id, 'Properties', 'TimeoutInMillis'],
          `${p.TimeoutInMillis} ms is outside 50-${max} ms, the hard limit of ${protocol} APIs`);
      }
    }
  }

  checkAuthorizerCache() {
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
