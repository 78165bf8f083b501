// Search with Pagefind, loaded only when the reader searches (the page's own script stays under 2 KB). Pagefind
// picks the index of the page's language from <html lang>. Results are built as DOM nodes: an excerpt keeps only
// its text and Pagefind's <mark> highlights.
interface Strings {
  loading: string;
  none: string;
  countOne: string;
  countOther: string;
  error: string;
}
interface PagefindResult {
  url: string;
  excerpt: string;
  meta: { title?: string };
}
interface Pagefind {
  search(query: string): Promise<{ results: { data(): Promise<PagefindResult> }[] }>;
}

const root = document.querySelector<HTMLElement>('[data-search]');
if (root) {
  const form = root.querySelector('form')!;
  const input = form.querySelector('input')!;
  const status = root.querySelector<HTMLElement>('[data-search-status]')!;
  const list = root.querySelector<HTMLOListElement>('[data-search-results]')!;
  const strings = JSON.parse(root.dataset.i18n!) as Strings;
  const fill = (text: string, query: string, count = 0) =>
    text.replace('{{query}}', query).replace('{{count}}', String(count));
  let pagefind: Promise<Pagefind> | undefined;

  const excerpt = (html: string) => {
    const p = document.createElement('p');
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    for (const node of parsed.body.childNodes) {
      if (node.nodeName === 'MARK')
        p.append(Object.assign(document.createElement('mark'), { textContent: node.textContent }));
      else p.append(node.textContent ?? '');
    }
    return p;
  };

  const run = async (query: string) => {
    list.replaceChildren();
    if (!query.trim()) return;
    status.textContent = strings.loading;
    try {
      const path = '/pagefind/pagefind.js';
      pagefind ??= import(/* @vite-ignore */ path) as Promise<Pagefind>;
      const search = await (await pagefind).search(query);
      const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
      const count = search.results.length;
      status.textContent = fill(
        count === 0 ? strings.none : count === 1 ? strings.countOne : strings.countOther,
        query,
        count,
      );
      list.replaceChildren(
        ...results.map((r) => {
          const li = document.createElement('li');
          const a = Object.assign(document.createElement('a'), { href: r.url, textContent: r.meta.title ?? r.url });
          const h = document.createElement('h2');
          h.append(a);
          li.append(h, excerpt(r.excerpt));
          return li;
        }),
      );
    } catch {
      status.textContent = strings.error;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set('q', input.value);
    history.replaceState(null, '', url);
    void run(input.value);
  });
  const initial = new URL(location.href).searchParams.get('q');
  if (initial) {
    input.value = initial;
    void run(initial);
  }
}
