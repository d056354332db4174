import { readFile, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_DIR, openCorpus } from '../../src/corpus/open.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { quoteAnswer } from '../../src/answers/quotes.ts';
import { Engine } from '../../src/engine/engine.ts';
import {
  decodePostings,
  packIndex,
  packPostings,
  restoreEngine,
  saveEngine,
  unpack,
  type PackedPostings,
  type SavedEngine,
  type SavedPostings,
} from '../../src/engine/saved.ts';
import { BUILT_IN, markdownArticle, tempCorpus } from '../support/corpus.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

function snapshot(engine: Engine) {
  return {
    search: ['valles', 'detainer requests', 'hancok', 'raids'].map((q) =>
      engine.search(q, 10).map((h) => [h.passage.id, h.score.toFixed(6), h.highlights]),
    ),
    quotes: engine.quotes.map((q) => [q.articleId, q.start, q.end, q.text, q.kind, q.speaker.name]),
    events: engine.events.map((e) => [e.articleId, e.start, e.end, e.date.value, e.mention.text, e.scheduled]),
    speakers: engine.speakers.all().map((s) => s.name),
    suggest: engine.suggestTerms('ordin'),
    // Every 3- and 5-letter start of a word in the coverage, as autocomplete sends them:
    // the term tree's order differs between built and restored, the suggestions may not.
    suggestAll: [...prefixes(engine)].map((p) => engine.suggestTerms(p, 25)),
    vocabulary: [...engine.parts().vocabulary].sort(([a], [b]) => (a < b ? -1 : 1)),
    quoteGroups: engine.quotes.map((_, i) => engine.quoteGroup(i)),
    sourceRanks: engine.articles.map((a) => engine.sourceRank(a.id)),
    quoteAnswers: ['hancock', 'hancock warrant', 'ordinance'].map((who) => JSON.stringify(quoteAnswer(engine, who))),
  };
}

function prefixes(engine: Engine): Set<string> {
  const out = new Set<string>();
  for (const p of engine.passages)
    for (const w of engine
      .text(p)
      .toLowerCase()
      .split(/[^a-z]+/))
      if (w.length >= 3) out.add(w.slice(0, 3)).add(w.slice(0, 5));
  return out;
}

function indexJson(engine: Engine): string {
  const js = engine.parts().index.toJSON();
  return JSON.stringify({ ...js, index: [...js.index].sort(([a], [b]) => (a < b ? -1 : 1)) });
}

