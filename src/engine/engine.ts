import type MiniSearch from 'minisearch';
import type { Article, ArticleMeta, Span } from '../corpus/types.ts';
import {
  BOOST,
  IndexBuilder,
  highlightRanges,
  queryTerms,
  searchIndex,
  type IndexedPassage,
  type Match,
} from '../search/index.ts';
import { Scorer } from '../search/scorer.ts';
import { runAsync, runSync, timeSlices } from '../steps.ts';
import { memoProcessTerm, processTerm, tokenize } from '../search/terms.ts';
import { extractEvents } from '../dates/index.ts';
import type { DatedEvent } from '../dates/index.ts';
import { buildSpeakerDirectory, extractQuotes, speakerDirectorySteps } from '../quotes/index.ts';
import type { Quote, SpeakerDirectory } from '../quotes/index.ts';
import { normalize, cleanArticle, type CleanArticle } from '../text/clean.ts';
import { splitPassages } from '../text/passages.ts';
import { sentences } from '../text/sentences.ts';
import { lowerBoundBy } from '../sorted.ts';

/** Where a passage's text stands in one article. */
export interface Occurrence extends Span {
  articleId: string;
}

/**
 * A passage of story text, indexed once however many articles carry it word for word.
 * `articleId`/`start`/`end` name the first article that has it (corpus order); `alsoIn`
 * the others, each with its own offsets.
 */
export interface Passage extends Occurrence {
  id: number;
  alsoIn: Occurrence[];
}

/** The citation of an article. */
export type SourceRef = Pick<ArticleMeta, 'id' | 'title' | 'outlet' | 'published' | 'url'>;

export interface PassageHit {
  passage: Passage;
  score: number;
  /** The index terms that matched (the query's, or words they are a prefix of or close to). */
  terms: string[];
  /** Matched words as ranges relative to the passage text: worked out when first read. */
  readonly highlights: Array<[number, number]>;
}

/** What an Engine is made of: built from articles, or restored from a saved engine. */
export interface EngineParts {
  articles: readonly Article[];
  cleaned: Map<string, CleanArticle>;
  passages: Passage[];
  index: MiniSearch<IndexedPassage>;
  quotes: Quote[];
  events: DatedEvent[];
  /** Every index term, with its most common spelling in the passages' text (itself for a term of titles or names only). */
  vocabulary: ReadonlyMap<string, string>;
}

/**
 * Everything the bot answers from, built once from a corpus and never changed: a reload
 * builds a new Engine and swaps the reference.
 */
export class Engine {
  /** Articles in corpus order. */
  readonly articles: readonly Article[];
  readonly passages: readonly Passage[];
  readonly cleaned: ReadonlyMap<string, CleanArticle>;
  /** Direct quotes and paraphrases, article by article in corpus order. */
  readonly quotes: readonly Quote[];
  /** Every sentence that carries a resolved date, article by article. */
  readonly events: readonly DatedEvent[];
  readonly speakers: SpeakerDirectory;
  private readonly byId: ReadonlyMap<string, Article>;
  private readonly index: MiniSearch<IndexedPassage>;
  private readonly vocabulary: ReadonlyMap<string, string>;
  private readonly lookups: Lookups;

  private constructor(parts: EngineParts, speakers: SpeakerDirectory, lookups: Lookups) {
    this.articles = parts.articles;
    this.cleaned = parts.cleaned;
    this.passages = parts.passages;
    this.index = parts.index;
    this.vocabulary = parts.vocabulary;
    this.quotes = parts.quotes;
    this.events = parts.events;
    this.speakers = speakers;
    this.byId = new Map(parts.articles.map((a) => [a.id, a]));
    this.lookups = lookups;
  }

  /**
   * Cleans, splits and indexes `articles` (ids must be unique, as `loadCorpus` ensures).
   * Passages whose text is identical in several articles are indexed once. One thread;
   * `buildEngine` (build.ts) does the per-article work in worker threads for a large corpus.
   */
  static build(articles: readonly Article[]): Engine {
    const assembler = new EngineAssembler(articles);
    for (const article of articles) assembler.add(article, extractArticle(article));
    return assembler.finish();
  }

  /** For EngineAssembler: an engine from parts it has put together, with their lookups. */
  static assembled(parts: EngineParts, speakers: SpeakerDirectory, lookups: Lookups): Engine {
    return new Engine(parts, speakers, lookups);
  }

