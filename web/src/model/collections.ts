// Pure edits of the lists and maps the inspector's structured editors change: add, remove and
// reorder items, rename keys in place, and what a key or item is refused for. An empty list or map
// becomes undefined, so that the field leaves the document rather than staying as [] or {}.

import type { Field } from './schemaForm';

export type StringMap = Record<string, string>;

const orUndefined = <T>(list: T[]): T[] | undefined => (list.length ? list : undefined);

export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The item at i moved by delta places (-1 up, +1 down); unchanged at the ends. */
export function moveItem<T>(list: readonly T[], i: number, delta: number): T[] {
  const j = i + delta;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return [...list];
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

export function removeItem<T>(list: readonly T[], i: number): T[] | undefined {
  return orUndefined(list.filter((_, k) => k !== i));
}

export function setItem<T>(list: readonly T[], i: number, value: T | undefined): T[] | undefined {
  return value === undefined ? removeItem(list, i) : list.map((x, k) => (k === i ? value : x));
}

export function mapOf(value: unknown): StringMap {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as StringMap) : {};
}

/** Renames a key where it stands, so the rows keep their order on screen and in the file. */
export function renameKey(map: StringMap, from: string, to: string): StringMap {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k === from ? to : k, v]));
}

export function setEntry(map: StringMap, key: string, value: string): StringMap {
  return { ...map, [key]: value };
}

export function removeEntry(map: StringMap, key: string): StringMap | undefined {
  const { [key]: _gone, ...rest } = map;
  return Object.keys(rest).length ? rest : undefined;
}

/** Why a key cannot be used in the map (other keys: those it would sit beside), or null. */
export function keyProblem(field: Field, key: string, others: readonly string[]): string | null {
  if (!key) return 'a key cannot be empty';
  if (others.includes(key)) return `'${key}' is there already`;
  if (field.keyPattern && !new RegExp(field.keyPattern, 'u').test(key)) return `a key must match ${field.keyPattern}`;
  return null;
}

/** Why a text cannot be an item of the list, or null. */
export function itemProblem(field: Field, item: string): string | null {
  if (!item) return 'an item cannot be empty';
  if (field.itemPattern && !new RegExp(field.itemPattern, 'u').test(item)) return `an item must match ${field.itemPattern}`;
  return null;
}

/** A line that tells one object of a list from the others: its id, name, or first text field. */
export function itemSummary(field: Field, item: unknown, index: number): string {
  const obj = mapOf(item) as Record<string, unknown>;
  const keys = ['id', 'name', 'route', 'statusCode', 'status', 'issuer', 'port', ...(field.children ?? []).map((c) => c.key)];
  const key = keys.find((k) => typeof obj[k] === 'string' || typeof obj[k] === 'number');
  return key ? `${index + 1}. ${key} ${String(obj[key])}` : `${index + 1}. (new)`;
}
