// The canvas server's HTTP API (docs/server-api.md) as typed calls. Every error answer is an
// RFC 9457 problem document, thrown as ApiError with its status and detail.

import { apiFetch } from './auth';

export interface DiagramSummary {
  id: number; name: string; revision: number; created: string; updated: string; errors: number; warnings: number;
}

export interface Finding {
  severity: 'error' | 'warning' | 'note';
  code: string;
  message: string;
  location?: { file?: string; line?: number; column?: number; path?: string };
  element?: string;
  related?: { message: string };
}

export interface Findings { diagnostics: Finding[]; errors: number; warnings: number; suppressed?: number; truncated?: boolean }

export interface Revision { diagram: number; revision: number; name: string; format: string; created: string; errors: number; warnings: number; note?: string }

export interface Rule { id: string; category: string; severity: string; title: string; docs?: string; explanation?: string }

export interface Artifact { kind: string; name: string; bytes: number }

export interface DiffResult {
  diagram: number; from: number; to: number; fields: string[];
  added: { kind: string; id: string }[]; removed: { kind: string; id: string }[];
  changed: { kind: string; id: string; fields: string[] }[];
}

export interface Loaded { text: string; etag: string; format: 'json' | 'xml' }

export class ApiError extends Error {
  constructor(public status: number, public title: string, public detail: string, public body?: unknown) {
    super(detail || title || `HTTP ${status}`);
  }
}

async function fail(res: Response): Promise<never> {
  let body: Record<string, unknown> = {};
  try { body = await res.json(); } catch { /* not a problem document */ }
  throw new ApiError(res.status, String(body.title ?? res.statusText), String(body.detail ?? ''), body);
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) return fail(res);
  return res.json() as Promise<T>;
}

const typeOf = (text: string) => (text.trimStart().startsWith('<') ? 'application/xml' : 'application/json');
const base = (id: number) => `/api/diagrams/${id}`;

export const api = {
  list: async () => (await json<{ diagrams: DiagramSummary[] }>(await apiFetch('/api/diagrams'))).diagrams,

  async create(text: string): Promise<{ diagram: DiagramSummary; etag: string }> {
    const res = await apiFetch('/api/diagrams', { method: 'POST', headers: { 'Content-Type': typeOf(text) }, body: text });
    const body = await json<{ diagram: DiagramSummary }>(res);
    return { diagram: body.diagram, etag: res.headers.get('ETag') ?? '' };
  },

  async load(id: number): Promise<Loaded> {
    const res = await apiFetch(base(id));
    if (!res.ok) return fail(res);
    const text = await res.text();
    return { text, etag: res.headers.get('ETag') ?? '', format: typeOf(text) === 'application/xml' ? 'xml' : 'json' };
  },

  /** Saves a new revision over the one named by etag; a 412 means someone saved meanwhile. */
  async save(id: number, text: string, etag: string): Promise<{ diagram: DiagramSummary; findings: Findings; etag: string }> {
    const res = await apiFetch(base(id), { method: 'PUT', headers: { 'Content-Type': typeOf(text), 'If-Match': etag }, body: text });
    const body = await json<{ diagram: DiagramSummary; findings: Findings }>(res);
    return { ...body, etag: res.headers.get('ETag') ?? `"d${id}-r${body.diagram.revision}"` };
  },

  async remove(id: number, etag: string): Promise<void> {
    const res = await apiFetch(base(id), { method: 'DELETE', headers: { 'If-Match': etag } });
    if (!res.ok) await fail(res);
  },

  check: async (text: string, signal?: AbortSignal) =>
    json<Findings>(await apiFetch('/api/check', { method: 'POST', headers: { 'Content-Type': typeOf(text) }, body: text, signal })),

  revisions: async (id: number) => (await json<{ revisions: Revision[] }>(await apiFetch(`${base(id)}/revisions`))).revisions,

  async revision(id: number, n: number): Promise<string> {
    const res = await apiFetch(`${base(id)}/revisions/${n}`);
    if (!res.ok) return fail(res);
    return res.text();
  },

  async restore(id: number, n: number, etag: string): Promise<{ diagram: DiagramSummary; etag: string }> {
    const res = await apiFetch(`${base(id)}/revisions/${n}/restore`, { method: 'POST', headers: { 'If-Match': etag } });
    const body = await json<{ diagram: DiagramSummary }>(res);
    return { diagram: body.diagram, etag: res.headers.get('ETag') ?? `"d${id}-r${body.diagram.revision}"` };
  },

  diff: async (id: number, from: number, to: number) => json<DiffResult>(await apiFetch(`${base(id)}/diff?from=${from}&to=${to}`)),

  artifacts: async (id: number, n: number) =>
    (await json<{ artifacts: Artifact[] }>(await apiFetch(`${base(id)}/revisions/${n}/artifacts`))).artifacts,

  artifactUrl: (id: number, n: number, name: string) => `${base(id)}/revisions/${n}/artifacts/${encodeURIComponent(name)}`,

  async artifact(id: number, n: number, name: string): Promise<string> {
    const res = await apiFetch(api.artifactUrl(id, n, name));
    if (!res.ok) return fail(res);
    return res.text();
  },

  rules: async () => (await json<{ rules: Rule[] }>(await apiFetch('/api/rules'))).rules,
  rule: async (id: string) => json<Rule>(await apiFetch(`/api/rules/${encodeURIComponent(id)}`)),

  async schema(): Promise<unknown | null> {
    const res = await apiFetch('/api/schema/diagram');
    return res.ok ? res.json() : null;
  },

  eventsUrl: (id: number) => `${base(id)}/events`,
};

/** The revision number an ETag such as "d3-r7" names. */
export function revisionOfEtag(etag: string): number {
  const m = /-r(\d+)"?$/.exec(etag);
  return m ? Number(m[1]) : 0;
}
