import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { Article } from '../corpus/types.ts';
import type { DatedEvent } from '../dates/index.ts';
import type { Quote } from '../quotes/index.ts';
import { INDEX_OPTIONS, type IndexedPassage } from '../search/index.ts';
import type { CleanArticle } from '../text/clean.ts';
import { timeSlices } from '../steps.ts';
import { Engine, type IdLists, type Passage, type WordLookups } from './engine.ts';

/** Bumped whenever the saved shape changes; a file of another format is rebuilt. */
export const SAVED_FORMAT = 4;

/**
 * A built engine as plain data, without the article texts (they stay in the corpus
 * files): passages, quotes and events by offsets, cleaning results, and MiniSearch's own
 * serialisation of the index but for its postings, which are packed (see PackedPostings).
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
  /** MiniSearch's serialisation with `index` (the postings) empty: they are in `postings`. */
  index: AsPlainObject;
  /** The postings, packed (see PackedPostings); absent when a build worker hands them over apart (build-worker.ts). */
  postings?: SavedPostings;
  /** Each index term's spelling (see EngineParts.vocabulary), in the postings' term order, one per line: one string, cheap to read and to hand over. */
  spellings: string;
  /** The word lookups (see WordLookups), lists as base64 of their Int32Arrays (start, ids). */
  words: {
    quoteTerms: string[];
    quoteLists: [string, string];
    eventWords: [string, string];
    eventTerms: [string, string];
  };
}

