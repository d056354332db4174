import MiniSearch, { type SearchResult } from 'minisearch';
import type { Scorer } from './scorer.ts';
import { answerTerm, processTerm, tokenize, wordEnd, wordStart, type TermMemo } from './terms.ts';

/** What the index holds of a passage: its text and the words that boost it. */
export interface IndexedPassage {
  id: number;
  text: string;
  title: string;
  speakers: string;
}

/** Field weights: a hit in a title or a speaker's name counts more than one in the body. */
export const BOOST = { text: 1, title: 1.5, speakers: 2 } as const;
/** Queries longer than this many terms are cut, so a query's cost stays bounded. */
export const MAX_QUERY_TERMS = 32;

export const INDEX_OPTIONS = {
  fields: ['text', 'title', 'speakers'],
  // Nothing is stored: passage text lives once, in the articles, and is sliced on demand.
  storeFields: [],
  tokenize,
  processTerm,
};

/**
 * An empty index. `process` turns each indexed word into its term (`processTerm`, or a
 * memo of it while building); a loaded index is given INDEX_OPTIONS instead.
 */
export function createIndex(process: (word: string) => string | null = processTerm): MiniSearch<IndexedPassage> {
  return new MiniSearch<IndexedPassage>({ ...INDEX_OPTIONS, processTerm: process });
}

/** One term's postings as MiniSearch keeps them: field id -> passage short id -> count. */
type Postings = Map<number, Map<number, number>>;

/** The parts of MiniSearch (7) that IndexBuilder adds to itself, as `add` does. */
interface Internals {
  _options: { tokenize: unknown; storeFields?: unknown[] };
  _index: { set(term: string, postings: Postings): void; size: number };
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _documentCount: number;
  addDocumentId(id: unknown): number;
  addFieldLength(shortId: number, fieldId: number, count: number, length: number): void;
}

/** Marks that IndexBuilder puts on memo entries: one per field of a passage, never reused. */
let lastMark = 0;

/**
 * An index being built, one passage at a time, for a build that searches it only when it
 * is done. It does what MiniSearch's `add` does (ids, field lengths, each word's term, each
 * term's postings), with two costs taken out:
 *
 * - each term's postings are gathered in a hash map and go into MiniSearch's term tree once
 *   per term, at `finish`, in the order `add` first put each term there, where `add` walks
 *   the tree for every word;
 * - a field's length (MiniSearch counts its distinct words) is counted by marking each
 *   word's entry in the term memo, which is looked up for the word's term anyway, where
 *   `add` puts the field's words in a Set of their own.
 *
 * The index is the one `addAll` builds, to the last bit of its `toJSON`, the tree's order
 * included (tests/search/builder.test.ts), in less time (bench/README.md, the stage line). For an index whose
 * internals are not the ones this knows, `add` is MiniSearch's own.
 */
export class IndexBuilder {
  #index: MiniSearch<IndexedPassage> | undefined;
  #pending: Map<string, Postings> | undefined;
  readonly #memo: TermMemo;

  /** `memo` gives each word's term; it must not be released before `finish`. */
  constructor(memo: TermMemo) {
    this.#memo = memo;
    const index = createIndex(memo.process);
    this.#index = index;
    // The names and types of what this uses, and the options it relies on (the words as
    // `tokenize` splits them, no stored fields). What they mean is checked by
    // tests/search/builder.test.ts against the MiniSearch that package-lock.json pins.
    const internals = index as unknown as Partial<Internals> & { addTerm?: unknown };
    const known =
      typeof internals.addTerm === 'function' &&
      typeof internals._index?.set === 'function' &&
      internals._index.size === 0 &&
      internals._idToShortId instanceof Map &&
      typeof internals._fieldIds === 'object' &&
      typeof internals._documentCount === 'number' &&
      typeof internals.addDocumentId === 'function' &&
      typeof internals.addFieldLength === 'function' &&
      internals._options?.tokenize === tokenize &&
      (internals._options.storeFields ?? []).length === 0;
    if (known) this.#pending = new Map();
  }

