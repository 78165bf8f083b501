// Reads front matter (YAML) or a JSON file the way staff wrote it: the `yaml` package's core schema keeps
// 2026-12-45 as text (js-yaml, which Astro uses, has already rolled it over to a Date by the time a schema sees it),
// and its LineCounter gives the line of every field.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface YamlSource {
  /** The parsed values, dates still as written. */
  data: unknown;
  /** The 1-based file line of the field at a path (its key, or its "-" in a list), or of its nearest parent that exists. */
  lineOf(path: readonly PropertyKey[]): number;
  /** The first syntax error, with its file line. */
  syntaxError: { line: number; message: string } | null;
}

/** `firstLine` is the file line where the YAML text starts (2 for front matter, after the opening ---). */
export function readYaml(text: string, firstLine: number, fallbackLine: number): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'core', prettyErrors: false, uniqueKeys: true });
  const toFileLine = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  const nodeAt = (path: readonly PropertyKey[]): Node | undefined => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
    return isScalar(node) || isMap(node) || isSeq(node) ? node : undefined;
  };
  const fieldLine = (path: readonly PropertyKey[]): number | undefined => {
    const last = path.at(-1);
    const parent = nodeAt(path.slice(0, -1));
    if (typeof last === 'string' && isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
      if (isScalar(pair?.key) && pair.key.range) return toFileLine(pair.key.range[0]);
    }
    const range = nodeAt(path)?.range;
    return range ? toFileLine(range[0]) : undefined;
  };
  const error = doc.errors[0];
  return {
    data: doc.toJS(),
    syntaxError: error
      ? {
          line: syntaxErrorLine(text, error.code, toFileLine(error.pos[0]), firstLine),
          message: error.message.split('\n')[0]!,
        }
      : null,
    lineOf(path) {
      for (let depth = path.length; depth > 0; depth--) {
        if (nodeAt(path.slice(0, depth)) === undefined) continue;
        const line = fieldLine(path.slice(0, depth));
        if (line !== undefined) return line;
      }
      return fallbackLine;
    },
  };
}

/** The parser notices an unclosed quote only where the text ends; the line to fix is the first one with an odd count. */
function syntaxErrorLine(text: string, code: string, reported: number, firstLine: number): number {
  if (code !== 'MISSING_CHAR') return reported;
  const unbalanced = text
    .split('\n')
    .findIndex((line) => (line.replace(/\\"/g, '').match(/"/g)?.length ?? 0) % 2 === 1);
  return unbalanced === -1 ? reported : unbalanced + firstLine;
}
