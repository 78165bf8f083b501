// Figures for reporting (national reports, the US TIP report questionnaire, referrals): counts over a set of cases
// decrypted in this page, from structured answers only (the case's status and island labels, the tipster's choice of
// kinds of exploitation), never from free text, so a figure cannot carry a name. A report may name several kinds,
// so that group can add up to more than the number of cases, which is given apart.
import { choiceFields } from '../shared/tip-fields.ts';
import type { ReadCase } from './case-set.ts';
import { csvText } from './export.ts';
import { caseStatuses, labelNames, statusNames } from './vocabulary.ts';

export interface FigureGroup {
  title: string;
  rows: { label: string; cases: number }[];
}

const kindOptions = choiceFields.find((f) => f.name === 'kind')!.options as Record<string, string>;

function group(title: string, labels: Record<string, string>, keysOf: (c: ReadCase) => readonly string[]) {
  return (cases: readonly ReadCase[]): FigureGroup => ({
    title,
    rows: Object.entries(labels).map(([key, label]) => ({
      label,
      cases: cases.filter((c) => keysOf(c).includes(key)).length,
    })),
  });
}

const byStatus = group('Status', Object.fromEntries(caseStatuses.map((s) => [s, statusNames[s]])), (c) => [
  c.meta.status,
]);
const byKind = group(
  'Kind of exploitation (a report may name several)',
  { ...kindOptions, none: 'Not answered' },
  (c) => {
    const kinds = c.facts.choices.kind ?? [];
    return kinds.length ? kinds : ['none'];
  },
);
// The island comes from the case's labels, which officers set; the tipster's "Where" is free text and stays out.
const byIsland = group(
  'Island (case labels)',
  { 'st-kitts': labelNames['st-kitts'], nevis: labelNames.nevis, none: 'Not labelled' },
  (c) => {
    const islands = c.meta.labels.filter((l) => l === 'st-kitts' || l === 'nevis');
    return islands.length ? islands : ['none'];
  },
);

export function countFigures(cases: readonly ReadCase[]): FigureGroup[] {
  return [byStatus, byKind, byIsland].map((count) => count(cases));
}

/** The figures as CSV (group, value, cases), all cases of the period first, cells neutralised like an export. */
export function figuresCsv(groups: readonly FigureGroup[], period: string, total: number): string {
  return csvText([
    ['Group', 'Value', 'Cases'],
    ['All cases', period, String(total)],
    ...groups.flatMap((g) => g.rows.map((r) => [g.title, r.label, String(r.cases)])),
  ]);
}
