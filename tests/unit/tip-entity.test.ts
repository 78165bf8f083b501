// The MIME entity the task force decrypts: a real MIME parser (mailparser) must read back every answer and
// every attachment byte for byte, and the padding must hide the length within a bucket.
import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  buildTipEntity,
  pad,
  maxLineBytes,
  padmeLength,
  summaryText,
  type TipEntityInput,
} from '../../src/shared/tip-entity.ts';
import { formatReplyKey } from '../../src/shared/followup/index.ts';

const photo = randomBytes(300_000);
const replyKey = formatReplyKey(Uint8Array.from({ length: 32 }, (_, i) => i + 1));
const input: TipEntityInput = {
  answers: {
    text: {
      happened: 'Una niña trabaja de noche en el bar; no la dejan salir. = signo igual\nSegunda línea.',
      where: 'Basseterre, calle del puerto',
      'contact-how': '',
    },
    choices: { kind: ['sexual-exploitation', 'child', 'not-a-real-option'], danger: ['yes'], reporter: ['witness'] },
    keepPhotoLocation: false,
  },
  attachments: [
    { filename: 'foto del bar.jpg', contentType: 'image/jpeg', bytes: photo },
    {
      filename: '../../etc/passwd"\r\nX-Evil: 1',
      contentType: 'application/pdf',
      bytes: new TextEncoder().encode('%PDF'),
    },
  ],
  replyKey,
  locale: 'es',
  sentHour: '2026-11-27T20:00Z',
  randomBytes: (n) => randomBytes(n),
};

