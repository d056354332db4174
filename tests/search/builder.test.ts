// IndexBuilder must build the very index MiniSearch's own addAll builds: the same postings,
// ids, field lengths and averages, and the same order in the term tree (which decides the
// order of equal scores and of suggestions). toJSON lists all of them, the terms in the
// tree's order, so the two serialisations must be equal to the character.
import { describe, expect, it } from 'vitest';
import { IndexBuilder, createIndex, searchIndex, type IndexedPassage } from '../../src/search/index.ts';
import { memoProcessTerm } from '../../src/search/terms.ts';
import { builtInEngine } from '../support/corpus.ts';
import { bbcPassages } from '../support/datasets.ts';

function both(docs: IndexedPassage[]) {
  const plain = createIndex(memoProcessTerm().process);
  plain.addAll(docs);
  const builder = new IndexBuilder(memoProcessTerm());
  for (const d of docs) builder.add(d);
  return { plain, built: builder.finish() };
}

describe('IndexBuilder', () => {
  it('builds the index MiniSearch builds from BBC news, tree order included', { tags: ['shared'] }, async () => {
    const docs = await bbcPassages();
    expect(docs.length).toBeGreaterThan(1_000);
    const { plain, built } = both(docs);
    expect(built.termCount).toBe(plain.termCount);
    expect(built.documentCount).toBe(docs.length);
    expect(JSON.stringify(built)).toBe(JSON.stringify(plain));
    for (const q of ['said', 'econom growth', 'gordon brwn', 'chancel']) {
      expect(searchIndex(built, q, 25, () => false)).toEqual(searchIndex(plain, q, 25, () => false));
    }
  });

  it("is what the engine's index of the built-in coverage is built with", async () => {
    const engine = await builtInEngine();
    const { index, passages, quotes } = engine.parts();
    // The passages as the engine gives them to its index: the speakers are those of the quotes that overlap each.
    const docs = passages.map((p) => {
      const speakers = new Set(
        quotes
          .filter((q) => q.articleId === p.articleId && q.start < p.end && q.end > p.start)
          .map((q) => q.speaker.name),
      );
      return {
        id: p.id,
        text: engine.text(p),
        title: engine.article(p.articleId)!.title,
        speakers: [...speakers].join(' '),
      };
    });
    expect(docs.some((d) => d.speakers !== '')).toBe(true);
    const { plain, built } = both(docs);
    expect(JSON.stringify(built)).toBe(JSON.stringify(plain));
    expect(JSON.stringify(index)).toBe(JSON.stringify(plain));
  });

  it('searches nothing until finished, and takes nothing after', () => {
    const builder = new IndexBuilder(memoProcessTerm());
    builder.add({ id: 0, text: 'Denver passed the ordinance', title: 'Ordinance', speakers: '' });
    const index = builder.finish();
    expect(searchIndex(index, 'ordinance', 5, () => true).map((m) => m.id)).toEqual([0]);
    expect(() => builder.add({ id: 1, text: 'more', title: '', speakers: '' })).toThrow(/finished/);
    // A passage the types do not allow is refused whole, before anything of it is indexed.
    const strict = new IndexBuilder(memoProcessTerm());
    expect(() => strict.add({ id: 0, text: 'Denver', title: 12 as unknown as string, speakers: '' })).toThrow(
      /needs a number id and text/,
    );
    expect(strict.finish().documentCount).toBe(0);
    expect(() => builder.finish()).toThrow(/finished/);
    // The finished index is an ordinary MiniSearch again: what it is given later is searchable at once.
    index.add({ id: 1, text: 'a later sanctuary vote', title: '', speakers: '' });
    expect(searchIndex(index, 'sanctuary', 5, () => true).map((m) => m.id)).toEqual([1]);
  });
});
