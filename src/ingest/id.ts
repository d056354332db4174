import slugify from '@sindresorhus/slugify';

/** The longest id the corpus accepts (see ArticleSchema). */
export const MAX_ID_LENGTH = 100;

/**
 * An article id made from its outlet and title, unique among `taken`: both slugged
 * (transliterated to ASCII, lowercase, words joined by "-"), cut at a word to fit
 * MAX_ID_LENGTH, and given "-2", "-3" … when the id is already taken.
 *
 * @example articleId('The Denver Post', 'Council passes ordinance', new Set()) // 'the-denver-post-council-passes-ordinance'
 */
export function articleId(outlet: string, title: string, taken: ReadonlySet<string>): string {
  const outletSlug = cut(slugify(outlet), 40);
  const base = cut([outletSlug, slugify(title)].filter(Boolean).join('-'), MAX_ID_LENGTH - 4) || 'article';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** `slug` cut to at most `max` characters, at a "-" where there is one. */
function cut(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const head = slug.slice(0, max + 1);
  const at = head.lastIndexOf('-');
  let out = at > 0 ? head.slice(0, at) : slug.slice(0, max);
  while (out.endsWith('-')) out = out.slice(0, -1);
  return out;
}
