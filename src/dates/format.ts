import type { EventDate } from './types.ts';

const MONTHS = [
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

interface Parts {
  y: number;
  m?: number | undefined;
  d?: number | undefined;
}

function parts(value: string): Parts {
  const [y = 0, m, d] = value.split('-').map(Number);
  return { y, m, d };
}

const monthName = (m: number | undefined): string => MONTHS[(m ?? 1) - 1] ?? '';

/** One date at `precision`: "8 March 2017", "March 2017", "2017". */
function single(p: Parts, precision: EventDate['precision']): string {
  if (precision === 'day') return `${p.d} ${monthName(p.m)} ${p.y}`;
  if (precision === 'month') return `${monthName(p.m)} ${p.y}`;
  return String(p.y);
}

/**
 * A date for people, at the precision it has and no finer: "8 March 2017", "October
 * 2016", "early February 2017", "mid-2018", "2017", "2017 to 2019", "6 to 12 March 2017",
 * "the 1990s".
 */
export function formatEventDate(date: EventDate): string {
  const from = parts(date.value);
  const until = date.until === undefined ? undefined : parts(date.until);
  const modifier = date.modifier === 'mid' ? 'mid-' : date.modifier ? `${date.modifier} ` : '';

  if (until && date.precision === 'year' && from.y % 10 === 0 && until.y === from.y + 9) {
    return `the ${modifier}${from.y}s`;
  }
  if (!until) return modifier + single(from, date.precision);

  // A range: say the shared month or year once ("6 to 12 March 2017", "March to May 2019").
  let left: string;
  if (date.precision === 'day' && from.y === until.y) {
    left = from.m === until.m ? String(from.d) : `${from.d} ${monthName(from.m)}`;
  } else if (date.precision === 'month' && from.y === until.y) {
    left = monthName(from.m);
  } else {
    left = single(from, date.precision);
  }
  return `${modifier}${left} to ${single(until, date.precision)}`;
}
