// Turns the chosen files into the report's attachments: each photo loses its hidden data here, on the device.
// Cleaned photos also get a neutral name, since phone file names often carry the date and time
// (IMG_20261127_201500.jpg); other files keep theirs.
import type { TipAttachment } from '../shared/tip-entity.ts';
import { TipError } from './errors.ts';
import { checkAttachmentLimits } from './limits.ts';
import { detectImageFormat, MetadataError, stripImageMetadata } from './strip-metadata.ts';

const imageTypes = { jpeg: ['image/jpeg', 'jpg'], png: ['image/png', 'png'], webp: ['image/webp', 'webp'] } as const;

export async function prepareAttachments(files: readonly File[], keepLocation: boolean): Promise<TipAttachment[]> {
  const limit = checkAttachmentLimits(files.map((f) => f.size));
  if (limit) throw new TipError(limit);
  const out: TipAttachment[] = [];
  let photos = 0;
  for (const file of files) {
    let raw: Uint8Array;
    try {
      raw = new Uint8Array(await file.arrayBuffer());
    } catch {
      throw new TipError('file.unreadable', { name: file.name });
    }
    const format = detectImageFormat(raw);
    let bytes: Uint8Array;
    try {
      bytes = stripImageMetadata(raw, file.type, { keepLocation });
    } catch (error) {
      if (error instanceof MetadataError) throw new TipError('photo.unclean', { name: file.name });
      throw error;
    }
    if (format) {
      const [contentType, extension] = imageTypes[format];
      photos += 1;
      out.push({ filename: `photo-${photos}.${extension}`, contentType, bytes });
    } else {
      out.push({ filename: file.name, contentType: plainType(file.type), bytes });
    }
  }
  return out;
}

/** Only a bare type/subtype goes into the report's MIME headers. */
function plainType(type: string): string {
  const bare = type.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/.test(bare) ? bare : 'application/octet-stream';
}