  /**
   * An engine from parts already built (see saved.ts), without indexing anything again;
   * what answers look up (quotes by speaker, events and passages by place) is worked out
   * again, but for the quotes' and dated sentences' `words` (saved, and checked by the
   * caller). With `async`, it yields to the event loop between slices of work (SLICE_MS each).
   */
  static async fromParts(
    parts: EngineParts,
    { async = false, words }: { async?: boolean; words: WordLookups },
  ): Promise<Engine> {
    const speakers = async ? await runAsync(speakerDirectorySteps(parts.quotes)) : buildSpeakerDirectory(parts.quotes);
    const lookups = buildLookups(parts, speakers, words);
    return new Engine(parts, speakers, async ? await runAsync(lookups) : runSync(lookups));
  }

  /** The word lookups, for saving (see WordLookups). */
  wordLookups(): WordLookups {
    const { quoteTerms, eventWords, eventTerms } = this.lookups;
    return { quoteTerms: quoteTerms.terms, quoteLists: quoteTerms.quotes, eventWords, eventTerms };
  }

  /** The parts, for saving. */
  parts(): EngineParts {
    return {
      articles: this.articles,
      cleaned: new Map(this.cleaned),
      passages: [...this.passages],
      index: this.index,
      quotes: [...this.quotes],
      events: [...this.events],
      vocabulary: this.vocabulary,
    };
  }

  article(id: string): Article | undefined {
    return this.byId.get(id);
  }

  /** The passage's text: a slice of its first article. */
  text(p: Occurrence): string {
    return this.byId.get(p.articleId)!.text.slice(p.start, p.end);
  }

  source(articleId: string): SourceRef {
    const a = this.byId.get(articleId);
    if (!a) throw new Error(`engine: no article "${articleId}"`);
    return { id: a.id, title: a.title, outlet: a.outlet, published: a.published, url: a.url };
  }

