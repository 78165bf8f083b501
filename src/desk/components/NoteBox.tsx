// An internal note: encrypted in the key worker to the task force keys, never shown to the tipster.
import { useState } from 'react';
import { addNote } from '../cases.ts';
import type { KeyVault } from '../key-vault.ts';
import { errorText } from '../vocabulary.ts';

export function NoteBox(props: {
  vault: KeyVault;
  caseId: string;
  onSaved: () => void;
  onError: (e: unknown) => void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await addNote(props.vault, props.caseId, text.trim());
      setText('');
      props.onSaved();
    } catch (e) {
      props.onError(e);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="desk-compose desk-compose-note" aria-labelledby="note-title">
      <h3 id="note-title">Internal note</h3>
      <p className="desk-muted">For the task force only, encrypted to its keys. The tipster never sees notes.</p>
      <label className="desk-block">
        Note
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={8000} />
      </label>
      <button type="button" className="desk-button desk-secondary" disabled={busy || text.trim() === ''} onClick={save}>
        {busy ? 'Saving…' : 'Save note'}
      </button>
      {error && (
        <p className="desk-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
