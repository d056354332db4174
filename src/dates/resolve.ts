import type { Span } from '../corpus/types.ts';
import {
  addDays,
  addMonths,
  compare,
  isValid,
  isoDay,
  isoMonth,
  isoYear,
  mondayOf,
  parseIsoDay,
  weekday,
  type Civil,
} from './calendar.ts';
import { findDateExpressions, readCount, TAG } from './parse.ts';
import type { ParsingComponents, ParsingResult } from 'chrono-node';
import { looksAhead } from './tense.ts';
import type { DateMention, EventDate, Precision } from './types.ts';

type Direction = 'past' | 'future';

/** What one expression means, before `scheduled` is decided. */
interface Reading {
  date: EventDate;
  /** Set when the words alone fix the direction: "yesterday", "next month", "ago". */
  direction?: Direction;
}

/**
 * Finds the date expressions in `sentence` and resolves each against the day the article
 * was published, as a careful reader of news would:
 *
 * - a weekday is the most recent one on or before `published` ("said Wednesday"), or the
 *   next one on or after it when the sentence looks ahead ("will go before the council on
 *   Monday"); "last Friday" is strictly before, "next Friday" strictly after;
 * - a month or a day without a year is the most recent on or before `published`, or the
 *   next on or after it when the sentence looks ahead;
 * - "last year", "this week", "two years ago", "over the last two years" count from
 *   `published`; a range keeps its end in `until`;
 * - precision is what the text gives: "in October" is a month, never October 1st.
 *
 * Ages, durations, sums, counts and clock times alone yield nothing.
 *
 * @param published `YYYY-MM-DD`; throws if it is not a real date.
 * @example resolveDates('He was arrested in October.', '2017-03-08')
 * // → [{ start: 22, end: 32, text: 'in October', date: { value: '2016-10', precision: 'month' }, scheduled: false }]
 */
export function resolveDates(sentence: string, published: string): DateMention[] {
  const pub = parseIsoDay(published);
  const results = findDateExpressions(sentence, new Date(Date.UTC(pub.y, pub.m - 1, pub.d, 12)));
  const spans: Span[] = results.map((r) => trimmed(r.index, r.text));
  const mentions: DateMention[] = [];
  results.forEach((r, i) => {
    const span = spans[i]!;
    const others = spans.filter((_, j) => j !== i);
    const ahead = (): boolean => looksAhead(sentence, span.start, span.end, others);
    let guess: Direction | undefined;
    const direction = (): Direction => (guess ??= ahead() ? 'future' : 'past');
    const reading = read(r, pub, direction);
    if (!reading) return;
    const scheduled = isScheduled(reading, pub, direction);
    mentions.push({
      start: span.start,
      end: span.end,
      text: sentence.slice(span.start, span.end),
      date: reading.date,
      scheduled,
    });
  });
  return mentions;
}

/**
 * chrono keeps the punctuation around a weekday ("on Monday,", "(Friday)") and the "of"
 * after a month whose year it did not find ("January of that year"); the mention does not.
 */
function trimmed(index: number, text: string): Span {
  const lead = /^[\s,(\uFF08]*/.exec(text)![0].length;
  const trail = /(?<![\s,)\uFF09])[\s,)\uFF09]*(?:(?<=\s)of)?$/.exec(text.slice(lead))![0].length;
  return { start: index + lead, end: index + text.length - trail };
}

/**
 * A date looks ahead when the words say so ("next month", "tomorrow"), when it is still to
 * come at publication, or when the sentence looks ahead and the date is not over yet. A
 * forward-looking verb cannot make "in 2015" scheduled in a 2019 story.
 */
function isScheduled(reading: Reading, pub: Civil, direction: () => Direction): boolean {
  if (reading.direction) return reading.direction === 'future';
  const { first, last } = bounds(reading.date);
  if (compare(first, pub) > 0) return true;
  return compare(last, pub) >= 0 && direction() === 'future';
}

/** The first and last day a date covers. */
function bounds(date: EventDate): { first: Civil; last: Civil } {
  const toCivil = (value: string, end: boolean): Civil => {
    const [y = 0, m, d] = value.split('-').map(Number);
    if (d !== undefined && m !== undefined) return { y, m, d };
    if (m !== undefined) return end ? addDays(addMonths({ y, m, d: 1 }, 1), -1) : { y, m, d: 1 };
    return end ? { y, m: 12, d: 31 } : { y, m: 1, d: 1 };
  };
  return { first: toCivil(date.value, false), last: toCivil(date.until ?? date.value, true) };
}

