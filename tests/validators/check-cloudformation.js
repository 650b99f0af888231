#!/usr/bin/env node
'use strict';
// check-cloudformation.js FILE...
//
// Checks CloudFormation templates (JSON) against the official CloudFormation
// resource specification as shipped in @aws-cdk/cfnspec, independently of
// the code that wrote them:
//   - top-level sections; Parameters (types, including the AWS-specific and
//     SSM types, and whether Default fits them); Conditions; Mappings;
//     Outputs (Value, Export, Condition);
//   - every resource: its Type exists, only known resource-level keys, every
//     property exists, required properties are present, every value matches
//     the specification (primitive types, lists, maps, property types looked
//     up as "<ResourceType>.<Name>" and then "<Name>", recursively);
//   - intrinsic functions where they may stand, with the kind of value they
//     give (a list is not a string); every Ref names a parameter, resource or
//     pseudo parameter; every Fn::GetAtt a resource whose type has that
//     attribute; every ${Name} and ${Resource.Attribute} inside Fn::Sub
//     likewise; Fn::If names a condition; DependsOn names resources; no
//     circular dependencies between resources; a plain string (outside
//     Fn::Sub) holds no ${Name} of the template and no ${! escape, which
//     would reach AWS as written;
//   - logical ids, template size and count limits; no null, no key twice;
//   - a function's Code given as a relative local path, which `aws
//     cloudformation package` replaces by its S3 location, is checked as
//     that location (PACKAGED_PROPERTIES).
// Prints one line per problem, "FILE: Resources.X.Properties.Y: what is
// wrong", then a summary line; exits 1 if there was any problem, 0 if not,
// 2 on bad usage.
//
// Quirks of the specification handled here:
//   - "Tag" (and a few others) are top-level property types: an ItemType or
//     Type is looked up as "<ResourceType>.<Name>" first, then as "<Name>";
//   - some property types have no Properties but are themselves a primitive
//     or a list (e.g. AWS::Transfer::Server.Protocol is a String): they are
//     used as the type they stand for;
//   - Json properties (RestApi Body, Stage RouteSettings, IAM policy
//     documents) take a whole object, inside which intrinsic functions are
//     still resolved and checked; a few Json properties whose content the
//     CloudFormation documentation describes are checked more closely
//     (JSON_REFINEMENTS in lib/cfnspec-index.js, which reads the spec);
//   - attribute names may contain dots (Endpoint.Address), so "A.B.C" in
//     Fn::GetAtt and Fn::Sub is resource A, attribute "B.C";
//   - AWS::Serverless::* types carry several possible types per property
//     (PrimitiveTypes, Types, ItemTypes, ...) and need their Transform;
//   - AWS::CloudFormation::CustomResource and Custom::* take any properties
//     besides ServiceToken and any attribute.

const path = require('path');
const {
  isPlainObject, readJsonFile, Report, didYouMean, parseArgs,
} = require('./lib/common');
const {
  SpecIndex, fits, describePrimitive, describeShape, ANY, STRING, INTEGER, LIST_OF_STRING, LIST_OF_ANY,
} = require('./lib/cfnspec-index');

const USAGE = 'usage: node check-cloudformation.js TEMPLATE.json...\n';

const TOP_LEVEL_KEYS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings',
  'Conditions', 'Transform', 'Resources', 'Outputs',
]);
// Properties that `aws cloudformation package` takes as a relative local
// path and rewrites into an S3 location, with that location's shape.
const PACKAGED_PROPERTIES = {
  'AWS::Lambda::Function': { property: 'Code', as: { S3Bucket: 'packaged-bucket', S3Key: 'packaged-key' } },
};
const RESOURCE_KEYS = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy',
  'Metadata', 'CreationPolicy', 'UpdatePolicy',
]);
const PARAMETER_KEYS = new Set([
  'Type', 'Default', 'Description', 'AllowedValues', 'AllowedPattern', 'MinLength', 'MaxLength',
  'MinValue', 'MaxValue', 'NoEcho', 'ConstraintDescription',
]);
const OUTPUT_KEYS = new Set(['Description', 'Value', 'Export', 'Condition']);
const DELETION_POLICIES = new Set(['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']);
const UPDATE_REPLACE_POLICIES = new Set(['Delete', 'Retain', 'Snapshot']);

// Pseudo parameters and the kind of value a Ref to them gives.
const PSEUDO_PARAMETERS = {
  'AWS::AccountId': 'string',
  'AWS::NotificationARNs': 'list',
  'AWS::NoValue': 'novalue',
  'AWS::Partition': 'string',
  'AWS::Region': 'string',
  'AWS::StackId': 'string',
  'AWS::StackName': 'string',
  'AWS::URLSuffix': 'string',
};

// AWS-specific parameter types (each also as List<...>, and inside
// AWS::SSM::Parameter::Value<...>).
const AWS_PARAMETER_TYPES = new Set([
  'AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id', 'AWS::EC2::Instance::Id',
  'AWS::EC2::KeyPair::KeyName', 'AWS::EC2::SecurityGroup::GroupName', 'AWS::EC2::SecurityGroup::Id',
  'AWS::EC2::Subnet::Id', 'AWS::EC2::Volume::Id', 'AWS::EC2::VPC::Id', 'AWS::Route53::HostedZone::Id',
]);

// Documented limits of one template.
const LIMITS = {
  bytes: 1024 * 1024, // template body read from S3
  resources: 500,
  parameters: 200,
  outputs: 200,
  mappings: 200,
  descriptionBytes: 1024,
  logicalIdLength: 255,
};

