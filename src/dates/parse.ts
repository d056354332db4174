/**
 * chrono-node, tuned for news. chrono finds the expressions; `resolve.ts` decides what
 * they mean, because chrono leans forward or to the nearest date where news means the
 * past. Here chrono gets:
 *
 * - parsers for what it does not read: bare years ("in 2017", "2006–07"), decades ("the
 *   1990s"), seasons ("last summer"), and spans ("over the last two years");
 * - a filter, run first, for words that only look like dates: "march" and "may" the verbs,
 *   "Sun" the newspaper, "now", the "today" of "in this country today", "24/7", durations
 *   measured from another event ("26 minutes before his release"), clock times alone;
 * - a refiner, run last, that keeps "early", "mid-", "late" and "the end of" with the date
 *   they qualify, where chrono would drop them;
 * - "between 2010 and 2015" read as a range.
 *
 * chrono's own "end of March" handling is removed: it makes March 31st of "the end of
 * March", a day the text never gives. Its "may" filter is replaced by a broader one.
 */
import { Chrono, en } from 'chrono-node';
import type { Parser, ParsingContext, ParsingResult, Refiner } from 'chrono-node';

/** A tag on results whose meaning `resolve.ts` reads from the tag, not from chrono's date. */
export const TAG = 'news/';

const YEAR = '(?:1[0-9]|20)\\d{2}';

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
};

/** Reads "two", "18", "a"; `undefined` for "few", "several". */
export function readCount(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (/^\d+$/.test(lower)) return Number(lower);
  return NUMBER_WORDS[lower];
}

function result(
  context: ParsingContext,
  index: number,
  text: string,
  start: Record<string, number>,
  end?: Record<string, number>,
): ParsingResult {
  return context.createParsingResult(index, text, start, end);
}

/** "in 2017", "2006–07", "1995-2000": a year on its own, which chrono never reads. */
class BareYearParser implements Parser {
  // Built once: chrono asks for every parser's pattern on every string it parses.
  readonly #pattern = new RegExp(`\\b(${YEAR})(?:\\s*[\\u2013-]\\s*((?:1[0-9]|20)?\\d{2}))?(?![\\w\\u2019'%])`, 'i');

