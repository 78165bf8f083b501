// File sizes as the form shows them next to the limit.
const megabyte = 1024 * 1024;

/** "2.4 MB" in the reader's number format; the limit itself reads "4 MB". */
export function formatMegabytes(bytes: number, locale: string): string {
  const value = bytes / megabyte;
  const digits = value >= 10 || Number.isInteger(value) ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(
    Math.max(value, bytes > 0 ? 0.1 : 0),
  )} MB`;
}