const LOGICAL_ID = /^[A-Za-z0-9]+$/;
const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';
const CONDITION_FUNCTIONS = new Set(['Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or']);

// ---------------------------------------------------------------------------
// Parameter types.

// Returns {list, number} for a valid parameter type, or null.
function parameterTypeInfo(type) {
  if (typeof type !== 'string') return null;
  if (type === 'String' || AWS_PARAMETER_TYPES.has(type) || type === 'AWS::SSM::Parameter::Name') {
    return { list: false, number: false };
  }
  if (type === 'Number') return { list: false, number: true };
  if (type === 'List<Number>') return { list: true, number: true };
  if (type === 'CommaDelimitedList') return { list: true, number: false };
  let m = /^List<(.+)>$/.exec(type);
  if (m && AWS_PARAMETER_TYPES.has(m[1])) return { list: true, number: false };
  m = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
  if (m) {
    const inner = m[1];
    if (inner === 'String' || AWS_PARAMETER_TYPES.has(inner)) return { list: false, number: false };
    if (inner === 'List<String>' || inner === 'CommaDelimitedList') return { list: true, number: false };
    const l = /^List<(.+)>$/.exec(inner);
    if (l && AWS_PARAMETER_TYPES.has(l[1])) return { list: true, number: false };
  }
  return null;
}

const NUMBER_TEXT = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
const INTEGER_TEXT = /^-?\d+$/;

function isNumeric(v) {
  return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && NUMBER_TEXT.test(v));
}

// ---------------------------------------------------------------------------
// One template.

class TemplateChecker {
  constructor(spec, file, template, report) {
    this.spec = spec;
    this.file = file;
    this.t = template;
    this.report = report;
    this.resources = isPlainObject(template.Resources) ? template.Resources : {};
    this.parameters = isPlainObject(template.Parameters) ? template.Parameters : {};
    this.conditions = isPlainObject(template.Conditions) ? template.Conditions : {};
    this.mappings = isPlainObject(template.Mappings) ? template.Mappings : {};
    this.transforms = [].concat(template.Transform || []).filter((x) => typeof x === 'string');
    this.edges = new Map(); // resource -> Set of resources it depends on
    this.current = null; // logical id of the resource being checked
    this.inConditions = false; // checking the Conditions section
    this.inImportValue = false;
  }

  problem(segments, message) {
    this.report.add(this.file, segments, message);
  }

  has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  run(size) {
    if (!isPlainObject(this.t)) {
      this.problem(null, 'a template is a JSON object');
      return 0;
    }
    this.checkTopLevel(size);
    this.checkParameters();
    this.checkMappings();
    this.checkConditions();
    const count = this.checkResources();
    this.checkOutputs();
    this.checkCycles();
    return count;
  }

  // -- sections -------------------------------------------------------------

  checkTopLevel(size) {
    for (const key of Object.keys(this.t)) {
      if (!TOP_LEVEL_KEYS.has(key)) this.problem([key], `unknown top-level section${didYouMean(key, TOP_LEVEL_KEYS)}`);
    }
    const v = this.t.AWSTemplateFormatVersion;
    if (v !== undefined && v !== '2010-09-09') {
      this.problem(['AWSTemplateFormatVersion'], `must be "2010-09-09", not ${JSON.stringify(v)}`);
    }
    const d = this.t.Description;
    if (d !== undefined) {
      if (typeof d !== 'string') this.problem(['Description'], 'must be a string');
      else if (Buffer.byteLength(d) > LIMITS.descriptionBytes) {
        this.problem(['Description'], `longer than ${LIMITS.descriptionBytes} bytes`);
      }
    }
    if (size > LIMITS.bytes) this.problem(null, `template is ${size} bytes; CloudFormation takes at most ${LIMITS.bytes}`);
    for (const key of ['Parameters', 'Mappings', 'Conditions', 'Outputs', 'Metadata', 'Rules']) {
      if (this.t[key] !== undefined && !isPlainObject(this.t[key])) this.problem([key], 'must be an object');
    }
    if (!isPlainObject(this.t.Resources)) this.problem(['Resources'], 'missing (a template needs at least one resource)');
    else if (Object.keys(this.t.Resources).length === 0) this.problem(['Resources'], 'is empty');
    for (const t of [].concat(this.t.Transform || [])) {
      if (typeof t !== 'string' && !isPlainObject(t)) this.problem(['Transform'], 'must name transforms');
    }
    this.checkCount('Resources', LIMITS.resources);
    this.checkCount('Parameters', LIMITS.parameters);
    this.checkCount('Outputs', LIMITS.outputs);
    this.checkCount('Mappings', LIMITS.mappings);
    this.checkLogicalIds();
  }

  checkCount(section, max) {
    const n = isPlainObject(this.t[section]) ? Object.keys(this.t[section]).length : 0;
    if (n > max) this.problem([section], `${n} entries; CloudFormation takes at most ${max}`);
  }

  checkLogicalIds() {
    for (const section of ['Parameters', 'Resources', 'Outputs', 'Conditions', 'Mappings']) {
      if (!isPlainObject(this.t[section])) continue;
      for (const id of Object.keys(this.t[section])) {
        if (!LOGICAL_ID.test(id)) this.problem([section, id], 'logical id must be alphanumeric (A-Za-z0-9)');
        else if (id.length > LIMITS.logicalIdLength) this.problem([section, id], `logical id longer than ${LIMITS.logicalIdLength}`);
      }
    }
    for (const id of Object.keys(this.parameters)) {
      if (this.has(this.resources, id)) this.problem(['Parameters', id], 'a resource has the same logical id');
    }
  }

