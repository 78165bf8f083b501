// One way for a desk form to run an action: busy while it runs (buttons disabled), then a message that says what
// happened, announced as a status on success and as an alert on failure; the failure also goes to the app's
// handler (which signs out on an ended session).
import { useState } from 'react';
import { errorText } from '../vocabulary.ts';

export interface ActionMessageState {
  ok: boolean;
  text: string;
}

export function useAction(onError: (e: unknown) => void) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ActionMessageState | null>(null);
  const fail = (e: unknown) => {
    onError(e);
    setMessage({ ok: false, text: errorText(e) });
  };
  /** Runs the work; what it returns is the success message. */
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await work() });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, run, fail };
}

export function ActionMessage({ message }: { message: ActionMessageState | null }) {
  if (!message) return null;
  return (
    <p className={message.ok ? 'desk-ok' : 'desk-error'} role={message.ok ? 'status' : 'alert'}>
      {message.text}
    </p>
  );
}
