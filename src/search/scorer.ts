import type MiniSearch from 'minisearch';
import { runSync } from '../steps.ts';

/**
 * MiniSearch's ranking, computed straight over its postings into typed arrays, returning
 * only the best `limit` results.
 *
 * `MiniSearch.search` builds a result object (with a `terms` array and a `match` object)
 * for every passage that has any query word, and sorts them all. For a word in a third of
 * the coverage ("said", in the benchmark's news) that is
 * most of a query's cost, while an answer shows at most a page of passages. This scorer
 * walks the same postings with the same BM25+ formula, field boosts, prefix and fuzzy
 * weights, summing in the same order (so scores are equal to the last bit), keeps the
 * best `limit` with a heap, and makes result objects for those alone. Ties keep
 * MiniSearch's order (first reached first).
 *
 * It reads MiniSearch's internal fields (`_index`, `_fieldIds`, `_fieldLength`,
 * `_avgFieldLength`, `_documentCount`, `_documentIds`, `_nextId`), which MiniSearch 7
 * does not promise to keep: `readInternals` checks their shape and `searchIndex` falls
 * back to `MiniSearch.search` when they are not there, and tests/search compare the two
 * on sampled queries, so a MiniSearch upgrade that changes them fails loudly, not
 * silently.
 */

/** Postings of one term: field id → (short document id → term frequency). */
type FieldTermData = Map<number, Map<number, number>>;

interface TermMap {
  get(term: string): FieldTermData | undefined;
  atPrefix(prefix: string): Iterable<[string, FieldTermData]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [FieldTermData, number]>;
}

interface Internals {
  _index: TermMap;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _nextId: number;
}

/** MiniSearch 7's defaults (`defaultSearchOptions`), which the engine does not change. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;
const WEIGHTS = { fuzzy: 0.45, prefix: 0.375 } as const;

/** One query word, as MiniSearch's query spec has it. */
export interface TermSpec {
  term: string;
  prefix: boolean;
  /** Largest edit distance for fuzzy matches; 0 for none. */
  fuzzy: number;
}

export interface Scored {
  id: number;
  score: number;
  /** The index terms that matched (the word itself, its completions, its corrections). */
  terms: string[];
}

/** MiniSearch's internals, when they have the shape this scorer reads; undefined otherwise. */
function readInternals<T>(index: MiniSearch<T>): Internals | undefined {
  const i = index as unknown as Partial<Internals>;
  const map = i._index as Partial<TermMap> | undefined;
  const ok =
    typeof map?.get === 'function' &&
    typeof map.atPrefix === 'function' &&
    typeof map.fuzzyGet === 'function' &&
    i._fieldIds !== null &&
    typeof i._fieldIds === 'object' &&
    i._fieldLength instanceof Map &&
    Array.isArray(i._avgFieldLength) &&
    typeof i._documentCount === 'number' &&
    i._documentIds instanceof Map &&
    typeof i._nextId === 'number';
  return ok ? (i as Internals) : undefined;
}

interface Posting {
  /** A field's postings of one derived term. */
  docs: Map<number, number>;
  weight: number;
  idf: number;
  fieldId: number;
}

export class Scorer {
  private readonly internals: Internals;
  private readonly fields: Array<{ id: number; boost: number }>;
  /** Per short id: the query's score so far, this word's score so far, and which query words matched (a bit each). */
  private readonly total: Float64Array;
  private readonly term: Float64Array;
  private readonly words: Uint32Array;
  /** Per field, per short id: the field's length in terms (16 bits when every length fits: this is per passage). */
  private readonly lengths: Array<Uint16Array | Uint32Array>;
  private readonly averages: number[];

  private constructor(
    internals: Internals,
    fields: Array<{ id: number; boost: number }>,
    lengths: Array<Uint16Array | Uint32Array>,
  ) {
    this.internals = internals;
    this.fields = fields;
    const size = internals._nextId;
    this.total = new Float64Array(size);
    this.term = new Float64Array(size);
    this.words = new Uint32Array(size);
    this.lengths = lengths;
    this.averages = fields.map(({ id }) => internals._avgFieldLength[id]!);
  }

  /**
   * A scorer for `index` with these field boosts, or undefined when the index's internals
   * are not the ones this scorer knows. The index must not change afterwards (the
   * engine's never does): lengths and ids are read once, here.
   */
  static for<T>(index: MiniSearch<T>, boost: Readonly<Record<string, number>>): Scorer | undefined {
    return runSync(Scorer.steps(index, boost));
  }

  /** `Scorer.for` in steps: it pauses (yields) after every 5,000 passages' lengths, so a restore can let the event loop run. */
  static *steps<T>(index: MiniSearch<T>, boost: Readonly<Record<string, number>>): Generator<void, Scorer | undefined> {
    const internals = readInternals(index);
    if (!internals) return undefined;
    // The index's fields, in its order, each with its boost (1 when not given, as MiniSearch has it).
    const fields = Object.entries(internals._fieldIds).map(([f, id]) => ({ id, boost: boost[f] || 1 }));
    const size = internals._nextId;
    let longest = 0;
    let n = 0;
    for (const lengths of internals._fieldLength.values()) {
      for (const { id } of fields) longest = Math.max(longest, lengths[id]!);
      if (++n % 5_000 === 0) yield;
    }
    const arrays = fields.map(() => (longest < 65_536 ? new Uint16Array(size) : new Uint32Array(size)));
    for (const [doc, lengths] of internals._fieldLength) {
      for (const [i, { id }] of fields.entries()) arrays[i]![doc] = lengths[id]!;
      if (++n % 5_000 === 0) yield;
    }
    return new Scorer(internals, fields, arrays);
  }