  /** Every article's citation, newest first. */
  sources(): SourceRef[] {
    return this.articles
      .map((a) => this.source(a.id))
      .sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id));
  }

  /**
   * The best passages for `query`, best first, with the matched words marked. An empty
   * or all-stop-word query finds nothing.
   */
  search(query: string, limit = 50): PassageHit[] {
    const textOf = (p: Passage) => this.text(p);
    return this.match(query, limit).map((m) => {
      const passage = this.passages[m.id]!;
      let highlights: Array<[number, number]> | undefined;
      return {
        passage,
        score: m.score,
        terms: m.terms,
        get highlights() {
          return (highlights ??= highlightRanges(textOf(passage), m.terms));
        },
      };
    });
  }

  /** The passages `search` finds, without marking words: for answers that show other text. */
  findPassages(query: string, limit = 50): Passage[] {
    return this.match(query, limit).map((m) => this.passages[m.id]!);
  }

  /**
   * Articles with a passage that holds every word of `query` as indexed (case, accents and
   * endings folded; no typo or prefix matches, which would count articles that do not say
   * it), with how many such passages each has.
   */
  mentions(query: string): Map<string, number> {
    const terms = queryTerms(query);
    const out = new Map<string, number>();
    if (terms.length === 0) return out;
    for (const m of this.match(query, Infinity)) {
      if (!terms.every((t) => m.terms.includes(t))) continue;
      const id = this.passages[m.id]!.articleId;
      out.set(id, (out.get(id) ?? 0) + 1);
    }
    return out;
  }

  private match(query: string, limit: number): Match[] {
    return searchIndex(this.index, query, limit, (t) => this.vocabulary.has(t), this.lookups.scorer);
  }

  /**
   * How rare an index term is among the passages' text (BM25's inverse document
   * frequency; higher is rarer): for weighing a question's words. 1 for every term when
   * the index's internals are not the scorer's.
   */
  rarity(term: string): number {
    return this.lookups.scorer?.idf(term) ?? 1;
  }

  /** Indices into `quotes` of a speaker's quotes (by canonical name, as `speakers` gives it), in corpus order. */
  quoteIdsBy(name: string): readonly number[] {
    return this.lookups.quotesBySpeaker.get(name) ?? [];
  }

  /**
   * The copy group of quote `i`: quotes share one when the same speaker (canonical name,
   * as `speakers` gives it) said the same words (runs of white space as one space) in the
   * same kind, as re-scraped or syndicated copies of an article do. A group's id is the
   * index of its first quote.
   */
  quoteGroup(i: number): number {
    return this.lookups.quoteGroups[i]!;
  }

  /**
   * Where an article's sources come in answers: newest first, then by id (localeCompare's
   * order). Articles of the same day whose ids collate equal share a place.
   */
  sourceRank(articleId: string): number {
    return this.lookups.sourceRanks.get(articleId) ?? Number.MAX_SAFE_INTEGER;
  }

  /**
   * The quotes with words about `terms` (index terms, as `queryTerms` gives them): by
   * index into `quotes`, how many distinct terms of the quote's words equal one of
   * `terms`, or start with one of four letters or more ("immigr" matches "immigrant").
   * Quotes that match none are left out.
   *
   * @example engine.quotesAbout(['detain']) // Map { 12 => 1, 40 => 2, ... }
   */
  quotesAbout(terms: readonly string[]): Map<number, number> {
    const { terms: dictionary, quotes } = this.lookups.quoteTerms;
    const matched = new Set<number>();
    for (const x of terms) {
      let i = lowerBound(dictionary, x);
      if (x.length >= 4) for (; i < dictionary.length && dictionary[i]!.startsWith(x); i++) matched.add(i);
      else if (dictionary[i] === x) matched.add(i);
    }
    const counts = new Map<number, number>();
    for (const t of matched) for (const q of list(quotes, t)) counts.set(q, (counts.get(q) ?? 0) + 1);
    return counts;
  }

  /** Indices into `events` of the dated sentences inside an occurrence's `[start, end)`, in `events` order. */
  eventIdsWithin(at: Occurrence): number[] {
    const ids = this.lookups.eventsByArticle.get(at.articleId);
    if (!ids) return [];
    const out: number[] = [];
    // Sorted by start: from the first that starts inside, until they start past the end.
    for (let i = lowerBoundBy(ids, (id) => this.events[id]!.start < at.start); i < ids.length; i++) {
      const e = this.events[ids[i]!]!;
      if (e.start > at.end) break;
      if (e.end <= at.end) out.push(ids[i]!);
    }
    return out.sort((a, b) => a - b);
  }

  /** The occurrence of a passage just before `at` in the same article (the latest to end where it starts). */
  passageBefore(at: Occurrence): Occurrence | undefined {
    const list = this.lookups.occurrencesByArticle.get(at.articleId);
    if (!list) return undefined;
    const i = lowerBoundBy(list, (o) => o.end <= at.start);
    return i > 0 ? list[i - 1] : undefined;
  }

  /**
   * A dated sentence's distinct words (as `normalize` spells them) and its first
   * MAX_QUERY_TERMS index terms other than dates (month and weekday names, numbers), each
   * as ids that are equal when the words are: for telling two sentences that report one
   * event.
   */
  eventWords(id: number): { words: Int32Array; terms: Int32Array } {
    return { words: list(this.lookups.eventWords, id), terms: list(this.lookups.eventTerms, id) };
  }

  /**
   * Words from the coverage that complete or correct `query` ("ordin" → "ordinance"),
   * best first: for autocomplete and for suggestions when a search finds nothing.
   */
  suggestTerms(query: string, limit = 5): string[] {
    const vocabulary = this.vocabulary;
    // MiniSearch lists a suggestion's terms, and suggestions of equal score, in the order of
    // its term tree, which differs between an index built and one restored from the saved
    // engine. So the terms go in the order of the query word each completes (the one it
    // shares the longest start with), then alphabetically; equal scores, by phrase.
    const typed = tokenize(query).map((w) => processTerm(w) ?? w.toLowerCase());
    const slot = (t: string) => {
      let best = 0;
      let longest = -1;
      typed.forEach((q, i) => {
        let n = 0;
        while (n < q.length && n < t.length && q.charCodeAt(n) === t.charCodeAt(n)) n++;
        if (n > longest) [best, longest] = [i, n];
      });
      return best;
    };
    const suggestions = this.index
      .autoSuggest(query, { fuzzy: (t) => (t.length >= 5 ? 1 : 0), prefix: true, processTerm: (t) => processTerm(t) })
      .map((s) => ({
        // Scores summed in another order differ in the last bits.
        score: Math.round(s.score * 1e6),
        phrase: s.terms
          .map((t) => ({ t, slot: slot(t) }))
          .sort((x, y) => x.slot - y.slot || (x.t < y.t ? -1 : x.t > y.t ? 1 : 0))
          .map(({ t }) => vocabulary.get(t) ?? t)
          .join(' '),
      }))
      .sort((x, y) => y.score - x.score || (x.phrase < y.phrase ? -1 : x.phrase > y.phrase ? 1 : 0));
    const out: string[] = [];
    for (const { phrase } of suggestions) {
      if (!out.includes(phrase)) out.push(phrase);
      if (out.length >= limit) break;
    }
    return out;
  }
}

