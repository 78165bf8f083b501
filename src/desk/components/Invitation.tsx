import { useEffect, useState } from 'react';
import { acceptInvitation, readInvitation } from '../passkeys.ts';
import type { OfficerView } from '../types.ts';
import { errorText } from '../vocabulary.ts';

export function Invitation(props: { token: string; onSignedIn: (o: OfficerView) => void; onCancel: () => void }) {
  const [who, setWho] = useState<{ name: string; role: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    readInvitation(props.token).then(setWho, (e) => setError(errorText(e)));
  }, [props.token]);
  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn((await acceptInvitation(props.token)).officer);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="desk-panel desk-narrow" aria-labelledby="invite-title">
      <h1 id="invite-title">Accept your invitation</h1>
      {who && (
        <>
          <p>
            This invitation is for <strong>{who.name}</strong>, as <strong>{who.role}</strong>. It works once.
          </p>
          <p>Create a passkey for the desk: your browser asks for your security key, fingerprint, face or PIN.</p>
          <button type="button" className="desk-button" onClick={accept} disabled={busy}>
            {busy ? 'Waiting for your passkey…' : 'Create my passkey'}
          </button>
        </>
      )}
      {!who && !error && <p className="desk-muted">Checking the invitation…</p>}
      {error && (
        <p className="desk-error" role="alert">
          {error}
        </p>
      )}
      <p>
        <button type="button" className="desk-link" onClick={props.onCancel}>
          I already have a passkey: sign in instead
        </button>
      </p>
    </section>
  );
}