  add(passage: IndexedPassage): void {
    const index = this.#index;
    if (!index) throw new Error('search: the index is finished');
    const pending = this.#pending;
    if (!pending) return void index.add(passage);
    // What the types promise, checked: MiniSearch's own add would stringify other values,
    // and taking them to it here would put its terms in the tree out of order.
    if (
      typeof passage.id !== 'number' ||
      INDEX_OPTIONS.fields.some((f) => typeof passage[f as keyof IndexedPassage] !== 'string')
    ) {
      throw new Error(
        `search: passage ${String(passage.id)} needs a number id and text for ${INDEX_OPTIONS.fields.join(', ')}`,
      );
    }
    const ix = index as unknown as Internals;
    if (ix._idToShortId.has(passage.id)) throw new Error(`MiniSearch: duplicate ID ${passage.id}`);
    const doc = ix.addDocumentId(passage.id);
    for (const field of INDEX_OPTIONS.fields as Array<'text' | 'title' | 'speakers'>) {
      const text = passage[field];
      const fieldId = ix._fieldIds[field]!;
      const mark = ++lastMark;
      let distinct = 0;
      for (let s = wordStart(text, 0); s >= 0;) {
        const e = wordEnd(text, s);
        const seen = this.#memo.entry(text.slice(s, e), field);
        if (seen.mark !== mark) {
          seen.mark = mark;
          distinct++;
        }
        const term = seen.term;
        if (term) {
          // What MiniSearch's addTerm does to the term's entry in the tree, done to its entry here.
          let postings = pending.get(term);
          if (postings === undefined) pending.set(term, (postings = new Map()));
          const docs = postings.get(fieldId);
          if (docs === undefined) postings.set(fieldId, new Map([[doc, 1]]));
          else docs.set(doc, (docs.get(doc) ?? 0) + 1);
        }
        s = wordStart(text, e);
      }
      ix.addFieldLength(doc, fieldId, ix._documentCount - 1, distinct);
    }
  }

  /** The index, with every term in its tree; the builder takes no more passages. */
  finish(): MiniSearch<IndexedPassage> {
    const index = this.#index;
    if (!index) throw new Error('search: the index is finished');
    this.#index = undefined;
    if (this.#pending) {
      const tree = (index as unknown as Internals)._index;
      for (const [term, postings] of this.#pending) tree.set(term, postings);
      this.#pending = undefined;
    }
    return index;
  }
}

export interface Match {
  id: number;
  score: number;
  /** The index terms that matched, for marking them in the excerpt. */
  terms: string[];
}

/**
 * Searches with what a search box is expected to do: any of the words (best with most);
 * the last word also as a prefix when it has four letters or more, as someone still
 * typing it means ("immig"); and a light fuzzy match (one edit for words of five letters
 * or more, two from nine) for a word the coverage does not have, such as "hancok".
 *
 * `known(term)` says whether the index has a term: a word it has is taken as meant, not
 * as a typo, which keeps fuzzy matching (MiniSearch's costliest) to the words that need it.
 * Without it, every word long enough is matched fuzzily.
 *
 * `scorer` (`Scorer.for(index, BOOST)`) ranks the same way as MiniSearch's own search,
 * without making a result for every passage that has a common word; without one (or for
 * an index whose internals it does not know) MiniSearch's search is used.
 *
 * @example searchIndex(index, 'hancok warrant', 25, (t) => vocabulary.has(t)) // "hancok" is corrected, "warrant" is not
 */
export function searchIndex(
  index: MiniSearch<IndexedPassage>,
  query: string,
  limit: number,
  known: (term: string) => boolean = () => false,
  scorer: Scorer | undefined = undefined,
): Match[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const specs = terms.map((term, i) => ({
    term,
    prefix: i === terms.length - 1 && term.length >= 4,
    fuzzy: known(term) ? 0 : term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0,
  }));
  if (scorer) return scorer.search(specs, limit);
  const byTerm = new Map(specs.map((s) => [s.term, s]));
  const results: SearchResult[] = index.search(terms.join(' '), {
    boost: BOOST,
    combineWith: 'OR',
    prefix: (term) => byTerm.get(term)!.prefix,
    fuzzy: (term) => byTerm.get(term)!.fuzzy,
    maxFuzzy: 2,
    // Already processed; run the words through unchanged.
    processTerm: (t) => t,
    tokenize: (s) => s.split(' '),
  });
  return results.slice(0, limit).map((r) => ({ id: r.id as number, score: r.score, terms: r.terms }));
}

/** The distinct index terms of a query, at most MAX_QUERY_TERMS of them, in query order. */
export function queryTerms(query: string, process: (word: string) => string | null = answerTerm): string[] {
  const out = new Set<string>();
  for (const w of tokenize(query)) {
    const t = process(w);
    if (t) out.add(t);
    if (out.size >= MAX_QUERY_TERMS) break;
  }
  return [...out];
}

/**
 * Ranges of `text` whose words process to one of `terms` (relative offsets).
 *
 * Processing a word (folding, stemming) is the cost, and an answer marks every word it
 * shows; but processing keeps a word's first letter (lowercased) when that letter is
 * ASCII, so a word starting with a letter no term starts with is skipped unprocessed.
 */
export function highlightRanges(text: string, terms: Iterable<string>): Array<[number, number]> {
  const wanted = new Set(terms);
  const out: Array<[number, number]> = [];
  if (wanted.size === 0) return out;
  const initials = new Set([...wanted].map((t) => t.charCodeAt(0)));
  for (let start = wordStart(text, 0); start >= 0;) {
    const end = wordEnd(text, start);
    let initial = text.charCodeAt(start);
    if (initial >= 65 && initial <= 90) initial += 32;
    if (initial >= 128 || initials.has(initial)) {
      const t = answerTerm(text.slice(start, end));
      if (t && wanted.has(t)) out.push([start, end]);
    }
    start = wordStart(text, end);
  }
  return out;
}
