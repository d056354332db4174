// `tokenize` and `words` scan character codes instead of running the WORD regular
// expression; they must find exactly its words, at exactly its offsets, on any text.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WORD, tokenize, words } from '../../src/search/terms.ts';
import { DATASETS, NEEDS_SHARED, SEEDS } from '../support/shared.ts';

/** What the regular expression finds: the reference. */
function byRegex(text: string): Array<{ word: string; start: number; end: number }> {
  return [...text.matchAll(new RegExp(WORD.source, 'gu'))].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

// Characters that sit on the scanner's decisions: ASCII letters and digits, apostrophes
// straight and curly, accented and non-Latin letters, combining marks, non-ASCII digits,
// letters outside the Basic Multilingual Plane (surrogate pairs), a lone surrogate, punctuation.
const ALPHABET = [
  'a',
  'Z',
  'q',
  '0',
  '7',
  "'",
  '\u2019',
  '\u2018',
  ' ',
  '-',
  '.',
  'é',
  'Ñ',
  'ß',
  'ж',
  '中',
  '\u0301',
  '٣',
  '²',
  '𝐀',
  '😀',
  '\ud800',
  '\u00a0',
  '_',
  '’s',
];

describe('words and tokenize', () => {
  it('find what the regular expression finds, on text built from the characters that matter', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const expected = byRegex(text);
        expect(words(text)).toEqual(expected);
        expect(tokenize(text)).toEqual(expected.map((w) => w.word));
      }),
      { numRuns: 3000 },
    );
  });

  it('find what the regular expression finds, on news text', NEEDS_SHARED, async () => {
    const texts = [
      await readFile(path.join(SEEDS, '001_e3c0fcb52f03182e.txt'), 'utf8'),
      await readFile(path.join(DATASETS, 'bbc', 'politics', '001.txt'), 'latin1'),
      await readFile(path.join(DATASETS, 'bbc', 'business', '001.txt'), 'latin1'),
    ];
    for (const t of texts) expect(words(t)).toEqual(byRegex(t));
  });

  it('find what the regular expression finds, on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (t) => {
        expect(words(t)).toEqual(byRegex(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps inner apostrophes and splits at everything else', () => {
    expect(
      tokenize("ICE\u2019s agents don\u2019t, rock\u2019n\u2019roll 3D o'clock5 \u2019quoted\u2019 Núñez"),
    ).toEqual(['ICE\u2019s', 'agents', 'don\u2019t', 'rock\u2019n\u2019roll', '3D', "o'clock", '5', 'quoted', 'Núñez']);
  });
});