  pattern(): RegExp {
    return this.#pattern;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): ParsingResult | null {
    const index = match.index!;
    const year = Number(match[1]);
    const before = context.text.slice(0, index);
    const after = context.text.slice(index + match[0].length);
    if (year > 2099) return null;
    if (/[\w$£€#.,/:\u2013-]$/u.test(before) && !/(?:mid|pre|post)-$/i.test(before)) return null;
    if (/^[.,:/]\d/.test(after) || /^\s*-\s*\d/.test(after)) return null; // 2017.5, a phone number, an ISO date's tail
    if (/(?:\u00A9|\(c\)|copyright)\s*$/i.test(before)) return null;
    if (QUANTITY_BEFORE.test(before) || UNIT_AFTER.test(after)) return null;
    if (
      year < 1900 &&
      !/\b(?:in|since|by|of|from|to|until|till|during|circa|before|after|between|and|through|early|mid|late|year)[\s-]*$/i.test(
        before,
      )
    ) {
      return null;
    }
    let text = match[0];
    let until: number | undefined;
    if (match[2]) {
      until = match[2].length === 2 ? Math.floor(year / 100) * 100 + Number(match[2]) : Number(match[2]);
      if (until <= year) text = match[1]!; // "2017-03" is not a range
      if (until <= year) until = undefined;
    }
    const parsed = result(context, index, text, { year }, until === undefined ? undefined : { year: until });
    parsed.addTag(`${TAG}year`);
    return parsed;
  }
}

const QUANTITY_BEFORE =
  /\b(?:about|nearly|almost|around|approximately|roughly|some|over|under|than|least|only|total of|up to|no\.?|number|route|flight|room|highway|interstate|article|section|model|page|pp?\.|chapter|rule|resolution|bill|law|act|code|exit|suite|unit)\s*$/i;
const UNIT_AFTER =
  /^\s*(?:people|persons|residents|members|troops|soldiers|votes|voters|times|units|homes|houses|buildings|cases|deaths|infections|hours|hrs|GMT|UTC|local time|km|kilometres|kilometers|miles|metres|meters|feet|ft|kg|tons|tonnes|dollars|euros|pounds|rubles|yuan|yen|percent|per cent|students|children|jobs|employees|workers|officers|agents|rooms|beds|calls)\b/i;

/** "the 1990s", "the early 1980s": a range of ten years. */
class DecadeParser implements Parser {
  pattern(): RegExp {
    return /\b((?:1[0-9]|20)\d0)s\b/;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): ParsingResult {
    const year = Number(match[1]);
    const parsed = result(context, match.index!, match[0], { year }, { year: year + 9 });
    parsed.addTag(`${TAG}decade`);
    return parsed;
  }
}

/**
 * "last summer", "this spring", "in the fall", "the winter of 2006–2007". "fall" the verb
 * and "the fall of Rome" are not seasons: a season needs a "this/last/next", an "in the",
 * or a year.
 */
class SeasonParser implements Parser {
  readonly #pattern = new RegExp(
    `\\b(?:(this|last|next|past)\\s+(?:past\\s+)?|((?:in|during|over|through|throughout|by|until|since)\\s+the)\\s+|the\\s+)?` +
      `(spring|summer|autumn|fall|winter)(?:\\s+(?:of\\s+)?(${YEAR})(?:\\s*[\\u2013-]\\s*((?:1[0-9]|20)?\\d{2}))?)?\\b`,
    'i',
  );

  pattern(): RegExp {
    return this.#pattern;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): ParsingResult | null {
    const [, relative, preposition, season, year] = match;
    if (!relative && !preposition && !year) return null;
    if (/^fall$/i.test(season!) && !relative && !year && !/^(?:in|during)/i.test(preposition ?? '')) return null;
    // Keep the preposition out of the expression, as chrono does: "in the fall" → "the fall".
    const skip = preposition ? preposition.length - 'the'.length : 0;
    const parsed = result(context, match.index! + skip, match[0].slice(skip), year ? { year: Number(year) } : {});
    parsed.addTag(
      `${TAG}season:${season!.toLowerCase().replace('autumn', 'fall')}:${(relative ?? '').toLowerCase().replace('past', 'last')}`,
    );
    return parsed;
  }
}

/**
 * "over the last two years", "in the past month", "the next three weeks": a range that
 * ends (or starts) at publication. The preposition belongs to the expression: "over" is
 * what makes it a span. "the next year" with no preposition is the year after
 * some other event, not a span: it is left to the filter, which drops it.
 */
class SpanParser implements Parser {
  pattern(): RegExp {
    return /\b(?:(over|in|during|for|within|throughout|from)\s+)?(the\s+)?(last|past|previous|next|coming)\s+(?:(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|few|several|couple\s+of)\s+)?(days?|weeks?|months?|years?|decades?)\b/i;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): ParsingResult | null {
    const [, preposition, the, direction, count, unit] = match;
    if (!count && !the) return null; // "last year": chrono's
    if (!count && !preposition) return null; // "the next year": relative to another event
    const n = count ? readCount(count) : 1;
    const parsed = result(context, match.index!, match[0], {});
    if (n === undefined) {
      parsed.addTag(`${TAG}drop`); // "the past few years": no date a reader could place
      return parsed;
    }
    const dir = /^(?:next|coming)$/i.test(direction!) ? 'next' : 'past';
    parsed.addTag(`${TAG}span:${dir}:${n}:${unit!.toLowerCase().replace(/s$/, '')}`);
    return parsed;
  }
}

const MONTH_WORD =
  /\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b/i;
const WEEKDAY_WORD =
  /\b(sunday|monday|tuesday|wednesday|thursday|friday|saturday|sun|mon|tues?|wed|thu(?:rs?)?|fri|sat)\b/i;

/** Words before a bare "March" or "May" that make it the month, not the verb or the event. */
const MONTH_LEAD =
  /\b(?:in|since|by|until|till|through|from|to|during|of|last|next|this|early|mid|late|before|after|between|and|or|around|throughout|until|each|every)\s*$|mid-$/i;

/** The filter: results that only look like dates. Runs before chrono's own refiners. */
class NewsFilter implements Refiner {
  refine(context: ParsingContext, results: ParsingResult[]): ParsingResult[] {
    return results.filter((r) => this.isValid(context, r));
  }

