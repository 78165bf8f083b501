// Every string the report form and the status page use exists in every locale, with the same placeholders,
// so no reader ever sees a raw key or an unfilled "{{maxSize}}".
import { describe, expect, it } from 'vitest';
import en from '../../content/i18n/en.json' with { type: 'json' };
import es from '../../content/i18n/es.json' with { type: 'json' };
import ht from '../../content/i18n/ht.json' with { type: 'json' };
import { choiceFields, textFields } from '../../src/shared/tip-fields.ts';
import { sectionOrder } from '../../src/components/TipForm/layout.ts';

const locales = { en, es, ht } as Record<string, Record<string, string>>;
// The API contract's error codes, plus the browser's own.
const errorCodes = [
  'body.too-large',
  'body.invalid',
  'pow.missing',
  'pow.invalid',
  'pow.replayed',
  'rate.limited',
  'envelope.malformed',
  'envelope.recipients',
  'envelope.packets',
  'receipt.invalid',
  'honeypot',
  'attachments.too-many',
  'attachments.too-large',
  'keys.changed',
  'file.unreadable',
  'photo.unclean',
  'crypto.load',
  'crypto.failed',
  'pow.failed',
  'network',
  'unknown',
  'upload.unknown',
  'upload.incomplete',
  'upload.part-invalid',
  'upload.part-resent',
  'server.busy',
  'server.unavailable',
  'report.empty',
];
// Every error a plain form post (JavaScript off) can get back has its page sentence.
const noJsErrorCodes = [
  'body.too-large',
  'body.invalid',
  'body.too-many-fields',
  'rate.limited',
  'receipt.invalid',
  'honeypot',
  'attachments.too-many',
  'attachments.too-large',
  'attachments.unreadable',
  'text.too-long',
  'report.empty',
  'request.cross-site',
  'server.busy',
  'server.unavailable',
  'server',
];
const needed = [
  ...choiceFields.flatMap((f) => [
    `tip.field.${f.name}.label`,
    ...Object.keys(f.options).map((o) => `tip.field.${f.name}.option.${o}`),
  ]),
  ...textFields.map((f) => `tip.field.${f.name}.label`),
  ...sectionOrder.map((s) => `tip.section.${s}`),
  ...errorCodes.map((c) => `tip.error.${c}`),
  ...['checking', 'cleaning', 'encrypting', 'sending', 'part', 'finishing'].map((p) => `tip.progress.${p}`),
  ...['waiting', 'delivered', 'undeliverable', 'unknown'].map((s) => `status.result.${s}`),
  ...['waiting', 'delivered', 'undeliverable', 'unknown'].map((s) => `response.status.${s}`),
  ...noJsErrorCodes.map((c) => `response.error.${c}`),
  ...['title', 'lead', 'code-label', 'code-help', 'status-link', 'expired-title', 'expired'].map(
    (k) => `response.sent.${k}`,
  ),
];
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('tip line strings', () => {
  for (const [locale, strings] of Object.entries(locales)) {
    it(`${locale} has every form, error and status string`, () => {
      expect(needed.filter((k) => !strings[k])).toEqual([]);
    });
  }

  it('translations use the same placeholders as English', () => {
    const mismatched: string[] = [];
    for (const key of Object.keys(en).filter((k) => k.startsWith('tip.') || k.startsWith('status.'))) {
      for (const [locale, strings] of Object.entries(locales)) {
        if (
          strings[key] &&
          placeholders(strings[key]).join() !== placeholders((en as Record<string, string>)[key]!).join()
        ) {
          mismatched.push(`${locale}: ${key}`);
        }
      }
    }
    expect(mismatched).toEqual([]);
  });
});
