import { describe, expect, it } from 'vitest';
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
