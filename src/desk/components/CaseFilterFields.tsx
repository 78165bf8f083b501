// The list filter's fields (status, label, assignee), shared by the case list and the export-and-figures screen so
// both choose cases the same way.
import type { CaseFilter } from '../cases.ts';
import { caseLabels, caseStatuses, labelNames, statusNames } from '../vocabulary.ts';

export function CaseFilterFields<F extends CaseFilter>(props: {
  filter: F;
  officerId: string;
  onChange: (f: F) => void;
}) {
  const { filter, onChange } = props;
  return (
    <>
      <label>
        Status
        <select
          value={filter.status}
          onChange={(e) => onChange({ ...filter, status: e.target.value as CaseFilter['status'] })}
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
          onChange={(e) => onChange({ ...filter, label: e.target.value as CaseFilter['label'] })}
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
        <select value={filter.assignee} onChange={(e) => onChange({ ...filter, assignee: e.target.value })}>
          <option value="">Anyone</option>
          <option value={props.officerId}>Me</option>
        </select>
      </label>
    </>
  );
}
