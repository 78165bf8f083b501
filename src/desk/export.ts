// A case export built in the officer's browser: JSON (our own shape) and a CSV shaped after the Human Trafficking
// Case Data Standard 2.0 (UNMigration/HTCDS) for a *possible* victim case (design note §3.3): HTCDS field names in
// row 1, labels in row 2, one row per case, ";" between the values of a multi-select, UTF-8 with a BOM for
// spreadsheets. A tip is not a victim record: the tipster's contact details (how and when to reach them) and the
// free text (what happened, people, vehicles) are exported only when the officer asks for each. Every cell that a spreadsheet would read as
// a formula is neutralised (tip text is attacker input).
import { textFields } from '../shared/tip-fields.ts';
import { summaryAnswer, summaryLines, type ReportFacts } from './report.ts';
import type { CaseMeta } from './types.ts';

export interface ExportInput {
  meta: CaseMeta;
  facts: ReportFacts;
  /** The tip's summary text, for the free-text answers (only used when includeText). */
  summary: string;
  includeText: boolean;
  /** How and when the tipster said they may be contacted: only when the officer asks (a referral may need it). */
  includeContact: boolean;
  /** The assignee's name as the desk knows it, or null. */
  caseOwner: string | null;
}

const exploitation: Record<string, string> = {
  'forced-labour': 'ForcedLabour',
  'sexual-exploitation': 'SexualExploitation',
  'domestic-servitude': 'Servitude',
  'forced-begging-crime': 'ForcedBegging',
  'not-sure': 'Other',
};
const methods: Record<string, string> = {
  'documents-taken': 'WithholdsDocuments',
  debt: 'DebtBondage',
  threats: 'PhysicalThreats',
  'excessive-hours': 'ExcessiveWorkingHours',
  'not-paid': 'TakesEarnings',
  // RestrictsMovement is missing from the 2.0 picklist: these go to Other, named in the comment.
  'cannot-leave': 'Other',
  'lives-at-work': 'Other',
  'controlled-speech': 'Other',
};
const casStatus: Record<CaseMeta['status'], string> = {
  new: 'Active',
  opened: 'Active',
  assessing: 'Active',
  referred: 'ClosedReferred',
  closed: 'Closed',
};

export const htcdsColumns = [
  ['cas_CaseID', 'Case ID'],
  ['cas_Status', 'Case status'],
  ['cas_ReasonForCaseClosure', 'Reason for case closure'],
  ['cas_CaseOwner', 'Case owner'],
  ['cas_ReferringOrganisation', 'Referring organisation'],
  ['cas_IncomingReferralDate', 'Incoming referral date'],
  ['vic_TraffickingStatus', 'Trafficking status'],
  ['vic_TypeOfExploitation', 'Type of exploitation'],
  ['vic_ForcedLabourIndustry', 'Forced labour industry'],
  ['vic_MethodsOfControl', 'Methods of control'],
  ['hte_Type', 'Trafficking event type'],
  ['hte_State', 'Trafficking event state'],
  ['hte_Country', 'Trafficking event country'],
  ['hte_Description', 'Trafficking event description'],
  ['cco_CaseComment', 'Case comment'],
] as const;
export type HtcdsRecord = Record<(typeof htcdsColumns)[number][0], string | string[]>;

const unique = (values: string[]) => [...new Set(values)];
/** Summary labels of what the officer may add when asked: how to reach the tipster, and the free-text answers. */
const labelsOf = (names: readonly string[]) => textFields.filter((f) => names.includes(f.name)).map((f) => f.label);
const contactLabels = labelsOf(['contact-how', 'contact-when']);
const freeTextLabels = labelsOf(['happened', 'when', 'people', 'vehicles']);

export function htcdsRecord(input: ExportInput): HtcdsRecord {
  const { meta, facts } = input;
  const kinds = facts.choices.kind ?? [];
  const indicators = facts.choices.indicators ?? [];
  const where = facts.where ?? '';
  const state = /nevis/i.test(where) ? 'Nevis' : /kitts/i.test(where) ? 'Saint Kitts' : '';
  const comments: string[] = [];
  if (kinds.includes('child')) comments.push('The report says a child is involved.');
  const restricted = indicators.filter((i) => ['cannot-leave', 'lives-at-work', 'controlled-speech'].includes(i));
  if (restricted.length) comments.push(`Other methods of control reported: ${restricted.join(', ')}.`);
  if (kinds.includes('forced-begging-crime')) comments.push('Forced begging or crime reported.');
  const lines = summaryLines(input.summary);
  const asked = [...(input.includeContact ? contactLabels : []), ...(input.includeText ? freeTextLabels : [])];
  for (const label of asked) {
    const answer = summaryAnswer(lines, label);
    if (answer) comments.push(`${label}: ${answer}`);
  }
  return {
    cas_CaseID: meta.id,
    cas_Status: casStatus[meta.status],
    cas_ReasonForCaseClosure: meta.closeReason ?? '',
    cas_CaseOwner: input.caseOwner ?? '',
    cas_ReferringOrganisation: 'SKN online tip line',
    cas_IncomingReferralDate: meta.receivedDay,
    vic_TraffickingStatus: 'PossibleVictimOfTrafficking',
    vic_TypeOfExploitation: unique(kinds.flatMap((k) => (exploitation[k] ? [exploitation[k]] : []))),
    vic_ForcedLabourIndustry: kinds.includes('domestic-servitude') ? ['T_ActivitiesOfHouseholdsAsEmployers'] : [],
    vic_MethodsOfControl: unique(indicators.flatMap((i) => (methods[i] ? [methods[i]] : []))),
    hte_Type: 'Exploitation',
    hte_State: state,
    hte_Country: 'KN',
    hte_Description: input.includeText ? where : '',
    cco_CaseComment: comments.join(' '),
  };
}

/**
 * A cell a spreadsheet shows as text: a value starting with = + - @, a tab or a carriage return gets a leading
 * apostrophe (OWASP's advice for CSV injection), then the whole value is quoted, quotes doubled.
 */
export function csvCell(value: string): string {
  const neutral = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${neutral.replace(/"/g, '""')}"`;
}

/** Rows as CSV for spreadsheets: UTF-8 with a BOM, CRLF, every cell neutralised and quoted. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function htcdsCsv(records: readonly HtcdsRecord[]): string {
  const rows: string[][] = [htcdsColumns.map(([field]) => field), htcdsColumns.map(([, label]) => label)];
  for (const r of records) rows.push(htcdsColumns.map(([field]) => [r[field]].flat().join(';')));
  return csvText(rows);
}

export function exportJson(input: ExportInput): string {
  return `${JSON.stringify({ format: 'skn-desk-export/v1', htcds: htcdsRecord(input) }, null, 2)}\n`;
}

/** A set of cases exported at once: the same records as one case's export, in the order given. */
export function exportSetJson(inputs: readonly ExportInput[]): string {
  return `${JSON.stringify({ format: 'skn-desk-export-set/v1', htcds: inputs.map(htcdsRecord) }, null, 2)}\n`;
}
