import { ELEMENT_NODE, TEXT_NODE, parsePage, probablyReaderable, readArticle, type PageNode } from './dom.ts';
import { publicationDay, readMetadata, type Found } from './metadata.ts';

/** The fields of an article a page may or may not give. */
export type DraftField = 'title' | 'author' | 'outlet' | 'published' | 'url';

/**
 * An article read from a web page, before it has an id or a place in a corpus. Each field
 * says where it was found (see MetaSource); a field no source gave is absent.
 */
export interface PageDraft {
  title: Found;
  author?: Found | undefined;
  /** Never absent: the page's host name stands in (`from: 'address'`) when nothing names the outlet. */
  outlet: Found;
  /** `YYYY-MM-DD`; absent when the page gives no date that names a day. */
  published?: Found | undefined;
  /** The date as the page wrote it, where it gave one. */
  publishedAs?: string | undefined;
  /** The canonical address, else the address the page was read from (`from: 'address'`). */
  url: Found;
  /** The article's paragraphs, one a line, blank lines between: the text of the page's own text nodes. */
  text: string;
  /** The address the page was read from. */
  fetchedFrom: string;
}

export type ExtractResult = { ok: true; draft: PageDraft } | { ok: false; reason: string };

/** Elements that start a new paragraph (and end the one before). */
const BLOCKS = new Set(
  'address article aside blockquote br dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);
/** Elements whose text is never shown. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'button', 'select', 'textarea']);
/** og:type values that say a page is an article. */
const ARTICLE_OG_TYPE = /^(?:article|news|blog|post)/;
/** A leading "By" (or its French or Spanish equivalent) on a byline. */
const BY = /^(?:by|par|por)\s*:?\s+/i;

/**
 * Reads the article on a web page: the text with Mozilla's Readability (over linkedom's
 * DOM), the metadata in order of trust (JSON-LD, Open Graph, Parse.ly, <meta> tags, then
 * what Readability finds in the page). Refuses, with a reason an admin can act on, a page
 * that is not an article: one Readability does not think readerable, one that says it is
 * a website rather than an article (og:type, with no JSON-LD article), a site's front
 * page, or one with no text. The text is the article's text nodes as they are, paragraph
 * by paragraph: runs of white space become one space (as a browser shows them), and
 * nothing is added or reworded; cleaning (furniture, bylines) runs on it at build, as on
 * every corpus file.
 */
export function extractPage(html: string, pageUrl: string): ExtractResult {
  try {
    return extract(html, pageUrl);
  } catch (err) {
    // A DOM library that trips over a page is that page's problem, told as such.
    return { ok: false, reason: `${shortUrl(pageUrl)} could not be read as a web page (${(err as Error).message})` };
  }
}

function extract(html: string, pageUrl: string): ExtractResult {
  const document = parsePage(html);
  const meta = readMetadata(document, pageUrl); // before Readability, which changes the document
  const canonical = meta.url?.value ?? pageUrl;
  const where = shortUrl(pageUrl);
  if (meta.ogType && !ARTICLE_OG_TYPE.test(meta.ogType) && !meta.jsonLdArticle)
    return {
      ok: false,
      reason: `${where} is not an article: the page says it is a "${meta.ogType}" (og:type), which is what a front page or a section page says. Link to the article itself.`,
    };
  if (isFrontPage(canonical) && !meta.jsonLdArticle)
    return { ok: false, reason: `${where} is a site's front page, not an article. Link to the article itself.` };
  if (!probablyReaderable(document))
    return {
      ok: false,
      reason: `${where} does not look like an article: it has too little running text (a front page, a list of links, a video or a log-in page?). Link to the article itself.`,
    };
  const article = readArticle(document);
  const paragraphs = article ? textParagraphs(article.content) : [];
  if (!article || paragraphs.length === 0)
    return { ok: false, reason: `${where}: no article text was found on the page.` };

  const byline = article.byline && !/\d/.test(article.byline) ? article.byline : undefined;
  const author = meta.author ?? (byline ? { value: byline, from: 'readability' as const } : undefined);
  const written =
    meta.published ??
    (article.publishedTime ? { value: article.publishedTime, from: 'readability' as const } : undefined);
  const day = written && publicationDay(written.value);
  const title = meta.title ??
    (article.title?.trim() ? { value: article.title.trim(), from: 'readability' as const } : undefined) ?? {
      value: new URL(pageUrl).pathname,
      from: 'address' as const,
    };
  return {
    ok: true,
    draft: {
      title,
      author: author && { value: author.value.replace(BY, '').trim(), from: author.from },
      outlet:
        meta.outlet ??
        (article.siteName?.trim() && !/^https?:/i.test(article.siteName)
          ? { value: article.siteName.trim(), from: 'readability' }
          : { value: new URL(canonical).hostname.replace(/^www\d*\./, ''), from: 'address' }),
      published: day && written ? { value: day, from: written.from } : undefined,
      publishedAs: written?.value,
      url: meta.url ?? { value: pageUrl, from: 'address' },
      text: paragraphs.join('\n\n') + '\n',
      fetchedFrom: pageUrl,
    },
  };
}

/**
 * The paragraphs of an element as a reader sees them: each block element (p, li, h2,
 * blockquote, td …) and each line broken by <br> is a paragraph; the text of inline
 * elements runs on. White space runs (spaces, tabs, line breaks: not no-break spaces) are
 * one space, as HTML shows them. Text that is never shown (scripts, styles) is left out.
 */
export function textParagraphs(root: PageNode): string[] {
  const out: string[] = [];
  let current = '';
  const flush = () => {
    const line = current.replace(/[ \t\n\r\f]+/g, ' ').trim();
    if (line) out.push(line);
    current = '';
  };
  const walk = (node: PageNode) => {
    for (const child of node.childNodes) {
      if (child.nodeType === TEXT_NODE) current += child.nodeValue ?? '';
      else if (child.nodeType === ELEMENT_NODE) {
        const tag = (child as PageNode & { tagName: string }).tagName.toLowerCase();
        if (HIDDEN.has(tag)) continue;
        const block = BLOCKS.has(tag);
        if (block) flush();
        walk(child);
        if (block) flush();
      }
    }
  };
  walk(root);
  flush();
  return out;
}

/** Whether an address is a site's home: no path beyond "/" (and no query naming a story). */
function isFrontPage(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.pathname === '/' || url.pathname === '') && url.search === '';
  } catch {
    return false;
  }
}

function shortUrl(href: string): string {
  return href.length > 120 ? `${href.slice(0, 117)}…` : href;
}
