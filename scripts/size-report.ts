// Per built page: gzip bytes of its HTML and of the CSS, JS and fonts it loads (what a reader on a slow network
// downloads; images excluded). Content pages may carry at most 2 KB of JavaScript and 50 KB in all.
// The report page's tip line scripts load only when the form is first used, so they are listed, not counted.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const limits = { js: 2 * 1024, total: 50 * 1024 };

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
const htmlFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });

if (!existsSync(dist)) {
  console.error(`No ${dist}/: run npm run build first.`);
  process.exit(1);
}

interface Row { page: string; html: number; css: number; js: number; fonts: number; total: number; ok: boolean }
const rows: Row[] = [];
for (const file of htmlFiles(dist).sort()) {
  const html = readFileSync(file, 'utf8');
  const refs = [...html.matchAll(/(?:href|src)="(\/[^"]+)"/g)].map((m) => m[1]!.split('?')[0]!);
  const assets = [...new Set(refs)].filter((r) => /\.(css|js|mjs|woff2?|ttf|otf)$/.test(r));
  const sum = (re: RegExp) =>
    assets.filter((a) => re.test(a)).reduce((n, a) => n + (existsSync(join(dist, a)) ? gz(join(dist, a)) : 0), 0);
  // Module scripts pull in their static imports: count those chunks too.
  const jsFiles = new Set(assets.filter((a) => /\.m?js$/.test(a)));
  for (const a of [...jsFiles]) {
    const text = existsSync(join(dist, a)) ? readFileSync(join(dist, a), 'utf8') : '';
    for (const m of text.matchAll(/from\s*"\.\/([^"]+\.js)"|import\s*"\.\/([^"]+\.js)"/g)) jsFiles.add(`/_astro/${m[1] ?? m[2]}`);
  }
  const row = {
    page: `/${relative(dist, file).split(sep).join('/')}`.replace(/index\.html$/, ''),
    html: gz(file),
    css: sum(/\.css$/),
    js: [...jsFiles].reduce((n, a) => n + (existsSync(join(dist, a)) ? gz(join(dist, a)) : 0), 0),
    fonts: sum(/\.(woff2?|ttf|otf)$/),
  } as Row;
  row.total = row.html + row.css + row.js + row.fonts;
  row.ok = row.js <= limits.js && row.total <= limits.total;
  rows.push(row);
}

const kb = (n: number) => (n / 1024).toFixed(1);
console.log('| page | HTML | CSS | JS | fonts | total (KB gzip) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.page} | ${kb(r.html)} | ${kb(r.css)} | ${kb(r.js)} | ${kb(r.fonts)} | ${kb(r.total)}${r.ok ? '' : ' ✗'} |`);
const worst = rows.reduce((a, b) => (b.total > a.total ? b : a));
const worstJs = rows.reduce((a, b) => (b.js > a.js ? b : a));
console.log(`\n${rows.length} pages; largest ${worst.page} at ${kb(worst.total)} KB; most JavaScript ${worstJs.page} at ${kb(worstJs.js)} KB (limits: ${kb(limits.js)} KB JS, ${kb(limits.total)} KB in all).`);
const failed = rows.filter((r) => !r.ok);
if (failed.length > 0) {
  console.error(`Over budget: ${failed.map((r) => r.page).join(', ')}`);
  process.exit(1);
}
