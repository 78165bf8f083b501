// The pages the build produced, found from dist/ so a new page or locale is tested without editing the tests.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dist = join(process.cwd(), 'dist');

export function builtPages(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'index.html') found.push(`/${relative(dist, dir).split(sep).join('/')}/`.replace(/\/+$/, '/'));
    }
  };
  walk(dist);
  // "/" only redirects to the default locale; /admin/ is the CMS for staff and /desk/ the task force desk, each with
  // its own test (cms.spec.ts, desk.spec.ts: the same checks of origin, cookies and axe, signed out and in).
  return found.filter((p) => p !== '/' && !p.startsWith('/admin/') && !p.startsWith('/desk/')).sort();
}
