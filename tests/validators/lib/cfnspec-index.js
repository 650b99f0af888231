'use strict';
// The CloudFormation resource specification of @aws-cdk/cfnspec, indexed for
// check-cloudformation.js: resource types, and the "shape" each property
// asks for (a primitive, a list, a map, a property type's object, Json, or
// one of several), built lazily and cached since property types may be
// recursive.
//
// Quirks of the specification handled here:
//   - an ItemType or Type names a property type as "<ResourceType>.<Name>"
//     or, failing that, a top-level one such as "Tag";
//   - some property types have no Properties but are themselves a primitive
//     or a list (AWS::Transfer::Server.Protocol is a String): they stand for
//     that type;
//   - AWS::Serverless::* properties may have several types (PrimitiveTypes,
//     Types, ItemTypes, PrimitiveItemTypes, Inclusive...): a "union";
//   - Json properties whose content the CloudFormation documentation
//     describes (Tags of AWS::ApiGatewayV2::*, a V2 Stage's RouteSettings
//     and StageVariables) are checked more closely (JSON_REFINEMENTS).

// Shapes of values: what a property (or an argument) expects.
const ANY = { kind: 'any' };
const STRING = { kind: 'prim', prim: 'String' };
const INTEGER = { kind: 'prim', prim: 'Integer' };
const LIST_OF_STRING = { kind: 'list', item: STRING };
const LIST_OF_ANY = { kind: 'list', item: ANY };
const MAP_OF_STRING = { kind: 'map', item: STRING };

// Json properties whose documented content we check more closely than "any
// object" ('*' matches every resource type).
const JSON_REFINEMENTS = {
  '*.Tags': () => MAP_OF_STRING,
  'AWS::ApiGatewayV2::Stage.StageVariables': () => MAP_OF_STRING,
  'AWS::ApiGatewayV2::Stage.RouteSettings': (spec) => ({
    kind: 'map', item: spec.namedShape('RouteSettings', 'AWS::ApiGatewayV2::Stage'),
  }),
  'AWS::ApiGatewayV2::Integration.RequestTemplates': () => MAP_OF_STRING,
};

class SpecIndex {
  constructor(raw) {
    this.raw = raw;
    this.named = new Map();
    this.resourceShapes = new Map();
  }

  resourceType(type) {
    return Object.prototype.hasOwnProperty.call(this.raw.ResourceTypes, type)
      ? this.raw.ResourceTypes[type] : undefined;
  }

  resourceTypeNames() {
    return Object.keys(this.raw.ResourceTypes);
  }

  // The object shape of a resource type's Properties.
  resourceShape(type) {
    let shape = this.resourceShapes.get(type);
    if (!shape) {
      const def = this.resourceType(type);
      shape = { kind: 'object', name: type, def, owner: type, propShapes: new Map() };
      this.resourceShapes.set(type, shape);
    }
    return shape;
  }

  // A property type by the name a property gives it, in the scope of owner.
  namedShape(name, owner) {
    const types = this.raw.PropertyTypes;
    let key = `${owner}.${name}`;
    if (!Object.prototype.hasOwnProperty.call(types, key)) key = name;
    if (!Object.prototype.hasOwnProperty.call(types, key)) {
      return { kind: 'any', unknownType: name };
    }
    let shape = this.named.get(key);
    if (shape) return shape;
    const def = types[key];
    const dot = key.indexOf('.');
    const scope = dot >= 0 ? key.slice(0, dot) : owner;
    if (def.Properties) {
      shape = { kind: 'object', name: key, def, owner: scope, propShapes: new Map() };
      this.named.set(key, shape);
    } else {
      // Quirk: a property type that is itself a primitive or a list.
      this.named.set(key, ANY); // placeholder while resolving
      shape = this.shapeOf(def, scope);
      this.named.set(key, shape);
    }
    return shape;
  }

