// Signing in to a server started with a token: the first 401 asks for the token (the sign-in
// screen), which is kept for this browser tab in sessionStorage and sent as a Bearer header on every
// call; signing in also buys the session cookie that lets the change stream in, since EventSource
// cannot send headers (docs/canvas.md, "Signing in"). The token never goes into a URL or a log.

const KEY = 'archway.token';

export interface AuthState {
  needed: boolean;      // a call was refused: the sign-in screen is up, calls wait for it
  epoch: number;        // grows at every sign-in: what was refused (the change stream) tries again
  signedIn: boolean;    // a token is held for this tab
}

let state: AuthState = { needed: false, epoch: 0, signedIn: readToken() !== null };
let waiting: (() => void)[] = [];
const listeners = new Set<() => void>();

function readToken(): string | null {
  try { return globalThis.sessionStorage?.getItem(KEY) ?? null; } catch { return null; }
}

function writeToken(token: string | null): void {
  try {
    if (token === null) globalThis.sessionStorage?.removeItem(KEY);
    else globalThis.sessionStorage?.setItem(KEY, token);
  } catch { /* storage refused (private mode): the token lives as long as the page */ }
}

function set(next: Partial<AuthState>): void {
  state = { ...state, ...next };
  listeners.forEach((f) => f());
}

export const authState = (): AuthState => state;
export function subscribeAuth(f: () => void): () => void {
  listeners.add(f);
  return () => { listeners.delete(f); };
}

/** Resolves once the user has signed in. */
function signInNeeded(): Promise<void> {
  if (!state.needed) set({ needed: true });
  return new Promise((resolve) => { waiting.push(resolve); });
}

function withToken(headers: HeadersInit | undefined, token: string | null): Headers {
  const h = new Headers(headers);
  if (token) h.set('Authorization', `Bearer ${token}`);
  return h;
}

/**
 * fetch() for the API: sends the token when one is held; a 401 brings up the sign-in screen and
 * the call is made again once signed in, so that no caller handles sign-in itself.
 */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  for (;;) {
    const res = await fetch(url, { ...init, headers: withToken(init.headers, readToken()) });
    if (res.status !== 401) return res;
    writeToken(null);
    await signInNeeded();
  }
}

async function openSession(token: string): Promise<Response> {
  return fetch('/api/session', { method: 'POST', headers: withToken(undefined, token) });
}

/** Signs in with token: throws when the server refuses it; otherwise every waiting call goes on. */
export async function signIn(token: string): Promise<void> {
  const res = await openSession(token);
  if (res.status === 401) throw new Error('The server did not accept that token.');
  if (!res.ok) throw new Error(`Signing in failed (HTTP ${res.status}).`);
  writeToken(token);
  const go = waiting;
  waiting = [];
  set({ needed: false, signedIn: true, epoch: state.epoch + 1 });
  go.forEach((f) => f());
}

/** Ends the session on the server, forgets the token and shows the sign-in screen. */
export async function signOut(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE', headers: withToken(undefined, readToken()) }).catch(() => undefined);
  writeToken(null);
  set({ signedIn: false, needed: true });
}

/**
 * After the change stream was refused (its cookie expired, or the server restarted and forgot its
 * sessions): a new session from the token this tab holds, or the sign-in screen when there is none
 * or it is no longer accepted. True when a new session was opened.
 */
export async function renewSession(): Promise<boolean> {
  const token = readToken();
  if (!token) {
    const probe = await fetch('/api/session', { method: 'POST' }).catch(() => null);
    if (probe?.status === 401) void signInNeeded();
    return false;
  }
  const res = await openSession(token).catch(() => null);
  if (res?.status === 401) { writeToken(null); set({ signedIn: false }); void signInNeeded(); }
  return !!res?.ok;
}
