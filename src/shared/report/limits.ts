// The attachment limits, one rule for both ways in: counted on the files as chosen (their original sizes), before
// anything is read, cleaned or encrypted, so the browser tells the tipster at once and the server bounds its work
// before it parses a photo. The limits themselves are in src/shared/tip-fields.ts (tipLimits).
import { tipLimits } from '../tip-fields.ts';

export type LimitCode = 'attachments.too-many' | 'attachments.too-large';

export function checkAttachmentLimits(sizes: readonly number[]): LimitCode | null {
  if (sizes.length > tipLimits.maxFiles) return 'attachments.too-many';
  if (sizes.reduce((a, b) => a + b, 0) > tipLimits.maxAttachmentBytes) return 'attachments.too-large';
  return null;
}
