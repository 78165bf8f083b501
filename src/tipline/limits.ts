// The attachment limits, checked before anything is read or encrypted so the tipster hears about them at once.
// The limits themselves are in src/shared/tip-fields.ts; a report too large for one request is sent in parts.
import { tipLimits } from '../shared/tip-fields.ts';

export type LimitCode = 'attachments.too-many' | 'attachments.too-large';

export function checkAttachmentLimits(sizes: readonly number[]): LimitCode | null {
  if (sizes.length > tipLimits.maxFiles) return 'attachments.too-many';
  if (sizes.reduce((a, b) => a + b, 0) > tipLimits.maxAttachmentBytes) return 'attachments.too-large';
  return null;
}

const megabyte = 1024 * 1024;

/** "2.4 MB" in the reader's number format; the limit itself reads "4 MB". */
export function formatMegabytes(bytes: number, locale: string): string {
  const value = bytes / megabyte;
  const digits = value >= 10 || Number.isInteger(value) ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(
    Math.max(value, bytes > 0 ? 0.1 : 0),
  )} MB`;
}
