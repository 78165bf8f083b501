// The form's layout: one row per question of src/shared/tip-fields.ts, saying where it appears and how it is
// presented. The questions themselves (names, choices, which are multi-line) come only from tip-fields.ts; adding
// a question is a row here. `satisfies` makes a new field in tip-fields.ts a type error until it has its row.
import { choiceFields, textFields, type ChoiceFieldName, type TextFieldName } from '../../shared/tip-fields.ts';

export type FieldName = ChoiceFieldName | TextFieldName;
export type SectionId = 'safety' | 'what' | 'place' | 'people' | 'files' | 'contact';

export const sectionOrder: readonly SectionId[] = ['safety', 'what', 'place', 'people', 'files', 'contact'];

/** A box of help shown under a question after given answers (always shown when JavaScript is off). */
export interface Callout {
  /** "danger=yes,not-sure": the answers that reveal it. */
  revealWhen: string;
  /** Strings: the bold title and the text after it. */
  title: string;
  text: string;
  /** Numbers to call, by their id in content/settings.json. */
  numbers: string[];
  /** A link to the get-help page, with this string, and a last paragraph. */
  helpLink?: string;
  after?: string;
  danger?: boolean;
}

export interface FieldLayout {
  section: SectionId;
  /** Rows of a multi-line answer (default 3). */
  rows?: number;
  /** Off for answers that are addresses or numbers, not prose. */
  spellcheck?: false;
  /** A warning string shown above the options. */
  warning?: string;
  /** A follow-up question: shown only after this answer ("contact=yes"). */
  revealWhen?: string;
  callout?: Callout;
}

/** In display order within each section. */
export const fieldLayout = {
  danger: {
    section: 'safety',
    callout: {
      revealWhen: 'danger=yes,not-sure',
      title: 'tip.danger.title',
      text: 'tip.danger.text',
      numbers: ['emergency', 'police'],
      danger: true,
    },
  },
  reporter: {
    section: 'safety',
    callout: {
      revealWhen: 'reporter=self',
      title: 'tip.self.title',
      text: 'tip.self.text',
      numbers: ['emergency', 'gender-affairs', 'counselling', 'legal-aid'],
      helpLink: 'tip.self.link',
      after: 'tip.self.form',
    },
  },
  kind: { section: 'what' },
  happened: { section: 'what', rows: 6 },
  indicators: { section: 'what' },
  where: { section: 'place' },
  when: { section: 'place' },
  people: { section: 'people' },
  vehicles: { section: 'people' },
  contact: { section: 'contact', warning: 'tip.contact.warning' },
  'contact-how': { section: 'contact', revealWhen: 'contact=yes', spellcheck: false },
  'contact-when': { section: 'contact', revealWhen: 'contact=yes' },
} as const satisfies Record<FieldName, FieldLayout>;

export type FormField = { layout: FieldLayout } & (
  { kind: 'choice'; field: (typeof choiceFields)[number] } | { kind: 'text'; field: (typeof textFields)[number] }
);

/** The questions of each section, in the table's order. */
export function fieldsBySection(): Map<SectionId, FormField[]> {
  const byName = new Map<string, FormField>([
    ...choiceFields.map(
      (field) => [field.name, { kind: 'choice' as const, field, layout: fieldLayout[field.name] }] as const,
    ),
    ...textFields.map(
      (field) => [field.name, { kind: 'text' as const, field, layout: fieldLayout[field.name] }] as const,
    ),
  ]);
  const out = new Map<SectionId, FormField[]>(sectionOrder.map((s) => [s, []]));
  for (const name of Object.keys(fieldLayout) as FieldName[]) {
    const field = byName.get(name)!;
    out.get(field.layout.section)!.push(field);
  }
  return out;
}
