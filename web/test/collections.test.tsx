// The inspector's structured editors of lists and maps: the pure edits behind them, and the
// editors themselves driven as a user would (add, edit, move, remove, keys checked, JSON toggle).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import schema from '../../docs/schema/diagram-1.schema.json';
import { type Field, type JsonSchema, fieldOf, formFor } from '../src/model/schemaForm';
import { itemSummary, keyProblem, moveItem, removeEntry, removeItem, renameKey, setItem } from '../src/model/collections';
import { FieldRow } from '../src/components/FieldInput';

afterEach(cleanup);
const s = schema as JsonSchema;
const field = (kind: string, key: string) => formFor(s, kind).find((f) => f.key === key)!;

describe('list and map edits', () => {
  it('moves, sets and removes items; an emptied list leaves the document', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(setItem(['a', 'b'], 1, 'x')).toEqual(['a', 'x']);
    expect(setItem(['a', 'b'], 0, undefined)).toEqual(['b']);
    expect(removeItem(['a'], 0)).toBeUndefined();
  });

  it('renames a key where it stands and drops an emptied map', () => {
    expect(Object.keys(renameKey({ a: '1', b: '2', c: '3' }, 'b', 'z'))).toEqual(['a', 'z', 'c']);
    expect(removeEntry({ a: '1' }, 'a')).toBeUndefined();
    expect(removeEntry({ a: '1', b: '2' }, 'a')).toEqual({ b: '2' });
  });

  it('checks keys against the schema\'s propertyNames pattern and each other', () => {
    const env = fieldOf({}, 'environment', { type: 'object', additionalProperties: { type: 'string' },
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]+$' } }, false);
    expect(env).toMatchObject({ type: 'map', keyPattern: '^[A-Za-z][A-Za-z0-9_]+$' });
    expect(keyProblem(env, 'TABLE_NAME', ['STAGE'])).toBeNull();
    expect(keyProblem(env, '1TABLE', [])).toMatch(/must match/);
    expect(keyProblem(env, 'STAGE', ['STAGE'])).toBe("'STAGE' is there already");
    expect(keyProblem(env, '', [])).toMatch(/empty/);
    expect(keyProblem(field('api', 'tags'), 'any key at all', [])).toBeNull();
    // The format's own schema carries AWS's rules for variable names.
    expect(field('function', 'environment').keyPattern).toBe('^[A-Za-z][A-Za-z0-9_]+$');
    expect(field('stage', 'variables').keyPattern).toBe('^[A-Za-z0-9_]+$');
    expect(keyProblem(field('stage', 'variables'), 'backend-host', [])).toMatch(/must match/);
  });

  it('names an object of a list by what tells it apart', () => {
    const f = field('stage', 'routeThrottles');
    expect(itemSummary(f, { route: 'get-pets', rate: 5 }, 0)).toBe('1. route get-pets');
    expect(itemSummary(f, {}, 2)).toBe('3. (new)');
  });
});

function renderField(f: Field, value: unknown, ids: Record<string, string[]> = {}) {
  const onChange = vi.fn();
  const view = render(<FieldRow field={f} value={value} path={`f-${f.key}`} idsOfKind={(k) => ids[k] ?? []} onChange={onChange} />);
  return { onChange, view };
}

