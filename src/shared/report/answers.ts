// Reading a report's answers out of a form, one rule for both ways in: the browser's FormData (JavaScript on) and
// the server's parsed form post (JavaScript off). Blank text is no answer; text over tipLimits.maxTextChars is
// refused, not cut (the form's maxlength keeps a person under it); a choice keeps only the question's own options,
// each once, and a single-choice question its first. Questions inside a hidden follow-up are disabled by the page
// script, so the browser's FormData leaves them out: an answer the tipster can no longer see is never sent.
import { choiceFields, keepLocationField, textFields, tipLimits, type TipAnswers } from '../tip-fields.ts';

/** The values a form gives for a name, in order (FormData#getAll, or the server's parsed fields). */
export type FormValues = (name: string) => readonly unknown[];

export type AnswersRead = { ok: true; answers: TipAnswers } | { ok: false; code: 'text.too-long' };

const texts = (values: readonly unknown[]): string[] => values.filter((v): v is string => typeof v === 'string');

export function readAnswers(values: FormValues): AnswersRead {
  const answers: TipAnswers = { text: {}, choices: {}, keepPhotoLocation: values(keepLocationField).length > 0 };
  for (const field of textFields) {
    const value = texts(values(field.name))[0];
    if (value === undefined) continue;
    if (value.length > tipLimits.maxTextChars) return { ok: false, code: 'text.too-long' };
    if (value.trim() !== '') answers.text[field.name] = value;
  }
  for (const field of choiceFields) {
    const options = field.options as Record<string, string>;
    const chosen = [...new Set(texts(values(field.name)).filter((v) => Object.hasOwn(options, v)))];
    if (chosen.length > 0) answers.choices[field.name] = field.multiple ? chosen : chosen.slice(0, 1);
  }
  return { ok: true, answers };
}
