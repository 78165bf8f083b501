// Opening the officer's task force key: the armored secret key file (or pasted text) and its passphrase go to the
// key worker and nowhere else; the form forgets both once the key is unlocked.
import { useState, type SyntheticEvent } from 'react';
import type { KeyVault } from '../key-vault.ts';
import type { OfficerView } from '../types.ts';

export function KeyPanel(props: { officer: OfficerView; vault: KeyVault; taskForceKeys: string[] }) {
  const { officer, vault, taskForceKeys } = props;
  const [armored, setArmored] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 64 * 1024) return setError('This file is too large to be a secret key.');
    setArmored(await file.text());
  };

  const submit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const passphrase = (form.elements.namedItem('passphrase') as HTMLInputElement).value;
    setBusy(true);
    setError(null);
    try {
      if (taskForceKeys.length === 0) throw new Error('This page was built without the task force keys.');
      await vault.unlock(armored, passphrase, officer.keyFingerprint, taskForceKeys);
      setArmored('');
      form.reset();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="desk-panel desk-keypanel" aria-labelledby="key-title">
      <h2 id="key-title">Open your task force key</h2>
      <p className="desk-muted">
        Tips are decrypted here, in this browser, with your own key. It stays in this page's memory until you lock it,
        leave the page, or do nothing for 10 minutes. It is never sent anywhere.
      </p>
      <form onSubmit={submit} className="desk-keyform">
        <label>
          Secret key file (.asc)
          <input type="file" accept=".asc,.key,.txt,text/plain" onChange={(e) => readFile(e.target.files?.[0])} />
        </label>
        <label>
          Passphrase
          <input name="passphrase" type="password" autoComplete="off" required={false} />
        </label>
        <button type="submit" className="desk-button" disabled={busy || !armored}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      {error && (
        <p className="desk-error" role="alert">
          {error}
        </p>
      )}
      <p className="desk-muted">
        Expected key: <code>{officer.keyFingerprint?.match(/.{1,4}/g)?.join(' ')}</code>
      </p>
    </section>
  );
}
