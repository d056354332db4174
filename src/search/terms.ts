import { stemmer } from 'stemmer';

/**
 * English stop words: too common to tell passages apart. Kept short so that words that
 * carry meaning in news ("against", "without", "former") still count.
 */
export const STOP_WORDS = new Set(
  `a about after all also am an and any are as at be been before being both but by can could
  did do does doing during each few for from further had has have having he her here hers him
  his how i if in into is it its itself just me more most my no nor not now of off on once only
  or other our ours out over own same she should so some such than that the their theirs them
  then there these they this those through to too under until up very was we were what when
  where which while who whom why will with would you your yours`.split(/\s+/),
);

/** Words: letters and digits, with inner apostrophes ("don't", "ICE's"). */
export const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)*/gu;

// `WORD` as a scanner over character codes: the same words at the same offsets (a
// property test in tests/search/terms.test.ts compares them), without running a Unicode
// regular expression per word. ASCII is decided by code; other characters, which are few
// in news copy, by a regular expression on the one character.
const LETTER = /^\p{L}$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** ASCII by code: 2 a letter, 1 a digit, 0 neither. */
const ASCII_KIND = new Uint8Array(128).map((_, c) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 2 : c >= 48 && c <= 57 ? 1 : 0,
);

/** Kinds of the other characters of the Basic Multilingual Plane, as first met (-1: not yet). */
const BMP_KIND = new Int8Array(0x10000).fill(-1);

/** The kind (2 letter, 1 digit, 0 neither) of the code point at `i`, beyond ASCII. */
function wideKind(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const known = BMP_KIND[c]!;
  if (known >= 0) return known;
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  const k = LETTER.test(ch) ? 2 : LETTER_OR_DIGIT.test(ch) ? 1 : 0;
  // A surrogate's kind depends on its pair: only single code units are remembered.
  if (c < 0xd800 || c > 0xdfff) BMP_KIND[c] = k;
  return k;
}

/** Code units the code point at `i` takes: 2 for a surrogate pair. */
export function width(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return 1;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

/** Where the match of `WORD` that starts at `start` (a letter or digit) ends. */
export function wordEnd(text: string, start: number): number {
  const n = text.length;
  let i = start;
  // Letters and digits...
  while (i < n && kindAt(text, i) !== 0) i += width(text, i);
  // ...then any number of an apostrophe followed by letters.
  while (i + 1 < n) {
    const c = text.charCodeAt(i);
    if ((c !== 39 && c !== 0x2019) || kindAt(text, i + 1) !== 2) break;
    i++;
    while (i < n && kindAt(text, i) === 2) i += width(text, i);
  }
  return i;
}

/** What the code point at `i` is: 2 a letter, 1 a digit (`\\p{N}`), 0 anything else. */
export function kindAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? ASCII_KIND[c]! : wideKind(text, i);
}

/** Where the next match of `WORD` at or after `from` starts, or -1. */
export function wordStart(text: string, from: number): number {
  for (let i = from; i < text.length; i += width(text, i)) if (kindAt(text, i) !== 0) return i;
  return -1;
}

/** Splits text into words (MiniSearch's `tokenize`). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (let s = wordStart(text, 0); s >= 0;) {
    const e = wordEnd(text, s);
    out.push(text.slice(s, e));
    s = wordStart(text, e);
  }
  return out;
}

/** Each word of `text` with its offsets (`highlightRanges` scans the same words without listing them). */
export function words(text: string): Array<{ word: string; start: number; end: number }> {
  const out: Array<{ word: string; start: number; end: number }> = [];
  for (let s = wordStart(text, 0); s >= 0;) {
    const e = wordEnd(text, s);
    out.push({ word: text.slice(s, e), start: s, end: e });
    s = wordStart(text, e);
  }
  return out;
}

/**
 * Turns a word into its index term: accents folded, lowercased, possessive dropped,
 * stop words removed (null), Porter-stemmed ("ordinances" → "ordin", "raids" → "raid").
 */
