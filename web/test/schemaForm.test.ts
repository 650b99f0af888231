// Inspector forms come from the format's JSON Schema: types, units, choices, defaults and ranges.
import { describe, expect, it } from 'vitest';
import schema from '../../docs/schema/diagram-1.schema.json';
import { type JsonSchema, coerce, formFor, invalidReason, nodeKinds, unitOf } from '../src/model/schemaForm';

const s = schema as JsonSchema;
const field = (kind: string, key: string) => formFor(s, kind).find((f) => f.key === key)!;

describe('schema forms', () => {
  it('lists the node kinds in the model order', () => {
    expect(nodeKinds(s)).toEqual(['api', 'route', 'stage', 'integration', 'authorizer', 'usagePlan', 'apiKey', 'function',
      'vpcLink', 'loadBalancer', 'datastore', 'httpBackend', 'client']);
  });
  it('gives a function memory as an integer in MB with its range and default', () => {
    expect(field('function', 'memory')).toMatchObject({ type: 'integer', unit: 'MB', minimum: 128, maximum: 10240, default: 128 });
  });
  it('gives enums as choices with the default shown, durations as durations, references with their kind', () => {
    expect(field('function', 'architecture')).toMatchObject({ type: 'enum', choices: ['x86_64', 'arm64'], default: 'x86_64' });
    expect(field('function', 'timeout')).toMatchObject({ type: 'duration', default: '3s' });
    expect(field('route', 'integration')).toMatchObject({ type: 'ref', refKind: 'integration', required: true });
    expect(field('usagePlan', 'stages')).toMatchObject({ type: 'refs', refKind: 'stage' });
  });
  it('nests objects such as a stage throttle, with their own fields', () => {
    const t = field('stage', 'throttle');
    expect(t.type).toBe('object');
    expect(t.children!.map((c) => c.key)).toEqual(['rate', 'burst']);
  });
  it('hides what the canvas edits by other means', () => {
    expect(formFor(s, 'route').map((f) => f.key)).not.toContain('position');
    expect(formFor(s, 'diagram').map((f) => f.key)).toEqual(expect.arrayContaining(['name', 'regions', 'accountThrottle']));
  });
  it('turns typed text into the diagram value and judges it', () => {
    const mem = field('function', 'memory');
    expect(coerce(mem, '512')).toBe(512);
    expect(coerce(mem, '')).toBeUndefined();
    expect(invalidReason(mem, 64)).toBe('at least 128');
    expect(invalidReason(mem, 'lots')).toBe('a number');
    expect(invalidReason(field('function', 'timeout'), '3 seconds')).toMatch(/duration/);
    expect(invalidReason(field('route', 'integration'), undefined)).toBe('required');
  });
  it('takes a Number parameter where a numeric field allows one, and keeps its number form', () => {
    const mem = field('function', 'memory');
    expect(mem).toMatchObject({ type: 'integer', takesParameter: true });
    expect(coerce(mem, '${param:FunctionMemory}')).toBe('${param:FunctionMemory}');
    expect(invalidReason(mem, '${param:FunctionMemory}')).toBeNull();
    expect(invalidReason(mem, '${param:}')).toBe('a number');
    expect(invalidReason(field('function', 'timeout'), '${param:Seconds}')).toBeNull();
    expect(field('function', 'errorRate').takesParameter).toBeUndefined();
    expect(invalidReason(field('function', 'errorRate'), '${param:Rate}')).toBe('a number');
  });
  it('reads units from descriptions', () => {
    expect(unitOf('memory, MB')).toBe('MB');
    expect(unitOf('steady-state rate, requests per second (token refill rate)')).toBe('req/s');
    expect(unitOf('free text')).toBeUndefined();
    expect(unitOf('the engine: dynamodb, rds, sns, eventbridge, stepfunctions')).toBeUndefined();
    expect(field('datastore', 'engine').unit).toBeUndefined();
  });
});
