// One message of a thread as the officer reads it: the tip or a follow-up (the summary text and attachments),
// a reply sent to the tipster (its record copy), or an internal note. A follow-up says whether the tipster signed it.
import type { ThreadItem } from '../cases.ts';
import type { OfficerView } from '../types.ts';
import { Attachment } from './Attachment.tsx';
import { FollowupAuthorship } from './FollowupAuthorship.tsx';

const kindNames = {
  tip: 'Tip',
  followup: 'Follow-up',
  reply: 'Reply to the tipster',
  note: 'Internal note',
};

export function ThreadMessage({ item, officer }: { item: ThreadItem; officer: OfficerView }) {
  const by = 'author' in item && item.author ? (item.author === officer.id ? ' · by you' : ' · by a colleague') : '';
  return (
    <li className={`desk-msg desk-msg-${item.kind}`}>
      <p className="desk-msg-head">
        <strong>{kindNames[item.kind]}</strong> · {item.day}
        {by}
      </p>
      {'error' in item && <p className="desk-error">{item.error}</p>}
      {'authorship' in item && item.authorship && <FollowupAuthorship value={item.authorship} />}
      {'entity' in item && (
        <>
          <pre className="desk-text">{item.entity.text}</pre>
          {item.entity.attachments.length > 0 && (
            <ul className="desk-attachments" aria-label="Attachments">
              {item.entity.attachments.map((a, i) => (
                <Attachment key={i} part={a} index={i} />
              ))}
            </ul>
          )}
        </>
      )}
      {'text' in item && <pre className="desk-text">{item.text}</pre>}
    </li>
  );
}
