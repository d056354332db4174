// highlightRanges skips words whose first letter no term starts with, without processing
// them; it must mark exactly the words that processing every word would.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highlightRanges } from '../../src/search/index.ts';
import { processTerm, words } from '../../src/search/terms.ts';
import { DATASETS, NEEDS_SHARED, SEEDS } from '../support/shared.ts';

/** Every word processed: what the marks must be. */
function byProcessingEveryWord(text: string, terms: string[]): Array<[number, number]> {
  const wanted = new Set(terms);
  return words(text).flatMap((w) =>
    wanted.has(processTerm(w.word) ?? '') ? [[w.start, w.end] as [number, number]] : [],
  );
}

describe('highlightRanges', () => {
  it('marks the same words as processing every word, on news text and its own terms', NEEDS_SHARED, async () => {
    const texts = [
      await readFile(path.join(SEEDS, '001_e3c0fcb52f03182e.txt'), 'utf8'),
      await readFile(path.join(DATASETS, 'bbc', 'politics', '001.txt'), 'latin1'),
      'Ángel Núñez said "Élan" and ÉLAN; the Ørsted deal, 3D TV, O\u2019Brien\u2019s ICE\u2019s raids. Y-yes, yesterday\u2019s Über-fees.',
    ];
    const text = fc.constantFrom(...texts);
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 8 }), (t, seed, n) => {
        const all = [
          ...new Set(
            words(t)
              .map((w) => processTerm(w.word))
              .filter((x): x is string => x !== null),
          ),
        ];
        const terms = Array.from({ length: n }, (_, i) => all[(seed + i * 7919) % all.length]!);
        expect(highlightRanges(t, terms)).toEqual(byProcessingEveryWord(t, terms));
      }),
      { numRuns: 500 },
    );
  });

  it('marks accented and capitalised words, and nothing for no terms', () => {
    const text = 'Núñez met ÉLAN and Ice; ICE\u2019s raids.';
    expect(highlightRanges(text, ['nunez', 'elan', 'ic', 'raid']).map(([s, e]) => text.slice(s, e))).toEqual([
      'Núñez',
      'ÉLAN',
      'Ice',
      'ICE\u2019s',
      'raids',
    ]);
    expect(highlightRanges(text, [])).toEqual([]);
  });
});
