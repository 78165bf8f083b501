// The Sveltia CMS configuration, generated from the content schema so the two cannot drift: /admin/config.yml is
// rendered from this at build (src/pages/admin/config.yml.ts), and tests/unit/cms-config.test.ts checks it field by
// field against src/schema/collections.ts and content/i18n/en.json.
import { defaultLocale, localeCodes, locales } from '../i18n/locales.ts';
import { newsSchema, pageSchema, settingsSchema } from '../schema/collections.ts';
import { mediaPath } from '../schema/media.ts';
import { cmsFields, type CmsField } from './fields.ts';

export interface CmsOptions {
  /** owner/name of the GitHub repository the site builds from (CMS_GITHUB_REPO). */
  repo: string;
  branch: string;
  /** Where the OAuth exchange runs (functions/cms-auth/): this site's own origin. */
  authBaseUrl: string;
  /** The site's public address, for "view on site" links. */
  siteUrl: string;
}

export const uiStringsField = (code: string): CmsField => ({
  name: 'strings',
  label: `Interface text (${locales[code as keyof typeof locales]?.label ?? code})`,
  widget: 'keyvalue',
  root: true,
  key_label: 'Name (do not change)',
  value_label: 'Text',
});

const body = (label: string): CmsField => ({ name: 'body', label, widget: 'markdown', i18n: true });

export function cmsConfig(o: CmsOptions) {
  const i18nEntries = { i18n: true };
  return {
    backend: {
      name: 'github',
      repo: o.repo,
      branch: o.branch,
      base_url: o.authBaseUrl,
      auth_endpoint: 'api/cms-auth/auth',
      // Commit messages say what changed, so the Git history reads as the record of what was published.
      commit_messages: {
        create: 'Create {{collection}} "{{slug}}"',
        update: 'Update {{collection}} "{{slug}}"',
        delete: 'Delete {{collection}} "{{slug}}"',
        uploadMedia: 'Upload "{{path}}"',
        deleteMedia: 'Delete "{{path}}"',
      },
    },
    // Draft → in review → ready: each change is a pull request a second person checks before it goes live.
    publish_mode: 'editorial_workflow',
    // An optional field left empty is left out of the file, not written as '' (which the schema refuses).
    output: { omit_empty_optional_fields: true },
    site_url: o.siteUrl,
    display_url: o.siteUrl,
    media_folder: `content/${mediaPath.folder}`,
    public_folder: mediaPath.publicPrefix.replace(/\/$/, ''),
    // Photos are re-encoded in the browser before they are committed, which drops their location and camera data;
    // stock photo services would be requests to other origins, so they are off.
    media_libraries: {
      default: {
        config: {
          max_file_size: 10_000_000,
          slugify_filename: true,
          transformations: { raster_image: { format: 'webp', quality: 85, width: 2000, height: 2000 } },
        },
      },
      stock_assets: false,
    },
    i18n: {
      structure: 'multiple_folders',
      locales: [...localeCodes],
      default_locale: defaultLocale,
      // Every language starts enabled; a translation not written yet can be switched off for the entry, and the
      // site then shows the English text with a notice in that language.
      initial_locales: 'all',
    },
    collections: [
      {
        name: 'news',
        label: 'News',
        label_singular: 'News item',
        description: 'News items, one file per language (content/news/en/, es/, ht/).',
        folder: 'content/news',
        extension: 'md',
        format: 'yaml-frontmatter',
        create: true,
        slug: '{{year}}-{{month}}-{{slug}}',
        summary: '{{title}} ({{date}})',
        sortable_fields: ['date', 'title'],
        preview_path: '{{locale}}/news/{{slug}}/',
        ...i18nEntries,
        fields: [...cmsFields(newsSchema().shape, true), body('Text')],
      },
      {
        name: 'pages',
        label: 'Pages',
        label_singular: 'Page',
        description: "The site's pages, one file per language (content/pages/en/, es/, ht/).",
        folder: 'content/pages',
        extension: 'md',
        format: 'yaml-frontmatter',
        create: true,
        slug: '{{slug}}',
        preview_path: '{{locale}}/{{slug}}/',
        ...i18nEntries,
        fields: [...cmsFields(pageSchema().shape, true), body('Text')],
      },
      {
        name: 'ui',
        label: 'Interface text',
        description:
          'Buttons, menus and messages, per language. Change the text on the right; keep the names on the left as they are. A text missing in a language shows in English.',
        // The files are flat "name": "text" pairs (dotted names such as tip.submit, which CMS field names cannot
        // be): one key-value field saved at the top of each file.
        files: localeCodes.map((code) => ({
          name: code,
          label: locales[code].label,
          file: `content/i18n/${code}.json`,
          format: 'json',
          fields: [uiStringsField(code)],
        })),
      },
      {
        name: 'settings',
        label: 'Settings and phone numbers',
        description:
          'The phone numbers (each with its source and the day it was checked), the campaign name and the quick-exit site.',
        files: [
          {
            name: 'site',
            label: 'Settings and phone numbers',
            file: 'content/settings.json',
            format: 'json',
            fields: cmsFields(settingsSchema.shape, false),
          },
        ],
      },
    ],
  };
}