  isValid(context: ParsingContext, r: ParsingResult): boolean {
    const text = r.text;
    const core = text.replace(/^[\s,(]*(?:(?:on|in|at|by)\s+)?/i, '').replace(/(?<![\s,)])[\s,)]+$/, '');
    const lower = core.toLowerCase();
    const before = context.text.slice(0, r.index);
    const after = context.text.slice(r.index + text.length);
    const shouting = context.text === context.text.toUpperCase();
    if (hasTagPrefix(r, TAG)) return true; // ours, checked where they are parsed

    // News capitalizes months and weekdays: "people will march", "they may" are verbs.
    for (const re of [MONTH_WORD, WEEKDAY_WORD]) {
      const m = re.exec(core);
      if (m && !shouting && /^\p{Ll}/u.test(m[0])) return false;
    }
    // "Sun" alone is a newspaper ("the Baltimore Sun", "Sun reporters"), not Sunday.
    if (/^(?:sun|mon|tues?|wed|thu(?:rs?)?|fri|sat)\.?$/i.test(lower)) return false;
    // A bare "March" or "May" is the month only after a word like "in" or "early".
    if (/^(?:march|may)$/i.test(lower) && !MONTH_LEAD.test(before)) return false;
    if (/^(?:march|may)$/i.test(lower) && /^\s+(?:be|have|not|on\s+(?:Washington|the))\b/i.test(after)) return false;
    if (lower === 'now') return false;
    // Inside a word: chrono reads "lasts" as "last s(econds)".
    if (/\p{L}$/u.test(before) || /^\p{L}/u.test(after) || /^(?:this|last|past|next)(?!\s)/i.test(lower)) return false;
    // "Early in the month": chrono reads "in the month" as a month from now.
    if (/^(?:in\s+)?the\s+\w+$/i.test(text.trim()) && !WEEKDAY_WORD.test(lower) && !MONTH_WORD.test(lower))
      return false;
    // "the last 5 minutes": sub-day spans are no dates.
    if (/^(?:this|last|past|next)\s.*\b(?:seconds?|minutes?|hours?|mins?|hrs?)$/i.test(lower)) return false;
    // "What's happening in this country today": today as nowadays, not a date.
    if (
      lower === 'today' &&
      (/\b(?:country|world|nation|society|america|industry|business|life|of)\s+$/i.test(before) ||
        /^['\u2019]s\b/.test(after))
    ) {
      return false;
    }
    // "24/7", "9/11": a slash pair with no year is not a date in news copy.
    if (/^\d{1,2}\/\d{1,2}$/.test(lower)) return false;
    // Measured from another event, not from publication: "26 minutes before his release".
    if (/\b(?:before|after|later|earlier|prior|afterwards|out|forward|henceforth)$/i.test(lower)) return false;
    // Durations: "for 30 hours", "within two weeks", "in 48 hours".
    if (/^(?:for|within)\b/i.test(text) || /^(?:about|around|just|roughly|approximately)\b/i.test(lower)) return false;
    if (/^in\s/i.test(text) && /\b(?:seconds?|minutes?|hours?|mins?|hrs?|h|m|s)$/i.test(lower)) return false;
    if (/^(?:after|\+|-)/.test(lower)) return false;
    // "the next year", "the last month": relative to another event in the story.
    if (/^(?:next|last|past|previous|following)\s+\w+$/i.test(lower) && /\bthe\s+$/i.test(before)) return false;
    return true;
  }
}

function hasTagPrefix(r: ParsingResult, prefix: string): boolean {
  for (const tag of r.tags()) if (tag.startsWith(prefix)) return true;
  return false;
}

/** "between 2010 and 2015", "between March 3 and March 5": chrono merges only "to" and dashes. */
class BetweenRangeRefiner implements Refiner {
  refine(context: ParsingContext, results: ParsingResult[]): ParsingResult[] {
    const out: ParsingResult[] = [];
    for (let i = 0; i < results.length; i++) {
      const a = results[i]!;
      const b = results[i + 1];
      const between = b ? context.text.slice(a.index + a.text.length, b.index) : '';
      if (
        b &&
        !a.end &&
        !b.end &&
        /^\s+and\s+$/i.test(between) &&
        /\bbetween\s+$/i.test(context.text.slice(0, a.index))
      ) {
        const merged = a.clone();
        merged.end = b.start;
        merged.text = a.text + between + b.text;
        out.push(merged);
        i++;
        continue;
      }
      out.push(a);
    }
    return out;
  }
}

const MODIFIER_BEFORE =
  /(?:\b(early|mid|late)(?:\s+in)?[\s-]+|\bmid-|\b(?:the\s+)?(beginning|start|end|middle|close)\s+of\s+(?:the\s+)?)$/i;

/** Keeps "early", "mid-", "late", "the end of" with the month, year or decade they qualify. */
class ModifierRefiner implements Refiner {
  refine(context: ParsingContext, results: ParsingResult[]): ParsingResult[] {
    for (const r of results) {
      const before = context.text.slice(0, r.index);
      // "this past weekend": chrono reads "past weekend".
      const thisPast = /^past\s/i.test(r.text) ? /\bthis\s+$/i.exec(before) : null;
      if (thisPast) {
        r.index -= thisPast[0].length;
        r.text = thisPast[0] + r.text;
        continue;
      }
      // "earlier this year", "later this month": the span and the tense both need the word.
      const relative = /^(?:this|next|last)\s/i.test(r.text) ? /\b(earlier|later)\s+$/i.exec(before) : null;
      if (relative) {
        r.index -= relative[0].length;
        r.text = relative[0] + r.text;
        r.addTag(`${TAG}${relative[1]!.toLowerCase()}`);
        continue;
      }
      if (r.start.isCertain('day') || r.start.isCertain('weekday')) continue;
      const m = MODIFIER_BEFORE.exec(before);
      if (!m) continue;
      const word = (m[1] ?? m[2] ?? 'mid').toLowerCase();
      const modifier = /^(?:early|beginning|start)$/.test(word)
        ? 'early'
        : /^(?:late|end|close)$/.test(word)
          ? 'late'
          : 'mid';
      r.index -= m[0].length;
      r.text = m[0] + r.text;
      r.addTag(`${TAG}modifier:${modifier}`);
    }
    return results;
  }
}

/**
 * "December 22, last year", "January of last year": chrono reads the month and "last
 * year" apart, and guesses the month's year. One expression, with the year it names.
 */
class RelativeYearSuffixRefiner implements Refiner {
  refine(context: ParsingContext, results: ParsingResult[]): ParsingResult[] {
    const out: ParsingResult[] = [];
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      const text = r.text.replace(/(?<!\s)\s+of$/i, '');
      const suffix = /^\s*(?:,\s*)?(?:of\s+)?(last|this|next)\s+year\b/i.exec(
        context.text.slice(r.index + text.length),
      );
      if (suffix && r.start.isCertain('month') && !r.start.isCertain('year') && !r.end) {
        const which = suffix[1]!.toLowerCase();
        r.addTag(`${TAG}year-of:${which === 'last' ? -1 : which === 'next' ? 1 : 0}`);
        r.text = text + suffix[0];
        out.push(r);
        const next = results[i + 1];
        if (next && next.index < r.index + r.text.length) i++; // the "last year" just absorbed
        continue;
      }
      out.push(r);
    }
    return out;
  }
}

/** Drops what a parser marked as unplaceable, after it has shadowed chrono's reading. */
class DropMarked implements Refiner {
  refine(_context: ParsingContext, results: ParsingResult[]): ParsingResult[] {
    return results.filter((r) => !r.tags().has(`${TAG}drop`));
  }
}

const REMOVED_PARSERS = new Set(['ENEndOfCurrentMonthParser']);
const REMOVED_REFINERS = new Set(['ENEndOfPeriodRefiner', 'ENUnlikelyFormatFilter', 'UnlikelyFormatFilter']);

/**
 * chrono's UnlikelyFormatFilter, minus its rule that a result made of digits alone is no
 * date: "2017" is one here. Invalid dates still go, and so do clock times alone, which
 * must wait until chrono has merged "Friday" with "night".
 */
class ValidDateFilter implements Refiner {
  refine(_context: ParsingContext, results: ParsingResult[]): ParsingResult[] {
    return results.filter((r) => {
      if (!r.start.isValidDate() || (r.end && !r.end.isValidDate())) return false;
      if (hasTagPrefix(r, TAG)) return true;
      if (/^\d*(?:\.\d*)?$/.test(r.text.replace(' ', ''))) return false;
      // A clock time alone is no date ("at 7 p.m."); "Friday night" has merged by now.
      const dated = (['year', 'month', 'day', 'weekday'] as const).some((c) => r.start.isCertain(c));
      return (
        dated ||
        /^(?:tonight|today|tomorrow|yesterday|last\s*night|(?:this|next|last|past)\s+\w+)$/i.test(r.text.trim())
      );
    });
  }
}

function build(): Chrono {
  const base = en.configuration.createCasualConfiguration(false);
  const parsers = base.parsers.filter((p) => !REMOVED_PARSERS.has(p.constructor.name));
  const refiners = base.refiners.filter((r) => !REMOVED_REFINERS.has(r.constructor.name));
  parsers.push(new BareYearParser(), new DecadeParser(), new SeasonParser(), new SpanParser());
  refiners.unshift(new NewsFilter());
  refiners.push(
    new ValidDateFilter(),
    new RelativeYearSuffixRefiner(),
    new BetweenRangeRefiner(),
    new ModifierRefiner(),
    new DropMarked(),
  );
  return new Chrono({ parsers, refiners });
}

/** The one tuned instance; chrono parsers and refiners keep no state between calls. */
export const newsChrono: Chrono = build();

/** Results of chrono, in text order, for `text` read at noon UTC on `published`. */
export function findDateExpressions(text: string, reference: Date): ParsingResult[] {
  if (!mayHoldDate(text)) return [];
  // chrono types its results as ParsedResult; they are ParsingResults, whose tags we use.
  return newsChrono.parse(text, { instant: reference, timezone: 0 }) as ParsingResult[];
}

// The pre-check. chrono runs some twenty parsers and as many refiners on every string it
// is given, and four sentences in five of news hold no date; `mayHoldDate` turns those
// away with a few regular expressions. It must never turn away a sentence that yields a
// date, so it is derived from what each parser's pattern can match (chrono's are in
// chrono-node/dist/esm/locales/en/parsers and constants.js; ours are above) and from what
// `NewsFilter`, the first refiner, lets through: every result that survives the
// refiners descends from a parser's result that passed `NewsFilter`. tests/dates/precheck.test.ts
// checks it against chrono itself. Edit both when a parser or the filter changes.

/** chrono's NUMBER_PATTERN (constants.js): the count before a time unit. */
const CHRONO_NUMBER =
  '(?:eleven|twelve|three|seven|eight|four|five|nine|one|two|six|ten|[0-9]+|[0-9]+\\.[0-9]+|half(?:\\s{0,2}an?)?|an?\\b(?:\\s{0,2}few)?|few|several|the|a?\\s{0,2}couple\\s{0,2}(?:of)?)';
/** chrono's TIME_UNIT_DICTIONARY keys, longest first. */
const CHRONO_UNIT =
  '(?:quarters|seconds|minutes|quarter|second|minute|months|hours|weeks|month|years|mins|hour|days|week|year|sec|min|hrs|day|mon|mos|qtr|hr|mo|yr|s|m|h|d|w|y)';
const MONTH_TOKENS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sept',
  'sep',
  'oct',
  'nov',
  'dec',
];
const WEEKDAY_TOKENS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sun',
  'mon',
  'tue',
  'wed',
  'thurs',
  'thur',
  'thu',
  'fri',
  'sat',
];
/** chrono's ordinal words, as far as they can follow a month with no space ("Mayfirst"). */
const ORDINAL_STARTS =
  'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty|thirtieth|thirty';

