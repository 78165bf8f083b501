// Export of one case, built here: the server only logs it, after a fresh signature by the officer's key (step-up).
import { useState } from 'react';
import { deskRequest } from '../api.ts';
import type { ThreadItem } from '../cases.ts';
import { exportJson, htcdsCsv, htcdsRecord } from '../export.ts';
import type { KeyVault } from '../key-vault.ts';
import { readReportFacts } from '../report.ts';
import { stepUp } from '../step-up.ts';
import type { CaseMeta } from '../types.ts';
import { errorText } from '../vocabulary.ts';

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
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const tip = props.items.find((i) => i.kind === 'tip' && 'entity' in i);
  const summary = tip && 'entity' in tip ? tip.entity.text : '';

  const run = async (format: 'json' | 'csv') => {
    setBusy(true);
    setMessage(null);
    try {
      const signed = await stepUp(props.vault, 'export', props.meta.id);
      await deskRequest('POST', `cases/${encodeURIComponent(props.meta.id)}/export`, { stepUp: signed });
      const input = { meta: props.meta, facts: readReportFacts(summary), summary, includeText, caseOwner: null };
      const name = `case-${props.meta.id.slice(0, 8)}-${props.meta.receivedDay}`;
      if (format === 'json') download(`${name}.json`, exportJson(input), 'application/json');
      else download(`${name}-htcds.csv`, htcdsCsv([htcdsRecord(input)]), 'text/csv');
      setMessage({ ok: true, text: 'Exported (and logged). The file is on this computer: keep it encrypted.' });
    } catch (e) {
      props.onError(e);
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="desk-compose" aria-labelledby="export-title">
      <h3 id="export-title">Export</h3>
      <p className="desk-muted">
        A possible-victim case in the Human Trafficking Case Data Standard's fields. Never the tipster's contact
        details.
      </p>
      <label className="desk-check">
        <input type="checkbox" checked={includeText} onChange={(e) => setIncludeText(e.target.checked)} />
        Include the free-text answers (what happened, when, people, vehicles, where): they may name people
      </label>
      <div className="desk-row">
        <button
          type="button"
          className="desk-button desk-small desk-secondary"
          disabled={busy}
          onClick={() => run('csv')}
        >
          Export CSV (HTCDS)
        </button>
        <button
          type="button"
          className="desk-button desk-small desk-secondary"
          disabled={busy}
          onClick={() => run('json')}
        >
          Export JSON
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'desk-ok' : 'desk-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