const dayDate = (c: Civil): EventDate => ({ value: isoDay(c), precision: 'day' });
const monthDate = (c: Civil): EventDate => ({ value: isoMonth(c.y, c.m), precision: 'month' });
const yearDate = (y: number): EventDate => ({ value: isoYear(y), precision: 'year' });
const dayRange = (a: Civil, b: Civil): EventDate => ({ value: isoDay(a), until: isoDay(b), precision: 'day' });

function tagged(r: ParsingResult, name: string): string[] | undefined {
  for (const tag of r.tags()) {
    if (tag === `${TAG}${name}`) return [];
    if (tag.startsWith(`${TAG}${name}:`)) return tag.slice(TAG.length + name.length + 1).split(':');
  }
  return undefined;
}

function read(r: ParsingResult, pub: Civil, direction: () => Direction): Reading | null {
  const reading = readStart(r, pub, direction);
  if (!reading) return null;
  const modifier = tagged(r, 'modifier')?.[0];
  if (modifier === 'early' || modifier === 'mid' || modifier === 'late') {
    if (reading.date.precision !== 'day') reading.date.modifier = modifier;
  }
  return reading;
}

/** The core text: "on Monday" → "monday", "early in February" → "february". */
function core(text: string): string {
  return text
    .toLowerCase()
    .replace(
      /^(?:(?:early|mid|late)(?:\s+in)?[\s-]+|mid-|(?:the\s+)?(?:beginning|start|end|middle|close)\s+of\s+(?:the\s+)?)/,
      '',
    )
    .replace(/^(?:on|in|at|by|the|over|during|for|within|throughout|from)\s+/, '')
    .replace(/(?<![\s,()\uFF08\uFF09])[\s,()\uFF08\uFF09]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function readStart(r: ParsingResult, pub: Civil, direction: () => Direction): Reading | null {
  const text = core(r.text);

  const span = tagged(r, 'span');
  if (span) return readSpan(span, pub);
  if (tagged(r, 'decade')) {
    const y = r.start.get('year')!;
    return { date: { value: isoYear(y), until: isoYear(y + 9), precision: 'year' } };
  }
  const season = tagged(r, 'season');
  if (season) return readSeason(season, r, pub, direction);
  if (tagged(r, 'year')) {
    const date = yearDate(r.start.get('year')!);
    if (r.end?.isCertain('year')) date.until = isoYear(r.end.get('year')!);
    return { date };
  }

  // Casual days.
  if (/^(?:yesterday|last ?night)\b/.test(text)) return { date: dayDate(addDays(pub, -1)), direction: 'past' };
  if (/^(?:today|tonight|this (?:morning|afternoon|evening))$/.test(text)) return { date: dayDate(pub) };
  if (/^tomorrow\b/.test(text)) return { date: dayDate(addDays(pub, 1)), direction: 'future' };

  // "this week", "earlier this month", "last year", "this past weekend".
  const relative = /^(?:(earlier|later) )?(this past|this|last|past|next) (week|weekend|month|year|decade)$/.exec(text);
  if (relative) return readRelativePeriod(relative[1], relative[2]!, relative[3]!, pub, direction);
  if (text === 'weekend') return readRelativePeriod(undefined, 'this', 'weekend', pub, direction); // "during the weekend"

  // "two years ago", "in three weeks", "two weeks from now".
  const ago = /^(?:in )?(\S+) (day|week|month|year|decade)s? ?(ago|from now|hence)?$/.exec(text);
  if (ago) return readOffset(ago[1]!, ago[2]!, ago[3] ?? 'in', pub);

  const start = readComponents(r, r.start, text, pub, direction);
  if (!start) return null;
  if (r.end) {
    const end = readEnd(r.end, start);
    if (end) start.date.until = end;
  }
  return start;
}

function readSpan([dir, count, unit]: string[], pub: Civil): Reading {
  const n = Number(count);
  const back = dir === 'past';
  const shift = (c: Civil): Civil => {
    const sign = back ? -1 : 1;
    if (unit === 'day') return addDays(c, sign * n);
    if (unit === 'week') return addDays(c, sign * 7 * n);
    if (unit === 'month') return addMonths(c, sign * n);
    return addMonths(c, sign * 12 * n * (unit === 'decade' ? 10 : 1));
  };
  const other = shift(pub);
  const [a, b] = back ? [other, pub] : [pub, other];
  const date: EventDate =
    unit === 'year' || unit === 'decade'
      ? { value: isoYear(a.y), until: isoYear(b.y), precision: 'year' }
      : unit === 'month'
        ? { value: isoMonth(a.y, a.m), until: isoMonth(b.y, b.m), precision: 'month' }
        : dayRange(a, b);
  return { date, direction: back ? 'past' : 'future' };
}

const SEASON_START: Record<string, number> = { spring: 3, summer: 6, fall: 9, winter: 12 };

function readSeason(
  [name = 'summer', relative = '']: string[],
  r: ParsingResult,
  pub: Civil,
  direction: () => Direction,
): Reading {
  const startMonth = SEASON_START[name] ?? 6;
  const occurrence = (y: number): { a: Civil; b: Civil } => {
    const a = { y, m: startMonth, d: 1 };
    const b = addDays(addMonths(a, 3), -1);
    return { a, b };
  };
  const toDate = ({ a, b }: { a: Civil; b: Civil }, until?: number): EventDate => ({
    value: isoMonth(a.y, a.m),
    until: until === undefined ? isoMonth(b.y, b.m) : isoMonth(until, ((startMonth + 1) % 12) + 1),
    precision: 'month',
  });
  if (r.start.isCertain('year')) return { date: toDate(occurrence(r.start.get('year')!)) };
  // Occurrences around publication, latest first: the one starting this year and the one before.
  const candidates = [pub.y + 1, pub.y, pub.y - 1, pub.y - 2].map(occurrence);
  const starts = (o: { a: Civil }): number => compare(o.a, pub);
  const ends = (o: { b: Civil }): number => compare(o.b, pub);
  let pick: { a: Civil; b: Civil } | undefined;
  let fixed: Direction | undefined;
  if (relative === 'last') {
    pick = candidates.find((o) => ends(o) < 0);
    fixed = 'past';
  } else if (relative === 'next') {
    pick = [...candidates].reverse().find((o) => starts(o) > 0);
    fixed = 'future';
  } else if (direction() === 'future') {
    pick = [...candidates].reverse().find((o) => ends(o) >= 0);
  } else {
    pick = candidates.find((o) => starts(o) <= 0);
  }
  return { date: toDate(pick ?? occurrence(pub.y)), ...(fixed ? { direction: fixed } : {}) };
}

function readRelativePeriod(
  nuance: string | undefined,
  which: string,
  unit: string,
  pub: Civil,
  direction: () => Direction,
): Reading {
  const offset = which === 'next' ? 1 : which === 'this' ? 0 : -1;
  const fixed: Direction | undefined =
    offset > 0 || nuance === 'later' ? 'future' : offset < 0 || nuance === 'earlier' ? 'past' : undefined;
  const withDirection = (date: EventDate): Reading => (fixed ? { date, direction: fixed } : { date });
  if (unit === 'year') return withDirection(yearDate(pub.y + offset));
  if (unit === 'decade') {
    const y = Math.floor(pub.y / 10) * 10 + 10 * offset;
    return withDirection({ value: isoYear(y), until: isoYear(y + 9), precision: 'year' });
  }
  if (unit === 'month') return withDirection(monthDate(addMonths({ ...pub, d: 1 }, offset)));
  if (unit === 'week') {
    const monday = addDays(mondayOf(pub), 7 * offset);
    if (nuance === 'earlier') return withDirection(dayRange(monday, compare(pub, monday) > 0 ? addDays(pub, -1) : pub));
    if (nuance === 'later')
      return withDirection(dayRange(compare(addDays(monday, 6), pub) > 0 ? addDays(pub, 1) : pub, addDays(monday, 6)));
    return withDirection(dayRange(monday, addDays(monday, 6)));
  }
  // Weekends: Saturday and Sunday.
  const lastSaturdayOnOrBefore = (c: Civil): Civil => addDays(c, -((weekday(c) + 1) % 7));
  const current = lastSaturdayOnOrBefore(pub); // the weekend that started on or before pub
  const inWeekend = compare(addDays(current, 1), pub) >= 0;
  let saturday: Civil;
  if (offset < 0) saturday = inWeekend ? addDays(current, -7) : current;
  else if (offset > 0) saturday = addDays(current, 7);
  else saturday = inWeekend || direction() === 'past' ? current : addDays(current, 7);
  return withDirection(dayRange(saturday, addDays(saturday, 1)));
}

function readOffset(count: string, unit: string, how: string, pub: Civil): Reading | null {
  const n = readCount(count);
  if (n === undefined) return null;
  const sign = how === 'ago' ? -1 : 1;
  const direction: Direction = sign < 0 ? 'past' : 'future';
  if (unit === 'day') return { date: dayDate(addDays(pub, sign * n)), direction };
  if (unit === 'week') return { date: dayDate(addDays(pub, sign * 7 * n)), direction };
  if (unit === 'month') return { date: monthDate(addMonths(pub, sign * n)), direction };
  return { date: yearDate(pub.y + sign * n * (unit === 'decade' ? 10 : 1)), direction };
}

/** Dates chrono read into components: weekdays, months, days, with or without a year. */
function readComponents(
  r: ParsingResult,
  c: ParsingComponents,
  text: string,
  pub: Civil,
  direction: () => Direction,
): Reading | null {
  const certain = (k: 'year' | 'month' | 'day' | 'weekday'): boolean => c.isCertain(k);
  if (certain('weekday') && !certain('day')) return readWeekday(c.get('weekday')!, text, pub, direction);
  if (certain('month')) {
    const m = c.get('month')!;
    if (certain('year')) {
      const y = c.get('year')!;
      if (certain('day')) {
        const day = { y, m, d: c.get('day')! };
        return isValid(day) ? { date: dayDate(day) } : null;
      }
      return { date: monthDate({ y, m, d: 1 }) };
    }
    const yearOf = tagged(r, 'year-of')?.[0];
    if (yearOf !== undefined) {
      const y = pub.y + Number(yearOf);
      const day = { y, m, d: certain('day') ? c.get('day')! : 1 };
      if (!isValid(day)) return null;
      return {
        date: certain('day') ? dayDate(day) : monthDate(day),
        direction: compare(day, pub) > 0 ? 'future' : 'past',
      };
    }
    const future = direction() === 'future';
    if (certain('day')) {
      const d = c.get('day')!;
      let day = { y: pub.y, m, d };
      if (!future && compare(day, pub) > 0) day = { ...day, y: pub.y - 1 };
      if (future && compare(day, pub) < 0) day = { ...day, y: pub.y + 1 };
      return isValid(day) ? { date: dayDate(day) } : null;
    }
    let y = pub.y;
    if (!future && m > pub.m) y--;
    if (future && m < pub.m) y++;
    return { date: monthDate({ y, m, d: 1 }) };
  }
  if (certain('year')) return { date: yearDate(c.get('year')!) };
  return null;
}

function readWeekday(target: number, text: string, pub: Civil, direction: () => Direction): Reading {
  const back = (weekday(pub) - target + 7) % 7; // days back to the most recent one, 0 = today
  const ahead = (target - weekday(pub) + 7) % 7;
  const week = /(?:of )?(this|last|past|next) week$/.exec(text)?.[1];
  if (week) {
    const monday = addDays(mondayOf(pub), week === 'next' ? 7 : week === 'this' ? 0 : -7);
    const day = addDays(monday, (target + 6) % 7);
    return { date: dayDate(day), direction: compare(day, pub) > 0 ? 'future' : 'past' };
  }
  const modifier = /^(this past|this|last|past|next)\s/.exec(text)?.[1];
  if (modifier === 'last' || modifier === 'past' || modifier === 'this past') {
    return { date: dayDate(addDays(pub, -(back || 7))), direction: 'past' };
  }
  if (modifier === 'next') return { date: dayDate(addDays(pub, ahead || 7)), direction: 'future' };
  return { date: dayDate(direction() === 'future' ? addDays(pub, ahead) : addDays(pub, -back)) };
}

/** The end of a range, at the start's precision: "March 3-5", "2010 to 2015", "Monday to Wednesday". */
function readEnd(c: ParsingComponents, start: Reading): string | undefined {
  const precision: Precision = start.date.precision;
  const [sy = 0, sm = 1, sd = 1] = start.date.value.split('-').map(Number);
  const first: Civil = { y: sy, m: sm, d: sd };
  let end: Civil;
  if (c.isCertain('weekday') && !c.isCertain('day')) {
    end = addDays(first, (c.get('weekday')! - weekday(first) + 7) % 7 || 7);
  } else {
    const y = c.isCertain('year') ? c.get('year')! : sy;
    const m = c.isCertain('month') ? c.get('month')! : sm;
    const d = c.isCertain('day') ? c.get('day')! : 1;
    end = { y, m, d };
    if (!c.isCertain('year') && compare(end, first) < 0) end = { ...end, y: y + 1 };
    if (!isValid(end)) return undefined;
  }
  if (compare(end, first) <= 0) return undefined;
  return precision === 'day' ? isoDay(end) : precision === 'month' ? isoMonth(end.y, end.m) : isoYear(end.y);
}
