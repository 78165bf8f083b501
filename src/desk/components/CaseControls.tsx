// Status (with a closing reason from the fixed list), assignee and labels of a case: each saved on its own, as the
// API takes them, so each has its own audit entry.
import { useEffect, useState } from 'react';
import { deskRequest } from '../api.ts';
import { setAssignee, setLabels, setStatus } from '../cases.ts';
import type { CaseMeta, OfficerEntry, OfficerView } from '../types.ts';
import {
  caseLabels,
  closeReasonNames,
  closeReasons,
  errorText,
  labelNames,
  nextStatuses,
  statusNames,
  type CaseLabel,
  type CaseStatus,
} from '../vocabulary.ts';

interface Props {
  meta: CaseMeta;
  officer: OfficerView;
  onSaved: (meta: CaseMeta) => void;
  onError: (error: unknown) => void;
}

export function CaseControls({ meta, officer, onSaved, onError }: Props) {
  const [status, setStatusChoice] = useState<CaseStatus | ''>('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [colleagues, setColleagues] = useState<OfficerEntry[]>([]);

  useEffect(() => {
    if (officer.role !== 'coordinator') return;
    deskRequest<{ officers: OfficerEntry[] }>('GET', 'officers').then(
      (o) => setColleagues(o.officers.filter((x) => x.role !== 'auditor' && !x.revokedDay)),
      () => {},
    );
  }, [officer.role]);

  const save = async (work: () => Promise<{ case: CaseMeta }>) => {
    setBusy(true);
    setError(null);
    try {
      onSaved((await work()).case);
      setStatusChoice('');
      setReason('');
    } catch (e) {
      onError(e);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const toggleLabel = (label: CaseLabel) =>
    save(() =>
      setLabels(
        meta.id,
        meta.labels.includes(label) ? meta.labels.filter((l) => l !== label) : [...meta.labels, label],
      ),
    );

  const assigneeName = (id: string | null) =>
    id === null ? 'nobody' : id === officer.id ? 'you' : (colleagues.find((c) => c.id === id)?.name ?? 'a colleague');

  return (
    <div className="desk-controls">
      <fieldset>
        <legend>
          Status: {statusNames[meta.status]}
          {meta.closeReason && ` (${closeReasonNames[meta.closeReason]})`}
        </legend>
        <label>
          Move to
          <select value={status} onChange={(e) => setStatusChoice(e.target.value as CaseStatus)} disabled={busy}>
            <option value="">Choose…</option>
            {nextStatuses[meta.status].map((s) => (
              <option key={s} value={s}>
                {statusNames[s]}
              </option>
            ))}
          </select>
        </label>
        {status === 'closed' && (
          <label>
            Reason
            <select value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">Choose…</option>
              {closeReasons.map((r) => (
                <option key={r} value={r}>
                  {closeReasonNames[r]}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="desk-button desk-small"
          disabled={busy || !status || (status === 'closed' && !reason)}
          onClick={() => save(() => setStatus(meta.id, status as CaseStatus, reason))}
        >
          Set status
        </button>
      </fieldset>
      <fieldset>
        <legend>Assigned to {assigneeName(meta.assignee)}</legend>
        {officer.role === 'coordinator' ? (
          <select
            aria-label="Assignee"
            value={meta.assignee ?? ''}
            disabled={busy}
            onChange={(e) => save(() => setAssignee(meta.id, e.target.value || null))}
          >
            <option value="">Nobody</option>
            {colleagues.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        ) : meta.assignee === officer.id ? (
          <button
            type="button"
            className="desk-button desk-small desk-secondary"
            disabled={busy}
            onClick={() => save(() => setAssignee(meta.id, null))}
          >
            Unassign me
          </button>
        ) : (
          <button
            type="button"
            className="desk-button desk-small desk-secondary"
            disabled={busy}
            onClick={() => save(() => setAssignee(meta.id, officer.id))}
          >
            Assign to me
          </button>
        )}
      </fieldset>
      <fieldset className="desk-labels">
        <legend>Labels</legend>
        {caseLabels.map((l) => (
          <label key={l} className="desk-check">
            <input type="checkbox" checked={meta.labels.includes(l)} disabled={busy} onChange={() => toggleLabel(l)} />
            {labelNames[l]}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="desk-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
