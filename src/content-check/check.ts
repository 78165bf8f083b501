// The content check: reads every file staff edit under content/ as written, before Astro's loaders, and returns
// each problem as one plain line (see problem.ts). It knows the shapes from src/schema/collections.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'astro/zod';
import { localeCodes, isLocale } from '../i18n/locales.ts';
import { newsSchema, pageSchema, settingsSchema, uiStringsSchema } from '../schema/collections.ts';
import { mediaPath } from '../schema/media.ts';
import { explainIssue, fieldName } from './explain.ts';
import { splitFrontMatter } from './front-matter.ts';
import type { ContentProblem } from './problem.ts';
import { readYaml, type YamlSource } from './yaml-source.ts';

const entryCollections = { pages: pageSchema(), news: newsSchema() } as const;

export function checkContent(contentDir: string): ContentProblem[] {
  const shown = (path: string) => `content/${relative(contentDir, path).split('\\').join('/')}`;
  const problems: ContentProblem[] = [];

  for (const [collection, schema] of Object.entries(entryCollections)) {
    const base = join(contentDir, collection);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const path = join(base, name);
      if (!statSync(path).isDirectory()) {
        if (name.endsWith('.md')) problems.push(notInLanguageFolder(shown(path), collection));
        continue;
      }
      for (const file of markdownFiles(path)) {
        if (!isLocale(name)) problems.push(unknownLanguage(shown(file), collection, name));
        else problems.push(...checkEntry(contentDir, file, shown(file), schema));
      }
    }
  }

  const i18nDir = join(contentDir, 'i18n');
  if (existsSync(i18nDir)) {
    for (const name of readdirSync(i18nDir)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const lang = name.slice(0, -'.json'.length);
      if (!isLocale(lang)) {
        problems.push({
          file: shown(join(i18nDir, name)),
          line: 1,
          field: `language "${lang}"`,
          message: `it is not one of the site's languages (${localeCodes.join(', ')}). Rename the file to one of ${localeCodes.map((l) => `${l}.json`).join(', ')}, or ask a developer to add the language in src/i18n/locales.ts.`,
        });
        continue;
      }
      problems.push(...checkJson(join(i18nDir, name), shown(join(i18nDir, name)), uiStringsSchema));
    }
  }

  const settings = join(contentDir, 'settings.json');
  if (existsSync(settings)) problems.push(...checkJson(settings, shown(settings), settingsSchema));
  return problems;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((n) => n.endsWith('.md'))
    .sort()
    .map((n) => join(dir, n));
}

function unknownLanguage(file: string, collection: string, lang: string): ContentProblem {
  return {
    file,
    line: 1,
    field: `language folder "${lang}"`,
    message: `it is not one of the site's languages (${localeCodes.join(', ')}). Move the file into ${localeCodes.map((l) => `content/${collection}/${l}/`).join(', ')}, or ask a developer to add the language in src/i18n/locales.ts.`,
  };
}

function notInLanguageFolder(file: string, collection: string): ContentProblem {
  return {
    file,
    line: 1,
    field: 'language folder',
    message: `the file is in no language folder. Move it into ${localeCodes.map((l) => `content/${collection}/${l}/`).join(', ')}.`,
  };
}

function schemaProblems(
  source: YamlSource,
  file: string,
  schema: z.ZodType,
  where: 'front matter' | 'file',
  missingLine: number,
): ContentProblem[] {
  if (source.syntaxError) {
    return [
      {
        file,
        line: source.syntaxError.line,
        field: where,
        message: `it cannot be read (${source.syntaxError.message}). Check the quotes, colons and indentation on this line.`,
      },
    ];
  }
  const result = schema.safeParse(source.data ?? {});
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    const line = missing && issue.path.length === 1 ? missingLine : source.lineOf(issue.path);
    return { file, line, field: fieldName(issue.path), message: explainIssue(issue, where) };
  });
}

function checkEntry(contentDir: string, path: string, file: string, schema: z.ZodType): ContentProblem[] {
  const parts = splitFrontMatter(readFileSync(path, 'utf8'));
  if (!parts) {
    return [
      {
        file,
        line: 1,
        field: 'front matter',
        message:
          'the file does not start with front matter. Begin it with a line "---", the fields (title: …), and another "---".',
      },
    ];
  }
  const source = readYaml(parts.yaml, 2, parts.closingLine);
  const problems = schemaProblems(source, file, schema, 'front matter', parts.closingLine);
  const picture = (source.data as { image?: unknown } | null)?.image;
  if (
    typeof picture === 'string' &&
    picture.startsWith(mediaPath.publicPrefix) &&
    !existsSync(join(contentDir, mediaPath.folder, picture.slice(mediaPath.publicPrefix.length)))
  ) {
    problems.push({
      file,
      line: source.lineOf(['image']),
      field: 'field "image"',
      message: `the picture ${picture} is not in content/${mediaPath.folder}/. Upload it again, or choose another.`,
    });
  }
  return [...problems, ...bodyImageProblems(parts.body, parts.bodyLine, file)];
}

/** Markdown pictures in the body need alt text too: ![what it shows](/media/photo.jpg). */
function bodyImageProblems(body: string, firstLine: number, file: string): ContentProblem[] {
  const problems: ContentProblem[] = [];
  body.split('\n').forEach((text, i) => {
    if (/!\[\s*\]\(/.test(text)) {
      problems.push({
        file,
        line: firstLine + i,
        field: 'picture in the text',
        message:
          'the picture has no alt text. Write what it shows between the square brackets: ![A volunteer hands out leaflets](…).',
      });
    }
  });
  return problems;
}

function checkJson(path: string, file: string, schema: z.ZodType): ContentProblem[] {
  return schemaProblems(readYaml(readFileSync(path, 'utf8'), 1, 1), file, schema, 'file', 1);
}
