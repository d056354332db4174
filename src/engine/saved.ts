import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { Article } from '../corpus/types.ts';
import type { DatedEvent } from '../dates/index.ts';
import type { Quote } from '../quotes/index.ts';
import { INDEX_OPTIONS, type IndexedPassage } from '../search/index.ts';
import type { CleanArticle } from '../text/clean.ts';
import { timeSlices } from '../steps.ts';
import { Engine, type IdLists, type Passage, type WordLookups } from './engine.ts';

/** Bumped whenever the saved shape changes; a file of another format is rebuilt. */
export const SAVED_FORMAT = 3;

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
  /** The word lookups (see WordLookups), lists as base64 of their Int32Arrays (start, ids). */
  words: { quoteTerms: string[]; quoteLists: [string, string]; eventWords: [string, string]; eventTerms: [string, string] };
}

const encode = (lists: IdLists): [string, string] => [lists.start, lists.ids].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')) as [string, string];

function decode(saved: unknown, what: string): IdLists {
  if (!Array.isArray(saved) || saved.length !== 2 || saved.some((x) => typeof x !== 'string')) throw new Error(`saved engine: ${what} is not a pair of lists`);
  const [start, ids] = (saved as [string, string]).map((b64) => {
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.byteLength % 4 !== 0) throw new Error(`saved engine: ${what} is damaged`);
    // Copied into a buffer of their own: aligned for Int32Array, and not a view of a larger one.
    return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }) as [Int32Array, Int32Array];
  return { start, ids };
}

export function saveEngine(engine: Engine, key: string): SavedEngine {
  const parts = engine.parts();
  const index = parts.index.toJSON();
  const words = engine.wordLookups();
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
    words: { quoteTerms: words.quoteTerms, quoteLists: encode(words.quoteLists), eventWords: encode(words.eventWords), eventTerms: encode(words.eventTerms) },
  };
}

/**
 * Rebuilds an engine from a saved one and the articles it was built from. Throws, naming
 * what is wrong, when the saved data does not fit the articles (a damaged or stale file):
 * the caller then builds from scratch. `async` restores in slices (SLICE_MS each), so that
 * a reload does not hold up the bot; `consume` empties `saved`'s large parts as they are
 * read (the caller must not use it again).
 */
