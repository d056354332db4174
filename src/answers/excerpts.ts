import type { Engine, Occurrence, PassageHit } from '../engine/engine.ts';
import { highlightRanges } from '../search/index.ts';
import type { ExcerptItem } from './types.ts';

/** At most this many items in one answer; renderers page through them. */
export const MAX_ITEMS = 25;

/** Matched words: ranges already found, or the index terms to find them with. */
export type Marks = Array<[number, number]> | { terms: readonly string[] };

/** The terms of each item given terms, and its matched words once worked out. */
const marking = new WeakMap<ExcerptItem, { terms: readonly string[]; found?: Array<[number, number]> }>();

function lazyHighlights(this: ExcerptItem): Array<[number, number]> {
  const state = marking.get(this)!;
  return (state.found ??= highlightRanges(this.excerpt, state.terms));
}

/** Setting `highlights` makes it a plain value again. */
function setHighlights(this: ExcerptItem, ranges: Array<[number, number]>): void {
  Object.defineProperty(this, 'highlights', { value: ranges, writable: true, enumerable: true, configurable: true });
}

/**
 * `highlights` as an own, enumerable property (so JSON and copies carry it) that works the
 * matched words out when first read. One descriptor and one getter for every item: a
 * closure per item would cost more than the marking it puts off.
 */
const LAZY_HIGHLIGHTS: PropertyDescriptor = {
  get: lazyHighlights,
  set: setHighlights,
  enumerable: true,
  configurable: true,
};

/**
 * An excerpt item for a stretch of an article, citing it and every other article that
 * repeats it. Given terms rather than ranges, the item finds its matched words when they
 * are first read: an answer lists up to 25 items and a Discord reply shows five, so the
 * rest are marked only if someone turns the page. The item keeps the terms, never the engine.
 */
export function excerptItem(
  engine: Engine,
  at: Occurrence,
  alsoIn: readonly Occurrence[] = [],
  marks: Marks = [],
): ExcerptItem {
  const seen = new Set([at.articleId]);
  const item: ExcerptItem = {
    excerpt: engine.text(at),
    start: at.start,
    end: at.end,
    highlights: Array.isArray(marks) ? marks : [],
    source: engine.source(at.articleId),
    alsoIn: alsoIn
      .filter((o) => !seen.has(o.articleId) && seen.add(o.articleId))
      .map((o) => engine.source(o.articleId)),
  };
  if (!Array.isArray(marks)) {
    marking.set(item, { terms: marks.terms });
    Object.defineProperty(item, 'highlights', LAZY_HIGHLIGHTS);
  }
  return item;
}

export function hitItem(engine: Engine, hit: PassageHit): ExcerptItem {
  return excerptItem(engine, hit.passage, hit.passage.alsoIn, { terms: hit.terms });
}

/** "Try: hancock, ordinance": index words close to the query's, for a search that found nothing. */
export function suggestionMessage(engine: Engine, query: string): string {
  const words = query
    .split(/\s+/)
    .filter((w) => w.length >= 3)
    .slice(0, 5);
  const suggestions = [...new Set(words.flatMap((w) => engine.suggestTerms(w, 2)))].slice(0, 5);
  return suggestions.length > 0
    ? `Try other words, such as: ${suggestions.join(', ')}. /sources lists what the coverage holds.`
    : 'Try fewer or other words; /sources lists what the coverage holds.';
}