  checkParameters() {
    for (const [name, p] of Object.entries(this.parameters)) {
      const at = ['Parameters', name];
      if (!isPlainObject(p)) {
        this.problem(at, 'must be an object');
        continue;
      }
      for (const key of Object.keys(p)) {
        if (!PARAMETER_KEYS.has(key)) this.problem(at.concat(key), `unknown parameter attribute${didYouMean(key, PARAMETER_KEYS)}`);
      }
      const info = parameterTypeInfo(p.Type);
      if (p.Type === undefined) this.problem(at, 'missing Type');
      else if (!info) this.problem(at.concat('Type'), `${JSON.stringify(p.Type)} is not a CloudFormation parameter type`);
      this.checkParameterConstraints(at, p);
      if (info && p.Default !== undefined) this.checkParameterDefault(at, p, info);
    }
  }

  checkParameterConstraints(at, p) {
    for (const key of ['MinLength', 'MaxLength', 'MinValue', 'MaxValue']) {
      if (p[key] !== undefined && !isNumeric(p[key])) this.problem(at.concat(key), 'must be a number');
    }
    for (const key of ['Description', 'ConstraintDescription', 'AllowedPattern']) {
      if (p[key] !== undefined && typeof p[key] !== 'string') this.problem(at.concat(key), 'must be a string');
    }
    if (p.NoEcho !== undefined && typeof p.NoEcho !== 'boolean' && p.NoEcho !== 'true' && p.NoEcho !== 'false') {
      this.problem(at.concat('NoEcho'), 'must be true or false');
    }
    if (p.AllowedValues !== undefined && !Array.isArray(p.AllowedValues)) {
      this.problem(at.concat('AllowedValues'), 'must be a list');
    }
  }

  checkParameterDefault(at, p, info) {
    const where = at.concat('Default');
    const d = p.Default;
    if (info.list) {
      if (typeof d !== 'string') {
        this.problem(where, 'must be a string (a list parameter takes comma-separated values)');
        return;
      }
      if (info.number && d !== '' && !d.split(',').every((x) => NUMBER_TEXT.test(x))) {
        this.problem(where, 'must be comma-separated numbers for List<Number>');
      }
      return;
    }
    if (info.number) {
      if (!isNumeric(d)) this.problem(where, `${JSON.stringify(d)} is not a number`);
      else {
        const n = Number(d);
        if (p.MinValue !== undefined && n < Number(p.MinValue)) this.problem(where, `below MinValue ${p.MinValue}`);
        if (p.MaxValue !== undefined && n > Number(p.MaxValue)) this.problem(where, `above MaxValue ${p.MaxValue}`);
      }
    } else if (typeof d !== 'string') {
      this.problem(where, `must be a string for a ${p.Type} parameter`);
      return;
    } else {
      if (p.MinLength !== undefined && d.length < Number(p.MinLength)) this.problem(where, `shorter than MinLength ${p.MinLength}`);
      if (p.MaxLength !== undefined && d.length > Number(p.MaxLength)) this.problem(where, `longer than MaxLength ${p.MaxLength}`);
      if (typeof p.AllowedPattern === 'string') this.checkPattern(where, d, p.AllowedPattern);
    }
    if (Array.isArray(p.AllowedValues) && !p.AllowedValues.some((a) => String(a) === String(d))) {
      this.problem(where, `${JSON.stringify(d)} is not among AllowedValues`);
    }
  }

  checkPattern(where, value, pattern) {
    let re;
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch (e) {
      return; // a Java pattern that JavaScript does not read: not ours to judge
    }
    if (!re.test(value)) this.problem(where, `${JSON.stringify(value)} does not match AllowedPattern`);
  }

