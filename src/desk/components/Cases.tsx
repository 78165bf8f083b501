// The case list (filters; danger first for tips decrypted in this page; the 7- and 90-day reminders) beside the
// open case. On a phone the list and the case take turns.
import { useCallback, useEffect, useState } from 'react';
import { factsOf, listCases, triageOrder, type CaseFilter } from '../cases.ts';
import type { KeyVault } from '../key-vault.ts';
import type { CaseMeta, OfficerView } from '../types.ts';
import { caseLabels, caseStatuses, errorText, labelNames, statusNames } from '../vocabulary.ts';
import { CaseView } from './CaseView.tsx';
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

  return (
    <div className={open ? 'desk-cases desk-cases-open' : 'desk-cases'}>
      <section className="desk-list" aria-labelledby="cases-title">
        <h1 id="cases-title">Cases</h1>
        <form className="desk-filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            Status
            <select
              value={filter.status}
              onChange={(e) => setFilter({ ...filter, status: e.target.value as CaseFilter['status'] })}
            >
              <option value="">All</option>
              {caseStatuses.map((s) => (
                <option key={s} value={s}>
                  {statusNames[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Label
            <select
              value={filter.label}
              onChange={(e) => setFilter({ ...filter, label: e.target.value as CaseFilter['label'] })}
            >
              <option value="">All</option>
              {caseLabels.map((l) => (
                <option key={l} value={l}>
                  {labelNames[l]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Assignee
            <select value={filter.assignee} onChange={(e) => setFilter({ ...filter, assignee: e.target.value })}>
              <option value="">Anyone</option>
              <option value={props.officer.id}>Me</option>
            </select>
          </label>
          <button type="button" className="desk-button desk-small desk-secondary" onClick={load}>
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
        {cases && cases.length === 0 && <p className="desk-muted">No cases match.</p>}
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
                    {facts?.danger === 'yes' && <span className="desk-badge desk-danger">Danger now</span>}
                    {facts?.danger === 'not-sure' && <span className="desk-badge desk-warn">Danger: not sure</span>}
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
          {...props}
          onClose={() => setOpen(null)}
          onChanged={load}
          onDecrypted={() => setDecrypted((n) => n + 1)}
        />
      )}
    </div>
  );
}
