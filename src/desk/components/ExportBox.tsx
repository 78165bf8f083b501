// Export of one case, built here: the server only logs it, after a fresh signature by the officer's key (step-up).
import { useState } from 'react';
import { deskRequest } from '../api.ts';
import type { ThreadItem } from '../cases.ts';
import { exportJson, htcdsCsv, htcdsRecord } from '../export.ts';
import type { KeyVault } from '../key-vault.ts';
import { readReportFacts } from '../report.ts';
import { stepUp } from '../step-up.ts';
import type { CaseMeta } from '../types.ts';
import { ActionMessage, useAction } from './action.tsx';

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportBox(props: {
  vault: KeyVault;
  meta: CaseMeta;
  items: ThreadItem[];
  onError: (e: unknown) => void;
}) {
  const [includeText, setIncludeText] = useState(false);
  const [includeContact, setIncludeContact] = useState(false);
  const [encrypted, setEncrypted] = useState(true);
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
      // By default the file is written already encrypted to the task force keys (open it with GnuPG or Kleopatra).
      if (encrypted) download(`${file}.asc`, await props.vault.encrypt(text), 'application/pgp-encrypted');
      else download(file, text, type);
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
      <label className="desk-check">
        <input type="checkbox" checked={includeText} onChange={(e) => setIncludeText(e.target.checked)} />
        Include the free-text answers (what happened, when, people, vehicles, where): they may name people
      </label>
      <label className="desk-check">
        <input type="checkbox" checked={includeContact} onChange={(e) => setIncludeContact(e.target.checked)} />
        Include how and when the tipster said they may be contacted (only when a referral needs it)
      </label>
      <label className="desk-check">
        <input type="checkbox" checked={encrypted} onChange={(e) => setEncrypted(e.target.checked)} />
        Encrypt the file to the task force keys (recommended)
      </label>
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
