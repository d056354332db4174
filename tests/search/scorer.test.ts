// The scorer must rank exactly as MiniSearch's own search does: same passages, same order,
// same scores to the last bit, same matched terms. Checked on real news (BBC's business and
// politics articles, where "said" and "year" are in a large share of the passages), with
// the index as built and as restored from its JSON.
import MiniSearch from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BOOST,
  INDEX_OPTIONS,
  MAX_QUERY_TERMS,
  createIndex,
  searchIndex,
  type IndexedPassage,
} from '../../src/search/index.ts';
import { Scorer } from '../../src/search/scorer.ts';
import { processTerm, tokenize } from '../../src/search/terms.ts';
import { rng } from '../../bench/queries.ts';
import { bbcPassages } from '../support/datasets.ts';

interface Setup {
  index: MiniSearch<IndexedPassage>;
  vocabulary: Set<string>;
  words: string[];
}

/** The BBC passages (see bbcPassages), indexed, with their words. */
async function bbcIndex(): Promise<Setup> {
  const docs = await bbcPassages();
  const index = createIndex();
  index.addAll(docs);
  const words = docs.flatMap((d) => tokenize(d.text)).filter((w) => w.length >= 3 && processTerm(w));
  return { index, vocabulary: new Set(words.map((w) => processTerm(w)!)), words };
}

/** Queries of every kind searchIndex handles: known words, common words, typos, a word still being typed, long ones. */
function queries(words: string[], count: number): string[] {
  const random = rng(7);
  const pick = () => words[Math.floor(random() * words.length)]!;
  const typo = (w: string) => {
    const i = 1 + Math.floor(random() * (w.length - 1));
    return random() < 0.5 ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + 'x' + w.slice(i);
  };
  const out = [
    'said',
    'said year',
    'the said',
    'governm',
    'econom growth',
    'minister said',
    'gordon brwn',
    'chancelor',
    'blair labour election said',
  ];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(random() * 4);
    const ws = Array.from({ length: n }, pick);
    const kind = i % 4;
    if (kind === 1) ws[0] = typo(ws[0]!);
    if (kind === 2) ws[n - 1] = ws[n - 1]!.slice(0, Math.max(4, ws[n - 1]!.length - 3));
    out.push(ws.join(' '));
  }
  out.push(Array.from({ length: MAX_QUERY_TERMS + 5 }, pick).join(' '));
  return out;
}

function expectSameRanking(setup: Setup, index: MiniSearch<IndexedPassage>, scorer: Scorer, limit: number) {
  const known = (t: string) => setup.vocabulary.has(t);
  let compared = 0;
  for (const q of queries(setup.words, 150)) {
    const viaMiniSearch = searchIndex(index, q, limit, known);
    const viaScorer = searchIndex(index, q, limit, known, scorer);
    expect(
      viaScorer.map((m) => m.id),
      q,
    ).toEqual(viaMiniSearch.map((m) => m.id));
    expect(
      viaScorer.map((m) => m.score),
      q,
    ).toEqual(viaMiniSearch.map((m) => m.score));
    expect(
      viaScorer.map((m) => [...m.terms].sort()),
      q,
    ).toEqual(viaMiniSearch.map((m) => [...m.terms].sort()));
    compared += viaMiniSearch.length;
  }
  return compared;
}

describe('Scorer', { tags: ['shared'] }, () => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await bbcIndex();
  });

  it('ranks exactly as MiniSearch does, for the first page and for a long list', () => {
    const scorer = Scorer.for(setup.index, BOOST)!;
    expect(scorer).toBeDefined();
    // Large enough that the lists are full: every query's page is compared, not just a few hits.
    expect(expectSameRanking(setup, setup.index, scorer, 10)).toBeGreaterThan(1_000);
    expect(expectSameRanking(setup, setup.index, scorer, 500)).toBeGreaterThan(10_000);
  });

  it('ranks exactly as MiniSearch does on an index restored from its JSON', () => {
    const restored = MiniSearch.loadJSON<IndexedPassage>(JSON.stringify(setup.index), INDEX_OPTIONS);
    expect(expectSameRanking(setup, restored, Scorer.for(restored, BOOST)!, 25)).toBeGreaterThan(1_000);
  });

  it('has a common word in a large share of the passages, which is what it is for', () => {
    const said = searchIndex(setup.index, 'said', 100_000);
    expect(said.length / setup.index.documentCount).toBeGreaterThan(0.25);
  });

  it('keeps ties in the order MiniSearch reaches them', () => {
    const index = createIndex();
    index.addAll(
      Array.from({ length: 30 }, (_, id) => ({
        id,
        text: id % 2 ? 'ordinance vote' : 'vote ordinance',
        title: '',
        speakers: '',
      })),
    );
    const scorer = Scorer.for(index, BOOST)!;
    expect(searchIndex(index, 'ordinance', 10, () => true, scorer).map((m) => m.id)).toEqual(
      searchIndex(index, 'ordinance', 10, () => true).map((m) => m.id),
    );
    expect(searchIndex(index, 'ordinance', 10, () => true, scorer).map((m) => m.id)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('is not made for an index whose internals it does not know', () => {
    const stranger = Object.create(MiniSearch.prototype) as MiniSearch<IndexedPassage>;
    expect(Scorer.for(stranger, BOOST)).toBeUndefined();
    // Boosts are MiniSearch's: a field left out counts 1, a field the index lacks is ignored.
    const index = createIndex();
    index.addAll([
      { id: 0, text: 'ordinance vote', title: 'ordinance', speakers: '' },
      { id: 1, text: 'ordinance', title: '', speakers: 'Ordinance' },
    ]);
    const boost = { speakers: 3, byline: 2 };
    const scorer = Scorer.for(index, boost)!;
    expect(scorer.search([{ term: 'ordin', prefix: false, fuzzy: 0 }], 5).map((m) => m.score)).toEqual(
      index.search('ordin', { boost, processTerm: (t) => t }).map((r) => r.score),
    );
  });
});
