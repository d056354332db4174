import type { Span } from '../corpus/types.ts';

/**
 * Words that end in a period without ending a sentence. Lowercased, without the period.
 * Titles, months, US states as AP style abbreviates them, and common Latin shorthand.
 */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'ft',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'cmdr',
  'sgt',
  'cpl',
  'adm',
  'gov',
  'sen',
  'rep',
  'reps',
  'sens',
  'rev',
  'hon',
  'pres',
  'supt',
  'det',
  'atty',
  'insp',
  'amb',
  'gens',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
  'ala',
  'ariz',
  'ark',
  'calif',
  'colo',
  'conn',
  'del',
  'fla',
  'ga',
  'ill',
  'ind',
  'kan',
  'ky',
  'la',
  'md',
  'mass',
  'mich',
  'minn',
  'miss',
  'mo',
  'mont',
  'neb',
  'nev',
  'okla',
  'ore',
  'pa',
  'tenn',
  'vt',
  'va',
  'wash',
  'wis',
  'wyo',
  'inc',
  'corp',
  'co',
  'ltd',
  'bros',
  'no',
  'nos',
  'vs',
  'etc',
  'approx',
  'dept',
  'est',
  'fig',
  'vol',
  'ave',
  'blvd',
  'rd',
  'e.g',
  'i.e',
  'a.m',
  'p.m',
  'u.s',
  'u.k',
  'u.n',
  'd.c',
  'u.s.a',
]);

/** Closing marks that may follow a sentence's final punctuation and belong to it. */
const CLOSERS = new Set(['"', '\u201D', '\u2019', "'", ')', ']']);
const TERMINATORS = new Set(['.', '!', '?']);
const BREAK = /[\n.!?]/g;

/**
 * Splits `text[start, end)` into sentences, as offsets into `text`, each trimmed of
 * surrounding white space. A line break always ends a sentence. Periods after known
 * abbreviations ("Mr.", "Gov.", "Sept."), initials ("J. Smith") and dotted acronyms
 * ("U.S.") do not, unless the next word is clearly a new sentence's first word after an
 * acronym at a line's end. An ellipsis with no space after it ("here...we") stays inside.
 *
 * @example sentences('Gov. Polis spoke. He left.') // → [{start:0,end:17},{start:18,end:26}]
 */
export function sentences(text: string, start = 0, end = text.length): Span[] {
  const out: Span[] = [];
  let from = start;
  const push = (a: number, b: number): void => {
    const span = trim(text, a, b);
    if (span.end > span.start) out.push(span);
  };
  for (let i = start; i < end; i++) {
    // Only line breaks and terminators end a sentence: jump to the next one.
    BREAK.lastIndex = i;
    const next = BREAK.exec(text);
    if (!next || next.index >= end) break;
    i = next.index;
    const ch = text[i]!;
    if (ch === '\n') {
      push(from, i);
      from = i + 1;
      continue;
    }
    if (!TERMINATORS.has(ch)) continue;
    let j = i + 1;
    while (j < end && (TERMINATORS.has(text[j]!) || CLOSERS.has(text[j]!))) j++;
    // A boundary needs white space after it and a plausible sentence start next.
    if (j >= end || !/[ \t\u00A0]/.test(text[j]!)) continue;
    let k = j;
    while (k < end && /[ \t\u00A0]/.test(text[k]!)) k++;
    if (k >= end || text[k] === '\n') continue; // the line break ends it anyway
    if (!startsSentence(text[k]!)) continue;
    if (ch === '.' && isAbbreviation(text, i, start)) continue;
    push(from, j);
    from = k;
    i = k - 1;
  }
  push(from, end);
  return out;
}

function startsSentence(ch: string): boolean {
  return /[\p{Lu}\p{N}"'\u201C\u2018([]/u.test(ch);
}

/** Whether the period at `dot` closes an abbreviation, an initial or a dotted acronym. */
function isAbbreviation(text: string, dot: number, floor: number): boolean {
  let s = dot;
  while (s > floor && /[\p{L}.]/u.test(text[s - 1]!)) s--;
  const word = text.slice(s, dot).toLowerCase();
  if (word.length === 0) return false;
  if (ABBREVIATIONS.has(word)) return true;
  // A single capital letter: an initial ("Michael B. Hancock"), or the last letter of
  // a dotted acronym such as "U.S" before its final period.
  if (/^\p{L}$/u.test(word) && /\p{Lu}/u.test(text[s]!)) return true;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true;
  return false;
}

/** Narrows `[start, end)` past white space on both sides. */
export function trim(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