  checkMappings() {
    for (const [name, map] of Object.entries(this.mappings)) {
      if (!isPlainObject(map) || Object.keys(map).length === 0) {
        this.problem(['Mappings', name], 'a mapping is a non-empty object of objects');
        continue;
      }
      for (const [top, second] of Object.entries(map)) {
        if (!isPlainObject(second)) {
          this.problem(['Mappings', name, top], 'must be an object of values');
          continue;
        }
        for (const [key, v] of Object.entries(second)) {
          const ok = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
            || (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'));
          if (!ok) this.problem(['Mappings', name, top, key], 'a mapping value is a string, number or list of them');
        }
      }
    }
  }

  checkConditions() {
    this.inConditions = true;
    for (const [name, c] of Object.entries(this.conditions)) this.checkCondition(c, ['Conditions', name]);
    this.inConditions = false;
  }

  // A condition: Fn::Equals, Fn::Not, Fn::And, Fn::Or or {"Condition": name}.
  checkCondition(c, at) {
    const key = isPlainObject(c) && Object.keys(c).length === 1 ? Object.keys(c)[0] : null;
    if (key === 'Condition') {
      if (typeof c.Condition !== 'string' || !this.has(this.conditions, c.Condition)) {
        this.problem(at.concat('Condition'), `names no condition: ${JSON.stringify(c.Condition)}`);
      }
      return;
    }
    if (!CONDITION_FUNCTIONS.has(key)) {
      this.problem(at, 'a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or {"Condition": name}');
      return;
    }
    const args = c[key];
    const here = at.concat(key);
    if (key === 'Fn::Equals') {
      if (!Array.isArray(args) || args.length !== 2) this.problem(here, 'takes a list of two values');
      else args.forEach((a, i) => this.checkValue(a, ANY, here.concat(i)));
      return;
    }
    const [min, max] = key === 'Fn::Not' ? [1, 1] : [2, 10];
    if (!Array.isArray(args) || args.length < min || args.length > max) {
      this.problem(here, min === max ? 'takes a list of one condition' : `takes a list of ${min} to ${max} conditions`);
      return;
    }
    args.forEach((a, i) => this.checkCondition(a, here.concat(i)));
  }

  checkConditionName(name, at) {
    if (typeof name !== 'string') this.problem(at, 'must name a condition');
    else if (!this.has(this.conditions, name)) {
      this.problem(at, `names no condition: ${name}${didYouMean(name, Object.keys(this.conditions))}`);
    }
  }

  // -- resources -----------------------------------------------------------

  checkResources() {
    let count = 0;
    for (const [id, r] of Object.entries(this.resources)) {
      count++;
      this.current = id;
      this.edges.set(id, new Set());
      this.checkResource(id, r);
    }
    this.current = null;
    return count;
  }

  // A property that `aws cloudformation package` rewrites from a local path
  // is checked as the S3 form the package command writes in its place.
  static packaged(type, props) {
    const rewrite = PACKAGED_PROPERTIES[type];
    const value = rewrite ? props[rewrite.property] : undefined;
    if (typeof value !== 'string' || !/^[A-Za-z0-9._\-/]+$/.test(value) || value.startsWith('/')) return props;
    return { ...props, [rewrite.property]: rewrite.as };
  }

  checkResource(id, r) {
    const at = ['Resources', id];
    if (!isPlainObject(r)) {
      this.problem(at, 'a resource is an object');
      return;
    }
    for (const key of Object.keys(r)) {
      if (!RESOURCE_KEYS.has(key)) this.problem(at.concat(key), `unknown resource attribute${didYouMean(key, RESOURCE_KEYS)}`);
    }
    this.checkResourceAttributes(id, r, at);
    if (typeof r.Type !== 'string') {
      this.problem(at, 'missing Type');
      return;
    }
    if (r.Properties !== undefined && !isPlainObject(r.Properties)) {
      this.problem(at.concat('Properties'), 'must be an object');
      return;
    }
    const props = r.Properties || {};
    if (isCustomResource(r.Type)) {
      this.checkCustomResource(props, at);
      return;
    }
    const def = this.spec.resourceType(r.Type);
    if (!def) {
      this.problem(at.concat('Type'), `unknown resource type ${r.Type}${didYouMean(r.Type, this.spec.resourceTypeNames())}`);
      this.checkValue(props, ANY, at.concat('Properties'));
      return;
    }
    if (def.RequiredTransform && !this.transforms.includes(def.RequiredTransform)) {
      this.problem(at.concat('Type'), `${r.Type} needs "Transform": "${def.RequiredTransform}"`);
    }
    this.checkObject(TemplateChecker.packaged(r.Type, props), this.spec.resourceShape(r.Type),
      at.concat('Properties'), def.AdditionalProperties === true);
  }

  checkResourceAttributes(id, r, at) {
    if (r.Condition !== undefined) this.checkConditionName(r.Condition, at.concat('Condition'));
    if (r.DeletionPolicy !== undefined && !DELETION_POLICIES.has(r.DeletionPolicy)) {
      this.problem(at.concat('DeletionPolicy'), `must be one of ${[...DELETION_POLICIES].join(', ')}`);
    }
    if (r.UpdateReplacePolicy !== undefined && !UPDATE_REPLACE_POLICIES.has(r.UpdateReplacePolicy)) {
      this.problem(at.concat('UpdateReplacePolicy'), `must be one of ${[...UPDATE_REPLACE_POLICIES].join(', ')}`);
    }
    for (const key of ['Metadata', 'CreationPolicy', 'UpdatePolicy']) {
      if (r[key] !== undefined && !isPlainObject(r[key])) this.problem(at.concat(key), 'must be an object');
    }
    if (r.DependsOn !== undefined) this.checkDependsOn(id, r.DependsOn, at.concat('DependsOn'));
  }

  checkDependsOn(id, dependsOn, at) {
    const names = typeof dependsOn === 'string' ? [dependsOn] : dependsOn;
    if (!Array.isArray(names)) {
      this.problem(at, 'must be a resource name or a list of them');
      return;
    }
    names.forEach((name, i) => {
      const where = typeof dependsOn === 'string' ? at : at.concat(i);
      if (typeof name !== 'string') this.problem(where, 'must be a resource name');
      else if (name === id) this.problem(where, 'a resource cannot depend on itself');
      else if (!this.has(this.resources, name)) {
        this.problem(where, `names no resource: ${name}${didYouMean(name, Object.keys(this.resources))}`);
      } else this.edges.get(id).add(name);
    });
  }

  checkCustomResource(props, at) {
    if (!this.has(props, 'ServiceToken')) this.problem(at.concat('Properties'), 'missing required property ServiceToken');
    for (const [k, v] of Object.entries(props)) {
      this.checkValue(v, k === 'ServiceToken' ? STRING : ANY, at.concat('Properties', k));
    }
  }

  // -- values --------------------------------------------------------------

  // Checks value v against shape at location at.
  checkValue(v, shape, at) {
    if (v === null) {
      this.problem(at, 'null is not allowed in a template');
      return;
    }
    const fn = this.intrinsicName(v, at);
    if (fn === false) return; // malformed, reported
    if (fn) {
      this.checkIntrinsicAgainst(v, fn, shape, at);
      return;
    }
    switch (shape.kind) {
      case 'prim': this.checkPrimitive(v, shape.prim, at); break;
      case 'json': this.checkJson(v, shape, at); break;
      case 'list': this.checkList(v, shape, at); break;
      case 'map': this.checkMap(v, shape, at); break;
      case 'object': this.checkObject(v, shape, at, false); break;
      case 'union': this.checkUnion(v, shape, at); break;
      default: this.walk(v, at);
    }
  }

  // The intrinsic function v calls: its name, null if v is no call, false if malformed.
  intrinsicName(v, at) {
    if (!isPlainObject(v)) return null;
    const keys = Object.keys(v);
    const fnKeys = keys.filter((k) => k === 'Ref' || k.startsWith('Fn::'));
    if (fnKeys.length === 0) return null;
    if (keys.length !== 1) {
      this.problem(at, `${fnKeys[0]} must be the only key of its object`);
      return false;
    }
    return keys[0];
  }

  checkPrimitive(v, prim, at) {
    let ok;
    switch (prim) {
      case 'String':
        ok = typeof v === 'string';
        if (ok) this.checkPlainString(v, at);
        break;
      case 'Integer':
      case 'Long': ok = (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && INTEGER_TEXT.test(v)); break;
      case 'Double': ok = isNumeric(v); break;
      case 'Boolean': ok = typeof v === 'boolean' || v === 'true' || v === 'false'; break;
      case 'Timestamp': ok = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)); break;
      default: ok = true;
    }
    if (!ok) this.problem(at, `expected ${describePrimitive(prim)}, got ${describeValue(v)}`);
  }

  checkJson(v, shape, at) {
    if (typeof v === 'string') return; // a JSON text
    if (!isPlainObject(v)) {
      this.problem(at, `expected a JSON object, got ${describeValue(v)}`);
      return;
    }
    if (shape.refined) this.checkValue(v, shape.refined, at);
    else this.walk(v, at);
  }

  checkList(v, shape, at) {
    if (!Array.isArray(v)) {
      this.problem(at, `expected a list, got ${describeValue(v)}`);
      return;
    }
    const seen = new Set();
    v.forEach((item, i) => {
      this.checkValue(item, shape.item, at.concat(i));
      if (shape.unique && !looksIntrinsic(item)) {
        const key = JSON.stringify(item);
        if (seen.has(key)) this.problem(at.concat(i), 'duplicate item (the specification allows no duplicates here)');
        seen.add(key);
      }
    });
  }

  checkMap(v, shape, at) {
    if (!isPlainObject(v)) {
      this.problem(at, `expected a map (an object), got ${describeValue(v)}`);
      return;
    }
    for (const [k, item] of Object.entries(v)) this.checkValue(item, shape.item, at.concat(k));
  }

  checkObject(v, shape, at, openEnded) {
    if (!isPlainObject(v)) {
      this.problem(at, `expected an object (${shape.name}), got ${describeValue(v)}`);
      return;
    }
    const props = shape.def.Properties || {};
    for (const [k, item] of Object.entries(v)) {
      const propShape = this.spec.propertyShape(shape, k);
      if (propShape) this.checkValue(item, propShape, at.concat(k));
      else if (openEnded) this.checkValue(item, ANY, at.concat(k));
      else this.problem(at.concat(k), `unknown property of ${shape.name}${didYouMean(k, Object.keys(props))}`);
    }
    for (const [name, p] of Object.entries(props)) {
      if (!p.Required) continue;
      if (!this.has(v, name)) this.problem(at, `missing required property ${name}`);
      else if (isNoValue(v[name])) this.problem(at.concat(name), 'required property removed by AWS::NoValue');
    }
  }

  // Accepts the value if some option takes it without a problem.
  checkUnion(v, shape, at) {
    for (const option of shape.options) {
      if (this.countProblems(() => this.checkValue(v, option, at)) === 0) return;
    }
    this.problem(at, `matches none of the types the specification allows (${shape.options.map(describeShape).join(', ')})`);
  }

  // Visits a value of unknown shape, checking every intrinsic function inside.
  walk(v, at) {
    if (v === null) {
      this.problem(at, 'null is not allowed in a template');
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => this.walk(item, at.concat(i)));
      return;
    }
    if (typeof v === 'string') this.checkPlainString(v, at);
    if (!isPlainObject(v)) return;
    const fn = this.intrinsicName(v, at);
    if (fn === false) return;
    if (fn) {
      this.checkIntrinsicAgainst(v, fn, ANY, at);
      return;
    }
    for (const [k, item] of Object.entries(v)) this.walk(item, at.concat(k));
  }

  // A string outside Fn::Sub is taken literally: a ${Name} there that names
  // something of the template, or the ${! escape, shows a missing Fn::Sub.
  checkPlainString(v, at) {
    if (!v.includes('${')) return;
    const re = /\$\{([^}]*)\}/g;
    let m;
    while ((m = re.exec(v)) !== null) {
      const name = m[1];
      if (name.startsWith('!')) {
        this.problem(at, `\${${name}}: the \${! escape means something only inside Fn::Sub; here it stays as written`);
        return;
      }
      const dot = name.indexOf('.');
      const head = dot > 0 ? name.slice(0, dot) : name;
      if (this.has(PSEUDO_PARAMETERS, name) || this.has(this.parameters, name) || this.has(this.resources, head)) {
        this.problem(at, `\${${name}} is not substituted outside Fn::Sub`);
        return;
      }
    }
  }

  // Runs fn with its problems counted instead of reported; returns the count.
  countProblems(fn) {
    const saved = this.report;
    let count = 0;
    this.report = { add() { count++; } };
    try {
      fn();
    } finally {
      this.report = saved;
    }
    return count;
  }

  // -- intrinsic functions ------------------------------------------------

  // Checks a call where a value of shape is expected.
  checkIntrinsicAgainst(v, fn, shape, at) {
    if (fn === 'Fn::If') {
      this.checkIf(v['Fn::If'], shape, at.concat('Fn::If'));
      return;
    }
    if (fn === 'Ref' && v.Ref === 'AWS::NoValue') {
      if (this.inConditions) this.problem(at.concat('Ref'), 'AWS::NoValue has no place in a condition');
      return;
    }
    const gives = this.evaluate(v, fn, at);
    if (gives && !fits(gives, shape)) {
      this.problem(at, `${fn} gives ${describeKind(gives)} where ${describeShape(shape)} is expected`);
    }
  }

  checkIf(args, shape, at) {
    if (!Array.isArray(args) || args.length !== 3) {
      this.problem(at, 'takes [condition name, value if true, value if false]');
      return;
    }
    if (this.inConditions) this.problem(at, 'Fn::If has no place in a condition');
    this.checkConditionName(args[0], at.concat(0));
    this.checkValue(args[1], shape, at.concat(1));
    this.checkValue(args[2], shape, at.concat(2));
  }

  // Checks the call's arguments; returns the kind of value it gives
  // ('string', 'list', 'any'), or null when a problem was reported.
  evaluate(v, fn, at) {
    const args = v[fn];
    const here = at.concat(fn);
    if (CONDITION_FUNCTIONS.has(fn)) {
      this.problem(here, `${fn} may only be used in Conditions`);
      return null;
    }
    switch (fn) {
      case 'Ref': return this.evaluateRef(args, here);
      case 'Fn::GetAtt': return this.evaluateGetAtt(args, here);
      case 'Fn::Sub': return this.evaluateSub(args, here);
      case 'Fn::Join': return this.evaluateJoin(args, here);
      case 'Fn::Select': return this.evaluateSelect(args, here);
      case 'Fn::Split': return this.evaluateSplit(args, here);
      case 'Fn::FindInMap': return this.evaluateFindInMap(args, here);
      case 'Fn::Base64': this.checkValue(args, STRING, here); return 'string';
      case 'Fn::GetAZs': this.checkValue(args, STRING, here); return 'list';
      case 'Fn::ImportValue': return this.evaluateImportValue(args, here);
      case 'Fn::Cidr': return this.evaluateCidr(args, here);
      case 'Fn::Transform': return this.evaluateTransform(args, here);
      case 'Fn::Length':
      case 'Fn::ToJsonString':
        if (!this.transforms.includes(LANGUAGE_EXTENSIONS)) {
          this.problem(here, `${fn} needs "Transform": "${LANGUAGE_EXTENSIONS}"`);
          return null;
        }
        this.walk(args, here);
        return fn === 'Fn::Length' ? 'number' : 'string';
      default:
        this.problem(here, `unknown intrinsic function${didYouMean(fn, INTRINSICS)}`);
        return null;
    }
  }

  // Ref NAME: a parameter, a resource or a pseudo parameter.
  evaluateRef(name, at) {
    if (typeof name !== 'string') {
      this.problem(at, 'Ref takes a name');
      return null;
    }
    if (this.has(PSEUDO_PARAMETERS, name)) return PSEUDO_PARAMETERS[name] === 'list' ? 'list' : 'string';
    if (this.has(this.parameters, name)) {
      const info = parameterTypeInfo(this.parameters[name] && this.parameters[name].Type);
      return info && info.list ? 'list' : 'string';
    }
    if (this.has(this.resources, name)) {
      if (this.inConditions) {
        this.problem(at, `a condition can refer to parameters only, not to resource ${name}`);
        return null;
      }
      this.dependOn(name, at);
      return 'string';
    }
    this.problem(at, `names no parameter, resource or pseudo parameter: ${name}${didYouMean(name, this.referenceableNames())}`);
    return null;
  }

  referenceableNames() {
    return Object.keys(this.parameters).concat(Object.keys(this.resources), Object.keys(PSEUDO_PARAMETERS));
  }

  // Fn::GetAtt [Resource, Attribute] or "Resource.Attribute".
  evaluateGetAtt(args, at) {
    let resource;
    let attribute;
    if (typeof args === 'string') {
      const dot = args.indexOf('.');
      if (dot <= 0) {
        this.problem(at, 'the string form is "Resource.Attribute"');
        return null;
      }
      resource = args.slice(0, dot);
      attribute = args.slice(dot + 1);
    } else if (Array.isArray(args) && args.length === 2 && typeof args[0] === 'string') {
      [resource, attribute] = args;
      if (typeof attribute !== 'string') {
        this.checkValue(attribute, STRING, at.concat(1)); // an attribute name from Ref
        if (this.resolveResource(resource, at)) return 'any';
        return null;
      }
    } else {
      this.problem(at, 'takes [resource, attribute] or "resource.attribute"');
      return null;
    }
    return this.attributeOf(resource, attribute, at);
  }

  resolveResource(resource, at) {
    if (this.inConditions) {
      this.problem(at, 'a condition can refer to parameters only');
      return false;
    }
    if (!this.has(this.resources, resource)) {
      const what = this.has(this.parameters, resource) ? `${resource} is a parameter, not a resource` : `names no resource: ${resource}`;
      this.problem(at, `${what}${this.has(this.parameters, resource) ? '' : didYouMean(resource, Object.keys(this.resources))}`);
      return false;
    }
    this.dependOn(resource, at);
    return true;
  }

  // The kind of value resource.attribute gives; reports a missing one.
  attributeOf(resource, attribute, at) {
    if (!this.resolveResource(resource, at)) return null;
    const type = this.resources[resource] && this.resources[resource].Type;
    if (typeof type !== 'string' || isCustomResource(type)) return 'any';
    if (type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) return 'string';
    if (!this.spec.resourceType(type)) return 'any'; // unknown type, reported with the resource
    const kind = this.spec.attributeKind(type, attribute);
    if (!kind) {
      const names = this.spec.attributeNames(type);
      this.problem(at, `${resource} (${type}) has no attribute ${attribute}`
        + (names.length ? `; it has ${names.join(', ')}` : '; it has none'));
      return null;
    }
    return kind;
  }

  // Fn::Sub "text" or ["text", {Var: value}]: every ${Name} must resolve.
  evaluateSub(args, at) {
    let text;
    let vars = {};
    let textAt = at;
    if (typeof args === 'string') text = args;
    else if (Array.isArray(args) && args.length === 2 && typeof args[0] === 'string' && isPlainObject(args[1])) {
      [text, vars] = args;
      textAt = at.concat(0);
      for (const [k, value] of Object.entries(vars)) this.checkValue(value, STRING, at.concat(1, k));
    } else {
      this.problem(at, 'takes a string or [string, {variable: value}]');
      return null;
    }
    const re = /\$\{([^}]*)\}/g;
    let m;
    while ((m = re.exec(text)) !== null) {
      const name = m[1];
      if (name.startsWith('!')) continue; // ${!Literal} stands for the text ${Literal}
      if (this.has(vars, name)) continue;
      this.checkSubName(name, textAt);
    }
    return 'string';
  }

  checkSubName(name, at) {
    const dot = name.indexOf('.');
    if (name === '') {
      this.problem(at, 'empty ${} in Fn::Sub');
    } else if (dot > 0) {
      if (this.attributeOf(name.slice(0, dot), name.slice(dot + 1), at) === 'list') {
        this.problem(at, `\${${name}} is a list; Fn::Sub substitutes strings only`);
      }
    } else if (this.has(PSEUDO_PARAMETERS, name) || this.has(this.parameters, name) || this.has(this.resources, name)) {
      if (this.evaluateRef(name, at) === 'list' || name === 'AWS::NoValue') {
        this.problem(at, `\${${name}} is not a string; Fn::Sub substitutes strings only`);
      }
    } else {
      this.problem(at, `\${${name}} in Fn::Sub names no parameter, resource, attribute or pseudo parameter`
        + didYouMean(name, this.referenceableNames()));
    }
  }

  // Fn::Join [delimiter, [values] or a list-valued call].
  evaluateJoin(args, at) {
    if (!Array.isArray(args) || args.length !== 2) {
      this.problem(at, 'takes [delimiter, list of values]');
      return null;
    }
    if (typeof args[0] !== 'string') this.problem(at.concat(0), 'the delimiter must be a string');
    this.checkValue(args[1], LIST_OF_STRING, at.concat(1));
    return 'string';
  }

  // Fn::Select [index, list].
  evaluateSelect(args, at) {
    if (!Array.isArray(args) || args.length !== 2) {
      this.problem(at, 'takes [index, list]');
      return null;
    }
    this.checkValue(args[0], INTEGER, at.concat(0));
    this.checkValue(args[1], LIST_OF_ANY, at.concat(1));
    if (Array.isArray(args[1]) && (typeof args[0] === 'number' || typeof args[0] === 'string')) {
      const i = Number(args[0]);
      if (Number.isInteger(i) && (i < 0 || i >= args[1].length)) this.problem(at.concat(0), `index ${i} is outside the list`);
    }
    return 'any';
  }

  // Fn::Split [delimiter, string].
  evaluateSplit(args, at) {
    if (!Array.isArray(args) || args.length !== 2) {
      this.problem(at, 'takes [delimiter, string]');
      return null;
    }
    if (typeof args[0] !== 'string') this.problem(at.concat(0), 'the delimiter must be a string');
    this.checkValue(args[1], STRING, at.concat(1));
    return 'list';
  }

  // Fn::FindInMap [map, top-level key, second-level key].
  evaluateFindInMap(args, at) {
    const max = this.transforms.includes(LANGUAGE_EXTENSIONS) ? 4 : 3;
    if (!Array.isArray(args) || args.length < 3 || args.length > max) {
      this.problem(at, 'takes [map name, top-level key, second-level key]');
      return null;
    }
    args.slice(0, 3).forEach((a, i) => this.checkValue(a, STRING, at.concat(i)));
    const [map, top, second] = args;
    if (typeof map !== 'string') return 'any';
    if (!this.has(this.mappings, map)) {
      this.problem(at.concat(0), `names no mapping: ${map}${didYouMean(map, Object.keys(this.mappings))}`);
      return null;
    }
    const m = this.mappings[map];
    if (typeof top === 'string' && isPlainObject(m) && !this.has(m, top) && args.length === 3) {
      this.problem(at.concat(1), `mapping ${map} has no key ${top}`);
    } else if (typeof top === 'string' && typeof second === 'string' && isPlainObject(m[top])
      && !this.has(m[top], second) && args.length === 3) {
      this.problem(at.concat(2), `mapping ${map}.${top} has no key ${second}`);
    }
    return 'any';
  }

  // Fn::ImportValue: an export name, which may not depend on resources.
  evaluateImportValue(args, at) {
    const before = this.inImportValue;
    this.inImportValue = true;
    this.checkValue(args, STRING, at);
    this.inImportValue = before;
    return 'string';
  }

  evaluateCidr(args, at) {
    if (!Array.isArray(args) || args.length !== 3) {
      this.problem(at, 'takes [ip block, count, cidr bits]');
      return null;
    }
    this.checkValue(args[0], STRING, at.concat(0));
    this.checkValue(args[1], INTEGER, at.concat(1));
    this.checkValue(args[2], INTEGER, at.concat(2));
    return 'list';
  }

  evaluateTransform(args, at) {
    if (!isPlainObject(args) || typeof args.Name !== 'string') {
      this.problem(at, 'takes {"Name": macro, "Parameters": {...}}');
      return null;
    }
    this.walk(args.Parameters || {}, at.concat('Parameters'));
    return 'any';
  }

  // Records that the resource being checked depends on another.
  dependOn(resource, at) {
    if (this.inImportValue) this.problem(at, `Fn::ImportValue cannot depend on resource ${resource}`);
    if (this.current !== null) this.edges.get(this.current).add(resource);
  }

  // -- outputs and dependencies -------------------------------------------

  checkOutputs() {
    const outputs = isPlainObject(this.t.Outputs) ? this.t.Outputs : {};
    const exports = new Map();
    for (const [name, o] of Object.entries(outputs)) {
      const at = ['Outputs', name];
      if (!isPlainObject(o)) {
        this.problem(at, 'an output is an object');
        continue;
      }
      for (const key of Object.keys(o)) {
        if (!OUTPUT_KEYS.has(key)) this.problem(at.concat(key), `unknown output attribute${didYouMean(key, OUTPUT_KEYS)}`);
      }
      if (!this.has(o, 'Value')) this.problem(at, 'missing Value');
      else this.checkValue(o.Value, STRING, at.concat('Value'));
      if (o.Description !== undefined && typeof o.Description !== 'string') this.problem(at.concat('Description'), 'must be a string');
      if (o.Condition !== undefined) this.checkConditionName(o.Condition, at.concat('Condition'));
      if (o.Export !== undefined) this.checkExport(o.Export, at.concat('Export'), exports);
    }
  }

  checkExport(e, at, exports) {
    if (!isPlainObject(e) || !this.has(e, 'Name') || Object.keys(e).length !== 1) {
      this.problem(at, 'takes {"Name": export name}');
      return;
    }
    this.checkValue(e.Name, STRING, at.concat('Name'));
    if (typeof e.Name === 'string') {
      if (exports.has(e.Name)) this.problem(at.concat('Name'), `export name ${e.Name} is also exported by ${exports.get(e.Name)}`);
      exports.set(e.Name, at[1]);
    }
  }

  // Reports each circular dependency between resources once.
  checkCycles() {
    const state = new Map(); // id -> 1 visiting, 2 done
    const stack = [];
    const visit = (id) => {
      state.set(id, 1);
      stack.push(id);
      for (const next of this.edges.get(id) || []) {
        if (!this.edges.has(next)) continue;
        if (state.get(next) === 1) {
          const cycle = stack.slice(stack.indexOf(next)).concat(next);
          this.problem(['Resources', next], `circular dependency: ${cycle.join(' -> ')}`);
        } else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(id, 2);
    };
    for (const id of this.edges.keys()) if (!state.has(id)) visit(id);
  }
}

