// Where each question of src/shared/tip-fields.ts appears on the form. The questions themselves (names,
// choices, which are multi-line) come only from tip-fields.ts; this file only groups and orders them.
// `satisfies` makes a new field in tip-fields.ts a type error here until it is placed; at run time an unplaced
// field still shows up, in the "what happened" section, rather than silently vanishing from the form.
import { choiceFields, textFields, type ChoiceFieldName, type TextFieldName } from '../../shared/tip-fields.ts';

export type FieldName = ChoiceFieldName | TextFieldName;
export type SectionId = 'safety' | 'what' | 'place' | 'people' | 'files' | 'contact';

export const sectionOrder: readonly SectionId[] = ['safety', 'what', 'place', 'people', 'files', 'contact'];

/** In display order within each section. */
const placement = {
  danger: 'safety',
  reporter: 'safety',
  kind: 'what',
  happened: 'what',
  indicators: 'what',
  where: 'place',
  when: 'place',
  people: 'people',
  vehicles: 'people',
  contact: 'contact',
  'contact-how': 'contact',
  'contact-when': 'contact',
} as const satisfies Record<FieldName, SectionId>;

export type FormField =
  | { kind: 'choice'; field: (typeof choiceFields)[number] }
  | { kind: 'text'; field: (typeof textFields)[number] };

export function fieldsBySection(): Map<SectionId, FormField[]> {
  const all: FormField[] = [
    ...choiceFields.map((field) => ({ kind: 'choice' as const, field })),
    ...textFields.map((field) => ({ kind: 'text' as const, field })),
  ];
  const order = Object.keys(placement);
  const rank = (f: FormField) => {
    const i = order.indexOf(f.field.name);
    return i === -1 ? order.length : i;
  };
  const out = new Map<SectionId, FormField[]>(sectionOrder.map((s) => [s, []]));
  for (const f of [...all].sort((a, b) => rank(a) - rank(b))) {
    const section: SectionId = (placement as Record<string, SectionId>)[f.field.name] ?? 'what';
    out.get(section)!.push(f);
  }
  return out;
}

/** Follow-up questions shown only after a given answer (always shown when JavaScript is off). */
export const revealWhen: Partial<Record<FieldName, string>> = {
  'contact-how': 'contact=yes',
  'contact-when': 'contact=yes',
};
