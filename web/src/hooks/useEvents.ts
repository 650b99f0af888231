// The diagram's change stream (server-sent events): other users' saves, deletion, and the
// progress of simulation runs. EventSource reconnects by itself after the server's `retry`.

import { useEffect, useRef } from 'react';
import { api } from '../api/client';
import type { SimEvent } from '../api/simulations';

export interface StreamHandlers {
  saved?: (e: { revision: number; errors?: number; warnings?: number }) => void;
  deleted?: () => void;
  simulation?: (e: SimEvent) => void;
}

export function useEvents(id: number, handlers: StreamHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    const es = new EventSource(api.eventsUrl(id));
    const on = (name: keyof StreamHandlers) => (ev: MessageEvent) => {
      try {
        (ref.current[name] as ((x: unknown) => void) | undefined)?.(JSON.parse(ev.data));
      } catch { /* a malformed event is skipped, never fatal */ }
    };
    const names: (keyof StreamHandlers)[] = ['saved', 'deleted', 'simulation'];
    const listeners = names.map((n) => [n, on(n)] as const);
    listeners.forEach(([n, f]) => es.addEventListener(n, f));
    return () => { listeners.forEach(([n, f]) => es.removeEventListener(n, f)); es.close(); };
  }, [id]);
}
