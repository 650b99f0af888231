// Signing in to a token-protected server: a refused call waits for the sign-in screen and is made
// again with the token; a wrong token is refused without being kept; signing out forgets it.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetch, authState, signIn, signOut } from '../src/api/auth';

const TOKEN = 'unit-token-0123456789';

/** A server that wants TOKEN as a Bearer header on everything but sign-in's wrong answers. */
function server() {
  const seen: { url: string; method: string; auth: string | null }[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    const auth = new Headers(init?.headers).get('Authorization');
    seen.push({ url, method: init?.method ?? 'GET', auth });
    const ok = auth === `Bearer ${TOKEN}`;
    if (url === '/api/session' && init?.method === 'DELETE') return new Response(null, { status: 204 });
    return new Response(ok ? '{"fine": true}' : '{}', { status: ok ? 200 : 401 });
  }));
  return seen;
}

afterEach(() => { vi.unstubAllGlobals(); sessionStorage.clear(); });

describe('sign-in', () => {
  it('holds a refused call until signed in, then makes it again with the token', async () => {
    const seen = server();
    const pending = apiFetch('/api/diagrams');
    await vi.waitFor(() => expect(authState().needed).toBe(true));
    await expect(signIn('wrong-token-000000000')).rejects.toThrow('did not accept');
    expect(sessionStorage.getItem('archway.token')).toBeNull();
    expect(authState().needed).toBe(true);
    const epoch = authState().epoch;
    await signIn(TOKEN);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(authState()).toMatchObject({ needed: false, signedIn: true, epoch: epoch + 1 });
    expect(sessionStorage.getItem('archway.token')).toBe(TOKEN);
    expect(seen.map((s) => `${s.method} ${s.url} ${s.auth ?? '-'}`)).toEqual([
      'GET /api/diagrams -',
      'POST /api/session Bearer wrong-token-000000000',
      `POST /api/session Bearer ${TOKEN}`,
      `GET /api/diagrams Bearer ${TOKEN}`,
    ]);
    // Later calls carry the token from the start.
    await apiFetch('/api/rules');
    expect(seen.at(-1)?.auth).toBe(`Bearer ${TOKEN}`);
  });

  it('signing out ends the session on the server and forgets the token', async () => {
    const seen = server();
    await signIn(TOKEN);
    await signOut();
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/session', auth: `Bearer ${TOKEN}` });
    expect(sessionStorage.getItem('archway.token')).toBeNull();
    expect(authState()).toMatchObject({ needed: true, signedIn: false });
  });
});
