// Runs the content check before Astro loads the collections, so that bad content stops the build with one plain
// line per problem instead of a stack trace, and impossible dates are caught before YAML rolls them over.
import type { AstroIntegration } from 'astro';
import { checkContent } from './check.ts';
import { formatProblem } from './problem.ts';

export function contentCheck(contentDir: string): AstroIntegration {
  return {
    name: 'content-check',
    hooks: {
      'astro:config:setup': ({ command }) => {
        const problems = checkContent(contentDir);
        if (problems.length === 0) return;
        const lines = problems.map(formatProblem);
        if (command === 'dev' || command === 'preview') {
          for (const line of lines) console.warn(`Content problem: ${line}`);
          return;
        }
        console.error(lines.join('\n'));
        process.exit(1);
      },
    },
  };
}
