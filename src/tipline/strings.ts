// The few localized strings the form's script needs (progress, errors, receipt), handed over by the page in a
// data attribute: the script carries no translations of its own. {{name}} placeholders as in i18next.

export type Strings = Record<string, string>;

export function readStrings(element: HTMLElement): Strings {
  try {
    return JSON.parse(element.dataset.tipStrings ?? '{}') as Strings;
  } catch {
    return {};
  }
}

export function translate(strings: Strings, key: string, vars: Record<string, string | number> = {}): string {
  const template = strings[key] ?? strings['tip.error.unknown'] ?? key;
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
}
