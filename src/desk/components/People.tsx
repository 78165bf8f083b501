// Coordinators: who has access, inviting (with a step-up), changing a role (step-up), revoking (at once, no step-up:
// taking access away must stay quick when a device is lost).
import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { deskRequest } from '../api.ts';
import type { KeyVault } from '../key-vault.ts';
import { stepUp } from '../step-up.ts';
import type { OfficerEntry, OfficerView } from '../types.ts';
import { roles, type Role } from '../vocabulary.ts';
import { ActionMessage, useAction } from './action.tsx';
import { Scrollable } from './Scrollable.tsx';

export function People(props: { officer: OfficerView; vault: KeyVault; onError: (e: unknown) => void }) {
  const [people, setPeople] = useState<OfficerEntry[]>([]);
  const { busy, message, run, fail } = useAction(props.onError);
  const [link, setLink] = useState<{ link: string; expiresAt: number } | null>(null);
  const [inviteRole, setInviteRole] = useState<Role>('officer');

  const load = useCallback(() => {
    deskRequest<{ officers: OfficerEntry[] }>('GET', 'officers').then((o) => setPeople(o.officers), fail);
  }, []);
  useEffect(load, [load]);

  const act = (work: () => Promise<string>) =>
    run(async () => {
      const done = await work();
      load();
      return done;
    });

  const invite = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const role = String(form.get('role')) as Role;
    const key = String(form.get('key') ?? '')
      .replace(/\s/g, '')
      .toUpperCase();
    return act(async () => {
      const signed = await stepUp(props.vault, 'invite', role);
      const made = await deskRequest<{ link: string; expiresAt: number }>('POST', 'officers/invitations', {
        name: String(form.get('name')),
        role,
        key: key || null,
        stepUp: signed,
      });
      setLink(made);
      return 'Invitation made. Hand the link over in person or over an end-to-end encrypted channel.';
    });
  };

  const changeRole = (o: OfficerEntry, role: Role) =>
    act(async () => {
      const signed = await stepUp(props.vault, 'role', o.id);
      await deskRequest('POST', `officers/${encodeURIComponent(o.id)}/role`, { role, stepUp: signed });
      return `${o.name} is now ${role}.`;
    });

  const revoke = (o: OfficerEntry) => {
    if (!confirm(`Revoke ${o.name}? Their passkeys are removed and their sessions end at once.`)) return;
    return act(async () => {
      await deskRequest('POST', `officers/${encodeURIComponent(o.id)}/revoke`, {});
      return `${o.name} was revoked.`;
    });
  };

  return (
    <section className="desk-panel" aria-labelledby="people-title">
      <h1 id="people-title">People</h1>
      <ActionMessage message={message} />
      <Scrollable label="People with access">
        <table className="desk-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Passkeys</th>
              <th scope="col">Added</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {people.map((o) => (
              <tr key={o.id} className={o.revokedDay ? 'desk-revoked' : undefined}>
                <td>
                  {o.name}
                  {o.id === props.officer.id && ' (you)'}
                </td>
                <td>
                  {o.revokedDay || o.id === props.officer.id ? (
                    o.role
                  ) : (
                    <select
                      aria-label={`Role of ${o.name}`}
                      value={o.role}
                      disabled={busy}
                      onChange={(e) => changeRole(o, e.target.value as Role)}
                    >
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td className={o.passkeys < 2 && !o.revokedDay ? 'desk-warn-text' : undefined}>{o.passkeys}</td>
                <td className="desk-nowrap">{o.revokedDay ? `revoked ${o.revokedDay}` : o.addedDay}</td>
                <td>
                  {!o.revokedDay && o.id !== props.officer.id && (
                    <button
                      type="button"
                      className="desk-button desk-small desk-danger-button"
                      disabled={busy}
                      onClick={() => revoke(o)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scrollable>
      <h2>Invite someone</h2>
      <form className="desk-form" onSubmit={invite}>
        <label>
          Name (as colleagues know them)
          <input name="name" required maxLength={80} autoComplete="off" />
        </label>
        <label>
          Role
          <select name="role" value={inviteRole} onChange={(e) => setInviteRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          Their task force key's fingerprint (not for auditors)
          <input name="key" autoComplete="off" spellCheck={false} maxLength={60} disabled={inviteRole === 'auditor'} />
        </label>
        <button type="submit" className="desk-button" disabled={busy}>
          Sign and make the invitation
        </button>
      </form>
      {link && (
        <p className="desk-notice">
          One-time link, valid until {new Date(link.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC:{' '}
          <code className="desk-break">{link.link}</code>
        </p>
      )}
    </section>
  );
}
