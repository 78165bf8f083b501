// The audit log for coordinators and auditors: the newest entries, the head to write down, and a check of the
// whole chain (optionally against a head written down earlier).
import { useEffect, useState, type SyntheticEvent } from 'react';
import { deskRequest } from '../api.ts';
import type { AuditEntryView } from '../types.ts';
import { errorText } from '../vocabulary.ts';
import { Scrollable } from './Scrollable.tsx';

type Verification =
  { ok: true; entries: number; head: { seq: number; hash: string } } | { ok: false; seq: number; problem: string };

export function Audit({ onError }: { onError: (e: unknown) => void }) {
  // Coordinators see names; auditors (who may not list people) see the start of each officer's id.
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    deskRequest<{ officers: { id: string; name: string }[] }>('GET', 'officers').then(
      (o) => setNames(new Map(o.officers.map((x) => [x.id, x.name]))),
      () => {},
    );
  }, []);
  const who = (id: string | null) => (id === null ? 'server' : (names.get(id) ?? id.slice(0, 6)));
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [head, setHead] = useState<{ seq: number; hash: string } | null>(null);
  const [verified, setVerified] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    deskRequest<{ head: { seq: number; hash: string } }>('GET', 'audit?from=1&limit=1')
      .then(({ head }) =>
        deskRequest<{ entries: AuditEntryView[]; head: { seq: number; hash: string } }>(
          'GET',
          `audit?from=${Math.max(1, head.seq - 199)}&limit=200`,
        ),
      )
      .then((page) => {
        setEntries(page.entries.reverse());
        setHead(page.head);
      })
      .catch((e) => {
        onError(e);
        setError(errorText(e));
      });
  }, []);

  const verify = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const written = String(new FormData(event.currentTarget).get('head') ?? '').trim();
    const [seq, hash] = written.split(':');
    const query = written ? `?seq=${encodeURIComponent(seq ?? '')}&hash=${encodeURIComponent(hash ?? '')}` : '';
    try {
      setVerified(await deskRequest<Verification>('GET', `audit/verify${query}`));
      setError(null);
    } catch (e) {
      onError(e);
      setError(errorText(e));
    }
  };

  return (
    <section className="desk-panel" aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      {head && (
        <p>
          Head, to write down every day: <code className="desk-break">{`${head.seq}:${head.hash}`}</code>
        </p>
      )}
      <form className="desk-form desk-row" onSubmit={verify}>
        <label>
          Check the chain (optionally against a head written down earlier)
          <input name="head" placeholder="SEQ:HASH" autoComplete="off" spellCheck={false} />
        </label>
        <button type="submit" className="desk-button desk-small">
          Verify
        </button>
      </form>
      {verified && (
        <p className={verified.ok ? 'desk-ok' : 'desk-error'} role="status">
          {verified.ok
            ? `The log is intact: ${verified.entries} entries, up to ${verified.head.seq}.`
            : `The log does not verify at entry ${verified.seq}: ${verified.problem.replaceAll('-', ' ')}. Tell the other coordinators.`}
        </p>
      )}
      {error && (
        <p className="desk-error" role="alert">
          {error}
        </p>
      )}
      <Scrollable label="Audit log entries">
        <table className="desk-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">On</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td className="desk-nowrap">{e.at}</td>
                <td>{who(e.actor)}</td>
                <td>{e.action}</td>
                <td>{e.object ? (names.get(e.object) ?? e.object.slice(0, 6)) : ''}</td>
                <td>
                  {Object.entries(e.detail)
                    .map(([k, v]) => `${k}: ${v}`)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scrollable>
    </section>
  );
}