const toBase64 = (a: Int32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** Base64 of an Int32Array's bytes back as an array; throws, naming `what`, when it is not whole 32-bit numbers. */
function fromBase64(b64: string, what: string): Int32Array {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.byteLength % 4 !== 0) throw new Error(`saved engine: ${what} is damaged`);
  // Copied into a buffer of their own: aligned for Int32Array, and not a view of a larger
  // (pooled) one, so that it can be moved to another thread.
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const encode = (lists: IdLists): [string, string] => [toBase64(lists.start), toBase64(lists.ids)];

function decode(saved: unknown, what: string): IdLists {
  if (!Array.isArray(saved) || saved.length !== 2 || saved.some((x) => typeof x !== 'string'))
    throw new Error(`saved engine: ${what} is not a pair of lists`);
  const [start, ids] = (saved as [string, string]).map((b64) => fromBase64(b64, what)) as [Int32Array, Int32Array];
  return { start, ids };
}

/**
 * An index's postings (`AsPlainObject['index']`) as a few typed arrays: how the saved file
 * keeps them (as base64), and what a build worker hands over, instead of an object per
 * term with a property per passage (many times the arrays' heap; the arrays also
 * move between threads without a copy).
 */
export interface PackedPostings {
  /** The terms, in the saved index's order, one per line. */
  terms: string;
  /** Per term, where its fields start in `fieldIds` and `postingStart` (terms + 1 entries). */
  termStart: Int32Array;
  /** Per term and field: the field's id. */
  fieldIds: Int32Array;
  /** Per term and field: where its postings start in `docs` and `counts` (one more entry than `fieldIds`). */
  postingStart: Int32Array;
  /** Each posting's passage, by MiniSearch's short id. */
  docs: Int32Array;
  /** Each posting's term count. */
  counts: Int32Array;
}

/** One term's postings by field: field id -> passage short id -> count, as MiniSearch keeps them. */
type TermEntry = [string, Map<number, Map<number, number>>];

/** Packs an index's postings as `toJSON` lists them (see PackedPostings). */
export function packPostings(index: AsPlainObject['index']): PackedPostings {
  const numeric = <T>(o: Record<string, T>) => new Map(Object.entries(o).map(([k, v]) => [Number(k), v] as const));
  return packEntries(
    index.map(([term, fields]) => [
      term,
      new Map([...numeric(fields)].map(([id, docs]) => [id, numeric(docs as Record<string, number>)])),
    ]),
  );
}

/**
 * Packs a MiniSearch index's postings straight from its term tree, in the order `toJSON`
 * lists the terms: many times faster than going through `toJSON`'s objects. An index with
 * other internals goes through `toJSON`.
 */
export function packIndex(index: MiniSearch<IndexedPassage>): PackedPostings {
  const tree = (index as unknown as { _index?: Iterable<[string, unknown]> })._index;
  if (!tree || typeof tree[Symbol.iterator] !== 'function') return packPostings(index.toJSON().index);
  const entries: TermEntry[] = [];
  for (const entry of tree) {
    const fields = entry[1];
    if (!(fields instanceof Map) || ![...fields.values()].every((docs) => docs instanceof Map))
      return packPostings(index.toJSON().index);
    entries.push(entry as TermEntry);
  }
  return packEntries(entries);
}

function packEntries(entries: TermEntry[]): PackedPostings {
  // The terms are saved one per line (the tokenizer never makes a word with a line break).
  const broken = entries.find(([term]) => term.includes('\n'));
  if (broken) throw new Error(`engine: the index term ${JSON.stringify(broken[0])} has a line break`);
  let pairs = 0;
  let postings = 0;
  for (const [, fields] of entries) {
    pairs += fields.size;
    for (const docs of fields.values()) postings += docs.size;
  }
  const packed: PackedPostings = {
    terms: entries.map(([term]) => term).join('\n'),
    termStart: new Int32Array(entries.length + 1),
    fieldIds: new Int32Array(pairs),
    postingStart: new Int32Array(pairs + 1),
    docs: new Int32Array(postings),
    counts: new Int32Array(postings),
  };
  let pair = 0;
  let at = 0;
  entries.forEach(([, fields], t) => {
    packed.termStart[t] = pair;
    for (const [id, docs] of fields) {
      packed.fieldIds[pair] = id;
      packed.postingStart[pair++] = at;
      for (const [doc, count] of docs) {
        packed.docs[at] = doc;
        packed.counts[at++] = count;
      }
    }
  });
  packed.termStart[entries.length] = pair;
  packed.postingStart[pairs] = at;
  return packed;
}

/** Packed postings as saved in the file: the arrays as base64 of their bytes. */
export interface SavedPostings {
  terms: string;
  termStart: string;
  fieldIds: string;
  postingStart: string;
  docs: string;
  counts: string;
}

const ARRAYS = ['termStart', 'fieldIds', 'postingStart', 'docs', 'counts'] as const;

function encodePostings(p: PackedPostings): SavedPostings {
  const out = { terms: p.terms } as SavedPostings;
  for (const k of ARRAYS) out[k] = toBase64(p[k]);
  return out;
}

/** The saved postings as arrays; throws when one is not base64 of whole 32-bit numbers (checkPacked checks the rest). */
export function decodePostings(saved: unknown): PackedPostings {
  const s = saved as Partial<Record<keyof SavedPostings, unknown>> | undefined;
  if (typeof s?.terms !== 'string' || ARRAYS.some((k) => typeof s[k] !== 'string'))
    throw new Error('saved engine: the postings are missing');
  const out = { terms: s.terms } as PackedPostings;
  for (const k of ARRAYS) out[k] = fromBase64(s[k] as string, `the postings' ${k}`);
  return out;
}

/** The buffers of `packed`, to transfer to another thread rather than copy: each array must have its buffer to itself. */
export function packedBuffers(p: PackedPostings): ArrayBuffer[] {
  return ARRAYS.map((k) => {
    const a = p[k];
    if (a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength || !(a.buffer instanceof ArrayBuffer))
      throw new Error(`engine: the packed ${k} share a buffer`);
    return a.buffer;
  });
}

/** Checks that the packed arrays fit together (from the file or another thread: a mistake must not corrupt the index); addPostings checks each posting. */
function checkPacked(p: PackedPostings, terms: number): void {
  const ok =
    p.termStart.length === terms + 1 &&
    p.termStart[0] === 0 &&
    p.termStart[terms] === p.fieldIds.length &&
    p.postingStart.length === p.fieldIds.length + 1 &&
    p.postingStart[0] === 0 &&
    p.postingStart[p.fieldIds.length] === p.docs.length &&
    p.counts.length === p.docs.length;
  if (!ok) throw new Error('saved engine: the packed postings do not fit together');
  for (let i = 0; i < terms; i++)
    if (p.termStart[i]! > p.termStart[i + 1]!) throw new Error('saved engine: the packed postings are damaged');
  for (let i = 0; i < p.fieldIds.length; i++)
    if (p.postingStart[i]! > p.postingStart[i + 1]!) throw new Error('saved engine: the packed postings are damaged');
}

export function saveEngine(engine: Engine, key: string): SavedEngine {
  const { saved, packed } = saveEngineApart(engine, key);
  return { ...saved, postings: encodePostings(packed) };
}

/** The saved engine, but with the postings apart and not encoded: what a build worker hands over. */
export function saveEngineApart(engine: Engine, key: string): { saved: SavedEngine; packed: PackedPostings } {
  const parts = engine.parts();
  const packed = packIndex(parts.index);
  // MiniSearch's own serialisation for everything but the postings (ids, lengths, averages):
  // `toJSON` run on a view of the index whose term tree is empty, so that it does not build
  // an object per term for nothing (most of a save's time). A MiniSearch whose `toJSON` the view
  // does not suit gets a plain `toJSON`.
  let plain: AsPlainObject;
  try {
    plain = MiniSearch.prototype.toJSON.call(
      Object.create(parts.index, { _index: { value: [] } }) as MiniSearch<IndexedPassage>,
    );
  } catch {
    plain = parts.index.toJSON();
  }
  const index = { ...plain, index: [] };
  const words = engine.wordLookups();
  const saved: SavedEngine = {
    format: SAVED_FORMAT,
    key,
    articleIds: parts.articles.map((a) => a.id),
    passages: parts.passages.map((p) => [
      p.id,
      p.articleId,
      p.start,
      p.end,
      p.alsoIn.map((o) => [o.articleId, o.start, o.end]),
    ]),
    quotes: parts.quotes.map(({ text: _text, ...q }) => q),
    events: parts.events.map((e) => ({
      ...e,
      mention: { start: e.mention.start, end: e.mention.end, date: e.mention.date, scheduled: e.mention.scheduled },
    })),
    cleaned: [...parts.cleaned],
    index,
    spellings: lines(packed.terms)
      .map((term) => parts.vocabulary.get(term) ?? term)
      .join('\n'),
    words: {
      quoteTerms: words.quoteTerms,
      quoteLists: encode(words.quoteLists),
      eventWords: encode(words.eventWords),
      eventTerms: encode(words.eventTerms),
    },
  };
  return { saved, packed };
}

/**
 * Rebuilds an engine from a saved one and the articles it was built from. Throws, naming
 * what is wrong, when the saved data does not fit the articles (a damaged or stale file):
 * the caller then builds from scratch. `async` restores in slices (SLICE_MS each), so that
 * a reload does not hold up the bot; `consume` empties `saved`'s large parts as they are
 * read (the caller must not use it again). `postings`, when given, are the index's postings
 * (and `saved.index.index` is empty).
 */
export async function restoreEngine(
  articles: readonly Article[],
  saved: SavedEngine,
  { async = false, consume = false, postings }: { async?: boolean; consume?: boolean; postings?: PackedPostings } = {},
): Promise<Engine> {
  if (saved.format !== SAVED_FORMAT)
    throw new Error(`saved engine: format ${String(saved.format)}, expected ${SAVED_FORMAT}`);
  if (
    !Array.isArray(saved.articleIds) ||
    saved.articleIds.length !== articles.length ||
    saved.articleIds.some((id, i) => articles[i]!.id !== id)
  ) {
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
    if (!a || !(start >= 0 && start <= end && end <= a.text.length))
      throw new Error(`saved engine: offsets ${start}-${end} do not fit article "${id}"`);
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
    return {
      id,
      articleId,
      start,
      end,
      alsoIn: also.map(([a, s, e]) => (text(a, s, e), { articleId: a, start: s, end: e })),
    };
  });
  const quotes: Quote[] = await map(saved.quotes, (q) => ({ ...q, text: text(q.articleId, q.start, q.end) }));
  const events: DatedEvent[] = await map(saved.events, (e) => ({
    ...e,
    mention: { ...e.mention, text: text(e.articleId, e.mention.start, e.mention.end) },
  }));
  // With `consume`, each saved part is let go once read: a reload holds the running engine,
  // the new one and the saved data at once, and the less of it is alive, the shorter the
  // garbage collector's pauses.
  if (consume) [saved.passages, saved.quotes, saved.events] = [[], [], []];
  const cleaned = new Map(saved.cleaned);
  if (cleaned.size !== articles.length) throw new Error('saved engine: cleaning results do not cover the articles');
  if (saved.index?.documentCount !== passages.length)
    throw new Error('saved engine: the index does not hold the passages');
  await checkIds(saved.index, passages.length, pause);
  // The postings: handed over by a build worker, or saved packed, or (a saved index of MiniSearch's own) in the index.
  if (postings && saved.postings !== undefined) throw new Error('saved engine: postings given twice');
  let packed = postings ?? (saved.postings === undefined ? undefined : decodePostings(saved.postings));
  if (packed && saved.index.index.length > 0) throw new Error('saved engine: postings given twice');
  const terms = packed ? lines(packed.terms) : saved.index.index.map(([term]) => term);
  if (packed) checkPacked(packed, terms.length);
  if (consume) saved.postings = undefined;
  let index = async
    ? await loadIndexAsync(saved.index, due)
    : MiniSearch.loadJS<IndexedPassage>(saved.index, INDEX_OPTIONS);
  if (packed && !(await addPostings(index, terms, packed, saved.index.nextId, pause)))
    index = MiniSearch.loadJS<IndexedPassage>({ ...saved.index, index: unpack(terms, packed) }, INDEX_OPTIONS);
  // eslint-disable-next-line no-useless-assignment -- lets the postings be collected during the rest of the restore
  packed = postings = undefined; // in the index now
  // The index's terms, as MiniSearch saved them, with their spellings: the engine looks a query's words up here.
  const spellings = typeof saved.spellings !== 'string' ? undefined : lines(saved.spellings);
  if (spellings?.length !== terms.length) throw new Error('saved engine: the spellings do not match the index terms');
  const vocabulary = new Map(await map(terms, (term, i) => [term, spellings![i]!] as const));
  if (consume) saved.index = { ...saved.index, index: [], documentIds: {}, fieldLength: {} };
  const words = await checkWords(saved.words, quotes.length, events.length, pause);
  return Engine.fromParts({ articles, cleaned, passages, index, quotes, events, vocabulary }, { async, words });
}

