import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/corpus/open.ts';
import type { Article } from '../../src/corpus/types.ts';
import { extractEvents, resolveDates } from '../../src/dates/index.ts';
import { sentences } from '../../src/text/sentences.ts';

/**
 * Every date expression in the built-in coverage, with the date a careful reader gives it.
 * Publication days (SOURCES.md): 000/001 Wednesday 2017-03-08, 002 Wednesday 2017-08-16,
 * 003 Monday 2017-08-28, 004 Friday 2019-07-12. The 9NEWS story puts the Valles release
 * in early February (2017); AP and KDVR say December (2016): each as its source says.
 */
const EXPECTED: {
  id: string;
  sentence: string;
  text: string;
  value: string;
  until?: string;
  modifier?: 'early' | 'mid' | 'late';
  scheduled: boolean;
  why: string;
}[] = [
  {
    id: '9news-mayor-and-president',
    sentence: 'date 2017-03-08 Kyle Clark sits down',
    text: '2017-03-08',
    value: '2017-03-08',
    scheduled: false,
    why: "the scrape's date marker, an ISO date",
  },
  {
    id: '9news-mayor-and-president',
    sentence: 'date 2017-03-08 Kyle Clark sits down',
    text: '3/6/17',
    value: '2017-03-06',
    scheduled: false,
    why: '"taken 3/6/17": US month/day/year, the Monday of that week',
  },
  {
    id: '9news-mayor-and-president',
    sentence: 'A testy situation arose in early February',
    text: 'early February',
    value: '2017-02',
    modifier: 'early',
    scheduled: false,
    why: 'the last February before 8 March 2017, early in it',
  },
  {
    id: '9news-mayor-and-president',
    sentence: 'ICE had flagged Valles',
    text: 'October',
    value: '2016-10',
    scheduled: false,
    why: 'October after March would be the future: the one before',
  },
  {
    id: '9news-mayor-and-president-article',
    sentence: 'A testy situation arose in early February',
    text: 'early February',
    value: '2017-02',
    modifier: 'early',
    scheduled: false,
    why: 'same story, second page',
  },
  {
    id: '9news-mayor-and-president-article',
    sentence: 'ICE had flagged Valles',
    text: 'October',
    value: '2016-10',
    scheduled: false,
    why: 'same story, second page',
  },
  {
    id: 'cbs4-ap-denver-mulls-immigrant-protections',
    sentence: 'Robin Kniech said Wednesday',
    text: 'Wednesday',
    value: '2017-08-16',
    scheduled: false,
    why: 'a Wednesday story\'s "said Wednesday" is that day',
  },
  {
    id: 'cbs4-ap-denver-mulls-immigrant-protections',
    sentence: 'which will go before the city council on Monday',
    text: 'on Monday',
    value: '2017-08-21',
    scheduled: true,
    why: '"will go before": the next Monday',
  },
  {
    id: 'cbs4-ap-denver-mulls-immigrant-protections',
    sentence: 'following his release in December',
    text: 'December',
    value: '2016-12',
    scheduled: false,
    why: 'the last December before August 2017',
  },
  {
    id: 'cbs4-ap-denver-mulls-immigrant-protections',
    sentence: 'Last year, Denver received',
    text: 'Last year',
    value: '2016',
    scheduled: false,
    why: 'the year before 2017',
  },
  {
    id: 'kdvr-council-passes-immigration-protections',
    sentence: 'unanimously passed an ordinance Monday',
    text: 'Monday',
    value: '2017-08-28',
    scheduled: false,
    why: 'a Monday story\'s "passed … Monday" is that day',
  },
  {
    id: 'kdvr-council-passes-immigration-protections',
    sentence: 'who was released in December 2016',
    text: 'December 2016',
    value: '2016-12',
    scheduled: false,
    why: 'given in full',
  },
  {
    id: 'gazette-mayor-calls-ice-raids-shameful',
    sentence: 'Hancock on Friday condemned',
    text: 'on Friday',
    value: '2019-07-12',
    scheduled: false,
    why: 'a Friday story\'s "on Friday" is that day',
  },
  {
    id: 'gazette-mayor-calls-ice-raids-shameful',
    sentence: 'Hancock on Friday condemned',
    text: 'Sunday',
    value: '2019-07-14',
    scheduled: true,
    why: '"the prospect of immigration raids … Sunday": the raids were still to come',
  },
  {
    id: 'gazette-mayor-calls-ice-raids-shameful',
    sentence: 'about 150 people marched downtown',
    text: 'on Friday night',
    value: '2019-07-12',
    scheduled: false,
    why: 'that evening; "marched" is no month',
  },
  {
    id: 'gazette-mayor-calls-ice-raids-shameful',
    sentence: 'a claim he made to CNN on Thursday',
    text: 'on Thursday',
    value: '2019-07-11',
    scheduled: false,
    why: 'the day before',
  },
  {
    id: 'gazette-mayor-calls-ice-raids-shameful',
    sentence: 'over the last two years',
    text: 'over the last two years',
    value: '2017',
    until: '2019',
    scheduled: false,
    why: 'the two years up to July 2019',
  },
  {
    id: 'gazette-mayor-calls-ice-raids-shameful',
    sentence: 'adopted an ordinance in 2017',
    text: '2017',
    value: '2017',
    scheduled: false,
    why: 'a bare year',
  },
];

