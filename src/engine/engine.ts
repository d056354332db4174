import type MiniSearch from 'minisearch';
import type { Article, ArticleMeta, Span } from '../corpus/types.ts';
import { createIndex, highlightRanges, searchIndex, type IndexedPassage } from '../search/index.ts';
import { processTerm, words } from '../search/terms.ts';
import { extractEvents } from '../dates/index.ts';
import type { DatedEvent } from '../dates/index.ts';
import { buildSpeakerDirectory, extractQuotes } from '../quotes/index.ts';
import type { Quote, SpeakerDirectory } from '../quotes/index.ts';
import { cleanArticle, type CleanArticle } from '../text/clean.ts';
import { splitPassages } from '../text/passages.ts';
import { sentences } from '../text/sentences.ts';

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
  /** Matched words as ranges relative to the passage text. */
  highlights: Array<[number, number]>;
}

/** What an Engine is made of: built from articles, or restored from a saved engine. */
export interface EngineParts {
  articles: readonly Article[];
  cleaned: Map<string, CleanArticle>;
  passages: Passage[];
  index: MiniSearch<IndexedPassage>;
  quotes: Quote[];
  events: DatedEvent[];
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

  private constructor(parts: EngineParts) {
    this.articles = parts.articles;
    this.cleaned = parts.cleaned;
    this.passages = parts.passages;
    this.index = parts.index;
    this.quotes = parts.quotes;
    this.events = parts.events;
    this.speakers = buildSpeakerDirectory(parts.quotes);
    this.byId = new Map(parts.articles.map((a) => [a.id, a]));
  }

  /**
   * Cleans, splits and indexes `articles` (ids must be unique, as `loadCorpus` ensures).
   * Passages whose text is identical in several articles are indexed once.
   */
  static build(articles: readonly Article[]): Engine {
    const cleaned = new Map<string, CleanArticle>();
    const passages: Passage[] = [];
    const quotes: Quote[] = [];
    const events: DatedEvent[] = [];
    const byText = new Map<string, Passage>();
    // Speakers quoted in each article's passages, for the boosted `speakers` field.
    const speakersAt = new Map<Passage, Set<string>>();
    for (const article of articles) {
      if (cleaned.has(article.id)) throw new Error(`engine: duplicate article id "${article.id}"`);
      const clean = cleanArticle(article);
      cleaned.set(article.id, clean);
      const articleQuotes = extractQuotes(article, clean.paragraphs);
      quotes.push(...articleQuotes);
      events.push(...extractEvents(article, clean.paragraphs.flatMap((p) => sentences(article.text, p.start, p.end))));
      for (const span of splitPassages(article.text, clean.paragraphs)) {
        const key = dedupKey(article.text.slice(span.start, span.end));
        let passage = byText.get(key);
        if (passage) passage.alsoIn.push({ articleId: article.id, ...span });
        else {
          passage = { id: passages.length, articleId: article.id, ...span, alsoIn: [] };
          passages.push(passage);
          byText.set(key, passage);
        }
        for (const q of articleQuotes) {
          if (q.start < span.end && q.end > span.start) {
            const names = speakersAt.get(passage) ?? new Set<string>();
            names.add(q.speaker.name);
            speakersAt.set(passage, names);
          }
        }
      }
    }
    const index = createIndex();
    const byId = new Map(articles.map((a) => [a.id, a]));
    index.addAll(
      passages.map((p) => ({
        id: p.id,
        text: byId.get(p.articleId)!.text.slice(p.start, p.end),
        title: byId.get(p.articleId)!.title,
        speakers: [...(speakersAt.get(p) ?? [])].join(' '),
      })),
    );
    return new Engine({ articles, cleaned, passages, index, quotes, events });
  }

  /** An engine from parts already built (see saved.ts), without building anything again. */
  static fromParts(parts: EngineParts): Engine {
    return new Engine(parts);
  }

  /** The parts, for saving. */
  parts(): EngineParts {
    return { articles: this.articles, cleaned: new Map(this.cleaned), passages: [...this.passages], index: this.index, quotes: [...this.quotes], events: [...this.events] };
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

  /** The passages (with every occurrence) that contain `[start, end)` of an article. */
  passagesAt(articleId: string, start: number, end: number): Passage[] {
    return this.passages.filter((p) => [p, ...p.alsoIn].some((o) => o.articleId === articleId && o.start <= start && o.end >= end));
  }

  /** Every article's citation, newest first. */
  sources(): SourceRef[] {
    return this.articles.map((a) => this.source(a.id)).sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id));
  }

  /**
   * The best passages for `query`, best first, with the matched words marked. An empty
   * or all-stop-word query finds nothing.
   */
  search(query: string, limit = 50): PassageHit[] {
    return searchIndex(this.index, query, limit).map((m) => {
      const passage = this.passages[m.id]!;
      return { passage, score: m.score, highlights: highlightRanges(this.text(passage), m.terms) };
    });
  }

  /**
   * Words from the coverage that complete or correct `query` ("ordin" → "ordinance"),
   * best first: for autocomplete and for suggestions when a search finds nothing.
   */
  suggestTerms(query: string, limit = 5): string[] {
    const vocabulary = this.vocabulary();
    const out: string[] = [];
    for (const s of this.index.autoSuggest(query, { fuzzy: (t) => (t.length >= 5 ? 1 : 0), prefix: true, processTerm: (t) => processTerm(t) })) {
      const words = s.terms.map((t) => vocabulary.get(t) ?? t);
      const phrase = words.join(' ');
      if (!out.includes(phrase)) out.push(phrase);
      if (out.length >= limit) break;
    }
    return out;
  }

  private surfaceForms: Map<string, string> | undefined;
  /** Each index term's most common spelling in the coverage, worked out on first use. */
  private vocabulary(): Map<string, string> {
    if (this.surfaceForms) return this.surfaceForms;
    const counts = new Map<string, Map<string, number>>();
    for (const p of this.passages) {
      for (const w of words(this.text(p))) {
        const term = processTerm(w.word);
        if (!term) continue;
        const forms = counts.get(term) ?? new Map<string, number>();
        const form = w.word.toLowerCase();
        forms.set(form, (forms.get(form) ?? 0) + 1);
        counts.set(term, forms);
      }
    }
    this.surfaceForms = new Map([...counts].map(([term, forms]) => [term, [...forms].sort((a, b) => b[1] - a[1])[0]![0]]));
    return this.surfaceForms;
  }
}

/** Identical passages share a key: the text with white space collapsed. */
function dedupKey(text: string): string {
  return text.replace(/\s+/g, ' ').normalize('NFC');
}
