import type { Engine, Occurrence, PassageHit } from '../engine/engine.ts';
import type { ExcerptItem } from './types.ts';

/** At most this many items in one answer; renderers page through them. */
export const MAX_ITEMS = 25;

/** An excerpt item for a stretch of an article, citing it and every other article that repeats it. */
export function excerptItem(engine: Engine, at: Occurrence, alsoIn: readonly Occurrence[] = [], highlights: Array<[number, number]> = []): ExcerptItem {
  const seen = new Set([at.articleId]);
  return {
    excerpt: engine.text(at),
    start: at.start,
    end: at.end,
    highlights,
    source: engine.source(at.articleId),
    alsoIn: alsoIn.filter((o) => !seen.has(o.articleId) && seen.add(o.articleId)).map((o) => engine.source(o.articleId)),
  };
}

export function hitItem(engine: Engine, hit: PassageHit): ExcerptItem {
  return excerptItem(engine, hit.passage, hit.passage.alsoIn, hit.highlights);
}

/** "Try: hancock, ordinance": index words close to the query's, for a search that found nothing. */
export function suggestionMessage(engine: Engine, query: string): string {
  const words = query.split(/\s+/).filter((w) => w.length >= 3).slice(0, 5);
  const suggestions = [...new Set(words.flatMap((w) => engine.suggestTerms(w, 2)))].slice(0, 5);
  return suggestions.length > 0
    ? `Try other words, such as: ${suggestions.join(', ')}. /sources lists what the coverage holds.`
    : 'Try fewer or other words; /sources lists what the coverage holds.';
}