  /**
   * How rare an index term is in one field: BM25's inverse document frequency over the
   * passages that have it there (the rarest term's is highest; a term no passage has gets
   * the value of a term in none).
   */
  idf(term: string, field = 'text'): number {
    const n = this.internals._documentCount;
    const id = this.internals._fieldIds[field];
    const m = id === undefined ? 0 : (this.internals._index.get(term)?.get(id)?.size ?? 0);
    return Math.log(1 + (n - m + 0.5) / (m + 0.5));
  }

  /** The best `limit` documents for `specs` (at most 32), OR-combined, best first, as `MiniSearch.search` ranks them. */
  search(specs: readonly TermSpec[], limit: number): Scored[] {
    if (specs.length > 32) throw new Error('scorer: at most 32 query terms');
    const { total, term, words } = this;
    const reached: number[] = [];
    const derived: Array<{ term: string; data: FieldTermData }> = [];
    const inTerm: number[] = [];
    try {
      return this.rank(specs, limit, reached, derived, inTerm);
    } finally {
      // The scratch arrays are shared by every search: leave them clean, whatever happened.
      for (const doc of inTerm) term[doc] = 0;
      for (const doc of reached) {
        total[doc] = 0;
        words[doc] = 0;
      }
    }
  }

  private rank(
    specs: readonly TermSpec[],
    limit: number,
    reached: number[],
    derived: Array<{ term: string; data: FieldTermData }>,
    inTerm: number[],
  ): Scored[] {
    const { total, term, words } = this;
    for (const [bit, spec] of specs.entries()) {
      for (const { term: t, data, weight } of this.expand(spec)) {
        derived.push({ term: t, data });
        for (const p of this.postings(data, weight)) {
          const lengths = this.lengths[p.fieldId]!;
          const average = this.averages[p.fieldId]!;
          const { weight, idf } = p;
          for (const [doc, tf] of p.docs) {
            // Grouped as MiniSearch groups it, so the sums are equal to the last bit.
            const norm = BM25.k * (1 - BM25.b + (BM25.b * lengths[doc]!) / average);
            const score = weight * (idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + norm)));
            if (term[doc] === 0) inTerm.push(doc);
            term[doc] = term[doc]! + score;
          }
        }
      }
      const mask = 1 << bit;
      for (const doc of inTerm) {
        if (words[doc] === 0) reached.push(doc);
        total[doc] = total[doc]! + term[doc]!;
        words[doc] = (words[doc]! | mask) >>> 0;
        term[doc] = 0;
      }
      inTerm.length = 0;
    }
    return this.best(reached, limit).map(({ doc, score }) => ({
      id: this.internals._documentIds.get(doc) as number,
      score,
      terms: [
        ...new Set(derived.filter(({ data }) => this.fields.some((f) => data.get(f.id)?.has(doc))).map((d) => d.term)),
      ],
    }));
  }

  /** The word itself, then its completions, then its corrections, with MiniSearch's weights. */
  private *expand(spec: TermSpec): Generator<{ term: string; data: FieldTermData; weight: number }> {
    const index = this.internals._index;
    const exact = index.get(spec.term);
    if (exact) yield { term: spec.term, data: exact, weight: 1 };
    const fuzzy = spec.fuzzy > 0 ? index.fuzzyGet(spec.term, spec.fuzzy) : undefined;
    if (spec.prefix) {
      for (const [t, data] of index.atPrefix(spec.term)) {
        const distance = t.length - spec.term.length;
        if (!distance) continue;
        fuzzy?.delete(t);
        yield { term: t, data, weight: (WEIGHTS.prefix * t.length) / (t.length + 0.3 * distance) };
      }
    }
    if (fuzzy) {
      for (const [t, [data, distance]] of fuzzy) {
        if (!distance) continue;
        yield { term: t, data, weight: (WEIGHTS.fuzzy * t.length) / (t.length + distance) };
      }
    }
  }

  /** The fields' postings of one derived term, in boost order, with BM25's inverse document frequency. */
  private *postings(data: FieldTermData, weight: number): Generator<Posting> {
    const n = this.internals._documentCount;
    for (const [i, field] of this.fields.entries()) {
      const docs = data.get(field.id);
      if (!docs) continue;
      const m = docs.size;
      yield { docs, weight: weight * field.boost, idf: Math.log(1 + (n - m + 0.5) / (m + 0.5)), fieldId: i };
    }
  }

  /** The `limit` best of `reached` (score × words matched), best first; ties in the order reached. */
  private best(reached: readonly number[], limit: number): Array<{ doc: number; score: number }> {
    const heap: Array<{ doc: number; score: number; at: number }> = [];
    // Worse first: a lower score, or an equal score reached later.
    const worse = (a: { score: number; at: number }, b: { score: number; at: number }) =>
      a.score < b.score || (a.score === b.score && a.at > b.at);
    const up = (i: number) => {
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    };
    const down = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let w = i;
        if (l < heap.length && worse(heap[l]!, heap[w]!)) w = l;
        if (r < heap.length && worse(heap[r]!, heap[w]!)) w = r;
        if (w === i) return;
        [heap[i], heap[w]] = [heap[w]!, heap[i]!];
        i = w;
      }
    };
    if (limit <= 0) return [];
    for (const [at, doc] of reached.entries()) {
      const score = this.total[doc]! * popcount(this.words[doc]!);
      if (heap.length < limit) {
        heap.push({ doc, score, at });
        up(heap.length - 1);
      } else if (worse(heap[0]!, { score, at })) {
        heap[0] = { doc, score, at };
        down(0);
      }
    }
    return heap.sort((a, b) => b.score - a.score || a.at - b.at);
  }
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
