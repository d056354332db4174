import type { EventDate } from './types.ts';

/** The first and last day (`YYYY-MM-DD`, inclusive) a date covers. */
export interface DaySpan {
  from: string;
  until: string;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The days of one `YYYY`, `YYYY-MM` or `YYYY-MM-DD` value, read at its own precision. */
function whole(value: string): { y: number; m?: number; d?: number; from: string; until: string } {
  const [y = 0, m, d] = value.split('-').map(Number);
  if (m === undefined) return { y, from: `${pad(y, 4)}-01-01`, until: `${pad(y, 4)}-12-31` };
  if (d === undefined)
    return { y, m, from: `${pad(y, 4)}-${pad(m)}-01`, until: `${pad(y, 4)}-${pad(m)}-${pad(daysIn(y, m))}` };
  return { y, m, d, from: value, until: value };
}

/**
 * The days a date covers, as a picture draws it: a day is itself, a month or a year all of
 * its days, and "early", "mid" and "late" the first, middle and last third of the month
 * (days 1-10, 11-20, 21 to the end) or of the year (January-April, May-August,
 * September-December). A range runs from the start of its first value to the end of its last.
 */
export function daySpan(date: EventDate): DaySpan {
  const first = whole(date.value);
  let { from, until } = first;
  if (date.until !== undefined) {
    until = whole(date.until).until;
    if (!date.modifier) return { from, until };
    // "the late 1980s": the third of the whole range.
    const a = Date.parse(from);
    const days = Math.round((Date.parse(until) - a) / 86_400_000) + 1;
    const third = date.modifier === 'early' ? 0 : date.modifier === 'mid' ? 1 : 2;
    const day = (n: number) => new Date(a + n * 86_400_000).toISOString().slice(0, 10);
    return { from: day(Math.floor((days * third) / 3)), until: day(Math.floor((days * (third + 1)) / 3) - 1) };
  }
  if (date.modifier && first.d === undefined) {
    const third = date.modifier === 'early' ? 0 : date.modifier === 'mid' ? 1 : 2;
    if (first.m !== undefined) {
      const y = pad(first.y, 4);
      const mm = pad(first.m);
      from = `${y}-${mm}-${pad(third * 10 + 1)}`;
      until = `${y}-${mm}-${pad(third === 2 ? daysIn(first.y, first.m) : third * 10 + 10)}`;
    } else {
      const y = pad(first.y, 4);
      from = `${y}-${pad(third * 4 + 1)}-01`;
      until = `${y}-${pad(third * 4 + 4)}-${pad(daysIn(first.y, third * 4 + 4))}`;
    }
  }
  return { from, until };
}
