import { ArticleSchema } from '../corpus/schema.ts';
import type { Article } from '../corpus/types.ts';
import type { PageDraft } from './extract.ts';
import { articleId } from './id.ts';

/** What an admin may give or correct before a page's article is added. */
export interface ArticleFill {
  id?: string | undefined;
  title?: string | undefined;
  outlet?: string | undefined;
  author?: string | undefined;
  /** `YYYY-MM-DD`. */
  published?: string | undefined;
  url?: string | undefined;
}

/** A field that must be given (or corrected) before the article can be added. */
export interface NeededField {
  field: 'id' | 'title' | 'outlet' | 'published' | 'url' | 'text';
  /** What is wrong, as the corpus's validation says it ("missing published date (YYYY-MM-DD)"). */
  message: string;
}

/**
 * The article a page's draft becomes with the admin's `fill` (which wins over the page),
 * and its id: `fill.id`, else one made from the outlet and title that no id in `taken`
 * has. `needed` lists what must still be given (a page with no date: `published`); the
 * article is complete only when it is empty.
 */
export function draftArticle(
  draft: PageDraft,
  fill: ArticleFill,
  taken: ReadonlySet<string>,
): { article: Article; needed: NeededField[] } {
  const title = fill.title ?? draft.title.value;
  const outlet = fill.outlet ?? draft.outlet.value;
  const id = fill.id ?? articleId(outlet, title, taken);
  const input = {
    id,
    title,
    outlet,
    author: fill.author ?? draft.author?.value,
    published: fill.published ?? draft.published?.value,
    url: fill.url ?? draft.url.value,
    text: draft.text,
  };
  const needed: NeededField[] = [];
  const parsed = ArticleSchema.safeParse(input);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'text');
      if (field === 'author')
        input.author = undefined; // optional: an unusable byline is left out, not asked for
      else needed.push({ field: field as NeededField['field'], message: issue.message });
    }
  if (taken.has(id)) needed.push({ field: 'id', message: `the corpus already has an article with id "${id}"` });
  const article: Article = {
    ...input,
    title: input.title.trim(),
    outlet: input.outlet.trim(),
    author: input.author?.trim() || undefined,
    published: input.published ?? '',
    file: `${id}.md`,
  };
  return { article, needed };
}
