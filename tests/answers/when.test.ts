import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { answerLine } from '../../src/answers/answer.ts';
import { toJson } from '../../src/render/json.ts';
import { builtInEngine } from '../support/corpus.ts';

async function when(topic: string) {
  const engine = await builtInEngine();
  const answered = await answerLine(`/when ${topic}`, { engine, commands });
  if (!answered.ok || answered.answer.kind !== 'excerpts') throw new Error('expected a timeline');
  return { engine, answer: answered.answer, items: answered.answer.items };
}

describe('/when', () => {
  it('orders the ordinance’s story by when things happened, not when articles ran', async () => {
    const { items } = await when('ordinance');
    expect(items.map((i) => i.date)).toEqual(['2017', '2017-08-16', '2017-08-21', '2017-08-28']);
    expect(items.find((i) => i.date === '2017-08-21')).toMatchObject({ scheduled: true, dateLabel: '21 August 2017' });
    expect(items.find((i) => i.date === '2017-08-28')!.excerpt).toContain('unanimously passed an ordinance Monday');
  });

  it('shows both dates where sources disagree about the Valles release, each with its source', async () => {
    const { items } = await when('valles');
    const december = items.find((i) => i.date === '2016-12');
    const february = items.find((i) => i.date === '2017-02');
    expect(february).toMatchObject({ dateLabel: 'early February 2017', source: { outlet: '9NEWS (KUSA, Denver)' } });
    expect(december!.source.id).toBe('cbs4-ap-denver-mulls-immigrant-protections');
    expect(december!.alsoIn.map((s) => s.id)).toContain('kdvr-council-passes-immigration-protections');
    expect(items.find((i) => i.date === '2016-10')!.excerpt).toContain('arrested for car theft in October');
  });

  it('merges the two 9NEWS copies of one dated sentence', async () => {
    const { items } = await when('valles');
    const october = items.filter((i) => i.date === '2016-10');
    expect(october).toHaveLength(1);
    expect(october[0]!.alsoIn).toHaveLength(1);
  });

  it('keeps every excerpt a slice of the cited article, and the dates in order', async () => {
    for (const topic of ['ordinance', 'valles', 'raids', 'ICE', 'Hancock', 'council']) {
      const { engine, items } = await when(topic);
      const dates = items.map((i) => i.date!);
      expect(dates, topic).toEqual([...dates].sort());
      for (const i of items) expect(engine.article(i.source.id)!.text.slice(i.start, i.end)).toBe(i.excerpt);
    }
  });

  it('gives JSON items a date by precision', async () => {
    const { answer } = await when('raids');
    const json = toJson(answer) as { items: Array<{ date: string }> };
    for (const i of json.items) expect(i.date).toMatch(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/);
    expect(json.items.map((i) => i.date)).toContain('2019-07-14');
  });

  it('says so when the topic has no dated events', async () => {
    const { answer, items } = await when('zxqwv');
    expect(items).toEqual([]);
    expect(answer.message).toMatch(/^Nothing in the coverage matches/);
  });

  it('shows the events most about the topic, not every dated sentence with one of its words', async () => {
    const { openCorpus } = await import('../../src/corpus/open.ts');
    const { tempCorpus, markdownArticle } = await import('../support/corpus.ts');
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++)
      files[`city-${i}.md`] = markdownArticle(
        { id: `city-${i}`, url: `https://example.com/city-${i}` },
        `On ${1 + (i % 27)} March ${2000 + (i % 10)} the city opened park number ${i}.\n`,
      );
    files['ordinance.md'] = markdownArticle(
      { id: 'ordinance', url: 'https://example.com/ordinance' },
      'The city council passed the sanctuary ordinance on 28 August 2017.\n\nThe ordinance took effect on 1 September 2017.\n',
    );
    const made = await tempCorpus(files);
    try {
      const { engine } = await openCorpus(made.dir, { log: () => {} });
      const answered = await answerLine('/when city ordinance', { engine, commands });
      if (!answered.ok || answered.answer.kind !== 'excerpts') throw new Error('expected a timeline');
      expect(answered.answer.items.map((i) => i.date)).toEqual(['2017-08-28', '2017-09-01']);
    } finally {
      await made.cleanup();
    }
  });
});
