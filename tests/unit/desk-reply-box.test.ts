// The reply box in the states a case can be in, rendered to HTML by React itself: a case with a thread and a reply
// key gets the box; a case the server says has no thread, or a tip without a reply key (sent without JavaScript),
// gets a plain sentence saying why the tipster cannot be answered, and no way to send.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ReplyBox } from '../../src/desk/components/ReplyBox.tsx';
import type { KeyVault } from '../../src/desk/key-vault.ts';
import { parseEntity } from '../../src/desk/mime.ts';
import { replyBlock } from '../../src/desk/reply.ts';
import { formatReplyKey } from '../../src/shared/followup/index.ts';
import { buildTipEntity } from '../../src/shared/tip-entity.ts';

const tip = (replyKey: string | null) =>
  parseEntity(
    buildTipEntity({
      answers: { text: { happened: 'A boat at night.' }, choices: {} },
      attachments: [],
      replyKey,
      locale: 'en',
      sentHour: '2031-01-15T10:00Z',
      randomBytes: (n) => new Uint8Array(n).fill(7),
    }),
  );
const withKey = tip(formatReplyKey(new Uint8Array(32).fill(9)));
const withoutKey = tip(null);

const render = (entity: typeof withKey, hasThread: boolean) =>
  renderToStaticMarkup(
    createElement(ReplyBox, {
      vault: {} as KeyVault,
      caseId: 'case-1',
      tip: entity,
      hasThread,
      nextSeq: 1,
      openings: { en: { thanks: 'Thank you for your report.' } },
      onSent: () => undefined,
      onError: () => undefined,
    }),
  );

describe('the reply box', () => {
  it('is there for a case with a thread whose tip carries a reply key', () => {
    expect(replyBlock(true, withKey)).toBeNull();
    const html = render(withKey, true);
    expect(html).toContain('Reply to the tipster');
    expect(html).toContain('<textarea');
    expect(html).toContain('Sign and send reply');
    expect(html).not.toContain('data-no-reply');
  });

  it('is a sentence instead when the case has no thread, even if the tip names a reply key', () => {
    expect(replyBlock(false, withKey)).toBe('no-thread');
    const html = render(withKey, false);
    expect(html).toContain('data-no-reply="no-thread"');
    expect(html).toContain('The tipster cannot be answered here: this case has no thread with them.');
    expect(html).toContain('You can add an internal note below.');
    expect(html).not.toContain('<textarea');
    expect(html).not.toContain('Sign and send');
  });

  it('is a sentence instead when the tip has no reply key (sent without JavaScript)', () => {
    expect(replyBlock(true, withoutKey)).toBe('no-reply-key');
    const html = render(withoutKey, true);
    expect(html).toContain('data-no-reply="no-reply-key"');
    expect(html).toContain('this tip carries no reply key (it was sent without JavaScript');
    expect(html).not.toContain('<textarea');
    expect(replyBlock(false, withoutKey)).toBe('no-thread');
  });
});
