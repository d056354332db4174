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
const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)*/gu;

/** Splits text into words (MiniSearch's `tokenize`). */
export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Each word of `text` with its offsets, for marking matched terms in an excerpt. */
export function* words(text: string): Generator<{ word: string; start: number; end: number }> {
  for (const m of text.matchAll(WORD)) yield { word: m[0], start: m.index, end: m.index + m[0].length };
}

/**
 * Turns a word into its index term: accents folded, lowercased, possessive dropped,
 * stop words removed (null), Porter-stemmed ("ordinances" → "ordin", "raids" → "raid").
 */
export function processTerm(word: string): string | null {
  // Most words are plain ASCII, which NFKD leaves as it is and which carries no marks.
  const folded = (ASCII.test(word) ? word : word.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\u2019/g, "'"))
    .toLowerCase()
    .replace(/'s$/, '');
  if (folded.length === 0 || STOP_WORDS.has(folded)) return null;
  return /^\p{N}+$/u.test(folded) ? folded : stemmer(folded);
}

const ASCII = /^[\x00-\x7f]*$/;

/** `processTerm` with a memo: see memoProcessTerm. */
export interface TermMemo {
  process: (word: string) => string | null;
  /** Every distinct term given so far. */
  terms(): IterableIterator<string>;
  /** Empties the memo; `process` goes on working, without one. */
  release(): void;
}

/**
 * `processTerm` with a memo of every word it has seen, for a build that meets the same
 * words again and again (the index, quotes, dated sentences). Each term is given as one
 * string however many words stem to it. The memo holds every distinct word of the corpus:
 * release it when the build is done (an index keeps its processTerm).
 */
export function memoProcessTerm(): TermMemo {
  let memo: Map<string, string | null> | undefined = new Map();
  let terms = new Map<string, string>();
  return {
    process: (word) => {
      if (!memo) return processTerm(word);
      let term = memo.get(word);
      if (term === undefined) {
        term = processTerm(word);
        if (term !== null) {
          const same = terms.get(term);
          if (same === undefined) terms.set(term, term);
          else term = same;
        }
        memo.set(word, term);
      }
      return term;
    },
    terms: () => terms.keys(),
    release: () => {
      memo = undefined;
      terms = new Map();
    },
  };
}
