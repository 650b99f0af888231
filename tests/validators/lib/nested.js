'use strict';
// Nested stacks for the deploy-semantics checker: follows the local
// TemplateURL of every AWS::CloudFormation::Stack of a root template, checks
// each child against CloudFormation's limits of one stack and the values the
// root passes it, and returns one template that stands for the whole
// deployment, so that every other check sees across the stacks:
//   nested  every child is a local file within 500 resources, 200
//           parameters, 200 outputs and 1 MiB; the root gives every
//           parameter a child declares and none it does not; each value
//           given is a root parameter, a pseudo parameter or an output that
//           another child has; every parameter of a child is used; no
//           logical id is in two children

const path = require('path');
const { isPlainObject, readJsonFile } = require('./common');

const NESTED = 'AWS::CloudFormation::Stack';
const LIMITS = { resources: 500, parameters: 200, outputs: 200, bytes: 1024 * 1024 };

function keysOf(v) {
  return isPlainObject(v) ? Object.keys(v) : [];
}

// A deep copy of value with every reference to a parameter that subst
// knows replaced: {Ref: P} by subst(P) (a Ref, a GetAtt, or the Fn::Join of
// a bundle, from which Fn::Select then picks), and ${P} in Fn::Sub by ${X}
// or ${X.A}.
function substitute(value, subst) {
  if (Array.isArray(value)) return value.map((v) => substitute(v, subst));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref' && typeof value.Ref === 'string') {
    const to = subst(value.Ref);
    return to ? JSON.parse(JSON.stringify(to)) : value;
  }
  if (keys.length === 1 && keys[0] === 'Fn::Sub' && typeof value['Fn::Sub'] === 'string') {
    return {
      'Fn::Sub': value['Fn::Sub'].replace(/\$\{([^!}][^}]*)\}/g, (whole, name) => {
        const to = subst(name);
        if (!to) return whole;
        if (to.Ref) return `\${${to.Ref}}`;
        return `\${${to['Fn::GetAtt'].join('.')}}`;
      }),
    };
  }
  if (keys.length === 1 && keys[0] === 'Fn::Sub' && Array.isArray(value['Fn::Sub'])) {
    return inlineSubVariables(value['Fn::Sub'][0], substitute(value['Fn::Sub'][1], subst));
  }
  const out = {};
  for (const k of keys) out[k] = substitute(value[k], subst);
  if (keys.length === 1 && keys[0] === 'Fn::Select') return pickFromJoin(out);
  return out;
}

// A value picked from a list a child gives whole (a bundle of ARNs):
// {Fn::Select: [i, {Fn::Join: [",", items]}]} is items[i], as long as no
// item is text holding a comma; any other Fn::Select as it is. The item of
// a resource under a condition, {Fn::If: [C, value, "-"]}, is its value:
// what picks it exists under C too, which the conditions check sees.
function pickFromJoin(select) {
  const [index, list] = Array.isArray(select['Fn::Select']) ? select['Fn::Select'] : [];
  const join = isPlainObject(list) ? list['Fn::Join'] : null;
  if (!Array.isArray(join) || join[0] !== ',' || !Array.isArray(join[1])) return select;
  const items = join[1];
  const i = Number(index);
  if (!Number.isInteger(i) || i < 0 || i >= items.length) return select;
  if (items.some((item) => typeof item === 'string' && item.includes(','))) return select;
  const held = isPlainObject(items[i]) ? items[i]['Fn::If'] : null;
  return Array.isArray(held) && held.length === 3 && held[2] === '-' ? held[1] : items[i];
}

// {Fn::Sub: [text, variables]} with each variable that is a Ref or a
// GetAtt written into the text as ${X} or ${X.A}; the plain form when none
// is left.
function inlineSubVariables(text, vars) {
  if (typeof text !== 'string' || !isPlainObject(vars)) return { 'Fn::Sub': [text, vars] };
  const left = {};
  let out = text;
  for (const [name, v] of Object.entries(vars)) {
    let spelt = null;
    if (isPlainObject(v) && typeof v.Ref === 'string') spelt = `\${${v.Ref}}`;
    else if (isPlainObject(v) && Array.isArray(v['Fn::GetAtt'])) spelt = `\${${v['Fn::GetAtt'].join('.')}}`;
    if (spelt === null) left[name] = v;
    else out = out.split(`\${${name}}`).join(spelt);
  }
  return Object.keys(left).length ? { 'Fn::Sub': [out, left] } : { 'Fn::Sub': out };
}

