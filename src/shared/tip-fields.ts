// The report form's questions, shared by the browser (which builds the encrypted report) and the functions
// (which build the same report from a plain form post when JavaScript is off). Every question is optional.
// Labels in the report the task force reads are English; the form shows the reader's language (content/i18n).

export const textFields = [
  { name: 'happened', label: 'What happened', multiline: true },
  { name: 'where', label: 'Where', multiline: false },
  { name: 'when', label: 'When', multiline: false },
  { name: 'people', label: 'People involved (how many, ages, descriptions)', multiline: true },
  { name: 'vehicles', label: 'Vehicles', multiline: true },
  { name: 'contact-how', label: 'How to contact the reporter', multiline: true },
  { name: 'contact-when', label: 'When it is safe to contact', multiline: false },
] as const;

export const choiceFields = [
  {
    name: 'reporter',
    label: 'Who is reporting',
    multiple: false,
    options: { witness: 'Someone who saw or knows something', self: 'The person this is happening to' },
  },
  {
    name: 'kind',
    label: 'Kind of exploitation',
    multiple: true,
    options: {
      'forced-labour': 'Forced labour',
      'sexual-exploitation': 'Sexual exploitation',
      'domestic-servitude': 'Domestic servitude',
      'forced-begging-crime': 'Forced begging or crime',
      child: 'A child is involved',
      'not-sure': 'Not sure',
    },
  },
  {
    name: 'indicators',
    label: 'Signs seen',
    multiple: true,
    options: {
      'documents-taken': 'Passport or ID taken by someone else',
      debt: 'Owes a debt they cannot pay',
      'cannot-leave': 'Cannot leave or move freely',
      'not-paid': 'Paid little or nothing',
      threats: 'Threats or violence',
      'lives-at-work': 'Lives where they work',
      'controlled-speech': 'Others speak for them',
      'excessive-hours': 'Very long hours, no days off',
    },
  },
  {
    name: 'danger',
    label: 'Is anyone in immediate danger now',
    multiple: false,
    options: { yes: 'Yes', no: 'No', 'not-sure': 'Not sure' },
  },
  {
    name: 'contact',
    label: 'May the task force contact the reporter',
    multiple: false,
    options: { no: 'No', yes: 'Yes' },
  },
] as const;

export type TextFieldName = (typeof textFields)[number]['name'];
export type ChoiceFieldName = (typeof choiceFields)[number]['name'];

/** The answers as the form gives them: text fields as strings, choices as lists of option values. */
export interface TipAnswers {
  text: Partial<Record<TextFieldName, string>>;
  choices: Partial<Record<ChoiceFieldName, string[]>>;
  /** The tipster chose to keep the location recorded in their photos. */
  keepPhotoLocation?: boolean;
}

/** A report with no answer (no text that is not blank, no choice) and no file: refused on both paths. */
export function isEmptyReport(answers: TipAnswers, files: number): boolean {
  if (files > 0) return false;
  if (Object.values(answers.text).some((value) => typeof value === 'string' && value.trim() !== '')) return false;
  return !Object.values(answers.choices).some((chosen) => (chosen?.length ?? 0) > 0);
}

export const tipLimits = {
  maxFiles: 5,
  /** All attachments together, as chosen (counted before cleaning: src/shared/report/limits.ts). Sent in parts. */
  maxAttachmentBytes: 4 * 1024 * 1024,
  maxTextChars: 20_000,
  /**
   * The largest request body of a tip: the ciphertext of a full report (4 MiB of files in base64 inside the MIME
   * entity, padded), binary as the browser sends it, or armored (a third more) through the JSON API, or a plain form
   * post with the files as they are.
   */
  maxRequestBytes: 10 * 1024 * 1024,
  /**
   * A report whose binary ciphertext is longer than this goes in parts (POST /api/tips/uploads …), each this many
   * bytes but the last. Small enough that a part lost to a dropped connection costs little to send again (about 16 s
   * at 400 kbit/s), and far under every platform's body limit (Vercel 4.5 MB, Netlify about 6 MB). A multiple of 3,
   * so that the parts' base64, which the server stores, joins into the whole message's base64.
   */
  uploadPartBytes: 768 * 1024,
  /** The largest request body of one part: the part itself, in binary. */
  maxPartRequestBytes: 768 * 1024,
} as const;

/**
 * The headers a tip sent in binary carries beside its body (POST /api/tips, application/octet-stream): the lookup
 * hash of its thread (src/shared/followup/) and the proof of work. `receipt` is what pages from before follow-up
 * existed sent instead of the lookup hash: the reference code itself (still accepted, never sent by today's pages).
 */
export const tipHeaders = { lookup: 'tip-lookup', receipt: 'tip-receipt', proof: 'tip-proof' } as const;

export const honeypotField = 'website';
export const keepLocationField = 'keep-location';
export const attachmentsField = 'attachments';
export const localeField = 'lang';
