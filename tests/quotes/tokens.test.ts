// `tokens` scans character codes instead of running the TOKEN regular expression; it
// must find exactly its tokens, at exactly its offsets, on any text.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOKEN, isTitleWord, tokens } from '../../src/quotes/names.ts';
import { DATASETS, NEEDS_SHARED, SEEDS } from '../support/shared.ts';

/** What the regular expression finds, with the final-period rule tokens applies: the reference. */
function byRegex(text: string, offset: number): Array<{ text: string; start: number; end: number }> {
  return [...text.matchAll(new RegExp(TOKEN.source, 'gu'))].map((m) => {
    let word = m[0];
    if (word.endsWith('.') && !/^(?:\p{L}\.)+$/u.test(word) && !isTitleWord(word) && !/^(?:jr|sr|st)\.$/i.test(word))
      word = word.slice(0, -1);
    return { text: word, start: offset + m.index, end: offset + m.index + word.length };
  });
}

const ALPHABET = [
  'a',
  'Z',
  'q',
  '0',
  '7',
  "'",
  '\u2019',
  '.',
  '-',
  ' ',
  ',',
  'é',
  'Ñ',
  'ж',
  '\u0301',
  '٣',
  '𝐀',
  '😀',
  '\ud800',
  'Jr.',
  'U.S.',
  'Mr.',
  '\u2014',
];

describe('tokens', () => {
  it('finds what the regular expression finds, on text built from the characters that matter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        (parts, offset) => {
          const text = parts.join('');
          expect(tokens(text, offset)).toEqual(byRegex(text, offset));
        },
      ),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (t) => {
        expect(tokens(t)).toEqual(byRegex(t, 0));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds what the regular expression finds, on news text', NEEDS_SHARED, async () => {
    for (const file of [
      path.join(SEEDS, '001_e3c0fcb52f03182e.txt'),
      path.join(DATASETS, 'bbc', 'politics', '001.txt'),
    ]) {
      const text = await readFile(file, file.includes('bbc') ? 'latin1' : 'utf8');
      expect(tokens(text)).toEqual(byRegex(text, 0));
    }
  });

  it('keeps abbreviations and inner marks, and drops a final period and outer marks', () => {
    expect(tokens("Mr. O'Brien-Smith of the U.S. said: 'it's over.' Jr. -x- 3.5").map((t) => t.text)).toEqual([
      'Mr.',
      "O'Brien-Smith",
      'of',
      'the',
      'U.S.',
      'said',
      "it's",
      'over',
      'Jr.',
      'x',
      '3.5',
    ]);
  });
});
