// The officer's own passkeys: add one (best a hardware key kept apart), remove one (never the last).
import { useCallback, useEffect, useState } from 'react';
import { addPasskey, myPasskeys, removePasskey } from '../passkeys.ts';
import type { PasskeyView } from '../types.ts';
import { ActionMessage, useAction } from './action.tsx';
import { Scrollable } from './Scrollable.tsx';

export function Passkeys({ onChange, onError }: { onChange: () => void; onError: (e: unknown) => void }) {
  const [passkeys, setPasskeys] = useState<PasskeyView[]>([]);
  const { busy, message, run } = useAction(onError);
  const load = useCallback(() => {
    myPasskeys().then(setPasskeys, onError);
    onChange();
  }, []);
  useEffect(load, [load]);

  const act = (work: () => Promise<void>, done: string) =>
    run(async () => {
      await work();
      load();
      return done;
    });

  return (
    <section className="desk-panel" aria-labelledby="passkeys-title">
      <h1 id="passkeys-title">My passkeys</h1>
      <p className="desk-muted">
        Keep two: one on this device and one hardware security key kept somewhere safe, so a lost device does not lock
        you out.
      </p>
      <Scrollable label="Your passkeys">
        <table className="desk-table">
          <thead>
            <tr>
              <th scope="col">Passkey</th>
              <th scope="col">Kind</th>
              <th scope="col">Added</th>
              <th scope="col">Last used</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {passkeys.map((p, i) => (
              <tr key={p.id}>
                <td>
                  Passkey {i + 1} <span className="desk-muted">…{p.id.slice(-6)}</span>
                </td>
                <td>{p.transports.join(', ') || 'unknown'}</td>
                <td className="desk-nowrap">{p.addedDay}</td>
                <td className="desk-nowrap">{p.lastUsedDay ?? 'not yet'}</td>
                <td>
                  <button
                    type="button"
                    className="desk-button desk-small desk-secondary"
                    disabled={busy || passkeys.length < 2}
                    title={passkeys.length < 2 ? 'Your only passkey cannot be removed' : undefined}
                    onClick={() => act(() => removePasskey(p.id), 'Passkey removed.')}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scrollable>
      <button type="button" className="desk-button" disabled={busy} onClick={() => act(addPasskey, 'Passkey added.')}>
        Add a passkey
      </button>
      <ActionMessage message={message} />
    </section>
  );
}
