// A reply to the tipster: a canned opening in the tipster's language (the form language in the report) to start
// from, the officer's own words, then signed, sealed and sent (reply.ts). Replies are read by someone who may be in
// danger: keep them short, ask one thing at a time, never ask them to meet.
import { useState } from 'react';
import type { KeyVault } from '../key-vault.ts';
import type { MimeEntity } from '../mime.ts';
import { readReportFacts } from '../report.ts';
import { replyBlock, sendReply } from '../reply.ts';
import { ActionMessage, useAction } from './action.tsx';

interface Props {
  vault: KeyVault;
  caseId: string;
  tip: MimeEntity;
  /** Whether the case has a thread the tipster reads (the server's hasThread). */
  hasThread: boolean;
  /** The thread's next seq as last read. */
  nextSeq: number;
  openings: Record<string, Record<string, string>>;
  onSent: () => void;
  onError: (error: unknown) => void;
}

const languageNames: Record<string, string> = { en: 'English', es: 'Spanish', ht: 'Haitian Creole' };

/** In place of the reply box, why there is none: a reply would reach no one, and the officer should not wait for it. */
const noReply = {
  'no-thread':
    'The tipster cannot be answered here: this case has no thread with them. It was filed apart from any ' +
    "tipster's conversation (a second report under a reference code that already had a case, which the tip " +
    'line never sends, or a tip from before replies existed). You can add an internal note below.',
  'no-reply-key':
    'The tipster cannot be answered here: this tip carries no reply key (it was sent without JavaScript, or ' +
    'from a page older than replies), so they can see its status but no reply. You can add an internal note below.',
};

export function ReplyBox({ vault, caseId, tip, hasThread, nextSeq, openings, onSent, onError }: Props) {
  const reported = readReportFacts(tip.text).formLanguage ?? 'en';
  const [language, setLanguage] = useState(openings[reported] ? reported : 'en');
  const [text, setText] = useState('');
  const { busy, message, run } = useAction(onError);

  const blocked = replyBlock(hasThread, tip);
  if (blocked)
    return (
      <p className="desk-notice" data-no-reply={blocked}>
        {noReply[blocked]}
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