/** "May", "MAY": a capital first letter, any case after it. */
const capitalised = (word: string): string =>
  word[0]!.toUpperCase() + [...word.slice(1)].map((c) => `[${c}${c.toUpperCase()}]`).join('');

/**
 * What may follow the time unit of a count ("two days", "a d") inside chrono's
 * TIME_UNITS_PATTERN: the end of a word, the next count ("a dthe m", "two days and a
 * week"), or, glued, the word after it ("5 dago").
 */
const AFTER_UNIT = `(?:(?![a-z0-9_])|(?=(?:and)?\\s{0,5}${CHRONO_NUMBER}\\s{0,3}${CHRONO_UNIT}|later|after|henceforth|forward|out|before|earlier|ago|from now))`;

const PRECHECKS: readonly RegExp[] = [
  // Years, ISO, numeric and slash dates ("2017", "2017-03-08", "3/8", "3.8", "3/2017");
  // clock times alone ("at 5") never survive `ValidDateFilter`, so a lone digit is not enough.
  /\d{4}|\d[/.-]\d/,
  // A month or weekday as news writes them: `NewsFilter` drops the lowercase ones (the verbs "may", "march").
  new RegExp(`\\b(?:${[...MONTH_TOKENS, ...WEEKDAY_TOKENS].map(capitalised).join('|')})(?![a-zA-Z])`),
  // Words chrono or our parsers read as dates on their own or with "this/last/next".
  /week|ago(?![a-z0-9_])|from now|\b(?:today|tonight|tomorrow|overmorrow|tmrw?|yesterday|last\s*night|this\s+(?:morning|afternoon|evening|night|midnight|midday|noon)|spring|summer|autumn|winter|(?:this|last|next|past|the)\s+(?:past\s+)?fall\b)/i,
  // "last year", "the past two decades", "next month" (chrono's relative parsers, our SpanParser).
  new RegExp(
    `\\b(?:this|last|past|previous|next|coming)\\s+(?:[a-z]+\\s+){0,3}(?:${CHRONO_UNIT}|decades?)(?![a-z0-9_])`,
    'i',
  ),
  // A count and a time unit, as chrono's time-unit parsers read them ("in two weeks", "5
  // days ago", "in half an hour", even "in a d"). chrono ignores a count glued to its
  // unit ("them" is "the" and "m"), so a digit or a space is needed inside.
  new RegExp(
    `[0-9]\\s{0,3}${CHRONO_UNIT}${AFTER_UNIT}|${CHRONO_NUMBER}\\s{1,3}${CHRONO_UNIT}${AFTER_UNIT}|` +
      `(?:half\\s{1,2}an?|an?\\s{1,2}few|\\scouple(?:\\s{0,2}of)?|couple\\s{1,2}of)\\s{0,3}${CHRONO_UNIT}${AFTER_UNIT}`,
    'i',
  ),
  // Months and weekdays glued to what chrono lets touch them: "inmay", "5may", "may5",
  // "mayfirst", "onfriday", "fridaythis week". `NewsFilter` cannot see these as words.
  new RegExp(
    `(?:in|of|st|nd|rd|th|\\d)(?:${MONTH_TOKENS.join('|')})|(?:${MONTH_TOKENS.join('|')})(?:${ORDINAL_STARTS}|\\d)|` +
      `(?:on|this|last|past|next)(?:${WEEKDAY_TOKENS.join('|')})|(?:${WEEKDAY_TOKENS.join('|')})(?:of|this|last|past|next)`,
    'i',
  ),
];

/**
 * Whether chrono, as tuned here, could find a date in `text`: false only when it surely
 * finds none, so the caller may skip it. Cheap: a few regular expressions, no chrono.
 *
 * @example mayHoldDate('The mayor may march.') // → false
 * @example mayHoldDate('He left in half an hour.') // → true
 */
export function mayHoldDate(text: string): boolean {
  for (const re of PRECHECKS) if (re.test(text)) return true;
  return false;
}
