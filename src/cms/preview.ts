// The CMS preview looks like the site: the site's own stylesheet, then a few rules that map Sveltia CMS's preview
// (one section per field) onto the site's headings and prose (preview.css, copied to /admin/ at build). Both are
// same-origin files, as the CMS's CSP requires. (A custom preview template would make Sveltia CMS fetch React
// helpers from unpkg.com, which that CSP forbids.)
const { CMS } = window as unknown as { CMS: { registerPreviewStyle(url: string): void } };
CMS.registerPreviewStyle('/site.css');
CMS.registerPreviewStyle('/admin/preview.css');

// The preview frame's document says lang="en" whatever language is edited; Sveltia marks only single-line values
// with their language, not the text. The pane around the frame knows the language (data-locale): give it to the
// frame's document, so hyphenation, quotation marks and a screen reader's voice follow the language being edited.
const languageOfPreview = () => {
  for (const pane of document.querySelectorAll<HTMLElement>('[data-mode="preview"][data-locale]')) {
    const root = pane.querySelector('iframe')?.contentDocument?.documentElement;
    const lang = pane.dataset.locale!;
    if (root && root.lang !== lang) {
      root.lang = lang;
      root.dir = 'ltr'; // the site's three languages are all written left to right
    }
  }
};
new MutationObserver(languageOfPreview).observe(document.documentElement, {
  subtree: true,
  childList: true,
  attributes: true,
  attributeFilter: ['data-locale'],
});
document.addEventListener('load', languageOfPreview, true);