/** What the build reads out of one article, independently of every other article (so another thread may do it). */
export interface ArticleExtract {
  clean: CleanArticle;
  quotes: Quote[];
  events: DatedEvent[];
  /** The article's passages, before duplicates across articles are merged. */
  spans: Span[];
}

/** Cleans an article, extracts its quotes and dated sentences, and splits it into passages. */
export function extractArticle(article: Article): ArticleExtract {
  const clean = cleanArticle(article);
  return {
    clean,
    quotes: extractQuotes(article, clean.paragraphs),
    events: extractEvents(
      article,
      clean.paragraphs.flatMap((p) => sentences(article.text, p.start, p.end)),
    ),
    spans: splitPassages(article.text, clean.paragraphs),
  };
}

/**
 * Puts an engine together from its articles' extracts, given one article at a time in
 * corpus order: merges passages repeated word for word, and indexes each new passage as
 * it comes (with the speakers its article quotes in it, for the boosted `speakers` field).
 */
export class EngineAssembler {
  private readonly cleaned = new Map<string, CleanArticle>();
  private readonly passages: Passage[] = [];
  private readonly quotes: Quote[] = [];
  private readonly events: DatedEvent[] = [];
  private readonly byText = new Map<string, Passage>();
  // Most words come back many times: stemming each distinct word once saves most of the
  // indexing time. The memo is released when done (the index's processTerm then stems
  // without it).
  private readonly memo = memoProcessTerm();
  private readonly index = new IndexBuilder(this.memo);
  // The quotes' and dated sentences' words, read as they arrive (see WordLookupsBuilder),
  // with a memo of their own: the index's memo lists the index's terms (the vocabulary).
  private readonly wordsMemo = memoProcessTerm();
  private readonly words = new WordLookupsBuilder(this.wordsMemo.process);

  constructor(private readonly articles: readonly Article[]) {}

  add(article: Article, { clean, quotes, events, spans }: ArticleExtract): void {
    if (this.cleaned.has(article.id)) throw new Error(`engine: duplicate article id "${article.id}"`);
    this.cleaned.set(article.id, clean);
    for (const q of quotes) {
      this.quotes.push(q);
      this.words.addQuote(q.text);
    }
    for (const e of events) {
      this.events.push(e);
      this.words.addEvent(article.text.slice(e.start, e.end));
    }
    for (const span of spans) {
      const text = article.text.slice(span.start, span.end);
      const key = dedupKey(text);
      const seen = this.byText.get(key);
      if (seen) {
        seen.alsoIn.push({ articleId: article.id, ...span });
        continue;
      }
      const passage: Passage = { id: this.passages.length, articleId: article.id, ...span, alsoIn: [] };
      this.passages.push(passage);
      this.byText.set(key, passage);
      const speakers = new Set(
        quotes.filter((q) => q.start < span.end && q.end > span.start).map((q) => q.speaker.name),
      );
      this.index.add({ id: passage.id, text, title: article.title, speakers: [...speakers].join(' ') });
    }
  }

  finish(): Engine {
    if (this.cleaned.size !== this.articles.length)
      throw new Error(`engine: ${this.cleaned.size} of ${this.articles.length} articles assembled`);
    const spellings = this.memo.spellings();
    const vocabulary = new Map([...this.memo.terms()].map((t) => [t, spellings.get(t) ?? t]));
    const parts: EngineParts = {
      articles: this.articles,
      cleaned: this.cleaned,
      passages: this.passages,
      index: this.index.finish(),
      quotes: this.quotes,
      events: this.events,
      vocabulary,
    };
    const speakers = buildSpeakerDirectory(this.quotes);
    const words = this.words.done();
    this.wordsMemo.release();
    const engine = Engine.assembled(parts, speakers, runSync(buildLookups(parts, speakers, words)));
    this.memo.release();
    return engine;
  }
}

/** Identical passages share a key: the text with white space collapsed. */
function dedupKey(text: string): string {
  return text.replace(/\s+/g, ' ').normalize('NFC');
}

