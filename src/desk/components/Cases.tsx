// The case list (filters; danger first for tips decrypted in this page; the 7- and 90-day reminders) beside the
// open case. On a phone the list and the case take turns.
import { useCallback, useEffect, useState } from 'react';
import { factsOf, listCases, triageOrder, triageUnread, type CaseFilter } from '../cases.ts';
import type { KeyVault } from '../key-vault.ts';
import type { CaseMeta, OfficerView } from '../types.ts';
import { errorText, labelNames, statusNames } from '../vocabulary.ts';
import { CaseFilterFields } from './CaseFilterFields.tsx';
import { CaseView } from './CaseView.tsx';
import { DangerBadge } from './DangerBadge.tsx';
import { PhoneLookup } from './PhoneLookup.tsx';
import { Reminder } from './Reminder.tsx';

export interface CasesProps {
  officer: OfficerView;
  vault: KeyVault;
  openings: Record<string, Record<string, string>>;
  onError: (error: unknown) => void;
}

export function Cases(props: CasesProps) {
  const [filter, setFilter] = useState<CaseFilter>({ status: '', label: '', assignee: '' });
  const [cases, setCases] = useState<CaseMeta[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [, setDecrypted] = useState(0); // re-sorts when a tip was decrypted
  const [lookups, setLookups] = useState(0); // re-renders the open case after a phone lookup
  const [refreshes, setRefreshes] = useState(0); // Refresh reads the open case again too (new follow-ups)
  const [triaging, setTriaging] = useState(false);
  const [unlocked, setUnlocked] = useState(props.vault.unlocked);
  useEffect(() => props.vault.subscribe(setUnlocked), [props.vault]);

  const load = useCallback(() => {
    listCases(filter).then(
      (c) => {
        setCases(c);
        setError(null);
      },
      (e) => {
        props.onError(e);
        setError(errorText(e));
      },
    );
  }, [filter]);
  useEffect(load, [load]);

  const today = new Date().toISOString().slice(0, 10);
  const sorted = cases ? triageOrder(cases) : [];
  const unread = sorted.filter((c) => c.status !== 'closed' && !factsOf(c.id)).length;
  const triage = async () => {
    setTriaging(true);
    try {
      await triageUnread(props.vault, sorted);
      setDecrypted((n) => n + 1);
      load();
    } catch (e) {
      props.onError(e);
      setError(errorText(e));
    } finally {
      setTriaging(false);
    }
  };
  const unacknowledged = sorted.filter((c) => c.status === 'new' || c.status === 'opened');
  const lateAck = unacknowledged.filter((c) => today > c.acknowledgeBy).length;
  const lateFeedback = sorted.filter((c) => c.status !== 'closed' && today > c.feedbackBy).length;

  return (
    <div className={open ? 'desk-cases desk-cases-open' : 'desk-cases'}>
      <section className="desk-list" aria-labelledby="cases-title">
        <h1 id="cases-title">Cases</h1>
        <form className="desk-filters" onSubmit={(e) => e.preventDefault()}>
          <CaseFilterFields filter={filter} officerId={props.officer.id} onChange={setFilter} />
          <button
            type="button"
            className="desk-button desk-small desk-secondary"
            onClick={() => {
              load();
              setRefreshes((n) => n + 1);
            }}
          >
            Refresh
          </button>
        </form>
        <PhoneLookup
          onFound={(id) => {
            setOpen(id);
            setLookups((n) => n + 1);
          }}
          onError={props.onError}
        />
        {error && (
          <p className="desk-error" role="alert">
            {error}
          </p>
        )}
        {unlocked && unread > 0 && (
          <p className="desk-row">
            <button type="button" className="desk-button desk-small" onClick={triage} disabled={triaging}>
              {triaging ? 'Reading…' : `Read ${Math.min(unread, 25)} unread tips to put danger first`}
            </button>
            <span className="desk-muted">(each is logged as viewed, and new ones become opened)</span>
          </p>
        )}
        {cases && cases.length === 0 && <p className="desk-muted">No cases match.</p>}
        {cases && cases.length > 0 && (
          <p className={lateAck + lateFeedback > 0 ? 'desk-notice' : 'desk-muted'} role="status">
            {unacknowledged.length} to acknowledge ({lateAck} overdue); {lateFeedback} past the 90-day feedback mark.
          </p>
        )}
        <ol className="desk-caselist">
          {sorted.map((c) => {
            const facts = factsOf(c.id);
            return (
              <li key={c.id}>
                <button
                  type="button"
                  className="desk-caserow"
                  aria-current={open === c.id ? 'true' : undefined}
                  onClick={() => setOpen(c.id)}
                >
                  <span className="desk-caserow-top">
                    <DangerBadge facts={facts} />
                    <span className={`desk-status desk-status-${c.status}`}>{statusNames[c.status]}</span>
                    <span className="desk-day">{c.receivedDay}</span>
                    <span className="desk-id">#{c.id.slice(0, 6)}</span>
                  </span>
                  <span className="desk-caserow-bottom">
                    {c.labels.map((l) => (
                      <span key={l} className="desk-label">
                        {labelNames[l]}
                      </span>
                    ))}
                    {c.assignee === props.officer.id && <span className="desk-label desk-mine">Mine</span>}
                    <span className="desk-count">{c.messages} msg</span>
                    <Reminder meta={c} today={today} />
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </section>
      {open && (
        <CaseView
          key={open}
          caseId={open}
          lookups={lookups}
          refreshes={refreshes}
          {...props}
          onClose={() => setOpen(null)}
          onChanged={load}
          onDecrypted={() => setDecrypted((n) => n + 1)}
        />
      )}
    </div>
  );
}
