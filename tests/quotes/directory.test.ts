import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/quotes/directory.ts';
import { buildSpeakerDirectory, type Quote } from '../../src/quotes/index.ts';
import { fold, surname } from '../../src/quotes/names.ts';

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
    const d = Array.from({ length: a.length + 1 }, (_, i) =>
      Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++)
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
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

describe('speaker suggestions', { tags: ['shared'] }, () => {
  it('are what comparing the typed name with every name finds, on the speakers of real news', async () => {
    // Speakers of BBC politics, and names typed with up to three slips.
    const { Engine } = await import('../../src/engine/engine.ts');
    const { readFile, readdir } = await import('node:fs/promises');
    const path = await import('node:path');
    const { DATASETS } = await import('../support/shared.ts');
    const folder = path.join(DATASETS, 'bbc', 'politics');
    const articles = await Promise.all(
      (await readdir(folder))
        .sort()
        .slice(0, 120)
        .map(async (name) => {
          const [title = '', ...body] = (await readFile(path.join(folder, name), 'latin1')).split('\n');
          return {
            id: name,
            title,
            outlet: 'BBC',
            published: '2005-01-01',
            url: `https://bbc.co.uk/${name}`,
            text: body.join('\n').trim(),
            file: name,
          };
        }),
    );
    const dir = Engine.build(articles).speakers;
    const speakers = dir.all();
    expect(speakers.length).toBeGreaterThan(50);
    const names = speakers.map((s) => ({
      info: s,
      names: [...new Set([s.name, surname(s.name), ...s.aliases].map(fold))],
    }));
    /** suggest() by brute force: every name compared, no shortcut. */
    const reference = (q: string, limit: number) => {
      const threshold = Math.max(2, Math.floor(q.length / 3));
      return names
        .map(({ info, names: ns }) => ({ info, d: Math.min(...ns.map((n) => editDistance(q, n))) }))
        .filter((s) => s.d <= threshold)
        .sort((a, b) => a.d - b.d || b.info.quoteCount - a.info.quoteCount || a.info.name.localeCompare(b.info.name))
        .slice(0, limit)
        .map((s) => s.info.name);
    };
    const typed = fc
      .tuple(
        fc.constantFrom(...speakers.map((s) => fold(surname(s.name)))),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('', 'a', 'e', 'r', 'x'), fc.boolean()), { maxLength: 3 }),
      )
      .map(([name, slips]) =>
        slips.reduce(
          (w, [at, c, del]) =>
            w.length < 3 ? w : w.slice(0, at % w.length) + c + w.slice((at % w.length) + (del ? 1 : 0)),
          name,
        ),
      )
      .filter(
        (w) => /^[a-z]{3,}$/.test(w) && !/^(?:the|of|mr|mrs|ms|dr|city|state|police|mayor|chief|former)$/.test(w),
      );
    fc.assert(
      fc.property(typed, (q) => {
        expect(dir.suggest(q, 5).map((s) => s.name)).toEqual(reference(q, 5));
      }),
      { numRuns: 300 },
    );
  });
});