// The value a stack's output gives, as the child spells it; null if none.
function outputValue(children, stack, output) {
  const child = children.get(stack);
  const outputs = child && isPlainObject(child.t.Outputs) ? child.t.Outputs : {};
  return isPlainObject(outputs[output]) ? outputs[output].Value : null;
}

// {Fn::GetAtt: [Stack, "Outputs.O"]} (or ${Stack.Outputs.O}) as [Stack, O].
// A value passed only under a condition, {"Fn::If": [C, output, ""]}, is
// read as it is when passed: whoever uses it must share the condition,
// which the conditions check sees.
function stackOutput(v) {
  const given = isPlainObject(v) && Array.isArray(v['Fn::If']) ? v['Fn::If'][1] : v;
  const a = isPlainObject(given) ? given['Fn::GetAtt'] : null;
  if (!Array.isArray(a) || typeof a[1] !== 'string' || !a[1].startsWith('Outputs.')) return null;
  return [a[0], a[1].slice('Outputs.'.length)];
}

class NestedStacks {
  constructor(file, template, report) {
    this.file = file;
    this.t = template;
    this.report = report;
    this.children = new Map(); // stack id -> {file, t}
  }

  problem(segments, message) {
    this.report.add(this.file, segments, `[nested] ${message}`);
  }

  stacks() {
    const resources = isPlainObject(this.t.Resources) ? this.t.Resources : {};
    return Object.keys(resources).filter((id) => resources[id].Type === NESTED);
  }

  readChildren() {
    for (const id of this.stacks()) {
      const props = this.t.Resources[id].Properties || {};
      const url = props.TemplateURL;
      const where = ['Resources', id, 'Properties', 'TemplateURL'];
      if (typeof url !== 'string' || /^[a-z]+:/i.test(url) || path.isAbsolute(url)) {
        this.problem(where, 'TemplateURL is not a file beside the root template');
        continue;
      }
      const file = path.join(path.dirname(this.file), url);
      const { value, size, error } = readJsonFile(file, this.report);
      if (error) continue;
      this.children.set(id, { file, t: value });
      const counts = {
        resources: keysOf(value.Resources).length,
        parameters: keysOf(value.Parameters).length,
        outputs: keysOf(value.Outputs).length,
        bytes: size,
      };
      for (const [what, limit] of Object.entries(LIMITS)) {
        if (counts[what] > limit) this.problem(where, `${url} has ${counts[what]} ${what}; one stack allows ${limit}`);
      }
    }
  }

  // What each parameter of child `id` stands for in the flat template.
  bindings(id) {
    const child = this.children.get(id).t;
    const given = isPlainObject(this.t.Resources[id].Properties.Parameters)
      ? this.t.Resources[id].Properties.Parameters : {};
    const declared = isPlainObject(child.Parameters) ? child.Parameters : {};
    const rootParams = isPlainObject(this.t.Parameters) ? this.t.Parameters : {};
    const where = ['Resources', id, 'Properties', 'Parameters'];
    const bound = new Map();
    for (const name of Object.keys(declared)) {
      if (!(name in given) && declared[name].Default === undefined) {
        this.problem(where, `parameter ${name} of the child is not given`);
      }
    }
    for (const [name, value] of Object.entries(given)) {
      if (!(name in declared)) {
        this.problem(where.concat([name]), 'the child declares no such parameter');
        continue;
      }
      const from = stackOutput(value);
      if (from) {
        const out = outputValue(this.children, from[0], from[1]);
        if (out === null) this.problem(where.concat([name]), `stack ${from[0]} has no output ${from[1]}`);
        bound.set(name, out === null ? { Ref: 'AWS::NoValue' } : out); // reported once, here
      } else if (isPlainObject(value) && typeof value.Ref === 'string') {
        if (!(value.Ref in rootParams) && !value.Ref.startsWith('AWS::')) {
          this.problem(where.concat([name]), `Ref names no parameter of the root: ${value.Ref}`);
        }
        if (value.Ref !== name) bound.set(name, value);
      }
    }
    return bound;
  }

