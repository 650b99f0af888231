// The diagram's change stream (server-sent events): other users' saves, deletion, and the
// progress of simulation runs. EventSource reconnects by itself after the server's `retry` when
// the connection drops; a stream the server refused (401: its session cookie expired or was
// forgotten) is opened again after a new session, or after the user signs in.

import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { renewSession } from '../api/auth';
import type { SimEvent } from '../api/simulations';
import { useAuth } from './useAuth';

export interface StreamHandlers {
  saved?: (e: { revision: number; errors?: number; warnings?: number }) => void;
  deleted?: () => void;
  simulation?: (e: SimEvent) => void;
}

/** Waits between attempts to reopen a refused stream: 1 s, 2 s, 4 s ... at most 30 s. */
export const reopenDelayMs = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

export function useEvents(id: number, handlers: StreamHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  const { epoch } = useAuth();
  const [reopen, setReopen] = useState(0);
  const attempts = useRef(0);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    const es = new EventSource(api.eventsUrl(id));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const on = (name: keyof StreamHandlers) => (ev: MessageEvent) => {
      try {
        (ref.current[name] as ((x: unknown) => void) | undefined)?.(JSON.parse(ev.data));
      } catch { /* a malformed event is skipped, never fatal */ }
    };
    const names: (keyof StreamHandlers)[] = ['saved', 'deleted', 'simulation'];
    const listeners = names.map((n) => [n, on(n)] as const);
    listeners.forEach(([n, f]) => es.addEventListener(n, f));
    es.addEventListener('hello', () => { attempts.current = 0; });
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED) return;
      timer = setTimeout(() => {
        void renewSession().then((renewed) => { if (renewed) setReopen((r) => r + 1); });
      }, reopenDelayMs(attempts.current++));
    };
    return () => { clearTimeout(timer); listeners.forEach(([n, f]) => es.removeEventListener(n, f)); es.close(); };
  }, [id, epoch, reopen]);
}
