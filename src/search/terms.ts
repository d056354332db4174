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
  const folded = word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['\u2019]s$/, '')
    .replace(/\u2019/g, "'");
  if (folded.length === 0 || STOP_WORDS.has(folded)) return null;
  return /^\p{N}+$/u.test(folded) ? folded : stemmer(folded);
}