describe('structured editors', () => {
  it('edits a list of strings as rows: add, edit, move, remove', () => {
    const regions = formFor(s, 'diagram').find((f) => f.key === 'regions')!;
    const { onChange } = renderField(regions, ['eu-west-1', 'us-east-1']);
    const group = screen.getByRole('group', { name: 'Regions' });
    fireEvent.change(within(group).getByLabelText('Add to Regions'), { target: { value: 'ap-south-1' } });
    fireEvent.click(within(group).getByRole('button', { name: 'Add' }));
    expect(onChange).toHaveBeenLastCalledWith(['eu-west-1', 'us-east-1', 'ap-south-1']);
    fireEvent.click(screen.getByRole('button', { name: 'Move us-east-1 up' }));
    expect(onChange).toHaveBeenLastCalledWith(['us-east-1', 'eu-west-1']);
    expect((screen.getByRole('button', { name: 'Move eu-west-1 up' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Remove eu-west-1' }));
    expect(onChange).toHaveBeenLastCalledWith(['us-east-1']);
    const first = screen.getByLabelText('Regions 1');
    fireEvent.change(first, { target: { value: 'eu-central-1' } });
    fireEvent.blur(first);
    expect(onChange).toHaveBeenLastCalledWith(['eu-central-1', 'us-east-1']);
    // A duplicate is refused with the reason, and nothing changes.
    onChange.mockClear();
    fireEvent.change(within(group).getByLabelText('Add to Regions'), { target: { value: 'us-east-1' } });
    fireEvent.click(within(group).getByRole('button', { name: 'Add' }));
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe("'us-east-1' is there already");
  });

  it('offers the ids of the right kind for a list of references', () => {
    const { onChange } = renderField(field('usagePlan', 'stages'), ['prod'], { stage: ['prod', 'beta'] });
    const add = screen.getByLabelText('Add to Stages') as HTMLSelectElement;
    expect([...add.options].map((o) => o.value)).toEqual(['', 'beta']);
    fireEvent.change(add, { target: { value: 'beta' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(onChange).toHaveBeenLastCalledWith(['prod', 'beta']);
  });

  it('edits a map as key/value rows, refusing a key the pattern or the others forbid', () => {
    const env = field('function', 'environment');
    const { onChange } = renderField(env, { TABLE: 'orders', STAGE: 'prod' });
    fireEvent.change(screen.getByLabelText('New Environment key'), { target: { value: '9LIVES' } });
    expect(screen.getByRole('alert').textContent).toMatch(/must match/);
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('New Environment key'), { target: { value: 'LOG_LEVEL' } });
    fireEvent.change(screen.getByLabelText('New Environment value'), { target: { value: 'debug' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(onChange).toHaveBeenLastCalledWith({ TABLE: 'orders', STAGE: 'prod', LOG_LEVEL: 'debug' });
    // Renaming a key onto another is refused; a fitting name is renamed in place.
    const key = screen.getByLabelText('Environment key 1');
    fireEvent.change(key, { target: { value: 'STAGE' } });
    fireEvent.blur(key);
    expect(onChange).toHaveBeenCalledTimes(1);
    fireEvent.change(key, { target: { value: 'TABLE_NAME' } });
    fireEvent.blur(key);
    expect(Object.keys(onChange.mock.lastCall![0])).toEqual(['TABLE_NAME', 'STAGE']);
    const value = screen.getByLabelText('Value of STAGE');
    fireEvent.change(value, { target: { value: 'beta' } });
    fireEvent.keyDown(value, { key: 'Enter' });
    expect(onChange).toHaveBeenLastCalledWith({ TABLE: 'orders', STAGE: 'beta' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove TABLE' }));
    expect(onChange).toHaveBeenLastCalledWith({ STAGE: 'prod' });
  });

  it('edits a list of objects as sub-forms with the item schema\'s fields', () => {
    const { onChange, view } = renderField(field('stage', 'routeThrottles'), [{ route: 'get-pets', rate: 5, burst: 10 }], { route: ['get-pets', 'put-pet'] });
    expect(screen.getByText('1. route get-pets')).toBeTruthy();
    const rate = screen.getByLabelText(/^Rate/) as HTMLInputElement;
    expect(rate.value).toBe('5');
    fireEvent.change(rate, { target: { value: '50' } });
    fireEvent.blur(rate);
    expect(onChange).toHaveBeenLastCalledWith([{ route: 'get-pets', rate: 50, burst: 10 }]);
    fireEvent.click(screen.getByRole('button', { name: 'Add to Route Throttles' }));
    expect(onChange).toHaveBeenLastCalledWith([{ route: 'get-pets', rate: 5, burst: 10 }, {}]);
    view.rerender(<FieldRow field={field('stage', 'routeThrottles')} value={[{ route: 'get-pets' }, {}]} path="f-routeThrottles"
      idsOfKind={() => []} onChange={onChange} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove item 2. (new)' }));
    expect(onChange).toHaveBeenLastCalledWith([{ route: 'get-pets' }]);
  });

  it('keeps the JSON text a toggle away', () => {
    const { onChange } = renderField(field('api', 'tags'), { team: 'pets' });
    const toggle = screen.getByRole('button', { name: 'Edit as JSON' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    const text = screen.getByLabelText('Tags as JSON') as HTMLTextAreaElement;
    expect(JSON.parse(text.value)).toEqual({ team: 'pets' });
    fireEvent.change(text, { target: { value: '{"team": "pets", "cost-centre": "42"}' } });
    fireEvent.blur(text);
    expect(onChange).toHaveBeenLastCalledWith({ team: 'pets', 'cost-centre': '42' });
  });
});
