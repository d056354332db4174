import { describe, expect, it } from 'vitest';
import { extractPage, textParagraphs } from '../../src/ingest/extract.ts';
import { parsePage } from '../../src/ingest/dom.ts';
import { articleId } from '../../src/ingest/id.ts';
import { publicationDay, readMetadata } from '../../src/ingest/metadata.ts';
import { draftArticle } from '../../src/ingest/draft.ts';
import { previewDraft } from '../../src/ingest/preview.ts';
import { articlePage, storyParagraphs } from '../support/pages.ts';

const URL_ = 'https://news.example/2024/05/06/zoning-plan';
const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;
const og = (property: string, content: string) => `<meta property="${property}" content="${content}">`;
const named = (name: string, content: string) => `<meta name="${name}" content="${content}">`;

describe('readMetadata', () => {
  const meta = (head: string) => readMetadata(parsePage(articlePage({ head })), URL_);

  it('trusts JSON-LD over Open Graph over Parse.ly over other meta tags', () => {
    const all =
      ld({
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: 'LD title',
        datePublished: '2024-05-06T08:00:00-06:00',
      }) +
      og('og:title', 'OG title') +
      og('og:site_name', 'The Example Times') +
      named('parsely-title', 'Parsely title') +
      named('parsely-author', 'Parsely Author') +
      named('author', 'Meta Author') +
      named('dc.title', 'DC title');
    const m = meta(all);
    expect(m.title).toEqual({ value: 'LD title', from: 'json-ld' });
    expect(m.outlet).toEqual({ value: 'The Example Times', from: 'open-graph' });
    expect(m.author).toEqual({ value: 'Parsely Author', from: 'parsely' });
    expect(m.published).toEqual({ value: '2024-05-06T08:00:00-06:00', from: 'json-ld' });
    expect(meta(named('author', 'Meta Author') + named('dc.title', 'DC title'))).toMatchObject({
      author: { value: 'Meta Author', from: 'meta' },
      title: { value: 'DC title', from: 'meta' },
    });
  });

  it('finds the article inside @graph arrays and with an @context object, and skips other types', () => {
    const graph = ld({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'Example' },
        {
          '@type': ['ReportageNewsArticle'],
          headline: 'Graph headline',
          author: [{ '@type': 'Person', name: 'Ana Ruiz' }, { name: 'Bo Chen' }, 'https://news.example/staff/x'],
          publisher: { '@type': 'NewsMediaOrganization', name: 'Example News' },
          mainEntityOfPage: { '@id': 'https://news.example/story' },
        },
      ],
    });
    expect(meta(graph)).toMatchObject({
      title: { value: 'Graph headline' },
      author: { value: 'Ana Ruiz, Bo Chen' },
      outlet: { value: 'Example News' },
      url: { value: 'https://news.example/story' },
      jsonLdArticle: true,
    });
    const contextObject = ld({ '@context': { '@vocab': 'http://schema.org/' }, '@type': 'Article', headline: 'Vocab' });
    expect(meta(contextObject).title).toEqual({ value: 'Vocab', from: 'json-ld' });
    const video = ld({ '@context': 'https://schema.org', '@type': 'VideoObject', name: 'A video' });
    expect(meta(video + og('og:title', 'OG')).title).toEqual({ value: 'OG', from: 'open-graph' });
    const notSchema = ld({ '@context': 'https://example.org', '@type': 'Article', headline: 'Elsewhere' });
    expect(meta(notSchema).jsonLdArticle).toBe(false);
  });

  it('reads Parse.ly from parsely-page JSON too, and resolves a relative canonical link', () => {
    const m = meta(
      `<meta name="parsely-page" content='${JSON.stringify({ title: 'P', pub_date: '2020-02-03T04:05:06Z', author: 'Pat' })}'>` +
        '<link rel="canonical" href="/2020/story">',
    );
    expect(m).toMatchObject({
      title: { value: 'P', from: 'parsely' },
      published: { value: '2020-02-03T04:05:06Z' },
      url: { value: 'https://news.example/2020/story', from: 'meta' },
    });
  });

  it('takes no address or URL as a person or an outlet', () => {
    const m = meta(og('article:author', 'https://facebook.com/someone') + og('og:site_name', 'http://www.example.com'));
    expect(m.author).toBeUndefined();
    expect(m.outlet).toBeUndefined();
  });
});

describe('publicationDay', () => {
  it('keeps the day the page wrote, in its own time zone', () => {
    expect(publicationDay('2015-07-24T05:36:09+01:00')).toBe('2015-07-24');
    expect(publicationDay('2019-01-03T23:30:00-08:00')).toBe('2019-01-03');
    expect(publicationDay('2017-11-03 03:01:00.000000')).toBe('2017-11-03');
    expect(publicationDay('20240420')).toBe('2024-04-20');
    expect(publicationDay('April 28, 2019')).toBe('2019-04-28');
  });

  it('gives nothing for what does not name a day', () => {
    for (const v of ['2019', 'yesterday', 'April 2019', 'Updated 6:01 am']) expect(publicationDay(v)).toBeUndefined();
  });
});

