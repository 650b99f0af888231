// The sign-in screen of a server started with a token: shown over the page when a call was
// refused, so that nothing the user was doing is lost; the calls that waited go on once signed in.

import { type FormEvent, type ReactNode, useState } from 'react';
import { signIn } from '../api/auth';
import { useAuth } from '../hooks/useAuth';

function SignIn() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try { await signIn(token.trim()); setToken(''); setError(null); } catch (err) { setError((err as Error).message); } finally { setBusy(false); }
  };
  return (
    <div className="modal-backdrop">
      <form className="modal sign-in" role="dialog" aria-modal="true" aria-labelledby="sign-in-title" aria-describedby="sign-in-desc"
        onSubmit={(e) => void submit(e)}>
        <h2 id="sign-in-title">Sign in to this server</h2>
        <p id="sign-in-desc">This Archway server was started with a token. Enter it to go on; it is kept for this
          browser tab only, until you sign out or close it.</p>
        <label htmlFor="sign-in-token">Server token</label>
        <input id="sign-in-token" type="password" autoComplete="off" spellCheck={false} value={token} autoFocus
          aria-invalid={error !== null} aria-describedby={error ? 'sign-in-error' : undefined} onChange={(e) => setToken(e.target.value)} />
        {error && <p id="sign-in-error" className="field-error" role="alert">{error}</p>}
        <div className="modal-actions">
          <button type="submit" disabled={busy || !token.trim()}>Sign in</button>
        </div>
      </form>
    </div>
  );
}

/** The app, with the sign-in screen over it whenever the server asks for the token. */
export function AuthGate({ children }: { children: ReactNode }) {
  const { needed } = useAuth();
  return <>{children}{needed && <SignIn />}</>;
}
