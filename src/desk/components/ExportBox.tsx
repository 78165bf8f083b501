// Export of one case, built here: the server only logs it, after a fresh signature by the officer's key (step-up).
import { deskRequest } from '../api.ts';
import type { ThreadItem } from '../cases.ts';
import { saveFile } from '../download.ts';
import { exportJson, htcdsCsv, htcdsRecord } from '../export.ts';
import type { KeyVault } from '../key-vault.ts';
import { readReportFacts } from '../report.ts';
import { stepUp } from '../step-up.ts';
import type { CaseMeta } from '../types.ts';
import { ActionMessage, useAction } from './action.tsx';
import { useExportChoices } from './ExportChoices.tsx';

export function ExportBox(props: {
  vault: KeyVault;
  meta: CaseMeta;
  items: ThreadItem[];
  onError: (e: unknown) => void;
}) {
  const { includeText, includeContact, encrypted, fields } = useExportChoices();
  const { busy, message, run } = useAction(props.onError);
  const tip = props.items.find((i) => i.kind === 'tip' && 'entity' in i);
  const summary = tip && 'entity' in tip ? tip.entity.text : '';

  const exportAs = (format: 'json' | 'csv') =>
    run(async () => {
      const signed = await stepUp(props.vault, 'export', props.meta.id);
      await deskRequest('POST', `cases/${encodeURIComponent(props.meta.id)}/export`, { stepUp: signed });
      const input = {
        meta: props.meta,
        facts: readReportFacts(summary),
        summary,
        includeText,
        includeContact,
        caseOwner: null,
      };
      const name = `case-${props.meta.id.slice(0, 8)}-${props.meta.receivedDay}`;
      const [file, text, type] =
        format === 'json'
          ? [`${name}.json`, exportJson(input), 'application/json']
          : [`${name}-htcds.csv`, htcdsCsv([htcdsRecord(input)]), 'text/csv'];
      await saveFile(props.vault, file, text, type, encrypted);
      return encrypted
        ? 'Exported (and logged), encrypted to the task force keys.'
        : 'Exported (and logged) unencrypted: delete the file when done.';
    });

  return (
    <section className="desk-compose" aria-labelledby="export-title">
      <h3 id="export-title">Export</h3>
      <p className="desk-muted">
        A possible-victim case in the Human Trafficking Case Data Standard's fields. The tipster's contact details only
        if you tick the box for them.
      </p>
      {fields}
      <div className="desk-row">
        <button
          type="button"
          className="desk-button desk-small desk-secondary"
          disabled={busy}
          onClick={() => exportAs('csv')}
        >
          Export CSV (HTCDS)
        </button>
        <button
          type="button"
          className="desk-button desk-small desk-secondary"
          disabled={busy}
          onClick={() => exportAs('json')}
        >
          Export JSON
        </button>
      </div>
      <ActionMessage message={message} />
    </section>
  );
}