export function processTerm(word: string): string | null {
  // Most words are plain ASCII, which NFKD leaves as it is and which carries no marks.
  const folded = (
    ASCII.test(word)
      ? word
      : word
          .normalize('NFKD')
          .replace(/\p{M}/gu, '')
          .replace(/\u2019/g, "'")
  )
    .toLowerCase()
    .replace(/'s$/, '');
  if (folded.length === 0 || STOP_WORDS.has(folded)) return null;
  return /^\p{N}+$/u.test(folded) ? folded : stemmer(folded);
}

const ASCII = /^[\x00-\x7f]*$/;

/** Words `answerTerm` remembers before it starts afresh. */
const ANSWER_TERMS = 50_000;
let answerTerms = new Map<string, string | null>();

/**
 * `processTerm` for answering: excerpts are marked by processing every word shown, and
 * the words of news repeat, so their terms are remembered (up to ANSWER_TERMS words, then
 * the memory starts afresh, so it stays bounded however long the bot runs).
 */
export function answerTerm(word: string): string | null {
  let term = answerTerms.get(word);
  if (term === undefined) {
    term = processTerm(word);
    // A long word cut from a passage may be held as a view of the whole article text (V8
    // keeps slices of 13 characters or more that way): remembering it could keep an old
    // corpus's text alive after a reload. Short words are most words.
    if (word.length >= 13) return term;
    if (answerTerms.size >= ANSWER_TERMS) answerTerms = new Map();
    answerTerms.set(word, term);
  }
  return term;
}

/** `processTerm` with a memo: see memoProcessTerm. */
export interface TermMemo {
  /** `processTerm`; a word of the `text` field (MiniSearch passes the field) is also counted. */
  process: (word: string, field?: string) => string | null;
  /** Every distinct term given so far. */
  terms(): IterableIterator<string>;
  /** Each term's most common spelling (lowercased) among the counted words; of equally common ones, the shortest, then the first in code-unit order. */
  spellings(): Map<string, string>;
  /**
   * `process`, but giving the word's entry in the memo, which the caller may mark (see
   * Seen.mark): IndexBuilder counts a field's distinct words by marking them. Throws once
   * the memo is released.
   */
  entry(word: string, field?: string): Seen;
  /** Empties the memo; `process` goes on working, without one. */
  release(): void;
}

export interface Seen {
  readonly term: string | null;
  /** Times seen in a `text` field. */
  count: number;
  /** IndexBuilder's: the last field of a passage it counted the word in (its own numbering). */
  mark: number;
}

/**
 * `processTerm` with a memo of every word it has seen, for a build that meets the same
 * words again and again (the index, quotes, dated sentences). Each term is given as one
 * string however many words stem to it. The memo holds every distinct word of the corpus:
 * release it when the build is done (an index keeps its processTerm).
 */
export function memoProcessTerm(): TermMemo {
  let memo: Map<string, Seen> | undefined = new Map();
  let terms = new Map<string, string>();
  const entry = (word: string, field?: string): Seen => {
    if (!memo) throw new Error('search: the term memo is released');
    let seen = memo.get(word);
    if (seen === undefined) {
      let term = processTerm(word);
      if (term !== null) {
        const same = terms.get(term);
        if (same === undefined) terms.set(term, term);
        else term = same;
      }
      seen = { term, count: 0, mark: 0 };
      memo.set(word, seen);
    }
    if (field === 'text') seen.count++;
    return seen;
  };
  return {
    process: (word, field) => (memo ? entry(word, field).term : processTerm(word)),
    entry,
    terms: () => terms.keys(),
    spellings: () => {
      const counts = new Map<string, Map<string, number>>();
      for (const [word, { term, count }] of memo ?? []) {
        if (term === null || count === 0) continue;
        const forms = counts.get(term) ?? counts.set(term, new Map()).get(term)!;
        const form = word.toLowerCase();
        forms.set(form, (forms.get(form) ?? 0) + count);
      }
      const out = new Map<string, string>();
      for (const [term, forms] of counts) {
        let best = '';
        let most = 0;
        for (const [form, n] of forms) {
          if (n > most || (n === most && (form.length < best.length || (form.length === best.length && form < best)))) {
            best = form;
            most = n;
          }
        }
        out.set(term, best);
      }
      return out;
    },
    release: () => {
      memo = undefined;
      terms = new Map();
    },
  };
}
