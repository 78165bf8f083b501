// What the desk reads out of a decrypted report's summary (src/shared/tip-entity.ts summaryText): the answers to the
// choice questions by their English labels, at the left margin (a tipster's own text is indented or kept on its
// line, so it cannot forge one of these lines), and the reply key from the header block.
import { choiceFields } from '../shared/tip-fields.ts';

export type Danger = 'yes' | 'not-sure' | 'no' | 'unknown';

export interface ReportFacts {
  danger: Danger;
  /** Option values chosen per choice question (kind, indicators, reporter, contact…). */
  choices: Record<string, string[]>;
  /** The answer to "Where", as written. */
  where: string | null;
  formLanguage: string | null;
}

/**
 * The answer under "Label:" in the summary: a one-line answer (with the indented pieces a line longer than a mail
 * line is cut into: shortLines in tip-entity.ts), or an indented block. Null when the question was not answered.
 */
export function summaryAnswer(lines: readonly string[], label: string): string | null {
  const at = lines.findIndex((l) => l === `${label}:` || l.startsWith(`${label}: `));
  if (at < 0) return null;
  const inline = lines[at]!.slice(label.length + 1).trim();
  const block: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (!line.startsWith('  ')) break;
    block.push(line.slice(2));
  }
  // shortLines cuts at a space and drops it, so one space joins the pieces back.
  const text = inline ? [inline, ...block].join(' ') : block.join('\n').trim();
  return text && text !== '(not answered)' ? text : null;
}

export const summaryLines = (summary: string): string[] => summary.split(/\r?\n/);

/** The chosen options of each choice question, read back from "Label: option label; option label". */
export function readReportFacts(summary: string): ReportFacts {
  const lines = summaryLines(summary);
  const choices: Record<string, string[]> = {};
  for (const field of choiceFields) {
    const value = summaryAnswer(lines, field.label);
    if (value === null) continue;
    const chosen = value.split('; ');
    const options = field.options as Record<string, string>;
    choices[field.name] = Object.keys(options).filter((key) => chosen.includes(options[key]!));
  }
  const danger = (choices.danger?.[0] as Danger | undefined) ?? 'unknown';
  return {
    danger,
    choices,
    where: summaryAnswer(lines, 'Where'),
    formLanguage: summaryAnswer(lines, 'Form language'),
  };
}

/** Sort order: someone in danger now first, then not sure, then the rest. */
export const dangerRank: Record<Danger, number> = { yes: 0, 'not-sure': 1, unknown: 2, no: 3 };
