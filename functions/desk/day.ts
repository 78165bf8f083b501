// Days, not hours: what the desk stores about a case (received, kept until) is a calendar day in UTC, "2031-01-15".
// Nothing finer is needed to work a case or keep the 7- and 90-day deadlines, and a day hides when a tip was sent
// among all the tips of that day.

const dayMs = 86_400_000;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** "2031-01-15": the UTC day `ms` falls in. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `days` after `day` (negative: before). */
export function addDays(day: string, days: number): string {
  return dayOf(Date.parse(`${day}T00:00:00Z`) + days * dayMs);
}

/** True for a real calendar day written as YYYY-MM-DD (not "2031-02-30"). */
export function isDay(value: unknown): value is string {
  return typeof value === 'string' && dayPattern.test(value) && dayOf(Date.parse(`${value}T00:00:00Z`)) === value;
}