const { articles, errors } = await loadCorpus(DEFAULT_CORPUS_DIR);
const byId = new Map(articles.map((a) => [a.id, a]));

function sentenceHolding(article: Article, snippet: string): string {
  const found = sentences(article.text)
    .map((s) => article.text.slice(s.start, s.end))
    .filter((s) => s.includes(snippet));
  expect(found, `one sentence of ${article.id} holds "${snippet}"`).toHaveLength(1);
  return found[0]!;
}

describe('resolveDates on the built-in coverage', () => {
  it('loads the corpus', () => {
    expect(errors).toEqual([]);
    expect(articles.length).toBeGreaterThanOrEqual(5);
  });

  for (const e of EXPECTED) {
    it(`reads "${e.text}" in ${e.id} as ${e.value}${e.until ? `–${e.until}` : ''}: ${e.why}`, () => {
      const article = byId.get(e.id)!;
      const sentence = sentenceHolding(article, e.sentence);
      const mention = resolveDates(sentence, article.published).find((m) => m.text === e.text);
      expect(mention, `a mention "${e.text}" in: ${sentence}`).toBeDefined();
      const date = {
        value: e.value,
        precision: e.value.length === 10 ? 'day' : e.value.length === 7 ? 'month' : 'year',
        ...(e.modifier ? { modifier: e.modifier } : {}),
        ...(e.until ? { until: e.until } : {}),
      };
      expect(mention!.date).toEqual(date);
      expect(mention!.scheduled).toBe(e.scheduled);
    });
  }
});

describe('extractEvents on the built-in coverage', () => {
  const all = articles.flatMap((a) => extractEvents(a, sentences(a.text)).map((event) => ({ article: a, event })));

  it('finds exactly the expected dates: no ages, durations, sums, counts, copyright years or verbs', () => {
    const got = all.map(
      ({ event }) =>
        `${event.articleId} ${event.mention.text} ${event.date.value}${event.date.until ? `–${event.date.until}` : ''}`,
    );
    const want = EXPECTED.map((e) => `${e.id} ${e.text} ${e.value}${e.until ? `–${e.until}` : ''}`);
    expect(got).toEqual(want);
  });

  it('makes every mention a verbatim slice of its article, inside its sentence', () => {
    for (const { article, event } of all) {
      expect(article.text.slice(event.mention.start, event.mention.end)).toBe(event.mention.text);
      expect(event.mention.start).toBeGreaterThanOrEqual(event.start);
      expect(event.mention.end).toBeLessThanOrEqual(event.end);
      expect(event.date).toEqual(event.mention.date);
      expect(event.scheduled).toBe(event.mention.scheduled);
    }
  });

  it('yields one event per distinct date in a sentence', () => {
    const article: Article = {
      ...byId.get('gazette-mayor-calls-ice-raids-shameful')!,
      text: 'On Monday the council met. It met on Monday, Monday, and again on Tuesday.',
    };
    const events = extractEvents(article, sentences(article.text));
    expect(events.map((e) => [e.mention.text, e.date.value])).toEqual([
      ['On Monday', '2019-07-08'],
      ['on Monday', '2019-07-08'],
      ['on Tuesday', '2019-07-09'],
    ]);
  });
});
