// A reply to the tipster: a canned opening in the tipster's language (the form language in the report) to start
// from, the officer's own words, then signed, sealed and sent (reply.ts). Replies are read by someone who may be in
// danger: keep them short, ask one thing at a time, never ask them to meet.
import { useState } from 'react';
import type { KeyVault } from '../key-vault.ts';
import type { MimeEntity } from '../mime.ts';
import { readReportFacts } from '../report.ts';
import { replyKeyOf, sendReply } from '../reply.ts';
import { ActionMessage, useAction } from './action.tsx';

interface Props {
  vault: KeyVault;
  caseId: string;
  tip: MimeEntity;
  /** The thread's next seq as last read. */
  nextSeq: number;
  openings: Record<string, Record<string, string>>;
  onSent: () => void;
  onError: (error: unknown) => void;
}

const languageNames: Record<string, string> = { en: 'English', es: 'Spanish', ht: 'Haitian Creole' };

export function ReplyBox({ vault, caseId, tip, nextSeq, openings, onSent, onError }: Props) {
  const reported = readReportFacts(tip.text).formLanguage ?? 'en';
  const [language, setLanguage] = useState(openings[reported] ? reported : 'en');
  const [text, setText] = useState('');
  const { busy, message, run } = useAction(onError);

  if (!replyKeyOf(tip))
    return (
      <p className="desk-notice">
        This tip carries no reply key (it was sent before replies existed): the tipster cannot receive a reply here.
      </p>
    );

  const send = () =>
    run(async () => {
      const seq = await sendReply(vault, caseId, tip, text.trim(), nextSeq);
      setText('');
      onSent();
      return `Reply sent (message ${seq}). The tipster sees it when they check their status page.`;
    });

  return (
    <section className="desk-compose" aria-labelledby="reply-title">
      <h3 id="reply-title">Reply to the tipster</h3>
      <p className="desk-muted">
        The report was written in {languageNames[reported] ?? reported}. Signed with your key and readable only by the
        tipster (with their code) and the task force.
      </p>
      <div className="desk-openings">
        <label>
          Opening in
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            {Object.keys(openings).map((l) => (
              <option key={l} value={l}>
                {languageNames[l] ?? l}
              </option>
            ))}
          </select>
        </label>
        {Object.entries(openings[language] ?? {}).map(([key, value]) => (
          <button
            key={key}
            type="button"
            className="desk-button desk-small desk-secondary"
            onClick={() => setText((t) => (t ? `${t}\n\n${value}` : value))}
          >
            {value.length > 48 ? `${value.slice(0, 46)}…` : value}
          </button>
        ))}
      </div>
      <label className="desk-block">
        Reply
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={5} maxLength={4000} lang={language} />
      </label>
      <button type="button" className="desk-button" disabled={busy || text.trim() === ''} onClick={send}>
        {busy ? 'Signing and sending…' : 'Sign and send reply'}
      </button>
      <ActionMessage message={message} />
    </section>
  );
}
