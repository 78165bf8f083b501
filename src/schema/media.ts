// Pictures staff upload live in content/media/ and are written in front matter as the CMS names them, /media/<file>.
// Astro's image pipeline finds them relative to the entry (content/<collection>/<lang>/<slug>.md), two folders up.
export const mediaPath = {
  /** The folder under content/ that holds uploaded pictures. */
  folder: 'media',
  /** The prefix the CMS writes before a picture's file name. */
  publicPrefix: '/media/',
  fromEntry(value: string): string {
    return value.startsWith('/media/') ? `../..${value}` : value;
  },
};
