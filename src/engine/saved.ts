import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { Article } from '../corpus/types.ts';
import type { DatedEvent } from '../dates/index.ts';
import type { Quote } from '../quotes/index.ts';
import { INDEX_OPTIONS, type IndexedPassage } from '../search/index.ts';
import type { CleanArticle } from '../text/clean.ts';
import { Engine, type Passage } from './engine.ts';

/** Bumped whenever the saved shape changes; a file of another format is rebuilt. */
export const SAVED_FORMAT = 2;

/**
 * A built engine as plain data, without the article texts (they stay in the corpus
 * files): passages, quotes and events by offsets, cleaning results, and MiniSearch's own
 * serialisation of the index.
 */
export interface SavedEngine {
  format: number;
  /** The corpus content and engine code this was built from (see open.ts). */
  key: string;
  articleIds: string[];
  passages: Array<[number, string, number, number, Array<[string, number, number]>]>;
  quotes: Array<Omit<Quote, 'text'>>;
  events: Array<Omit<DatedEvent, 'mention'> & { mention: Omit<DatedEvent['mention'], 'text'> }>;
  cleaned: Array<[string, CleanArticle]>;
  index: AsPlainObject;
  /** Each index term's spelling (see EngineParts.vocabulary), in `index.index` order, one per line: one string, cheap to read and to hand over. */
  spellings: string;
}

export function saveEngine(engine: Engine, key: string): SavedEngine {
  const parts = engine.parts();
  const index = parts.index.toJSON();
  return {
    format: SAVED_FORMAT,
    key,
    articleIds: parts.articles.map((a) => a.id),
    passages: parts.passages.map((p) => [p.id, p.articleId, p.start, p.end, p.alsoIn.map((o) => [o.articleId, o.start, o.end])]),
    quotes: parts.quotes.map(({ text: _text, ...q }) => q),
    events: parts.events.map((e) => ({ ...e, mention: { start: e.mention.start, end: e.mention.end, date: e.mention.date, scheduled: e.mention.scheduled } })),
    cleaned: [...parts.cleaned],
    index,
    spellings: index.index.map(([term]) => parts.vocabulary.get(term) ?? term).join('\n'),
  };
}

/**
 * Rebuilds an engine from a saved one and the articles it was built from. Throws, naming
 * what is wrong, when the saved data does not fit the articles (a damaged or stale file):
 * the caller then builds from scratch. `yieldEvery` lets a reload restore in slices.
 */
export async function restoreEngine(articles: readonly Article[], saved: SavedEngine, { async = false } = {}): Promise<Engine> {
  if (saved.format !== SAVED_FORMAT) throw new Error(`saved engine: format ${String(saved.format)}, expected ${SAVED_FORMAT}`);
  if (!Array.isArray(saved.articleIds) || saved.articleIds.length !== articles.length || saved.articleIds.some((id, i) => articles[i]!.id !== id)) {
    throw new Error('saved engine: its articles are not the corpus articles');
  }
  const byId = new Map(articles.map((a) => [a.id, a]));
  const text = (id: string, start: number, end: number): string => {
    const a = byId.get(id);
    if (!a || !(start >= 0 && start <= end && end <= a.text.length)) throw new Error(`saved engine: offsets ${start}-${end} do not fit article "${id}"`);
    return a.text.slice(start, end);
  };
  // In async mode, work in slices and yield between them: a reload restores while the
  // bot keeps answering.
  const map = async <T, U>(items: T[], f: (item: T, i: number) => U): Promise<U[]> => {
    const out: U[] = new Array<U>(items.length);
    for (let i = 0; i < items.length; i++) {
      out[i] = f(items[i]!, i);
      if (async && i % 5_000 === 4_999) await new Promise((r) => setImmediate(r));
    }
    return out;
  };
  const passages: Passage[] = await map(saved.passages, ([id, articleId, start, end, also], i) => {
    if (id !== i) throw new Error(`saved engine: passage ${i} is numbered ${id}`);
    text(articleId, start, end);
    return { id, articleId, start, end, alsoIn: also.map(([a, s, e]) => (text(a, s, e), { articleId: a, start: s, end: e })) };
  });
  const quotes: Quote[] = await map(saved.quotes, (q) => ({ ...q, text: text(q.articleId, q.start, q.end) }));
  const events: DatedEvent[] = await map(saved.events, (e) => ({ ...e, mention: { ...e.mention, text: text(e.articleId, e.mention.start, e.mention.end) } }));
  const cleaned = new Map(saved.cleaned);
  if (cleaned.size !== articles.length) throw new Error('saved engine: cleaning results do not cover the articles');
  if (saved.index?.documentCount !== passages.length) throw new Error('saved engine: the index does not hold the passages');
  const index = async
    ? await MiniSearch.loadJSAsync<IndexedPassage>(saved.index, INDEX_OPTIONS)
    : MiniSearch.loadJS<IndexedPassage>(saved.index, INDEX_OPTIONS);
  // The index's terms, as MiniSearch saved them, with their spellings: the engine looks a query's words up here.
  const spellings = typeof saved.spellings !== 'string' ? undefined : saved.spellings === '' ? [] : saved.spellings.split('\n');
  if (spellings?.length !== saved.index.index.length) throw new Error('saved engine: the spellings do not match the index terms');
  const vocabulary = new Map(await map(saved.index.index, ([term], i) => [term, spellings![i]!] as const));
  return Engine.fromParts({ articles, cleaned, passages, index, quotes, events, vocabulary }, { async });
}