/** Whitespace that `replace(/\s+/g, ' ')` would change: any but a space, or two in a row. */
const SPACING = /[^\S ]|\s\s/;
/** `localeCompare`'s order (the default locale's collation), without making it at each comparison. */
const COLLATOR = new Intl.Collator();

/** Words that date a sentence rather than say what happened: months, weekdays, numbers. */
const DATE_WORDS = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)|^\d+$/;

/** Lists of ids in one typed array: list i is `ids[start[i]]` up to `ids[start[i + 1]]`. */
export interface IdLists {
  start: Int32Array;
  ids: Int32Array;
}

function list(lists: IdLists, i: number): Int32Array {
  return lists.ids.subarray(lists.start[i]!, lists.start[i + 1]!);
}

/** Builds IdLists one list at a time. */
class IdListsBuilder {
  private readonly start: number[] = [0];
  private readonly ids: number[] = [];
  add(ids: Iterable<number>): void {
    for (const id of ids) this.ids.push(id);
    this.start.push(this.ids.length);
  }
  done(): IdLists {
    return { start: Int32Array.from(this.start), ids: Int32Array.from(this.ids) };
  }
}

/**
 * The lookups made by reading every quote's and dated sentence's words (most of the
 * lookups' cost): saved with the engine, so a restore does not read them all again.
 */
export interface WordLookups {
  /** Every term of the quotes' words, sorted (for prefixes)... */
  quoteTerms: string[];
  /** ...and the quotes that have each. */
  quoteLists: IdLists;
  /** Per dated sentence, its words and its terms (date words left out), as ids equal when the words are. */
  eventWords: IdLists;
  eventTerms: IdLists;
}

/**
 * Works out the WordLookups one quote and one dated sentence at a time, in corpus order:
 * the assembler feeds it as extracts arrive, so that this per-item work is done while
 * worker threads are still extracting rather than after them.
 */
export class WordLookupsBuilder {
  private readonly quotesByTerm = new Map<string, number[]>();
  private quotes = 0;
  // Equal words get equal ids; the dictionary goes with the build.
  private readonly ids = new Map<string, number>();
  private readonly eventWords = new IdListsBuilder();
  private readonly eventTerms = new IdListsBuilder();

  constructor(private readonly process: (word: string) => string | null) {}

  /** The next quote's words (`quotes[i]`, i counting from 0). */
  addQuote(text: string): void {
    const i = this.quotes++;
    for (const w of new Set(tokenize(text).map((word) => this.process(word)))) {
      if (!w) continue;
      const has = this.quotesByTerm.get(w);
      if (has) has.push(i);
      else this.quotesByTerm.set(w, [i]);
    }
  }

  /** The next dated sentence's words. */
  addEvent(sentence: string): void {
    this.eventWords.add(new Set(normalize(sentence).split(' ').map(this.id)));
    this.eventTerms.add(
      queryTerms(sentence, this.process)
        .filter((t) => !DATE_WORDS.test(t))
        .map(this.id),
    );
  }

  private readonly id = (w: string): number => {
    let i = this.ids.get(w);
    if (i === undefined) this.ids.set(w, (i = this.ids.size));
    return i;
  };

  done(): WordLookups {
    const quoteTerms = [...this.quotesByTerm.keys()].sort();
    const quoteLists = new IdListsBuilder();
    for (const t of quoteTerms) quoteLists.add(this.quotesByTerm.get(t)!);
    return {
      quoteTerms,
      quoteLists: quoteLists.done(),
      eventWords: this.eventWords.done(),
      eventTerms: this.eventTerms.done(),
    };
  }
}

/** What answers look up instead of scanning: worked out from the parts and the WordLookups (the assembler's on build, the saved ones on restore). */
interface Lookups {
  quotesBySpeaker: Map<string, number[]>;
  /** Per quote, its copy group (see Engine.quoteGroup). */
  quoteGroups: Int32Array;
  /** Per article id, its place among sources (see Engine.sourceRank). */
  sourceRanks: Map<string, number>;
  /** Every term of the quotes' words, sorted (for prefixes), with the quotes that have each. */
  quoteTerms: { terms: string[]; quotes: IdLists };
  /** Per article, its events' indices sorted by start. */
  eventsByArticle: Map<string, number[]>;
  eventWords: IdLists;
  eventTerms: IdLists;
  /** Per article, the occurrences of passages in it, sorted by end. */
  occurrencesByArticle: Map<string, Occurrence[]>;
  /** Ranks searches (undefined when MiniSearch's internals are not the scorer's: MiniSearch's search does). */
  scorer: Scorer | undefined;
}

