import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/quotes/directory.ts';
import { buildSpeakerDirectory, type Quote } from '../../src/quotes/index.ts';

function q(articleId: string, name: string, mention: string, kind: Quote['kind'] = 'direct', role?: string): Quote {
  return { articleId, start: 0, end: 1, text: 'x', kind, speaker: { name, mention, role } };
}

const quotes: Quote[] = [
  q('a', 'Michael Hancock', 'Hancock', 'direct', 'Denver Mayor'),
  q('a', 'Michael Hancock', 'The Mayor', 'paraphrase'),
  q('b', 'Hancock', 'Hancock'),
  q('b', 'Paul Pazen', 'Pazen', 'direct', 'Denver Police Chief'),
  q('c', 'José Núñez', 'Núñez'),
  q('c', 'Hillary Clinton', 'Clinton'),
  q('d', 'Bill Clinton', 'Clinton'),
  q('d', 'Clinton', 'Clinton'),
];

describe('buildSpeakerDirectory', () => {
  const dir = buildSpeakerDirectory(quotes);

  it('maps a surname that is unambiguous across the corpus to the full name', () => {
    expect(dir.canonical(quotes[2]!)).toBe('Michael Hancock');
    const hancock = dir.all().find((s) => s.name === 'Michael Hancock');
    expect(hancock).toMatchObject({ role: 'Denver Mayor', quoteCount: 2, paraphraseCount: 1 });
    expect(hancock?.aliases).toEqual(['Hancock', 'The Mayor']);
  });

  it('keeps an ambiguous surname as written', () => {
    expect(dir.canonical(quotes[7]!)).toBe('Clinton');
    expect(dir.resolve('clinton')).toBeUndefined();
    expect(dir.resolve('Bill Clinton')?.name).toBe('Bill Clinton');
  });

  it('resolves names ignoring case, accents and titles', () => {
    for (const query of ['hancock', 'michael hancock', 'Mayor Hancock', 'MAYOR MICHAEL HANCOCK', 'the mayor']) {
      expect(dir.resolve(query)?.name, query).toBe('Michael Hancock');
    }
    expect(dir.resolve('Pazen')?.name).toBe('Paul Pazen');
    expect(dir.resolve('chief pazen')?.name).toBe('Paul Pazen');
    expect(dir.resolve('jose nunez')?.name).toBe('José Núñez');
    expect(dir.resolve('nobody')).toBeUndefined();
  });

  it('suggests the closest names for a misspelling', () => {
    expect(dir.suggest('hancok')[0]?.name).toBe('Michael Hancock');
    expect(dir.suggest('pazan')[0]?.name).toBe('Paul Pazen');
    expect(dir.suggest('zzzzzzzz')).toEqual([]);
    expect(dir.suggest('clintn', 1)).toHaveLength(1);
  });

  it('lists the most quoted speakers first', () => {
    const counts = dir.all().map((s) => s.quoteCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});

describe('editDistance', () => {
  /** Levenshtein by the textbook: the full table, no band, no cut-off. */
  function reference(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    return d[a.length]![b.length]!;
  }

  it('is the textbook distance within the limit and limit + 1 past it', () => {
    // A small alphabet, so that near matches (where the band matters) are common.
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', ' '), maxLength: 14 });
    fc.assert(
      fc.property(word, word, fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }), (a, b, max) => {
        const exact = reference(a, b);
        expect(editDistance(a, b, max)).toBe(max === undefined ? exact : Math.min(exact, max + 1));
      }),
      { numRuns: 3_000 },
    );
  });

  it('compares names of any length, one after another', () => {
    const long = 'x'.repeat(300);
    expect(editDistance(long, `${long}yz`)).toBe(2);
    expect(editDistance('hancok', 'hancock', 1)).toBe(1);
    expect(editDistance('hancok', 'pazen', 2)).toBe(3);
  });
});
