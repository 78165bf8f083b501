// One case: fetched (which the server logs, and which moves a new case to opened), decrypted in the key worker,
// shown as its thread; its status, assignee and labels; a reply to the tipster and internal notes.
import { useEffect, useRef, useState } from 'react';
import { decryptThread, factsOf, fetchCase, type ThreadItem } from '../cases.ts';
import type { CaseMessage, CaseMeta } from '../types.ts';
import { errorText, statusNames } from '../vocabulary.ts';
import type { CasesProps } from './Cases.tsx';
import { CaseControls } from './CaseControls.tsx';
import { ThreadMessage } from './ThreadMessage.tsx';
import { DangerBadge } from './DangerBadge.tsx';
import { ReplyBox } from './ReplyBox.tsx';
import { NoteBox } from './NoteBox.tsx';
import { ExportBox } from './ExportBox.tsx';
import { RetentionBox } from './RetentionBox.tsx';
import { phoneMatches } from './PhoneLookup.tsx';
import { codeMatchesTip } from '../reply.ts';

interface Props extends CasesProps {
  caseId: string;
  /** Changes after each phone lookup, so the match shown is the latest. */
  lookups: number;
  /** Changes when the officer asks for fresh data: the case is read again. */
  refreshes: number;
  onClose: () => void;
  onChanged: () => void;
  onDecrypted: () => void;
}

export function CaseView(props: Props) {
  const { caseId, vault } = props;
  const [meta, setMeta] = useState<CaseMeta | null>(null);
  const [messages, setMessages] = useState<CaseMessage[]>([]);
  const [items, setItems] = useState<ThreadItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unlocked, setUnlocked] = useState(vault.unlocked);
  const [version, setVersion] = useState(0);
  // The opened case takes the focus (on a phone the list it was opened from is hidden).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [caseId]);
  useEffect(() => vault.subscribe(setUnlocked), [vault]);

  useEffect(() => {
    let live = true;
    fetchCase(caseId).then(
      (read) => {
        if (!live) return;
        setMeta(read.case);
        setMessages(read.messages);
        props.onChanged();
      },
      (e) => {
        props.onError(e);
        if (live) setError(errorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, [caseId, version, props.refreshes]);

  useEffect(() => {
    if (!unlocked || messages.length === 0) return setItems(null);
    let live = true;
    decryptThread(vault, caseId, messages).then((read) => {
      if (!live) return;
      setItems(read);
      props.onDecrypted();
    });
    return () => {
      live = false;
    };
  }, [unlocked, messages]);

  const tip = items?.find((i) => i.kind === 'tip' && 'entity' in i);
  const reload = () => setVersion((v) => v + 1);
  const calledKey = phoneMatches.get(caseId);
  const called =
    calledKey && tip && 'entity' in tip ? codeMatchesTip({ caseId, replyKey: calledKey }, tip.entity) : null;

  return (
    <section className="desk-case" aria-labelledby="case-title">
      <button type="button" className="desk-link desk-back" onClick={props.onClose}>
        ← All cases
      </button>
      <div className="desk-case-head">
        <h2 id="case-title" ref={heading} tabIndex={-1}>
          Case #{caseId.slice(0, 6)} <DangerBadge facts={factsOf(caseId)} />{' '}
          {meta && <span className={`desk-status desk-status-${meta.status}`}>{statusNames[meta.status]}</span>}
        </h2>
        {meta && (
          <p className="desk-muted">
            Received {meta.receivedDay}
            {meta.keepUntilDay && `, to be deleted after ${meta.keepUntilDay}`}
          </p>
        )}
      </div>
      {error && (
        <p className="desk-error" role="alert">
          {error}
        </p>
      )}
      {called === true && (
        <p className="desk-ok" role="status">
          The caller's code matches this tip.
        </p>
      )}
      {called === false && (
        <p className="desk-error" role="alert">
          The caller's code found this case, but it does not match the reply key in the report: do not discuss it.
        </p>
      )}
      {meta && (
        <CaseControls
          meta={meta}
          officer={props.officer}
          onSaved={(next) => {
            setMeta(next);
            props.onChanged();
          }}
          onError={props.onError}
        />
      )}
      {!unlocked && <p className="desk-notice">Open your key (above) to read this case.</p>}
      {unlocked && !items && messages.length > 0 && <p className="desk-muted">Decrypting…</p>}
      {items && (
        <ol className="desk-thread" aria-label="Thread">
          {items.map((item) => (
            <ThreadMessage key={item.seq} item={item} officer={props.officer} />
          ))}
        </ol>
      )}
      {items && tip && 'entity' in tip && meta && (
        <>
          <ReplyBox
            vault={vault}
            caseId={caseId}
            tip={tip.entity}
            hasThread={meta.hasThread}
            nextSeq={meta.messages}
            openings={props.openings}
            onSent={reload}
            onError={props.onError}
          />
          <NoteBox vault={vault} caseId={caseId} onSaved={reload} onError={props.onError} />
          <ExportBox vault={vault} meta={meta} items={items} onError={props.onError} />
          {props.officer.role === 'coordinator' && (
            <RetentionBox
              vault={vault}
              meta={meta}
              onSaved={(next) => {
                setMeta(next);
                props.onChanged();
              }}
              onDeleted={() => {
                props.onClose();
                props.onChanged();
              }}
              onError={props.onError}
            />
          )}
        </>
      )}
    </section>
  );
}