/**
 * Works the lookups out, yielding after every slice of work so that a caller may give the
 * event loop a turn (runAsync) or not (runSync).
 */
function* buildLookups(parts: EngineParts, speakers: SpeakerDirectory, words: WordLookups): Generator<void, Lookups> {
  const due = timeSlices();
  const quotesBySpeaker = new Map<string, number[]>();
  // Copy groups: by speaker and kind, the first quote with each wording.
  const quoteGroups = new Int32Array(parts.quotes.length);
  const firstWith = new Map<string, Map<string, number>>();
  for (const [i, q] of parts.quotes.entries()) {
    const name = speakers.canonical(q);
    const theirs = quotesBySpeaker.get(name);
    if (theirs) theirs.push(i);
    else quotesBySpeaker.set(name, [i]);
    const speakerKind = `${q.kind}\u0000${name}`;
    let wordings = firstWith.get(speakerKind);
    if (!wordings) firstWith.set(speakerKind, (wordings = new Map()));
    const words = SPACING.test(q.text) ? q.text.replace(/\s+/g, ' ') : q.text;
    const first = wordings.get(words);
    if (first === undefined) wordings.set(words, i);
    quoteGroups[i] = first ?? i;
    if (due()) yield;
  }
  firstWith.clear();
  yield;
  // Sources newest first (days are YYYY-MM-DD: compared as strings), then by id; one
  // day at a time, yielding between days. A day's ids are sorted at once, in a step
  // not cut to SLICE_MS: the largest day of the 10x benchmark corpus holds all its BBC
  // articles (bench/corpora.ts gives them one date).
  const byDay = new Map<string, string[]>();
  for (const a of parts.articles) {
    const theirs = byDay.get(a.published);
    if (theirs) theirs.push(a.id);
    else byDay.set(a.published, [a.id]);
  }
  const sourceRanks = new Map<string, number>();
  let rank = 0;
  for (const day of [...byDay.keys()].sort().reverse()) {
    const ids = byDay.get(day)!.sort(COLLATOR.compare);
    ids.forEach((id, k) => {
      const tied = k > 0 && COLLATOR.compare(ids[k - 1]!, id) === 0;
      sourceRanks.set(id, tied ? sourceRanks.get(ids[k - 1]!)! : rank);
      rank++;
    });
    if (due()) yield;
  }
  yield;
  const eventsByArticle = new Map<string, number[]>();
  for (const [i, e] of parts.events.entries()) {
    const theirs = eventsByArticle.get(e.articleId);
    if (theirs) theirs.push(i);
    else eventsByArticle.set(e.articleId, [i]);
  }
  yield;
  for (const list of eventsByArticle.values()) {
    list.sort((a, b) => parts.events[a]!.start - parts.events[b]!.start || a - b);
    if (due()) yield;
  }
  yield;

  // Among occurrences that end at the same place, the first passage's comes last, so a
  // search for the last one to end before a point finds it.
  const occurrences = new Map<string, Array<{ o: Occurrence; order: number }>>();
  let order = 0;
  for (const p of parts.passages) {
    for (const o of [p, ...p.alsoIn]) {
      const theirs = occurrences.get(o.articleId);
      if (theirs) theirs.push({ o, order: order++ });
      else occurrences.set(o.articleId, [{ o, order: order++ }]);
    }
    if (due()) yield;
  }
  yield;
  const occurrencesByArticle = new Map<string, Occurrence[]>();
  for (const [article, list] of occurrences) {
    occurrencesByArticle.set(
      article,
      list.sort((a, b) => a.o.end - b.o.end || b.order - a.order).map((x) => x.o),
    );
    if (due()) yield;
  }
  yield;
  const scorer = yield* Scorer.steps(parts.index, BOOST);
  return {
    scorer,
    quotesBySpeaker,
    quoteGroups,
    sourceRanks,
    quoteTerms: { terms: words.quoteTerms, quotes: words.quoteLists },
    eventsByArticle,
    eventWords: words.eventWords,
    eventTerms: words.eventTerms,
    occurrencesByArticle,
  };
}

/** The first index in `sorted` whose item is not below `x` (code-unit order, as `sort()`). */
function lowerBound(sorted: readonly string[], x: string): number {
  return lowerBoundBy(sorted, (s) => s < x);
}
