import { useState } from 'react';
import { signIn } from '../passkeys.ts';
import type { OfficerView } from '../types.ts';
import { errorText } from '../vocabulary.ts';

export function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: (o: OfficerView) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn((await signIn()).officer);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="desk-panel desk-narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">Task force desk</h1>
      {notice && (
        <p className="desk-notice" role="status">
          {notice}
        </p>
      )}
      <p>
        Sign in with your passkey (your security key, or your device's fingerprint, face or PIN). There is no password.
      </p>
      <button type="button" className="desk-button" onClick={go} disabled={busy}>
        {busy ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </button>
      {error && (
        <p className="desk-error" role="alert">
          {error}
        </p>
      )}
      <p className="desk-muted">
        No passkey yet? Open the invitation link a coordinator gave you. Lost your passkey? A coordinator revokes it and
        invites you again.
      </p>
    </section>
  );
}
