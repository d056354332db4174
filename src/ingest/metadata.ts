import type { PageDocument } from './dom.ts';

/** Where a field of a page's metadata was found, most trusted first. */
export type MetaSource = 'json-ld' | 'open-graph' | 'parsely' | 'meta' | 'readability' | 'page' | 'address';

export interface Found {
  value: string;
  from: MetaSource;
}

/** What a page says about itself, each field with where it was found. */
export interface PageMetadata {
  title?: Found | undefined;
  author?: Found | undefined;
  outlet?: Found | undefined;
  /** The publication date as the page writes it (see publicationDay for `YYYY-MM-DD`). */
  published?: Found | undefined;
  /** The canonical address, absolute. */
  url?: Found | undefined;
  /** Whether a JSON-LD item says the page is an article (NewsArticle, Article, ReportageNewsArticle …). */
  jsonLdArticle: boolean;
  /** Open Graph's og:type, lowercased, where there is one. */
  ogType?: string | undefined;
}

/** schema.org types that are articles (Article and the types under it that news sites use). */
const ARTICLE_TYPES = new Set([
  'Article',
  'NewsArticle',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'BackgroundNewsArticle',
  'ReviewNewsArticle',
  'AskPublicNewsArticle',
  'SatiricalArticle',
  'Report',
  'BlogPosting',
  'LiveBlogPosting',
  'SocialMediaPosting',
  'TechArticle',
  'ScholarlyArticle',
]);
const SCHEMA_ORG = /^https?:\/\/schema\.org\/?$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * Reads a page's metadata in order of trust: JSON-LD (a schema.org NewsArticle, Article,
 * ReportageNewsArticle …, also inside `@graph` arrays and with an `@context` object), then
 * Open Graph, then Parse.ly, then other `<meta>` tags (Dublin Core, Twitter, name=author …);
 * the first that gives a usable value wins, field by field. `pageUrl` resolves relative
 * addresses. Fields no source gives are absent: see extractPage for the fallbacks.
 */
export function readMetadata(document: PageDocument, pageUrl: string): PageMetadata {
  const ld = jsonLdArticle(document);
  const meta = metaTags(document);
  const parsely = parselyPage(meta.get('parsely-page'));
  const first = (...candidates: Array<[MetaSource, string | undefined]>): Found | undefined => {
    for (const [from, value] of candidates) {
      const v = value === undefined ? undefined : tidy(value);
      if (v) return { value: v, from };
    }
    return undefined;
  };
  const notUrl = (v: string | undefined) => (v === undefined || looksLikeUrl(v) ? undefined : v);
  const canonical = document.querySelector('link[rel~="canonical" i]')?.getAttribute('href') ?? undefined;
  const url = first(
    ['json-ld', ld && (text(ld.url) ?? text(idOf(ld.mainEntityOfPage)))],
    ['open-graph', meta.get('og:url')],
    ['parsely', meta.get('parsely-link') ?? parsely?.link],
    ['meta', canonical],
  );
  const absolute = url && absoluteHttp(url.value, pageUrl);
  return {
    title: first(
      ['json-ld', ld && (text(ld.headline) ?? text(ld.name))],
      ['open-graph', meta.get('og:title')],
      ['parsely', meta.get('parsely-title') ?? parsely?.title],
      ['meta', meta.get('dc.title') ?? meta.get('dcterms.title') ?? meta.get('twitter:title') ?? meta.get('title')],
    ),
    author: first(
      ['json-ld', ld && names(ld.author)],
      ['open-graph', notUrl(meta.get('article:author'))],
      ['parsely', meta.get('parsely-author') ?? parsely?.author],
      ['meta', notUrl(meta.get('author') ?? meta.get('dc.creator') ?? meta.get('dcterms.creator') ?? meta.get('byl'))],
    ),
    outlet: first(
      ['json-ld', ld && names(ld.publisher)],
      ['open-graph', notUrl(meta.get('og:site_name'))],
      ['meta', notUrl(meta.get('application-name') ?? meta.get('dc.publisher') ?? meta.get('dcterms.publisher'))],
    ),
    published: first(
      ['json-ld', ld && text(ld.datePublished)],
      ['open-graph', meta.get('article:published_time')],
      ['parsely', meta.get('parsely-pub-date') ?? parsely?.pub_date],
      [
        'meta',
        meta.get('date') ??
          meta.get('pubdate') ??
          meta.get('publish-date') ??
          meta.get('dc.date') ??
          meta.get('dcterms.created') ??
          meta.get('dc.date.issued') ??
          meta.get('sailthru.date'),
      ],
    ),
    url: absolute ? { value: absolute, from: url.from } : undefined,
    jsonLdArticle: ld !== undefined,
    ogType: meta.get('og:type')?.trim().toLowerCase() || undefined,
  };
}

