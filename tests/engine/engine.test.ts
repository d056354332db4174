import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { answerLine } from '../../src/answers/answer.ts';
import type { Answer } from '../../src/answers/types.ts';
import { Engine } from '../../src/engine/engine.ts';
import { processTerm, words } from '../../src/search/terms.ts';
import { quoteOpenAtEnd } from '../../src/text/passages.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { BUILT_IN, builtInEngine } from '../support/corpus.ts';
import { DATASETS, NEEDS_SHARED } from '../support/shared.ts';
import { parseCsv } from '../support/datasets.ts';

const NINE_A = '9news-mayor-and-president';
const NINE_B = '9news-mayor-and-president-article';

describe('Engine over the built-in coverage', () => {
  it('keeps every passage a slice of its article, at every occurrence', async () => {
    const engine = await builtInEngine();
    for (const p of engine.passages) {
      const text = engine.text(p);
      expect(text.length).toBeGreaterThan(0);
      for (const o of p.alsoIn)
        expect(engine.article(o.articleId)!.text.slice(o.start, o.end).replace(/\s+/g, ' ')).toBe(
          text.replace(/\s+/g, ' '),
        );
    }
  });

  it('never cuts a sentence or a quotation between passages', async () => {
    const engine = await builtInEngine();
    for (const p of engine.passages) {
      const text = engine.text(p);
      expect(text, text).toMatch(/[.!?:…]["'”’)\]]*$/);
      // A quotation may run over paragraphs (each opens, only the last closes), but none
      // is still open where a passage ends.
      expect(quoteOpenAtEnd(text, { start: 0, end: text.length }), text).toBe(false);
    }
  });

  it('indexes the two 9NEWS copies once, citing both', async () => {
    const engine = await builtInEngine();
    const shared = engine.passages.filter(
      (p) => p.articleId === NINE_A && p.alsoIn.some((o) => o.articleId === NINE_B),
    );
    expect(shared.length).toBeGreaterThanOrEqual(9);
    const texts = engine.passages.map((p) => engine.text(p).replace(/\s+/g, ' '));
    expect(new Set(texts).size).toBe(texts.length);
    // Every passage of the second copy is either its own or shared with the first.
    const own = engine.passages.filter((p) => p.articleId === NINE_B).map((p) => engine.text(p));
    expect(own).toEqual([
      'Next is continuing its week-long conversation with Denver Mayor Michael Hancock. This time, the Mayor talks about immigration and a fiasco between Denver authorities and U.S. Immigration and Customs Enforcement that may have left one dead.',
    ]);
  });

  it('puts the KDVR passage about ignoring ICE detainer requests first for "detainer requests"', async () => {
    const engine = await builtInEngine();
    const [first] = engine.search('detainer requests');
    expect(first!.passage.articleId).toBe('kdvr-council-passes-immigration-protections');
    expect(engine.text(first!.passage)).toContain('ignore U.S. Immigration and Customs Enforcement detainer requests');
  });

  it.each([
    ['ordinances', 'ordinance'],
    ['raids', 'raid'],
    ['hancok', 'Hancock'],
    ['IMMIGRATION', 'immigra'],
    ['Denvér', 'Denver'],
  ])('finds %s in passages that say %s', async (query, word) => {
    const engine = await builtInEngine();
    const hits = engine.search(query);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits.slice(0, 3)) {
      const text = engine.text(h.passage);
      // A passage may also match on the name of the person it quotes (the speakers field).
      const quoted = engine.quotes
        .filter((q) => q.articleId === h.passage.articleId && q.start < h.passage.end && q.end > h.passage.start)
        .map((q) => q.speaker.name.toLowerCase());
      if (quoted.some((n) => n.includes(word.toLowerCase()))) continue;
      expect(text.toLowerCase()).toContain(word.toLowerCase());
      expect(
        h.highlights.some(([s, e]) => text.slice(s, e).toLowerCase().startsWith(word.toLowerCase().slice(0, 4))),
      ).toBe(true);
    }
  });

  it('finds nothing for stop words alone, and says what to try', async () => {
    const engine = await builtInEngine();
    expect(engine.search('the and of')).toEqual([]);
    const answered = await answerLine('/search zxqwv', { commands, engine });
    expect(answered.ok && answered.answer.items).toEqual([]);
    expect(answered.ok && answered.answer.message).toMatch(/Nothing in the coverage matches "zxqwv"\. Try/);
  });
});

describe('quote copies and source order', () => {
  const words = (text: string) => text.replace(/\s+/g, ' ');
  const article = (id: string, text: string) => ({
    id,
    title: `About ${id}`,
    outlet: 'Example',
    published: '2018-01-01',
    url: `https://example.com/${id}`,
    text,
    file: `${id}.md`,
  });
  /**
   * The built-in coverage with one more copy of each 9NEWS article, re-dated and re-spaced;
   * and two articles of one day whose ids sort one way by code unit and the other way as
   * localeCompare does ("x-1", "x_1"), with the same words said by two people, and the
   * same words as a paraphrase and as a direct quote.
   */
  async function withCopies(): Promise<Engine> {
    const { articles } = await loadCorpus(BUILT_IN);
    const copies = articles
      .filter((a) => a.id.startsWith('9news'))
      .map((a, k) => ({ ...a, id: `a-copy-${k}`, published: '2017-08-01', text: a.text.replace(/, /g, ',  ') }));
    const lookalikes = [
      article(
        'x-1',
        'Mayor Michael Hancock spoke on Monday.\n\n"We will not comply with this order," Hancock said.\n\nHancock said the city would not comply with this order.\n',
      ),
      article(
        'x_1',
        'Governor John Hickenlooper spoke on Monday.\n\n"We will not comply with this order," Hickenlooper said.\n\n"the city would not comply with this order," Hancock said.\n',
      ),
    ];
    return Engine.build([...articles, ...copies, ...lookalikes]);
  }

  it('puts quotes in one copy group exactly when speaker, kind and words (spacing aside) are the same', async () => {
    for (const engine of [await builtInEngine(), await withCopies()]) {
      const key = (i: number) => {
        const q = engine.quotes[i]!;
        return `${engine.speakers.canonical(q)}|${q.kind}|${words(q.text)}`;
      };
      const firstWith = new Map<string, number>();
      let copies = 0;
      for (let i = 0; i < engine.quotes.length; i++) {
        const first = firstWith.get(key(i)) ?? i;
        firstWith.set(key(i), first);
        expect(engine.quoteGroup(i), key(i)).toBe(first);
        if (first !== i) copies++;
      }
      expect(copies).toBeGreaterThan(0);
    }
    // The look-alikes are there to be told apart: the same words by two people, and by one as a paraphrase and a quote.
    const engine = await withCopies();
    const said = (words: string) => engine.quotes.flatMap((q, i) => (q.text === words ? [i] : []));
    for (const words of ['We will not comply with this order', 'the city would not comply with this order']) {
      const ids = said(words);
      expect(ids).toHaveLength(2);
      expect(new Set(ids.map((i) => engine.quoteGroup(i))).size).toBe(2);
    }
  });

  it('cites the newest copy of a quote first and the others after it, newest first', async () => {
    const engine = await withCopies();
    const answered = await answerLine('/quote hancock warrant', { commands, engine });
    if (!answered.ok || answered.answer.kind !== 'excerpts') throw new Error('expected excerpts');
    expect(answered.answer.items).toHaveLength(1);
    const [item] = answered.answer.items;
    const cited = [item!.source, ...item!.alsoIn];
    expect(cited.map((c) => c.published)).toEqual([...cited.map((c) => c.published)].sort().reverse());
    expect(cited.map((c) => c.id)).toEqual(expect.arrayContaining([NINE_A, NINE_B, 'a-copy-0', 'a-copy-1']));
    expect(cited).toHaveLength(4);
  });

  it('ranks sources newest first, then by id as localeCompare orders them', async () => {
    const engine = await withCopies();
    const ranked = [...engine.articles].sort((a, b) => engine.sourceRank(a.id) - engine.sourceRank(b.id));
    for (let k = 1; k < ranked.length; k++) {
      const [a, b] = [ranked[k - 1]!, ranked[k]!];
      expect(
        a.published > b.published || (a.published === b.published && a.id.localeCompare(b.id) < 0),
        `${a.id} before ${b.id}`,
      ).toBe(true);
    }
    expect(new Set(engine.articles.map((a) => engine.sourceRank(a.id))).size).toBe(engine.articles.length);
    // Code-unit order would put "x-1" first.
    expect(engine.sourceRank('x_1')).toBeLessThan(engine.sourceRank('x-1'));
  });
});

describe('answers', () => {
  const QUERIES = [
    '/search hancock',
    '/search ICE detainer',
    '/search valles',
    '/search ordinance',
    '/search sanctuary city grants',
    '/search raids shameful',
    '/search query:"light rail"',
  ];

  it('shows only excerpts that are slices of the cited article, citing the right article', async () => {
    const engine = await builtInEngine();
    let checked = 0;
    for (const q of QUERIES) {
      const answered = await answerLine(q, { commands, engine });
      expect(answered.ok, q).toBe(true);
      const answer = (answered as { answer: Answer }).answer;
      if (answer.kind !== 'excerpts') throw new Error('expected excerpts');
      for (const item of answer.items) {
        const article = engine.article(item.source.id)!;
        expect(article.text.slice(item.start, item.end)).toBe(item.excerpt);
        expect(item.source).toEqual({
          id: article.id,
          title: article.title,
          outlet: article.outlet,
          published: article.published,
          url: article.url,
        });
        for (const [s, e] of item.highlights) expect(s < e && e <= item.excerpt.length).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('lists the sources newest first', async () => {
    const engine = await builtInEngine();
    const answered = await answerLine('/sources', { commands, engine });
    if (!answered.ok || answered.answer.kind !== 'sources') throw new Error('expected sources');
    const dates = answered.answer.items.map((i) => i.source.published);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(answered.answer.items).toHaveLength(5);
  });

  it('explains every command with an example in /help', async () => {
    const engine = await builtInEngine();
    const answered = await answerLine('/help', { commands, engine });
    if (!answered.ok || answered.answer.kind !== 'help') throw new Error('expected help');
    expect(answered.answer.items.map((h) => h.usage.split(' ')[0])).toEqual(
      commands.map((c) => `/${c.definition.name}`),
    );
    for (const h of answered.answer.items) expect(h.example).toMatch(/^\/\w+/);
  });
});

describe('the vocabulary', () => {
  /** Each term's most common spelling, by reading every passage's words: what the build counts while indexing. */
  function spellingsByReading(engine: Engine): Map<string, string> {
    const counts = new Map<string, Map<string, number>>();
    for (const p of engine.passages) {
      for (const w of words(engine.text(p))) {
        const term = processTerm(w.word);
        if (!term) continue;
        const forms = counts.get(term) ?? counts.set(term, new Map()).get(term)!;
        forms.set(w.word.toLowerCase(), (forms.get(w.word.toLowerCase()) ?? 0) + 1);
      }
    }
    // Most common first; of equally common spellings, the shortest, then in code-unit order.
    const order = ([a, n]: [string, number], [b, m]: [string, number]) =>
      m - n || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
    return new Map([...counts].map(([term, forms]) => [term, [...forms].sort(order)[0]![0]]));
  }

  it(
    'spells every term of the passages as the coverage most often does, and every index term at all',
    NEEDS_SHARED,
    async () => {
      // The built-in coverage and a year of Wikinews: varied spellings, capitals, possessives.
      const [header, ...rows] = parseCsv(await readFile(path.join(DATASETS, 'wikinews', 'wikinews_2019.csv'), 'utf8'));
      const col = (name: string) => header!.indexOf(name);
      const wikinews = rows
        .filter((r) => r.length === header!.length)
        .slice(0, 300)
        .map((r, i) => ({
          id: `w${i}`,
          title: r[col('title')]!,
          outlet: 'Wikinews',
          published: r[col('date')]!,
          url: r[col('url')]!,
          text: r[col('text')]!,
          file: 'wikinews_2019.csv',
        }));
      for (const engine of [await builtInEngine(), Engine.build(wikinews)]) {
        const { vocabulary } = engine.parts();
        const read = spellingsByReading(engine);
        expect(read.size).toBeGreaterThan(100);
        for (const [term, spelling] of read) expect(vocabulary.get(term), term).toBe(spelling);
        // Terms only in titles or speakers' names are there too, spelled as the term.
        for (const [term, spelling] of vocabulary) if (!read.has(term)) expect(spelling).toBe(term);
      }
    },
  );

  it('completes and corrects words with their spelling in the coverage', async () => {
    const engine = await builtInEngine();
    expect(engine.suggestTerms('ordin')).toContain('ordinance');
    expect(engine.suggestTerms('hancok')[0]).toBe('hancock');
  });
});
