// Turns a schema issue into a plain sentence with what to do, for staff who never saw a stack trace.
import type { z } from 'astro/zod';

/** "sources, item 2, publisher" for the path ["sources", 1, "publisher"]. */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the file';
  return `field "${path.map((part) => (typeof part === 'number' ? `item ${part + 1}` : String(part))).join(' > ')}"`;
}

export function explainIssue(issue: z.core.$ZodIssue, where: 'front matter' | 'file'): string {
  const last = issue.path.at(-1);
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  if (last === 'imageAlt') {
    return 'the picture has no alt text. Add a line "imageAlt: …" with a sentence in this language saying what the picture shows.';
  }
  if (missing) {
    return where === 'front matter'
      ? `it is missing. Add a line "${String(last)}: …" to the front matter, above this closing ---.`
      : `it is missing. Add "${String(last)}" here.`;
  }
  if (issue.code === 'custom') return `${issue.message}. Write a real date as YYYY-MM-DD.`;
  if (issue.code === 'too_small' && issue.origin === 'string')
    return 'it is empty. Write a value, or remove the line if the field is optional.';
  if (issue.code === 'too_small' && issue.origin === 'array')
    return `it needs at least ${issue.minimum} item(s). Add them.`;
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `it is too long: ${issue.maximum} characters at most. Shorten it.`;
  if (issue.code === 'too_big' && issue.origin === 'array')
    return `it has too many items: ${issue.maximum} at most. Remove some.`;
  if (issue.code === 'invalid_value') return `use one of: ${issue.values.map((v) => `"${String(v)}"`).join(', ')}.`;
  if (issue.code === 'invalid_format' && issue.format === 'url')
    return 'it is not a web address. Write the full address, starting with https://';
  if (issue.code === 'invalid_type')
    return `it should be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}. Correct the value on this line.`;
  return `${issue.message}. Correct the value on this line.`;
}