/**
 * The day of a publication date as the page wrote it, `YYYY-MM-DD` (the publisher's own
 * day: `2015-07-24T05:36:09+01:00` is 2015-07-24, never moved to another time zone), or
 * undefined when it does not start with a full date. Dates written in words ("April 28,
 * 2019") are read when they name a day.
 */
export function publicationDay(written: string): string | undefined {
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(written);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const compact = /^\s*(\d{4})(\d{2})(\d{2})(?:$|T)/.exec(written);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  if (/\d{1,2}:\d{2}/.test(written) || !/\b\d{4}\b/.test(written) || !/\b\d{1,2}\b/.test(written)) return undefined;
  const ms = Date.parse(`${written} 12:00 UTC`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}

/** The first schema.org article item among the page's JSON-LD scripts. */
function jsonLdArticle(document: PageDocument): JsonObject | undefined {
  for (const script of document.querySelectorAll('script[type]')) {
    if (!/ld\+json/i.test(script.getAttribute('type') ?? '')) continue;
    let data: Json;
    try {
      data = JSON.parse((script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')) as Json;
    } catch {
      continue; // a broken script is some other script's problem
    }
    const found = items(data, undefined).find((item) => isArticle(item));
    if (found) return found;
  }
  return undefined;
}

/** Every object of a JSON-LD value: top-level arrays and `@graph` arrays, each with the context it inherits. */
function items(data: Json, context: Json | undefined): JsonObject[] {
  if (Array.isArray(data)) return data.flatMap((d) => items(d, context));
  if (!isObject(data)) return [];
  const ctx = data['@context'] ?? context;
  const own = { ...data, '@context': ctx ?? null };
  const graph = data['@graph'];
  return [own, ...(Array.isArray(graph) ? graph.flatMap((g) => items(g, ctx)) : [])];
}

function isArticle(item: JsonObject): boolean {
  const ctx = item['@context'];
  const vocab = isObject(ctx) ? ctx['@vocab'] : ctx;
  if (typeof vocab !== 'string' || !SCHEMA_ORG.test(vocab)) return false;
  const type = item['@type'];
  const types = Array.isArray(type) ? type : [type];
  return types.some(
    (t) => typeof t === 'string' && ARTICLE_TYPES.has(t.replace(/^(?:https?:\/\/schema\.org\/|schema:)/, '')),
  );
}

/** `content` of every <meta>, keyed by its property, name or itemprop (lowercased); the first of each wins. */
function metaTags(document: PageDocument): Map<string, string> {
  const out = new Map<string, string>();
  for (const el of document.querySelectorAll('meta[content]')) {
    const content = el.getAttribute('content');
    if (!content?.trim()) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      for (const key of (el.getAttribute(attr) ?? '').toLowerCase().split(/\s+/)) {
        if (key && !out.has(key)) out.set(key, content);
      }
    }
  }
  return out;
}

/** Parse.ly's older form: one `parsely-page` meta holding JSON. */
function parselyPage(raw: string | undefined): Record<string, string | undefined> | undefined {
  if (!raw) return undefined;
  try {
    const data = JSON.parse(raw) as Json;
    if (!isObject(data)) return undefined;
    const pick = (k: string) => (typeof data[k] === 'string' ? data[k] : undefined);
    return { title: pick('title'), link: pick('link'), author: pick('author'), pub_date: pick('pub_date') };
  } catch {
    return undefined;
  }
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: Json | undefined): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function idOf(v: Json | undefined): Json | undefined {
  return isObject(v) ? (v['@id'] ?? v.url) : v;
}

/** A JSON-LD person or organisation (a name, an object with `name`, or a list of them) as "A, B". */
function names(v: Json | undefined): string | undefined {
  const list = (Array.isArray(v) ? v : [v])
    .map((x) => (isObject(x) ? text(x.name) : text(x)))
    .filter((x): x is string => x !== undefined && !looksLikeUrl(x));
  return list.length ? [...new Set(list.map(tidy))].join(', ') : undefined;
}

function looksLikeUrl(v: string): boolean {
  return /^(?:https?:)?\/\//i.test(v.trim());
}

function tidy(v: string): string {
  return v.replace(/\s+/g, ' ').trim();
}

function absoluteHttp(href: string, base: string): string | undefined {
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
