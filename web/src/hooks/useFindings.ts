// Live findings: the present document checked by the server (POST /api/check) once the user
// pauses, the older request cancelled when a newer one starts.

import { useEffect, useState } from 'react';
import { api, type Findings } from '../api/client';
import { type Diagram, serializeDiagram } from '../model/diagram';

export const CHECK_DEBOUNCE_MS = 400;

export function useFindings(doc: Diagram | null): { findings: Findings | null; checking: boolean; error: string | null } {
  const [findings, setFindings] = useState<Findings | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!doc) return undefined;
    const ctl = new AbortController();
    const t = setTimeout(() => {
      setChecking(true);
      api.check(serializeDiagram(doc), ctl.signal)
        .then((f) => { setFindings(f); setError(null); })
        .catch((e: Error) => { if (e.name !== 'AbortError') setError(e.message); })
        .finally(() => { if (!ctl.signal.aborted) setChecking(false); });
    }, CHECK_DEBOUNCE_MS);
    return () => { clearTimeout(t); ctl.abort(); };
  }, [doc]);
  return { findings, checking, error };
}
