// Splits a Markdown file into its front matter (between the two --- lines) and its body, keeping file line numbers.
export interface FrontMatterText {
  yaml: string;
  /** File line of the closing ---, where a missing field would be added. */
  closingLine: number;
  body: string;
  /** File line where the body starts. */
  bodyLine: number;
}

export function splitFrontMatter(text: string): FrontMatterText | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return null;
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (close === -1) return null;
  return {
    yaml: lines.slice(1, close).join('\n'),
    closingLine: close + 1,
    body: lines.slice(close + 1).join('\n'),
    bodyLine: close + 2,
  };
}
