// The one rule for time: the tip line keeps and writes the hour only (UTC), never the minute a report was sent,
// in the report itself, in the queue's receipts and in the mail's Date header.

const hourMs = 3_600_000;

/** The start of the hour `ms` falls in, in milliseconds since the epoch. */
export function floorToHour(ms: number): number {
  return Math.floor(ms / hourMs) * hourMs;
}

/** "2031-01-15T10:00Z": the hour as the report states it. */
export function hourLabel(ms: number): string {
  return `${new Date(floorToHour(ms)).toISOString().slice(0, 13)}:00Z`;
}
