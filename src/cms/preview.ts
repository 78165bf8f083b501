// The CMS preview uses the site's own stylesheet, so staff see headings, lists and links as readers will. (A custom
// preview template would make Sveltia CMS fetch React helpers from unpkg.com, which the CMS's CSP forbids.)
const { CMS } = window as unknown as { CMS: { registerPreviewStyle(url: string): void } };
CMS.registerPreviewStyle('/site.css');