export async function restoreEngine(articles: readonly Article[], saved: SavedEngine, { async = false, consume = false } = {}): Promise<Engine> {
  if (saved.format !== SAVED_FORMAT) throw new Error(`saved engine: format ${String(saved.format)}, expected ${SAVED_FORMAT}`);
  if (!Array.isArray(saved.articleIds) || saved.articleIds.length !== articles.length || saved.articleIds.some((id, i) => articles[i]!.id !== id)) {
    throw new Error('saved engine: its articles are not the corpus articles');
  }
  // In async mode, work in slices and yield between them: a reload restores while the
  // bot keeps answering.
  const due = timeSlices();
  const pause = async () => {
    if (async && due()) await new Promise((r) => setImmediate(r));
  };
  const byId = new Map<string, Article>();
  for (const a of articles) {
    byId.set(a.id, a);
    await pause();
  }
  const text = (id: string, start: number, end: number): string => {
    const a = byId.get(id);
    if (!a || !(start >= 0 && start <= end && end <= a.text.length)) throw new Error(`saved engine: offsets ${start}-${end} do not fit article "${id}"`);
    return a.text.slice(start, end);
  };
  const map = async <T, U>(items: T[], f: (item: T, i: number) => U): Promise<U[]> => {
    const out: U[] = new Array<U>(items.length);
    for (let i = 0; i < items.length; i++) {
      out[i] = f(items[i]!, i);
      await pause();
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
  // With `consume`, each saved part is let go once read: a reload holds the running engine,
  // the new one and the saved data at once, and the less of it is alive, the shorter the
  // garbage collector's pauses.
  if (consume) [saved.passages, saved.quotes, saved.events] = [[], [], []];
  const cleaned = new Map(saved.cleaned);
  if (cleaned.size !== articles.length) throw new Error('saved engine: cleaning results do not cover the articles');
  if (saved.index?.documentCount !== passages.length) throw new Error('saved engine: the index does not hold the passages');
  const index = async ? await loadIndexAsync(saved.index, due) : MiniSearch.loadJS<IndexedPassage>(saved.index, INDEX_OPTIONS);
  // The index's terms, as MiniSearch saved them, with their spellings: the engine looks a query's words up here.
  const spellings = typeof saved.spellings !== 'string' ? undefined : saved.spellings === '' ? [] : saved.spellings.split('\n');
  if (spellings?.length !== saved.index.index.length) throw new Error('saved engine: the spellings do not match the index terms');
  const vocabulary = new Map(await map(saved.index.index, ([term], i) => [term, spellings![i]!] as const));
  if (consume) saved.index = { ...saved.index, index: [], documentIds: {}, fieldLength: {} };
  const words = await checkWords(saved.words, quotes.length, events.length, pause);
  return Engine.fromParts({ articles, cleaned, passages, index, quotes, events, vocabulary }, { async, words });
}

/**
 * MiniSearch's `loadJSAsync`, but with the per-passage parts (document ids and field
 * lengths: 359,032 each at 10x) put in here, in slices: `loadJSAsync` maps every id back
 * to its short id in one go (120 ms at 10x), which would stall the bot during a reload.
 * It writes MiniSearch's internal maps (the ones `toJSON` reads back, so
 * tests/engine/saved.test.ts compares the JSON); when they are not there, it leaves the
 * whole load to `loadJSAsync`.
 */
async function loadIndexAsync(js: AsPlainObject, due: () => boolean): Promise<MiniSearch<IndexedPassage>> {
  const index = await MiniSearch.loadJSAsync<IndexedPassage>({ ...js, documentIds: {}, fieldLength: {} }, INDEX_OPTIONS);
  const { _documentIds: ids, _idToShortId: shortIds, _fieldLength: lengths } = index as unknown as Partial<Record<'_documentIds' | '_idToShortId' | '_fieldLength', unknown>>;
  if (!(ids instanceof Map && shortIds instanceof Map && lengths instanceof Map)) return MiniSearch.loadJSAsync<IndexedPassage>(js, INDEX_OPTIONS);
  const documentIds = js.documentIds as Record<number, unknown>;
  const fieldLength = js.fieldLength as Record<number, number[]>;
  // Short ids run from 0 to nextId - 1: read by number, without listing the keys.
  for (let short = 0; short < js.nextId; short++) {
    const id = documentIds[short];
    if (id !== undefined) {
      ids.set(short, id);
      shortIds.set(id, short);
    }
    const length = fieldLength[short];
    if (length !== undefined) lengths.set(short, length);
    if (due()) await new Promise((r) => setImmediate(r));
  }
  return index;
}

/** The saved word lookups, decoded and checked against the quotes and events they index; throws when they do not fit. */
async function checkWords(saved: SavedEngine['words'] | undefined, quotes: number, events: number, pause: () => Promise<void>): Promise<WordLookups> {
  if (!saved || !Array.isArray(saved.quoteTerms)) throw new Error('saved engine: the word lookups are missing');
  const { quoteTerms } = saved;
  for (let i = 0; i < quoteTerms.length; i++) {
    if (typeof quoteTerms[i] !== 'string' || (i > 0 && !(quoteTerms[i - 1]! < quoteTerms[i]!))) throw new Error('saved engine: the quote terms are not in order');
    await pause();
  }
  const lists = async (what: string, savedLists: unknown, count: number, below: number): Promise<IdLists> => {
    const { start, ids } = decode(savedLists, what);
    if (start.length !== count + 1 || start[0] !== 0 || start[count] !== ids.length) throw new Error(`saved engine: ${what} do not fit what they index`);
    for (let i = 0; i < count; i++) {
      if (start[i]! > start[i + 1]!) throw new Error(`saved engine: ${what} are damaged`);
      if (i % 4_096 === 0) await pause();
    }
    for (let i = 0; i < ids.length; i++) {
      if (!(ids[i]! >= 0 && ids[i]! < below)) throw new Error(`saved engine: ${what} name an id out of range`);
      if (i % 65_536 === 0) await pause();
    }
    return { start, ids };
  };
  return {
    quoteTerms,
    quoteLists: await lists('the quotes by term', saved.quoteLists, quoteTerms.length, quotes),
    eventWords: await lists("the dated sentences' words", saved.eventWords, events, 2 ** 31 - 1),
    eventTerms: await lists("the dated sentences' terms", saved.eventTerms, events, 2 ** 31 - 1),
  };
}