  // The children child `id` waits for: by DependsOn and by the outputs it takes.
  waitsFor(id) {
    const res = this.t.Resources[id];
    const after = new Set([].concat(res.DependsOn || []));
    const given = isPlainObject(res.Properties.Parameters) ? res.Properties.Parameters : {};
    for (const value of Object.values(given)) {
      const from = stackOutput(value);
      if (from) after.add(from[0]);
    }
    return [...after].filter((s) => this.children.has(s));
  }

  // Every parameter a child declares is used by its resources or outputs.
  checkChildParameters(id) {
    const child = this.children.get(id).t;
    const used = JSON.stringify([child.Resources, child.Outputs, child.Conditions]);
    for (const name of keysOf(child.Parameters)) {
      if (!used.includes(`"Ref":"${name}"`) && !used.includes(`\${${name}}`)) {
        this.problem(['Resources', id, 'Properties', 'Parameters', name], 'the child never uses this parameter');
      }
    }
  }

  // One template for the whole deployment: the children's resources with
  // their parameters resolved, each waiting for the children its stack
  // waits for (a stand-in resource per child depends on all of it), and the
  // root's outputs read from the children's.
  flatten() {
    const flat = { ...this.t, Resources: {} };
    const rootResources = this.t.Resources || {};
    for (const [id, res] of Object.entries(rootResources)) {
      if (res.Type !== NESTED) flat.Resources[id] = res;
    }
    for (const [id, child] of this.children) {
      this.checkChildParameters(id);
      const bound = this.bindings(id);
      const after = this.waitsFor(id);
      const own = [];
      for (const [rid, res] of Object.entries(child.t.Resources || {})) {
        if (rid in flat.Resources) this.problem(['Resources', id], `logical id ${rid} is in two stacks`);
        const copy = substitute(res, (name) => bound.get(name));
        const depends = [].concat(copy.DependsOn || []).concat(after);
        if (depends.length) copy.DependsOn = depends;
        flat.Resources[rid] = copy;
        own.push(rid);
      }
      flat.Resources[id] = { Type: 'Archway::Checker::NestedStack', DependsOn: own };
      // The diagram's conditions, written alike in every template that uses them.
      if (isPlainObject(child.t.Conditions)) {
        flat.Conditions = { ...substitute(child.t.Conditions, (name) => bound.get(name)), ...flat.Conditions };
      }
    }
    if (isPlainObject(this.t.Outputs)) flat.Outputs = this.readOutputs(this.t.Outputs);
    return flat;
  }

  // The root's outputs with each child output replaced by its value.
  readOutputs(value) {
    if (Array.isArray(value)) return value.map((v) => this.readOutputs(v));
    if (!isPlainObject(value)) return value;
    const from = stackOutput(value);
    if (from) return outputValue(this.children, from[0], from[1]) || value;
    if (typeof value['Fn::Sub'] === 'string') {
      return {
        'Fn::Sub': value['Fn::Sub'].replace(/\$\{([A-Za-z0-9]+)\.Outputs\.([A-Za-z0-9]+)\}/g, (whole, s, o) => {
          const to = outputValue(this.children, s, o);
          if (!to) return whole;
          return to.Ref ? `\${${to.Ref}}` : `\${${to['Fn::GetAtt'].join('.')}}`;
        }),
      };
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.readOutputs(v);
    return out;
  }

  // The template the other checks run on: itself when it nests nothing.
  run() {
    if (!this.stacks().length) return this.t;
    this.readChildren();
    return this.flatten();
  }
}

module.exports = { NestedStacks };
