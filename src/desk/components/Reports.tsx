// Export and figures: a set of cases (the list filter and the days they arrived between) read and decrypted in this
// page, then either exported as one HTCDS CSV or JSON (one step-up over the whole set, each case logged as exported)
// or counted into figures for reporting. Loaded only when an officer opens this screen (the desk's script budget).
import { useEffect, useRef, useState } from 'react';
import { maxExportSet, exportSetHash } from '../../shared/export-set.ts';
import { deskRequest } from '../api.ts';
import { findSet, readSet, type ReadCase, type SetFilter } from '../case-set.ts';
import { saveFile } from '../download.ts';
import { exportSetJson, htcdsCsv, htcdsRecord } from '../export.ts';
import { countFigures, figuresCsv, type FigureGroup } from '../figures.ts';
import type { KeyVault } from '../key-vault.ts';
import { stepUp } from '../step-up.ts';
import type { OfficerView } from '../types.ts';
import { ActionMessage, useAction } from './action.tsx';
import { CaseFilterFields } from './CaseFilterFields.tsx';
import { useExportChoices } from './ExportChoices.tsx';
import { Scrollable } from './Scrollable.tsx';

interface Figures {
  groups: FigureGroup[];
  total: number;
  period: string;
}

export function Reports(props: { officer: OfficerView; vault: KeyVault; onError: (e: unknown) => void }) {
  const today = new Date().toISOString().slice(0, 10);
  const [filter, setFilter] = useState<SetFilter>({
    status: '',
    label: '',
    assignee: '',
    from: `${today.slice(0, 4)}-01-01`,
    to: today,
  });
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [figures, setFigures] = useState<Figures | null>(null);
  const [unlocked, setUnlocked] = useState(props.vault.unlocked);
  useEffect(() => props.vault.subscribe(setUnlocked), [props.vault]);
  const stopper = useRef<AbortController | null>(null);
  const choices = useExportChoices();
  // Figures and export each say what happened under their own buttons; one read runs at a time.
  const counting = useAction(props.onError);
  const exporting = useAction(props.onError);
  const busy = counting.busy || exporting.busy;
  const period = `${filter.from || 'first'} to ${filter.to || 'last'}`;

  /** Reads every case of the chosen set, showing how far it got; Stop ends it before the next case. */
  const readChosen = async (): Promise<ReadCase[]> => {
    const cases = await findSet(filter);
    const controller = new AbortController();
    stopper.current = controller;
    setProgress({ done: 0, total: cases.length });
    try {
      return await readSet(props.vault, cases, (done) => setProgress({ done, total: cases.length }), controller.signal);
    } finally {
      stopper.current = null;
      setProgress(null);
    }
  };

  const exportAs = (format: 'csv' | 'json') =>
    exporting.run(async () => {
      const read = await readChosen();
      if (read.length === 0) return 'No cases match: nothing was exported.';
      const ids = read.map((r) => r.meta.id);
      const signed = await stepUp(props.vault, 'export-set', await exportSetHash(ids));
      await deskRequest('POST', 'exports', { ids, stepUp: signed });
      const { includeText, includeContact, encrypted } = choices;
      const inputs = read.map((r) => ({ ...r, includeText, includeContact, caseOwner: null }));
      const name = `cases-${filter.from || 'first'}-${filter.to || 'last'}`;
      if (format === 'csv')
        await saveFile(props.vault, `${name}-htcds.csv`, htcdsCsv(inputs.map(htcdsRecord)), 'text/csv', encrypted);
      else await saveFile(props.vault, `${name}.json`, exportSetJson(inputs), 'application/json', encrypted);
      return encrypted
        ? `Exported ${read.length} cases (each logged), encrypted to the task force keys.`
        : `Exported ${read.length} cases (each logged) unencrypted: delete the file when done.`;
    });

  const count = () =>
    counting.run(async () => {
      setFigures(null);
      const read = await readChosen();
      setFigures({ groups: countFigures(read), total: read.length, period });
      return `Counted ${read.length} cases (each read is logged as a view).`;
    });

  const progressBar = progress && (
    <p className="desk-row" role="status">
      <progress value={progress.done} max={progress.total} aria-label="Cases read" />
      Read {progress.done} of {progress.total}
      <button type="button" className="desk-button desk-small desk-secondary" onClick={() => stopper.current?.abort()}>
        Stop
      </button>
    </p>
  );

  return (
    <section className="desk-panel" aria-labelledby="reports-title">
      <h1 id="reports-title">Export and figures</h1>
      <p className="desk-muted">
        Choose cases as in the list, and the days they arrived between (at most {maxExportSet}). Each tip is read and
        decrypted here with your key: every read is logged as a view, and new cases become opened.
      </p>
      <form className="desk-filters" onSubmit={(e) => e.preventDefault()}>
        <CaseFilterFields filter={filter} officerId={props.officer.id} onChange={setFilter} />
        <label>
          Arrived from
          <input
            type="date"
            value={filter.from}
            max={today}
            onChange={(e) => setFilter({ ...filter, from: e.target.value })}
          />
        </label>
        <label>
          Arrived until
          <input
            type="date"
            value={filter.to}
            max={today}
            onChange={(e) => setFilter({ ...filter, to: e.target.value })}
          />
        </label>
      </form>
      {!unlocked && <p className="desk-notice">Open your key above to read the cases.</p>}

      <h2>Figures</h2>
      <p className="desk-muted">
        Counts by status, kind of exploitation and island, from the structured answers and labels only (never the free
        text).
      </p>
      <p className="desk-row">
        <button type="button" className="desk-button desk-small" disabled={busy || !unlocked} onClick={count}>
          Count figures
        </button>
      </p>
      {counting.busy && progressBar}
      <ActionMessage message={counting.message} />
      {figures && <FigureTable figures={figures} vault={props.vault} />}

      <h2>Export a set</h2>
      <p className="desk-muted">
        One row per case in the Human Trafficking Case Data Standard's fields, as for one case. One signature by your
        key covers the whole set; each case is logged as exported.
      </p>
      {choices.fields}
      <div className="desk-row">
        <button
          type="button"
          className="desk-button desk-small desk-secondary"
          disabled={busy || !unlocked}
          onClick={() => exportAs('csv')}
        >
          Export CSV (HTCDS)
        </button>
        <button
          type="button"
          className="desk-button desk-small desk-secondary"
          disabled={busy || !unlocked}
          onClick={() => exportAs('json')}
        >
          Export JSON
        </button>
      </div>

      {exporting.busy && progressBar}
      <ActionMessage message={exporting.message} />
    </section>
  );
}

function FigureTable({ figures, vault }: { figures: Figures; vault: KeyVault }) {
  const save = () =>
    saveFile(
      vault,
      `figures-${figures.period.replace(' to ', '-')}.csv`,
      figuresCsv(figures.groups, figures.period, figures.total),
      'text/csv',
      false,
    );
  return (
    <>
      <Scrollable label="Figures">
        <table className="desk-table desk-figures">
          <caption>
            Cases that arrived from {figures.period}: {figures.total}
          </caption>
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col">Cases</th>
            </tr>
          </thead>
          {figures.groups.map((g) => (
            <tbody key={g.title}>
              <tr>
                <th scope="colgroup" colSpan={2}>
                  {g.title}
                </th>
              </tr>
              {g.rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td>{r.cases}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </Scrollable>
      <p className="desk-row">
        <button type="button" className="desk-button desk-small desk-secondary" onClick={save}>
          Download the figures (CSV)
        </button>
        <span className="desk-muted">counts only, no case content</span>
      </p>
    </>
  );
}