const INTRINSICS = [
  'Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::Equals',
  'Fn::Not', 'Fn::And', 'Fn::Or', 'Fn::FindInMap', 'Fn::Base64', 'Fn::GetAZs', 'Fn::ImportValue',
  'Fn::Cidr', 'Fn::Transform', 'Fn::Length', 'Fn::ToJsonString',
];

function isCustomResource(type) {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

// Whether v is (or tries to be) a call of an intrinsic function.
function looksIntrinsic(v) {
  return isPlainObject(v) && Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::'));
}

function isNoValue(v) {
  return isPlainObject(v) && v.Ref === 'AWS::NoValue' && Object.keys(v).length === 1;
}

function describeKind(kind) {
  return { string: 'a string', list: 'a list', number: 'a number', any: 'a value' }[kind] || kind;
}

function describeValue(v) {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

// ---------------------------------------------------------------------------

function main() {
  const { files } = parseArgs(process.argv.slice(2), USAGE);
  const report = new Report();
  const spec = new SpecIndex(require('@aws-cdk/cfnspec').specification());
  let resources = 0;
  let templates = 0;
  for (const file of files) {
    const { value, size, error } = readJsonFile(file, report);
    if (error) continue;
    templates++;
    resources += new TemplateChecker(spec, file, value, report).run(size);
  }
  const specVersion = spec.raw.ResourceSpecificationVersion;
  process.stdout.write(`${path.basename(__filename)}: ${templates} template(s), ${resources} resource(s) checked `
    + `against CloudFormation resource specification ${specVersion}: ${report.count} problem(s)\n`);
  process.exitCode = report.count ? 1 : 0;
}

if (require.main === module) main();

module.exports = { SpecIndex, TemplateChecker, parameterTypeInfo };
