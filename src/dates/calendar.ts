/**
 * Civil-date arithmetic on plain numbers. Everything goes through `Date.UTC`, so neither
 * the machine's time zone nor its clock can change an answer.
 */

/** A day on the proleptic Gregorian calendar; `m` is 1-12. */
export interface Civil {
  y: number;
  m: number;
  d: number;
}

const DAY_MS = 86_400_000;

/** Reads `YYYY-MM-DD`; throws on anything else, since a bad `published` is broken data. */
export function parseIsoDay(iso: string): Civil {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const civil = match ? { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) } : undefined;
  if (!civil || !isValid(civil)) {
    throw new Error(`dates: published must be a real date as YYYY-MM-DD, got "${iso}"`);
  }
  return civil;
}

export function isValid({ y, m, d }: Civil): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function fromMs(ms: number): Civil {
  const date = new Date(ms);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

function toMs({ y, m, d }: Civil): number {
  return Date.UTC(y, m - 1, d);
}

export function addDays(c: Civil, days: number): Civil {
  return fromMs(toMs(c) + days * DAY_MS);
}

/** Adds months, clamping the day to the target month's length. */
export function addMonths(c: Civil, months: number): Civil {
  const index = c.y * 12 + (c.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return { y, m, d: Math.min(c.d, daysInMonth(y, m)) };
}

/** 0 = Sunday … 6 = Saturday, as `Date#getDay`. */
export function weekday(c: Civil): number {
  return new Date(toMs(c)).getUTCDay();
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compare(a: Civil, b: Civil): number {
  return toMs(a) - toMs(b);
}

/** Monday of the ISO week that holds `c`. */
export function mondayOf(c: Civil): Civil {
  return addDays(c, -((weekday(c) + 6) % 7));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export const isoDay = ({ y, m, d }: Civil): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
export const isoMonth = (y: number, m: number): string => `${pad(y, 4)}-${pad(m)}`;
export const isoYear = (y: number): string => pad(y, 4);
