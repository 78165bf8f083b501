// Reads the answers out of the form. Questions inside a hidden follow-up (the contact details when "may we
// contact you" is not "yes") are disabled by the page script, so FormData leaves them out: an answer the tipster
// can no longer see is never sent.
import { attachmentsField, choiceFields, keepLocationField, textFields, tipLimits, type TipAnswers } from '../shared/tip-fields.ts';

export function readAnswers(form: HTMLFormElement): TipAnswers {
  const data = new FormData(form);
  const text: TipAnswers['text'] = {};
  for (const field of textFields) {
    const value = data.get(field.name);
    if (typeof value === 'string' && value.trim()) text[field.name] = value.slice(0, tipLimits.maxTextChars);
  }
  const choices: TipAnswers['choices'] = {};
  for (const field of choiceFields) {
    const values = data.getAll(field.name).filter((v): v is string => typeof v === 'string');
    if (values.length) choices[field.name] = field.multiple ? values : values.slice(0, 1);
  }
  return { text, choices, keepPhotoLocation: data.has(keepLocationField) };
}

export function chosenFiles(form: HTMLFormElement): File[] {
  const input = form.elements.namedItem(attachmentsField);
  return input instanceof HTMLInputElement && input.files ? Array.from(input.files) : [];
}
