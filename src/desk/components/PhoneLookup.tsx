// A tipster on the phone reads out their reference code: the desk derives the lookup hash from it (the code is sent
// nowhere) and opens that case. The case view then checks that the reply key derived from the code is the one in
// the decrypted report.
import { useState, type SyntheticEvent } from 'react';
import { caseForCode } from '../reply.ts';
import { errorText } from '../vocabulary.ts';

export const phoneMatches = new Map<string, string>();

export function PhoneLookup(props: { onFound: (caseId: string) => void; onError: (e: unknown) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('code') as HTMLInputElement;
    setBusy(true);
    setError(null);
    try {
      const match = await caseForCode(input.value);
      phoneMatches.set(match.caseId, match.replyKey);
      input.value = '';
      props.onFound(match.caseId);
    } catch (e) {
      props.onError(e);
      setError((e as { code?: string }).code === 'desk.not-found' ? 'No case has this code.' : errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="desk-phone" onSubmit={submit}>
      <label>
        Caller's reference code
        <input name="code" autoComplete="off" spellCheck={false} placeholder="7K3M Q9TX 4B2N H8WC 1RPV" />
      </label>
      <button type="submit" className="desk-button desk-small desk-secondary" disabled={busy}>
        Find case
      </button>
      {error && (
        <p className="desk-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
