// One thing wrong in a content file, said in one plain line: the file, the line, the field, and what to do.
export interface ContentProblem {
  /** The path staff know, e.g. content/news/en/world-day.md (whatever folder the build reads from). */
  file: string;
  /** 1-based, as editors number lines. */
  line: number;
  field: string;
  /** What is wrong and what to do, as one sentence or two. */
  message: string;
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}, line ${p.line}, ${p.field}: ${p.message}`;
}
