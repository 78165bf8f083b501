// The answers of a report are read by one rule, whichever way they come in: the browser's FormData and the
// server's parsed form post give the same answers for the same form.
import { describe, expect, test } from 'vitest';
import { readAnswers } from '../../src/shared/report/answers.ts';
import { checkAttachmentLimits } from '../../src/shared/report/limits.ts';
import { tipLimits } from '../../src/shared/tip-fields.ts';

const pairs: Array<[string, string]> = [
  ['happened', 'A man keeps their passports.'],
  ['where', '   '],
  ['kind', 'forced-labour'],
  ['kind', 'forced-labour'],
  ['kind', 'made-up'],
  ['reporter', 'self'],
  ['reporter', 'witness'],
  ['keep-location', 'on'],
];

describe('the shared answer reader', () => {
  test('FormData (the browser) and parsed fields (the server) read the same answers', () => {
    const data = new FormData();
    for (const [name, value] of pairs) data.append(name, value);
    const fields: Record<string, string[]> = {};
    for (const [name, value] of pairs) (fields[name] ??= []).push(value);

    const fromBrowser = readAnswers((name) => data.getAll(name));
    const fromServer = readAnswers((name) => fields[name] ?? []);
    expect(fromBrowser).toEqual(fromServer);
    expect(fromBrowser).toEqual({
      ok: true,
      answers: {
        // blank text is no answer; unknown and repeated options are dropped; a single choice keeps its first
        text: { happened: 'A man keeps their passports.' },
        choices: { kind: ['forced-labour'], reporter: ['self'] },
        keepPhotoLocation: true,
      },
    });
  });

  test('an answer over the limit is refused, not cut', () => {
    const long = 'x'.repeat(tipLimits.maxTextChars + 1);
    expect(readAnswers((name) => (name === 'people' ? [long] : []))).toEqual({ ok: false, code: 'text.too-long' });
    expect(readAnswers((name) => (name === 'people' ? [long.slice(1)] : []))).toMatchObject({ ok: true });
  });

  test('the attachment limits count the files as chosen', () => {
    expect(checkAttachmentLimits([tipLimits.maxAttachmentBytes])).toBeNull();
    expect(checkAttachmentLimits([tipLimits.maxAttachmentBytes, 1])).toBe('attachments.too-large');
    expect(checkAttachmentLimits(Array(tipLimits.maxFiles + 1).fill(1))).toBe('attachments.too-many');
  });
});