describe('textParagraphs', () => {
  it('makes a paragraph of each block and each <br>, runs inline text on, and leaves scripts out', () => {
    const doc = parsePage(
      '<div id="x"><p>One <b>bold</b>  and\n <a href="#">linked</a>.</p><ul><li>Two</li><li>Three<br>Four</li></ul><script>var x = 1;</script><p>&nbsp;Five&nbsp;o\'clock&nbsp;</p></div>',
    );
    expect(textParagraphs(doc.querySelector('#x')!)).toEqual([
      'One bold and linked.',
      'Two',
      'Three',
      'Four',
      "Five\u00a0o'clock",
    ]);
  });
});

describe('extractPage', () => {
  it('reads a small article with its metadata, text verbatim, no navigation', () => {
    const head =
      og('og:type', 'article') +
      og('og:title', 'Council passes the zoning plan') +
      og('og:site_name', 'The Example Times') +
      og('article:published_time', '2024-05-06T21:15:00-06:00') +
      named('author', 'By Maria Chen') +
      `<link rel="canonical" href="${URL_}">`;
    const r = extractPage(articlePage({ head }), 'https://news.example/s?id=1');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.draft).toMatchObject({
      title: { value: 'Council passes the zoning plan', from: 'open-graph' },
      outlet: { value: 'The Example Times', from: 'open-graph' },
      author: { value: 'Maria Chen', from: 'meta' },
      published: { value: '2024-05-06', from: 'open-graph' },
      url: { value: URL_, from: 'meta' },
    });
    const lines = r.draft.text.split('\n\n').map((l) => l.trim());
    for (const p of storyParagraphs()) expect(lines).toContain(p);
    expect(r.draft.text).not.toMatch(/About us|Privacy|Sport/);
  });

  it('falls back to the page address for the outlet and url, and leaves a missing date missing', () => {
    const r = extractPage(articlePage(), 'https://www.news.example/story');
    expect(r.ok && r.draft).toMatchObject({
      outlet: { value: 'news.example', from: 'address' },
      url: { value: 'https://www.news.example/story', from: 'address' },
      published: undefined,
    });
  });

  it('refuses a page that is not an article, saying so', () => {
    const links = `<html><head><title>Example News</title></head><body><ul>${Array.from(
      { length: 40 },
      (_, i) => `<li><a href="/s/${i}">Headline number ${i}</a></li>`,
    ).join('')}</ul></body></html>`;
    expect(extractPage(links, 'https://news.example/latest')).toEqual({
      ok: false,
      reason:
        'https://news.example/latest does not look like an article: it has too little running text (a front page, a list of links, a video or a log-in page?). Link to the article itself.',
    });
    const website = extractPage(articlePage({ head: og('og:type', 'website') }), 'https://news.example/news/');
    expect(website).toEqual({
      ok: false,
      reason: expect.stringContaining('the page says it is a "website" (og:type)'),
    });
    const home = extractPage(articlePage(), 'https://news.example/');
    expect(home).toEqual({
      ok: false,
      reason: "https://news.example/ is a site's front page, not an article. Link to the article itself.",
    });
  });
});

describe('articleId', () => {
  it('slugs the outlet and title, and is unique among the ids taken', () => {
    expect(articleId('The Denver Post', 'Council passes ordinance', new Set())).toBe(
      'the-denver-post-council-passes-ordinance',
    );
    expect(articleId('Aktuálně.cz', 'West Ham hrozí gigantům', new Set())).toBe('aktualne-cz-west-ham-hrozi-gigantum');
    const taken = new Set(['x-a', 'x-a-2']);
    expect(articleId('X', 'A', taken)).toBe('x-a-3');
    const long = articleId('Outlet', 'word '.repeat(60), new Set());
    expect(long.length).toBeLessThanOrEqual(96);
    expect(long).toMatch(/^outlet-word(-word)*$/);
    expect(articleId('東京', '新聞', new Set())).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
  });
});

describe('previewDraft', () => {
  const page = (head = '') => {
    const r = extractPage(articlePage({ head }), URL_);
    if (!r.ok) throw new Error(r.reason);
    return r.draft;
  };

  it('counts what the engine finds, and asks for a date the page does not give', () => {
    const p = previewDraft(page(og('og:site_name', 'The Example Times')), {}, new Set());
    expect(p.needed).toEqual([{ field: 'published', message: 'missing published date (YYYY-MM-DD)' }]);
    // No canonical link either: the address it was read from stands in.
    expect(p.missing).toEqual(['author', 'published', 'url']);
    expect(p.events).toBe(0);
    const dated = previewDraft(page(og('og:site_name', 'The Example Times')), { published: '2024-05-06' }, new Set());
    expect(dated).toMatchObject({
      needed: [],
      published: '2024-05-06',
      id: 'the-example-times-council-passes-the-zoning-plan',
    });
    expect(dated.passages).toBeGreaterThanOrEqual(4);
    expect(dated.quotes).toBe(1);
    expect(dated.events).toBeGreaterThanOrEqual(1);
    expect(dated.firstParagraph).toBe(storyParagraphs()[0]);
  });

  it('gives the article a corpus file that the loader would accept', () => {
    const { article, needed } = draftArticle(
      page(),
      { published: '2024-05-06' },
      new Set(['news-example-council-passes-the-zoning-plan']),
    );
    expect(needed).toEqual([]);
    expect(article.id).toBe('news-example-council-passes-the-zoning-plan-2');
    expect(article.file).toBe(`${article.id}.md`);
  });
});
