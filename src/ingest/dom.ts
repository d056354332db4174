// The one adapter over the DOM libraries: linkedom parses a page, Mozilla's Readability
// finds its article. The project is compiled without the browser's DOM types, so the
// little of the DOM the ingest code reads is typed here, once; an upgrade of either
// library that changes it breaks here.
import { Readability, isProbablyReaderable } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

export interface PageNode {
  nodeType: number;
  nodeValue: string | null;
  childNodes: Iterable<PageNode>;
}

export interface PageElement extends PageNode {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
}

export interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}

/** What Readability finds, with the article's content as the element itself (not HTML to parse again). */
export interface ReadableArticle {
  content: PageElement;
  title?: string | undefined;
  byline?: string | undefined;
  siteName?: string | undefined;
  publishedTime?: string | undefined;
  lang?: string | undefined;
}

/** Parses a page into a DOM (linkedom: no scripts run, nothing is fetched). */
export function parsePage(html: string): PageDocument {
  return parseHTML(html).document as PageDocument;
}

/** Readability's quick test of whether a page has an article worth reading (Firefox shows Reader View when it is true). */
export function probablyReaderable(document: PageDocument): boolean {
  return isProbablyReaderable(document as never);
}

/**
 * Runs Readability on `document`, which it changes (read any metadata before). Undefined
 * when it finds no article.
 */
export function readArticle(document: PageDocument): ReadableArticle | undefined {
  const parsed = new Readability(document as never, { serializer: (node) => node as unknown as PageElement }).parse();
  if (!parsed?.content) return undefined;
  const opt = (v: string | null | undefined) => v ?? undefined;
  return {
    content: parsed.content,
    title: opt(parsed.title),
    byline: opt(parsed.byline),
    siteName: opt(parsed.siteName),
    publishedTime: opt(parsed.publishedTime),
    lang: opt(parsed.lang),
  };
}