describe('saved engine', () => {
  it('restores to an engine that answers exactly as the built one', async () => {
    const { articles } = await loadCorpus(BUILT_IN);
    const built = Engine.build(articles);
    const saved = JSON.parse(JSON.stringify(saveEngine(built, 'k')));
    for (const async of [false, true]) {
      const restored = await restoreEngine(articles, saved, { async });
      expect(snapshot(restored)).toEqual(snapshot(built));
      // The index itself, as MiniSearch writes it out: ids, lengths and postings (terms
      // sorted: the term tree lists them in the order they were added).
      expect(indexJson(restored)).toBe(indexJson(built));
    }
  });

  it("restores from postings handed over apart (as a build worker does), or saved in MiniSearch's own shape", async () => {
    const { articles } = await loadCorpus(BUILT_IN);
    const built = Engine.build(articles);
    const plain = built.parts().index.toJSON().index;
    // Packed from the term tree, from toJSON's objects, or (a MiniSearch without the term
    // tree read here) through toJSON: the same postings, as MiniSearch saves them.
    const asPlain = (p: PackedPostings) => JSON.stringify(unpack(p.terms.split('\n'), p));
    expect(asPlain(packIndex(built.parts().index))).toBe(JSON.stringify(plain));
    expect(asPlain(packPostings(plain))).toBe(JSON.stringify(plain));
    const other = { toJSON: () => built.parts().index.toJSON() } as unknown as Parameters<typeof packIndex>[0];
    expect(asPlain(packIndex(other))).toBe(JSON.stringify(plain));
    for (const async of [false, true]) {
      const handed = JSON.parse(JSON.stringify(saveEngine(built, 'k'))) as SavedEngine;
      const postings = decodePostings(handed.postings);
      handed.postings = undefined;
      const own = JSON.parse(JSON.stringify(saveEngine(built, 'k'))) as SavedEngine;
      own.postings = undefined;
      own.index.index = plain;
      for (const restored of [
        await restoreEngine(articles, handed, { async, postings }),
        await restoreEngine(articles, own, { async }),
      ]) {
        expect(snapshot(restored)).toEqual(snapshot(built));
        expect(indexJson(restored)).toBe(indexJson(built));
      }
    }
  });

  it('refuses postings that are damaged, do not fit together, or are given twice', async () => {
    const { articles } = await loadCorpus(BUILT_IN);
    const good = saveEngine(Engine.build(articles), 'k');
    const copy = () => JSON.parse(JSON.stringify(good)) as SavedEngine;
    const handedOver = (change: (p: PackedPostings, s: SavedEngine) => void) => {
      const saved = copy();
      const postings = decodePostings(saved.postings);
      saved.postings = undefined;
      change(postings, saved);
      return restoreEngine(articles, saved, { postings });
    };
    await expect(handedOver((p) => (p.docs = p.docs.subarray(1)))).rejects.toThrow(/postings do not fit together/);
    await expect(handedOver((p) => (p.terms = p.terms.split('\n').slice(1).join('\n')))).rejects.toThrow(
      /postings do not fit together/,
    );
    await expect(
      handedOver((p) => ([p.postingStart[1], p.postingStart[2]] = [p.postingStart[2]!, p.postingStart[1]!])),
    ).rejects.toThrow(/postings are damaged/);
    await expect(handedOver((p) => (p.docs[p.docs.length - 1] = 1_000_000))).rejects.toThrow(
      /postings name a passage out of range/,
    );
    await expect(
      handedOver((_p, s) => (s.index.index = Engine.build(articles).parts().index.toJSON().index)),
    ).rejects.toThrow(/postings given twice/);
    // As read from a file.
    const inFile = (change: (s: SavedEngine) => void) => {
      const saved = copy();
      change(saved);
      return restoreEngine(articles, saved);
    };
    await expect(
      inFile((s) => (s.postings!.docs = Buffer.from(s.postings!.docs, 'base64').subarray(0, -1).toString('base64'))),
    ).rejects.toThrow(/postings' docs is damaged/);
    await expect(
      inFile((s) => (s.postings!.counts = Buffer.from(new Int32Array([1, 2, 3]).buffer).toString('base64'))),
    ).rejects.toThrow(/postings do not fit together/);
    await expect(inFile((s) => delete (s.postings as Partial<SavedPostings>).docs)).rejects.toThrow(
      /postings are missing/,
    );
    // Given by a worker and in the file at once.
    await expect(restoreEngine(articles, copy(), { postings: decodePostings(good.postings) })).rejects.toThrow(
      /postings given twice/,
    );
    // The index's passages: one per short id, numbered as the passages are.
    await expect(inFile((s) => (s.index.nextId += 1))).rejects.toThrow(/index does not hold the passages/);
    await expect(inFile((s) => ((s.index.documentIds as Record<number, unknown>)[3] = 4))).rejects.toThrow(
      /index's passage 3 is damaged/,
    );
    await expect(inFile((s) => delete (s.index.fieldLength as Record<number, unknown>)[2])).rejects.toThrow(
      /index's passage 2 is damaged/,
    );
  });

  it('saves and restores an engine of no articles', async () => {
    const empty = Engine.build([]);
    const restored = await restoreEngine([], JSON.parse(JSON.stringify(saveEngine(empty, 'k'))) as SavedEngine);
    expect(restored.passages).toEqual([]);
    expect(indexJson(restored)).toBe(indexJson(empty));
  });

  it('refuses a save whose spellings do not match its index terms', async () => {
    const { articles } = await loadCorpus(BUILT_IN);
    const saved = saveEngine(Engine.build(articles), 'k');
    saved.spellings = saved.spellings.split('\n').slice(1).join('\n');
    await expect(restoreEngine(articles, saved)).rejects.toThrow(/spellings do not match/);
  });

  it('refuses saved word lookups that do not fit the quotes and sentences they index', async () => {
    const { articles } = await loadCorpus(BUILT_IN);
    const good = saveEngine(Engine.build(articles), 'k');
    const damaged = (f: (s: SavedEngine) => void) => {
      const s = JSON.parse(JSON.stringify(good)) as SavedEngine;
      f(s);
      return restoreEngine(articles, s);
    };
    const ids = (b64: string, change: (a: Int32Array) => void) => {
      const bytes = Buffer.from(b64, 'base64');
      const a = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      change(a);
      return Buffer.from(a.buffer).toString('base64');
    };
    await expect(
      damaged((s) => (s.words.quoteLists[1] = ids(s.words.quoteLists[1], (a) => (a[0] = 1_000_000)))),
    ).rejects.toThrow(/quotes by term name an id out of range/);
    await expect(
      damaged((s) => (s.words.eventTerms[0] = ids(s.words.eventTerms[0], (a) => (a[1] = -5)))),
    ).rejects.toThrow(/terms (are damaged|do not fit)/);
    await expect(damaged((s) => s.words.quoteTerms.reverse())).rejects.toThrow(/quote terms are not in order/);
    await expect(damaged((s) => (s.words.eventWords = ['%%%', ''] as [string, string]))).rejects.toThrow(/words/);
    await expect(damaged((s) => delete (s as Partial<SavedEngine>).words)).rejects.toThrow(/word lookups are missing/);
  });

  it('refuses a save whose offsets do not fit the articles', async () => {
    const { articles } = await loadCorpus(BUILT_IN);
    const saved = saveEngine(Engine.build(articles), 'k');
    saved.passages[3]![3] = 10_000_000;
    await expect(restoreEngine(articles, saved)).rejects.toThrow(/offsets .* do not fit article/);
  });

  it('is used when the corpus is unchanged and rebuilt when a file changes', async () => {
    const { dir, cleanup } = await tempCorpus({ 'a.md': markdownArticle({}, 'The stadium vote is Monday.\n') });
    cleanups.push(cleanup);
    const log: string[] = [];
    const first = await openCorpus(dir, { log: (m) => log.push(m) });
    expect(first.fromSaved).toBe(false);
    expect((await openCorpus(dir, { log: (m) => log.push(m) })).fromSaved).toBe(true);
    await appendFile(path.join(dir, 'a.md'), 'The arena vote is Tuesday.\n');
    const changed = await openCorpus(dir, { log: (m) => log.push(m) });
    expect(changed.fromSaved).toBe(false);
    expect(changed.engine.search('arena')).toHaveLength(1);
    expect(log).toContain('saved engine: the corpus or the engine changed since it was saved; rebuilding');
  });

  it('ignores a damaged file with a log line, rebuilds and saves a good one', async () => {
    const { dir, cleanup } = await tempCorpus({ 'a.md': markdownArticle() });
    cleanups.push(cleanup);
    const log: string[] = [];
    await openCorpus(dir, { log: () => undefined });
    const file = path.join(dir, CACHE_DIR, 'engine.json');
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 200));
    const opened = await openCorpus(dir, { log: (m) => log.push(m) });
    expect(opened.fromSaved).toBe(false);
    expect(log.some((l) => l.startsWith('saved engine ignored ('))).toBe(true);
    expect((await openCorpus(dir, { log: () => undefined })).fromSaved).toBe(true);
  });
});
