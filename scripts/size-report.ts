// Per built page: gzip bytes of its HTML and of the CSS, JS, fonts and icons it loads (what a reader on a slow
// network downloads; the mark is inline SVG in the HTML; pictures excluded). Content pages may carry at most 2 KB
// of JavaScript and 50 KB in all. Fonts are counted in each page's total and listed on their own. Scripts that load
// only when needed (the tip line's encryption, Pagefind's search) are lazy chunks: listed apart, not counted.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const limits = { js: 2 * 1024, total: 50 * 1024 };
/**
 * The task force desk (/desk/) is a tool for officers on office connections, not a page for readers: React and the
 * passkey library are its script. It has a budget of its own, so it cannot grow without anyone noticing.
 */
const deskLimits = { js: 100 * 1024, total: 130 * 1024 };
const deskPage = '/desk/';

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

interface Row {
  page: string;
  html: number;
  css: number;
  js: number;
  fonts: number;
  total: number;
  ok: boolean;
}
const rows: Row[] = [];
const eager = new Set<string>();
// The CMS at /admin/ is for campaign staff, not readers: its weight is reported on its own below, without a budget.
const adminDir = join(dist, 'admin');
for (const file of htmlFiles(dist)
  .filter((f) => !f.startsWith(adminDir + sep))
  .sort()) {
  const html = readFileSync(file, 'utf8');
  const refs = [...html.matchAll(/(?:href|src)="(\/[^"]+)"/g)].map((m) => m[1]!.split('?')[0]!);
  const assets = [...new Set(refs)].filter((r) => /\.(css|js|mjs|woff2?|ttf|otf|svg)$/.test(r));
  // Fonts a stylesheet asks for (url(...) in @font-face) are downloaded too.
  for (const css of assets.filter((a) => a.endsWith('.css') && existsSync(join(dist, a)))) {
    for (const m of readFileSync(join(dist, css), 'utf8').matchAll(/url\(['"]?(\/[^'")]+\.(?:woff2?|ttf|otf))['"]?\)/g))
      assets.push(m[1]!);
  }
  const sum = (re: RegExp) =>
    assets.filter((a) => re.test(a)).reduce((n, a) => n + (existsSync(join(dist, a)) ? gz(join(dist, a)) : 0), 0);
  // Module scripts pull in their static imports: count those chunks too.
  const jsFiles = new Set(assets.filter((a) => /\.m?js$/.test(a)));
  for (const a of [...jsFiles]) {
    const text = existsSync(join(dist, a)) ? readFileSync(join(dist, a), 'utf8') : '';
    for (const m of text.matchAll(/from\s*"\.\/([^"]+\.js)"|import\s*"\.\/([^"]+\.js)"/g))
      jsFiles.add(`/_astro/${m[1] ?? m[2]}`);
  }
  const row = {
    page: `/${relative(dist, file).split(sep).join('/')}`.replace(/index\.html$/, ''),
    html: gz(file) + sum(/\.svg$/),
    css: sum(/\.css$/),
    js: [...jsFiles].reduce((n, a) => n + (existsSync(join(dist, a)) ? gz(join(dist, a)) : 0), 0),
    fonts: [...new Set(assets.filter((a) => /\.(woff2?|ttf|otf)$/.test(a)))].reduce(
      (n, a) => n + (existsSync(join(dist, a)) ? statSync(join(dist, a)).size : 0),
      0,
    ),
  } as Row;
  for (const a of jsFiles) eager.add(a);
  row.total = row.html + row.css + row.js + row.fonts;
  const limit = row.page === deskPage ? deskLimits : limits;
  row.ok = row.js <= limit.js && row.total <= limit.total;
  rows.push(row);
}

const kb = (n: number) => (n / 1024).toFixed(1);
console.log('| page | HTML | CSS | JS | fonts | total (KB gzip) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows)
  console.log(
    `| ${r.page} | ${kb(r.html)} | ${kb(r.css)} | ${kb(r.js)} | ${kb(r.fonts)} | ${kb(r.total)}${r.ok ? '' : ' ✗'} |`,
  );
const publicRows = rows.filter((r) => r.page !== deskPage);
const worst = publicRows.reduce((a, b) => (b.total > a.total ? b : a));
const worstJs = publicRows.reduce((a, b) => (b.js > a.js ? b : a));
console.log(
  `\n${rows.length} pages; of the public ones, the largest ${worst.page} at ${kb(worst.total)} KB; most JavaScript ${worstJs.page} at ${kb(worstJs.js)} KB (limits: ${kb(limits.js)} KB JS, ${kb(limits.total)} KB in all; the desk ${deskPage}: ${kb(deskLimits.js)} KB JS, ${kb(deskLimits.total)} KB in all).`,
);

// Fonts (already compressed: their file size is what travels) and the lazy chunks, on their own.
const files = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir).flatMap((name) =>
        statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)],
      )
    : [];
const fontFiles = files(dist).filter((f) => /\.(woff2?|ttf|otf)$/.test(f));
console.log('\n| font | KB |\n| --- | ---: |');
for (const f of fontFiles) console.log(`| /${relative(dist, f).split(sep).join('/')} | ${kb(statSync(f).size)} |`);
const lazy = files(dist).filter(
  (f) =>
    /\.(m?js|wasm|pagefind)$/.test(f) &&
    !f.startsWith(adminDir + sep) &&
    !eager.has(`/${relative(dist, f).split(sep).join('/')}`),
);
const lazyRows = lazy.map((f) => ({
  file: `/${relative(dist, f).split(sep).join('/')}`,
  size: /\.pagefind$/.test(f) ? statSync(f).size : gz(f),
}));
console.log('\n| lazy chunk (loaded only when used) | KB gzip |\n| --- | ---: |');
for (const r of lazyRows.sort((a, b) => b.size - a.size)) console.log(`| ${r.file} | ${kb(r.size)} |`);
console.log(
  `\n${lazyRows.length} lazy chunks, ${kb(lazyRows.reduce((n, r) => n + r.size, 0))} KB gzip in all (not counted in any page).`,
);
const adminScripts = files(adminDir).filter((f) => f.endsWith('.js'));
console.log(
  `\nThe CMS for staff (/admin/, loaded by no public page): ${kb(adminScripts.reduce((n, f) => n + gz(f), 0))} KB gzip of script.`,
);
const failed = rows.filter((r) => !r.ok);
if (failed.length > 0) {
  console.error(`Over budget: ${failed.map((r) => r.page).join(', ')}`);
  process.exit(1);
}