  // The shape a property definition (of a resource or property type) asks for.
  shapeOf(p, owner) {
    const unique = p.DuplicatesAllowed === false;
    if (p.Type === 'List' || p.Type === 'Map') {
      const item = this.itemShape(p, owner);
      return p.Type === 'List' ? { kind: 'list', item, unique } : { kind: 'map', item };
    }
    if (p.PrimitiveType) return p.PrimitiveType === 'Json' ? { kind: 'json' } : { kind: 'prim', prim: p.PrimitiveType };
    if (p.Type) return this.namedShape(p.Type, owner);
    const options = [];
    for (const prim of p.PrimitiveTypes || []) options.push(prim === 'Json' ? { kind: 'json' } : { kind: 'prim', prim });
    for (const t of p.Types || []) options.push(this.namedShape(t, owner));
    if (p.PrimitiveItemTypes || p.ItemTypes || p.InclusivePrimitiveItemTypes || p.InclusiveItemTypes) {
      options.push(LIST_OF_ANY);
    }
    return options.length ? { kind: 'union', options } : ANY;
  }

  itemShape(p, owner) {
    if (p.PrimitiveItemType) {
      return p.PrimitiveItemType === 'Json' ? { kind: 'json' } : { kind: 'prim', prim: p.PrimitiveItemType };
    }
    if (p.ItemType) return this.namedShape(p.ItemType, owner);
    const options = [];
    for (const prim of p.PrimitiveItemTypes || p.InclusivePrimitiveItemTypes || []) options.push({ kind: 'prim', prim });
    for (const t of p.ItemTypes || p.InclusiveItemTypes || []) options.push(this.namedShape(t, owner));
    return options.length ? { kind: 'union', options } : ANY;
  }

  // The shape of property name of an object shape (or undefined if unknown).
  propertyShape(objectShape, name) {
    const props = objectShape.def.Properties || {};
    if (!Object.prototype.hasOwnProperty.call(props, name)) return undefined;
    let shape = objectShape.propShapes.get(name);
    if (!shape) {
      shape = this.shapeOf(props[name], objectShape.owner);
      if (shape.kind === 'json') {
        const refine = JSON_REFINEMENTS[`${objectShape.name}.${name}`] || JSON_REFINEMENTS[`*.${name}`];
        if (refine) shape = { kind: 'json', refined: refine(this) };
      }
      objectShape.propShapes.set(name, shape);
    }
    return shape;
  }

  // The kind of value Fn::GetAtt gives for an attribute, or undefined if the type lacks it.
  attributeKind(type, attribute) {
    const def = this.resourceType(type);
    const attrs = (def && def.Attributes) || {};
    if (!Object.prototype.hasOwnProperty.call(attrs, attribute)) return undefined;
    return attrs[attribute].Type === 'List' ? 'list' : 'string';
  }

  attributeNames(type) {
    const def = this.resourceType(type);
    return Object.keys((def && def.Attributes) || {});
  }
}

// Whether a call giving a value of kind can stand where shape is expected.
function fits(kind, shape) {
  switch (shape.kind) {
    case 'any':
    case 'json': return true;
    case 'prim': return kind !== 'list';
    case 'list': return kind === 'list' || kind === 'any';
    case 'map':
    case 'object': return kind === 'any';
    case 'union': return shape.options.some((o) => fits(kind, o));
    default: return true;
  }
}

function describePrimitive(prim) {
  switch (prim) {
    case 'String': return 'a String';
    case 'Integer':
    case 'Long': return `an ${prim} (a whole number or a string of digits)`;
    case 'Double': return 'a Double (a number or a numeric string)';
    case 'Boolean': return 'a Boolean (true, false, "true" or "false")';
    case 'Timestamp': return 'a Timestamp (an ISO 8601 string)';
    default: return prim;
  }
}

function describeShape(shape) {
  switch (shape.kind) {
    case 'prim': return describePrimitive(shape.prim);
    case 'json': return 'a JSON object';
    case 'list': return 'a list';
    case 'map': return 'a map';
    case 'object': return `an object (${shape.name})`;
    case 'union': return shape.options.map(describeShape).join(' or ');
    default: return 'a value';
  }
}

module.exports = {
  SpecIndex, fits, describePrimitive, describeShape, ANY, STRING, INTEGER, LIST_OF_STRING, LIST_OF_ANY,
};
