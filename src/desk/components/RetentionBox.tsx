// Coordinators: when a case is deleted (closing schedules it 90 days on; a coordinator may move the day), and deleting
// it now, for good. Both need a fresh signature by the coordinator's key (step-up), and both are logged.
import { useState } from 'react';
import { deskRequest } from '../api.ts';
import type { KeyVault } from '../key-vault.ts';
import { stepUp } from '../step-up.ts';
import type { CaseMeta } from '../types.ts';
import { ActionMessage, useAction } from './action.tsx';

interface Props {
  vault: KeyVault;
  meta: CaseMeta;
  onSaved: (meta: CaseMeta) => void;
  onDeleted: () => void;
  onError: (e: unknown) => void;
}

export function RetentionBox({ vault, meta, onSaved, onDeleted, onError }: Props) {
  const [day, setDay] = useState(meta.keepUntilDay ?? '');
  const { busy, message, run: act } = useAction(onError);
  const today = new Date().toISOString().slice(0, 10);
  const path = `cases/${encodeURIComponent(meta.id)}`;

  const keep = () =>
    act(async () => {
      const signed = await stepUp(vault, 'retention', meta.id);
      const { case: next } = await deskRequest<{ case: CaseMeta }>('POST', `${path}/retention`, {
        keepUntilDay: day,
        stepUp: signed,
      });
      onSaved(next);
      return `Kept until ${day}, then deleted.`;
    });

  const remove = () => {
    if (!confirm('Delete this case and its whole thread for good? This cannot be undone.')) return;
    return act(async () => {
      const signed = await stepUp(vault, 'delete', meta.id);
      await deskRequest('POST', `${path}/delete`, { stepUp: signed });
      onDeleted();
      return 'Deleted.';
    });
  };

  return (
    <section className="desk-compose" aria-labelledby="retention-title">
      <h3 id="retention-title">Retention (coordinators)</h3>
      <p className="desk-muted">
        {meta.keepUntilDay
          ? `This case is deleted after ${meta.keepUntilDay}.`
          : 'An open case is kept; closing it schedules deletion 90 days later.'}
      </p>
      <div className="desk-row">
        <label>
          Keep until
          <input type="date" value={day} min={today} onChange={(e) => setDay(e.target.value)} />
        </label>
        <button type="button" className="desk-button desk-small desk-secondary" disabled={busy || !day} onClick={keep}>
          Sign and set
        </button>
        <button type="button" className="desk-button desk-small desk-danger-button" disabled={busy} onClick={remove}>
          Delete this case for good
        </button>
      </div>
      <ActionMessage message={message} />
    </section>
  );
}
