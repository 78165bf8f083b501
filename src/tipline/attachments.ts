// Turns the chosen files into the report's attachments, on the device: the one rule both paths share
// (src/shared/report/attachments.ts) after the limits are checked and each file is read.
import { cleanAttachments } from '../shared/report/attachments.ts';
import { checkAttachmentLimits } from '../shared/report/limits.ts';
import type { TipAttachment } from '../shared/tip-entity.ts';
import { TipError } from './errors.ts';

export async function prepareAttachments(files: readonly File[], keepLocation: boolean): Promise<TipAttachment[]> {
  const limit = checkAttachmentLimits(files.map((f) => f.size));
  if (limit) throw new TipError(limit);
  const chosen = [];
  for (const file of files) {
    try {
      chosen.push({ name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) });
    } catch {
      throw new TipError('file.unreadable', { name: file.name });
    }
  }
  const cleaned = cleanAttachments(chosen, keepLocation);
  if (!cleaned.ok) throw new TipError('photo.unclean', { name: cleaned.unclean });
  return cleaned.attachments;
}
