import type { Article } from '../corpus/types.ts';
import { extractArticle } from '../engine/engine.ts';
import { draftArticle, type ArticleFill, type NeededField } from './draft.ts';
import type { DraftField, PageDraft } from './extract.ts';
import type { MetaSource } from './metadata.ts';

export type { ArticleFill, NeededField };

/**
 * What an admin sees before adding an article: its metadata, its opening, and what the
 * engine would find in it, counted by the engine's own per-article extraction.
 */
export interface ArticlePreview {
  id: string;
  title: string;
  outlet: string;
  author?: string | undefined;
  published?: string | undefined;
  url: string;
  /** The first story paragraph, as cleaning finds it (page furniture left out). */
  firstParagraph?: string | undefined;
  /** Search passages the article yields. */
  passages: number;
  /** Direct quotes attributed to a speaker. */
  quotes: number;
  /** Reported speech attributed to a speaker. */
  paraphrases: number;
  /** Dated sentences (for /when); 0 until the publication date is known, which dates resolve against. */
  events: number;
  /** Fields the page did not give (the author is optional; the rest fell back or must be given). */
  missing: DraftField[];
  /** Must be given before adding: absent or invalid. Empty when the article can be added as it is. */
  needed: NeededField[];
  /** Where each field came from (a page's preview only). */
  sources: Partial<Record<DraftField, MetaSource>>;
  /** The article already in the coverage that this one would replace (the same page), if any. */
  replaces?: { id: string; file: string } | undefined;
}

/** The preview of a page's article (see draftArticle for `fill` and `taken`). */
export function previewDraft(draft: PageDraft, fill: ArticleFill, taken: ReadonlySet<string>): ArticlePreview {
  const { article, needed } = draftArticle(draft, fill, taken);
  const sources: Partial<Record<DraftField, MetaSource>> = {};
  const missing: DraftField[] = [];
  for (const field of ['title', 'author', 'outlet', 'published', 'url'] as const) {
    const found = draft[field];
    if (found && found.from !== 'address') sources[field] = found.from;
    else missing.push(field);
  }
  return {
    ...previewArticle(
      article,
      needed.some((n) => n.field === 'published'),
    ),
    missing,
    needed,
    sources,
  };
}

/** The preview of an article already valid (a file's), or of a page's with `undated` when its date is not known. */
export function previewArticle(article: Article, undated = false): ArticlePreview {
  // Dates resolve against the day of publication: without it, the events are not counted.
  const extract = extractArticle(undated ? { ...article, published: '1970-01-01' } : article);
  const first = extract.clean.paragraphs[0];
  return {
    id: article.id,
    title: article.title,
    outlet: article.outlet,
    author: article.author,
    published: article.published || undefined,
    url: article.url,
    firstParagraph: first && article.text.slice(first.start, first.end),
    passages: extract.spans.length,
    quotes: extract.quotes.filter((q) => q.kind === 'direct').length,
    paraphrases: extract.quotes.filter((q) => q.kind === 'paraphrase').length,
    events: undated ? 0 : extract.events.length,
    missing: [],
    needed: [],
    sources: {},
  };
}