/**
 * MiniSearch's `loadJSAsync`, but with the per-passage parts (document ids and field
 * lengths: one each per passage) put in here, in slices: `loadJSAsync` maps every id back
 * to its short id in one go, which for a large corpus would stall the bot during a reload.
 * It writes MiniSearch's internal maps (the ones `toJSON` reads back, so
 * tests/engine/saved.test.ts compares the JSON); when they are not there, it leaves the
 * whole load to `loadJSAsync`.
 */
async function loadIndexAsync(js: AsPlainObject, due: () => boolean): Promise<MiniSearch<IndexedPassage>> {
  const index = await MiniSearch.loadJSAsync<IndexedPassage>(
    { ...js, documentIds: {}, fieldLength: {} },
    INDEX_OPTIONS,
  );
  const {
    _documentIds: ids,
    _idToShortId: shortIds,
    _fieldLength: lengths,
  } = index as unknown as Partial<Record<'_documentIds' | '_idToShortId' | '_fieldLength', unknown>>;
  if (!(ids instanceof Map && shortIds instanceof Map && lengths instanceof Map))
    return MiniSearch.loadJSAsync<IndexedPassage>(js, INDEX_OPTIONS);
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

/**
 * Checks the index's passages as MiniSearch saved them: one per short id, numbered as the
 * passages are, each with a length per field. The engine never removes a passage, so
 * there are no gaps; a file with gaps or a larger `nextId` is damaged (a search would
 * otherwise find a passage that is not there).
 */
async function checkIds(js: AsPlainObject, passages: number, pause: () => Promise<void>): Promise<void> {
  if (js.nextId !== passages) throw new Error('saved engine: the index does not hold the passages');
  const fields = Object.keys(js.fieldIds ?? {}).length;
  const ids = js.documentIds as Record<number, unknown>;
  const lengths = js.fieldLength as Record<number, unknown>;
  for (let short = 0; short < passages; short++) {
    const l = lengths[short];
    if (
      ids[short] !== short ||
      !Array.isArray(l) ||
      l.length !== fields ||
      !l.every((n) => typeof n === 'number' && n >= 0)
    ) {
      throw new Error(`saved engine: the index's passage ${short} is damaged`);
    }
    await pause();
  }
}

const lines = (joined: string): string[] => (joined === '' ? [] : joined.split('\n'));

/**
 * Puts packed postings into `index`'s term tree, as `loadJS` would have put the same
 * postings saved as plain objects, pausing between slices (a common term alone has a
 * posting in most passages).
 */
async function addPostings(
  index: MiniSearch<IndexedPassage>,
  terms: string[],
  p: PackedPostings,
  nextId: number,
  pause: () => Promise<void>,
): Promise<boolean> {
  const tree = (index as unknown as { _index?: { set?: unknown; size?: unknown } })._index;
  // Another MiniSearch's internals: the caller loads the postings through loadJS instead.
  if (typeof tree?.set !== 'function' || tree.size !== 0) return false;
  const set = tree.set.bind(tree) as (term: string, data: Map<number, Map<number, number>>) => void;
  for (let t = 0; t < terms.length; t++) {
    const fields = new Map<number, Map<number, number>>();
    for (let pair = p.termStart[t]!; pair < p.termStart[t + 1]!; pair++) {
      const docs = new Map<number, number>();
      for (let k = p.postingStart[pair]!; k < p.postingStart[pair + 1]!; k++) {
        const doc = p.docs[k]!;
        if (!(doc >= 0 && doc < nextId && p.counts[k]! > 0))
          throw new Error('saved engine: the postings name a passage out of range');
        docs.set(doc, p.counts[k]!);
        if ((k & 4_095) === 0) await pause();
      }
      fields.set(p.fieldIds[pair]!, docs);
    }
    set(terms[t]!, fields);
    await pause();
  }
  return true;
}

/** Packed postings back in MiniSearch's saved shape. */
export function unpack(terms: string[], p: PackedPostings): AsPlainObject['index'] {
  return terms.map((term, t) => {
    const fields: Record<string, Record<string, number>> = {};
    for (let pair = p.termStart[t]!; pair < p.termStart[t + 1]!; pair++) {
      const docs: Record<string, number> = (fields[p.fieldIds[pair]!] = {});
      for (let k = p.postingStart[pair]!; k < p.postingStart[pair + 1]!; k++) docs[p.docs[k]!] = p.counts[k]!;
    }
    return [term, fields];
  });
}

/** The saved word lookups, decoded and checked against the quotes and events they index; throws when they do not fit. */
async function checkWords(
  saved: SavedEngine['words'] | undefined,
  quotes: number,
  events: number,
  pause: () => Promise<void>,
): Promise<WordLookups> {
  if (!saved || !Array.isArray(saved.quoteTerms)) throw new Error('saved engine: the word lookups are missing');
  const { quoteTerms } = saved;
  for (let i = 0; i < quoteTerms.length; i++) {
    if (typeof quoteTerms[i] !== 'string' || (i > 0 && !(quoteTerms[i - 1]! < quoteTerms[i]!)))
      throw new Error('saved engine: the quote terms are not in order');
    await pause();
  }
  const lists = async (what: string, savedLists: unknown, count: number, below: number): Promise<IdLists> => {
    const { start, ids } = decode(savedLists, what);
    if (start.length !== count + 1 || start[0] !== 0 || start[count] !== ids.length)
      throw new Error(`saved engine: ${what} do not fit what they index`);
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
