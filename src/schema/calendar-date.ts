// A date staff write as YYYY-MM-DD. YAML readers turn `2026-12-45` into 14 January 2027 and JavaScript's Date turns
// "2026-02-30" into 2 March, so a date is checked against the calendar as written, before anything rolls it over.
import { z } from 'astro/zod';

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why a written date is not a real one, in words staff understand; null when it is a real date. */
export function calendarDateProblem(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return `"${text}" is not a date written as YYYY-MM-DD (for example 2026-07-30)`;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `"${text}" has no month ${month}: the month is 01 to 12`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return `"${text}" is not on the calendar: ${months[month - 1]} ${year} has ${last} days`;
  return null;
}

/**
 * A calendar date. Raw text (the content check, JSON files) is checked strictly; a Date object is what Astro's YAML
 * reader already made of front matter, after the content check has seen the text.
 */
export const calendarDate = z.union([z.date(), z.string()]).transform((value, ctx) => {
  if (value instanceof Date) return value;
  const problem = calendarDateProblem(value);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return new Date(`${value}T00:00:00Z`);
});
