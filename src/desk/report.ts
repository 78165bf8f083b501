// What the desk reads out of a decrypted report's summary (src/shared/tip-entity.ts summaryText): the answers to the
// choice questions by their English labels, at the left margin (a tipster's own text is indented or kept on its
// line, so it cannot forge one of these lines), and the reply key from the header block.
import { choiceFields } from '../shared/tip-fields.ts';

export type Danger = 'yes' | 'not-sure' | 'no' | 'unknown';

export interface ReportFacts {
  danger: Danger;
  /** Option values chosen per choice question (kind, indicators, reporter, contact…). */
  choices: Record<string, string[]>;
  /** The line "Where: …" as written. */
  where: string | null;
  formLanguage: string | null;
}

/** The chosen options of each choice question, read back from "Label: option label; option label". */
export function readReportFacts(summary: string): ReportFacts {
  const lines = summary.split(/\r?\n/);
  const lineFor = (label: string) => lines.find((l) => l.startsWith(`${label}: `))?.slice(label.length + 2) ?? null;
  const choices: Record<string, string[]> = {};
  for (const field of choiceFields) {
    const value = lineFor(field.label);
    if (value === null || value === '(not answered)') continue;
    const chosen = value.split('; ');
    const options = field.options as Record<string, string>;
    choices[field.name] = Object.keys(options).filter((key) => chosen.includes(options[key]!));
  }
  const danger = (choices.danger?.[0] as Danger | undefined) ?? 'unknown';
  const where = lineFor('Where');
  return {
    danger,
    choices,
    where: where && where !== '(not answered)' ? where : null,
    formLanguage: lineFor('Form language'),
  };
}

/** Sort order: someone in danger now first, then not sure, then the rest. */
export const dangerRank: Record<Danger, number> = { yes: 0, 'not-sure': 1, unknown: 2, no: 3 };
