// One rule for a report's attachments, on both paths (the browser before encrypting, the server for a plain form
// post): JPEG, PNG and WebP photos, recognised by their bytes, lose their hidden data and are renamed photo-1.jpg,
// photo-2.png… in the order chosen, since phone file names carry the date and time (IMG_20261127_201500.jpg,
// "WhatsApp Image 2026-11-20 at 22.15.00.jpeg"); other files keep their names and go as they are. A photo that
// cannot be cleaned safely is refused, never sent half-cleaned.
import { detectImageFormat, MetadataError, stripImageMetadata } from './strip-metadata.ts';
import type { TipAttachment } from '../tip-entity.ts';

export interface ChosenFile {
  name: string;
  /** The type the browser or the form post declared: only used for files that are not photos. */
  type: string;
  bytes: Uint8Array;
}

export type CleanedAttachments = { ok: true; attachments: TipAttachment[] } | { ok: false; unclean: string };

const photoTypes = { jpeg: ['image/jpeg', 'jpg'], png: ['image/png', 'png'], webp: ['image/webp', 'webp'] } as const;

export function cleanAttachments(files: readonly ChosenFile[], keepLocation: boolean): CleanedAttachments {
  const attachments: TipAttachment[] = [];
  let photos = 0;
  for (const file of files) {
    const format = detectImageFormat(file.bytes);
    let bytes: Uint8Array;
    try {
      bytes = stripImageMetadata(file.bytes, file.type, { keepLocation });
    } catch (error) {
      if (error instanceof MetadataError) return { ok: false, unclean: file.name };
      throw error;
    }
    if (format) {
      const [contentType, extension] = photoTypes[format];
      attachments.push({ filename: `photo-${++photos}.${extension}`, contentType, bytes });
    } else {
      attachments.push({ filename: file.name || 'attachment', contentType: plainType(file.type), bytes });
    }
  }
  return { ok: true, attachments };
}

/** Only a bare type/subtype goes into the report's MIME headers. */
function plainType(type: string): string {
  const bare = type.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/.test(bare)
    ? bare
    : 'application/octet-stream';
}
