// /trend: articles that mention a topic, counted by period and outlet, over the built-in
// coverage and a corpus made for the purpose.
import { describe, expect, it } from 'vitest';
import { trendAnswer } from '../../src/answers/trend.ts';
import type { Answer } from '../../src/answers/types.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { Engine } from '../../src/engine/engine.ts';
import { builtInEngine, tempCorpus } from '../support/corpus.ts';

type TrendAnswer = Extract<Answer, { kind: 'trend' }>;

function jsonl(rows: Array<{ id: string; outlet: string; published: string; text: string }>): string {
  return rows
    .map((r) => JSON.stringify({ ...r, title: `Title ${r.id}`, url: `https://example.org/${r.id}` }))
    .join('\n');
}

describe('/trend', () => {
  it('counts each built-in article that says the word once, in the month it ran, by outlet', async () => {
    const engine = await builtInEngine();
    const answer = trendAnswer(engine, 'ordinance') as TrendAnswer;
    const { trend } = answer;
    // The articles whose text has the word, counted by hand from the articles themselves.
    const saying = engine.sources().filter((s) => /\bordinances?\b/i.test(engine.article(s.id)!.text));
    expect(trend.articles).toBe(saying.length);
    expect(trend.unit).toBe('month');
    expect(trend.buckets.reduce((n, b) => n + b.total, 0)).toBe(saying.length);
    for (const b of trend.buckets) {
      expect(b.counts.reduce((n, c) => n + c, 0)).toBe(b.total);
      const inIt = saying.filter((s) => s.published >= b.from && s.published <= b.until);
      expect(b.total).toBe(inIt.length);
      if (b.busiest) expect(inIt.map((s) => s.id)).toContain(b.busiest.id);
    }
    // Every month from the first to the last, empty ones included, each following the last.
    for (let k = 1; k < trend.buckets.length; k++)
      expect(trend.buckets[k]!.from > trend.buckets[k - 1]!.until).toBe(true);
    expect(answer.items[0]!.total).toBe(Math.max(...trend.buckets.map((b) => b.total)));
  });

  it('counts by week over a short span, and the top five outlets apart from the others', async () => {
    const rows = Array.from({ length: 14 }, (_, k) => ({
      id: `a${k}`,
      outlet: `Outlet ${k % 7}`,
      published: `2021-03-${String(1 + k * 2).padStart(2, '0')}`,
      text: k === 13 ? 'Nothing about it here at all.' : `The council debated the budget again, story ${k}.`,
    }));
    const { dir, cleanup } = await tempCorpus({ 'a.jsonl': jsonl(rows) });
    try {
      const engine = Engine.build((await loadCorpus(dir)).articles);
      const { trend } = trendAnswer(engine, 'budget') as TrendAnswer;
      expect(trend.unit).toBe('week');
      expect(trend.articles).toBe(13);
      expect(trend.outlets).toHaveLength(6);
      expect(trend.outlets.at(-1)).toBe('others');
      expect(trend.buckets.every((b) => new Date(`${b.from}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
      const others = trend.buckets.reduce((n, b) => n + b.counts[5]!, 0);
      expect(others).toBe(
        13 - trend.outlets.slice(0, 5).reduce((n, _, k) => n + trend.buckets.reduce((m, b) => m + b.counts[k]!, 0), 0),
      );
    } finally {
      await cleanup();
    }
  });

  it('says so when nothing mentions the topic, and counts no typo as a mention', async () => {
    const engine = await builtInEngine();
    const none = trendAnswer(engine, 'zebrafish') as TrendAnswer;
    expect(none.trend.articles).toBe(0);
    expect(none.message).toMatch(/No article in the coverage mentions "zebrafish"/);
    // "hancok" finds Hancock in /search, but is not what an article says.
    expect((trendAnswer(engine, 'hancok') as TrendAnswer).trend.articles).toBe(0);
  });
});
