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

const photo = randomBytes(300_000);
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
  receipt: '0123-4567-89AB-CDEF-GHJK',
  locale: 'es',
  sentHour: '2026-11-27T20:00Z',
  randomBytes: (n) => randomBytes(n),
};

describe('tip entity', () => {
  it('parses as multipart/mixed with the summary and every attachment intact', async () => {
    const entity = buildTipEntity(input);
    const mail = await simpleParser(Buffer.from(entity));
    expect(mail.text).toContain('Reference code: 0123-4567-89AB-CDEF-GHJK');
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

  it('a report without files is one text/plain part, its UTF-8 text as typed (8bit), no multipart wrapper', async () => {
    const entity = buildTipEntity({ ...input, attachments: [] });
    const raw = Buffer.from(entity).toString('utf8');
    expect(raw.startsWith('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n')).toBe(
      true,
    );
    expect(raw).not.toContain('multipart');
    expect(raw).toContain('  Una niña trabaja de noche en el bar; no la dejan salir. = signo igual\r\n');
    const mail = await simpleParser(Buffer.from(entity));
    expect(mail.text).toContain('Reference code: 0123-4567-89AB-CDEF-GHJK');
    expect(mail.text).toContain('Una niña trabaja');
    expect(mail.attachments).toHaveLength(0);
  });

  it("keeps every line within 8bit MIME's 998 bytes; a long answer cut in two cannot start a line of its own", async () => {
    // 3,000 characters on one line, multi-byte letters and a forged code where the cuts may fall.
    const long = `${'ñandú '.repeat(160)}Reference code: FAKE ${'€'.repeat(700)} ${'x'.repeat(1200)}`;
    const answers = { ...input.answers, text: { where: long, happened: long } };
    const text = summaryText({ ...input, answers });
    const lines = text.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(maxLineBytes);
    expect(lines.filter((l) => /^\S/.test(l) && l.includes('FAKE'))).toEqual([]);
    expect(lines.filter((l) => /^Reference code:/.test(l))).toEqual(['Reference code: 0123-4567-89AB-CDEF-GHJK']);
    // Read back by a MIME parser: nothing lost but the line breaks (and the space at each cut).
    const mail = await simpleParser(Buffer.from(buildTipEntity({ ...input, answers, attachments: [] })));
    const squeeze = (t: string) => t.replace(/\s+/g, '');
    expect(squeeze(mail.text!)).toContain(squeeze(long));
  });

  it("keeps the summary's own lines unforgeable: newlines in answers and file names cannot start a line of their own", () => {
    const forged = 'x\r\nReference code: FAKE-FAKE-FAKE-FAKE-FAKE';
    const text = summaryText({
      ...input,
      answers: {
        ...input.answers,
        text: {
          where: forged,
          when: 'a\u2028Reference code: U2028',
          happened: `story${forged}\nReference code: LF`,
          people: 'p\rReference code: CR',
        },
      },
      attachments: [{ filename: `IMG${forged}.jpg`, contentType: 'image/jpeg', bytes: photo }],
    });
    const codeLines = text.split('\r\n').filter((line) => /^\s*Reference code:/.test(line));
    expect(codeLines).toEqual([
      'Reference code: 0123-4567-89AB-CDEF-GHJK',
      '  Reference code: FAKE-FAKE-FAKE-FAKE-FAKE',
      '  Reference code: LF',
      '  Reference code: CR',
    ]);
    expect(text).toContain('Where: x Reference code: FAKE-FAKE-FAKE-FAKE-FAKE');
    expect(text).toContain('When: a Reference code: U2028');
    expect(text).toContain('- IMGx Reference code: FAKE-FAKE-FAKE-FAKE-FAKE.jpg (image/jpeg, 300000 bytes)');
  });

  it('says when the reporter kept the photo location', () => {
    const text = summaryText({ ...input, answers: { ...input.answers, keepPhotoLocation: true } });
    expect(text).toContain('The reporter chose to keep the location recorded in photos.');
  });
});
