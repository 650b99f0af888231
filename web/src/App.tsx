// The two screens, chosen by the location hash so that reload and the back button work:
// the diagram list (#/) and one diagram's editor (#/diagrams/ID).

import { useEffect, useState } from 'react';
import { DiagramList } from './components/DiagramList';
import { Editor } from './components/Editor';
import { SchemaProvider } from './components/SchemaContext';
import { AuthGate } from './components/SignIn';

export function routeOf(hash: string): { diagram: number | null } {
  const m = /^#\/diagrams\/(\d+)/.exec(hash);
  return { diagram: m ? Number(m[1]) : null };
}

export function App() {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const { diagram } = routeOf(hash);
  return (
    <AuthGate>
      <SchemaProvider>
        {diagram === null ? <DiagramList /> : <Editor key={diagram} id={diagram} />}
      </SchemaProvider>
    </AuthGate>
  );
}