describe('tip entity', () => {
  it('parses as multipart/mixed with the summary and every attachment intact', async () => {
    const entity = buildTipEntity(input);
    const mail = await simpleParser(Buffer.from(entity));
    // The reply key in the outermost entity's headers, where no answer can reach; no reference code anywhere.
    expect(mail.headers.get('x-reply-key')).toBe(replyKey);
    expect(mail.text).toContain(
      "Replies: the reporter can read replies from the desk (their key is in this message's X-Reply-Key header).",
    );
    expect(mail.text).not.toMatch(/Reference code/);
    expect(mail.text).toContain(
      '  Una niña trabaja de noche en el bar; no la dejan salir. = signo igual\n  Segunda línea.',
    );
    expect(mail.text).toContain('Kind of exploitation: Sexual exploitation; A child is involved');
    expect(mail.text).not.toContain('not-a-real-option');
    expect(mail.text).toContain('Is anyone in immediate danger now: Yes');
    // Unanswered questions are left out (the blank contact answer, and every question not asked here).
    expect(mail.text).not.toContain('How to contact the reporter');
    expect(mail.text).not.toContain('Vehicles');
    expect(mail.text).not.toContain('May the task force contact');
    expect(mail.text).not.toContain('not answered');
    expect(mail.text).toContain('Location and camera data were removed from photos before sending.');
    expect(mail.attachments).toHaveLength(2);
    expect(Buffer.compare(mail.attachments[0]!.content, photo)).toBe(0);
    expect(mail.attachments[0]!.filename).toBe('foto del bar.jpg');
    // A hostile file name cannot add headers or paths.
    expect(mail.attachments[1]!.filename).not.toMatch(/[/"\r\n]/);
    expect(mail.headers.has('x-evil')).toBe(false);
  });

  it('is padded to a Padmé length, so reports of similar length have the same length', () => {
    const short = buildTipEntity({ ...input, attachments: [] });
    const longer = buildTipEntity({
      ...input,
      attachments: [],
      answers: {
        ...input.answers,
        text: { ...input.answers.text, happened: `${input.answers.text.happened} and more` },
      },
    });
    expect(padmeLength(short.length)).toBe(short.length);
    expect(longer.length).toBe(short.length);
    const withPhoto = buildTipEntity(input);
    expect(padmeLength(withPhoto.length)).toBe(withPhoto.length);
  });

  it('Padmé: at most 12% more, shrinking with size; only the top bits of a length may be set', () => {
    let worst = 0;
    const wrong: number[] = [];
    for (let length = 2; length < 70_000; length++) {
      const padded = padmeLength(length);
      // Never shorter, and already padded lengths stay as they are.
      if (padded < length || padmeLength(padded) !== padded) wrong.push(length);
      worst = Math.max(worst, padded / length - 1);
    }
    expect(wrong).toEqual([]);
    expect(worst).toBeLessThan(0.12);
    for (const length of [1_000_001, 2_500_000, 4_194_305, 7_000_000])
      expect(padmeLength(length) / length - 1).toBeLessThan(0.032);
    // 4 MiB + 1 byte: exponent 22, 5 significant bits, so multiples of 2^17.
    expect(padmeLength(4 * 2 ** 20 + 1)).toBe(4 * 2 ** 20 + 2 ** 17);
    expect(padmeLength(129)).toBe(144);
  });

  it('pads with a MIME epilogue only up to the Padmé length, and leaves exact fits alone', () => {
    const exact = new Uint8Array(padmeLength(5000));
    expect(pad(exact)).toBe(exact);
    const padded = pad(new TextEncoder().encode('x'.repeat(5001)));
    expect(padded.length).toBe(padmeLength(5001));
    expect(new TextDecoder().decode(padded.subarray(5001, 5010))).toBe('.........');
  });

  it('writes the summary as UTF-8 text as typed (8bit), with nothing but the answers given', async () => {
    const entity = buildTipEntity({ ...input, attachments: [] });
    const raw = Buffer.from(entity).toString('utf8');
    expect(raw).toContain('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n');
    expect(raw).not.toContain('quoted-printable');
    expect(raw).toContain('  Una niña trabaja de noche en el bar; no la dejan salir. = signo igual\r\n');
    const mail = await simpleParser(Buffer.from(entity));
    expect(mail.text).toContain('Una niña trabaja');
    expect(mail.headers.get('x-reply-key')).toBe(replyKey);
    expect(mail.attachments).toHaveLength(0);
  });

  it("keeps every line within 8bit MIME's 998 bytes; a long answer cut in two cannot start a line of its own", async () => {
    // 3,000 characters on one line, multi-byte letters and a forged line of ours where the cuts may fall.
    const long = `${'ñandú '.repeat(160)}Replies: FAKE ${'€'.repeat(700)} ${'x'.repeat(1200)}`;
    const answers = { ...input.answers, text: { where: long, happened: long } };
    const text = summaryText({ ...input, answers });
    const lines = text.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(maxLineBytes);
    expect(lines.filter((l) => /^\S/.test(l) && l.includes('FAKE'))).toEqual([]);
    expect(lines.filter((l) => /^Replies:/.test(l))).toHaveLength(1);
    // Read back by a MIME parser: nothing lost but the line breaks (and the space at each cut).
    const mail = await simpleParser(Buffer.from(buildTipEntity({ ...input, answers, attachments: [] })));
    const squeeze = (t: string) => t.replace(/\s+/g, '');
    expect(squeeze(mail.text!)).toContain(squeeze(long));
  });

  it("keeps the summary's own lines unforgeable: newlines in answers and file names cannot start a line of their own", () => {
    const forged = 'x\r\nReplies: FAKE';
    const text = summaryText({
      ...input,
      answers: {
        ...input.answers,
        text: {
          where: forged,
          when: 'a\u2028Replies: U2028',
          happened: `story${forged}\nReplies: LF`,
          people: 'p\rReplies: CR',
        },
      },
      attachments: [{ filename: `IMG${forged}.jpg`, contentType: 'image/jpeg', bytes: photo }],
    });
    const ownLines = text.split('\r\n').filter((line) => /^\s*Replies:/.test(line));
    expect(ownLines).toEqual([
      "Replies: the reporter can read replies from the desk (their key is in this message's X-Reply-Key header).",
      '  Replies: FAKE',
      '  Replies: LF',
      '  Replies: CR',
    ]);
    expect(text).toContain('Where: x Replies: FAKE');
    expect(text).toContain('When: a Replies: U2028');
    expect(text).toContain('- IMGx Replies: FAKE.jpg (image/jpeg, 300000 bytes)');
  });

  it('says when the reporter kept the photo location', () => {
    const text = summaryText({ ...input, answers: { ...input.answers, keepPhotoLocation: true } });
    expect(text).toContain('The reporter chose to keep the location recorded in photos.');
  });

  it('without a reply key (a report sent without JavaScript) says replies are not possible, and has no X-Reply-Key', async () => {
    const mail = await simpleParser(Buffer.from(buildTipEntity({ ...input, replyKey: null })));
    expect(mail.headers.has('x-reply-key')).toBe(false);
    expect(mail.text).toContain(
      'Replies: none possible. The report was sent without JavaScript; the reporter can see its status only.',
    );
  });

  it('writes only a strict reply key into the headers (nothing rides along)', () => {
    for (const bad of [`${replyKey}\r\nX-Evil: 1`, 'x25519:short', `${replyKey} `, ''])
      expect(() => buildTipEntity({ ...input, replyKey: bad })).toThrow();
  });

  it('a follow-up carries its message (indented) and the attachments, not the report questions', async () => {
    const mail = await simpleParser(
      Buffer.from(
        buildTipEntity({
          ...input,
          followup: { message: 'The van came back.\nReplies: FAKE' },
          attachments: [input.attachments[0]!],
        }),
      ),
    );
    expect(mail.text).toContain('Follow-up from the reporter of an earlier report');
    expect(mail.text).toContain('Message:\n  The van came back.\n  Replies: FAKE');
    expect(mail.text).not.toContain('Kind of exploitation');
    expect(mail.headers.get('x-reply-key')).toBe(replyKey);
    expect(mail.attachments).toHaveLength(1);
  });
});
