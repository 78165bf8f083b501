// What the tipster chose in the form: the files, as the browser holds them. (Their answers are read by the rule
// both ways in share: src/shared/report/answers.ts.)
import { attachmentsField } from '../shared/tip-fields.ts';

export function chosenFiles(form: HTMLFormElement): File[] {
  const input = form.elements.namedItem(attachmentsField);
  return input instanceof HTMLInputElement && input.files ? Array.from(input.files) : [];
}
