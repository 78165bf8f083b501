// Removes hidden data (EXIF, GPS, XMP, IPTC, comments, thumbnails, text chunks) from JPEG, PNG and WebP photos
// by rewriting their bytes: no decoding and re-encoding, so the picture itself is not touched and nothing is
// lost in quality. The format is recognised from the file's first bytes, not from its name or declared type.
// Pure and synchronous: runs in the browser before encryption, and works the same in Node.
// Other files (PDF, HEIC, video...) are returned as they are; the form says so before they are chosen.
import { MetadataError } from './metadata/bytes.ts';
import { isJpeg, stripJpeg } from './metadata/jpeg.ts';
import { isPng, stripPng } from './metadata/png.ts';
import { isWebp, stripWebp } from './metadata/webp.ts';

export { MetadataError };

export interface StripOptions {
  /** Keep the GPS position (latitude, longitude, altitude; not the GPS time) in a minimal new EXIF block. */
  keepLocation: boolean;
}

const cleanedTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;

export type ImageFormat = 'jpeg' | 'png' | 'webp';

export function detectImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (isJpeg(bytes)) return 'jpeg';
  if (isPng(bytes)) return 'png';
  if (isWebp(bytes)) return 'webp';
  return null;
}

/**
 * Returns the photo without its metadata (or the file unchanged if it is not a JPEG, PNG or WebP image).
 * Throws MetadataError when a file that says it is one of those cannot be read safely: better to refuse
 * than to send a half-cleaned photo.
 */
export function stripImageMetadata(bytes: Uint8Array, type: string, opts: StripOptions): Uint8Array {
  switch (detectImageFormat(bytes)) {
    case 'jpeg':
      return stripJpeg(bytes, opts.keepLocation);
    case 'png':
      return stripPng(bytes, opts.keepLocation);
    case 'webp':
      return stripWebp(bytes, opts.keepLocation);
    default:
      if ((cleanedTypes as readonly string[]).includes(type.toLowerCase())) {
        throw new MetadataError(`the file says it is ${type} but is not`);
      }
      return bytes;
  }
}
