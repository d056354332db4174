import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { answerLine } from '../../src/answers/answer.ts';
import { toJson } from '../../src/render/json.ts';
import { toTerminal } from '../../src/render/terminal.ts';
import { builtInEngine } from '../support/corpus.ts';

async function ask(line: string) {
  const engine = await builtInEngine();
  const answered = await answerLine(line, { engine, commands });
  if (!answered.ok) throw new Error(answered.error);
  if (answered.answer.kind !== 'excerpts') throw new Error(`expected excerpts for ${line}`);
  return { engine, answer: answered.answer, items: answered.answer.items };
}

describe('/quote', () => {
  it('lists Hancock’s words, newest first, each a verbatim slice of the article it cites', async () => {
    const { engine, items } = await ask('/quote hancock');
    expect(items.length).toBeGreaterThanOrEqual(14);
    const dates = items.map((i) => i.source.published);
    expect(dates).toEqual([...dates].sort().reverse());
    for (const item of items) {
      expect(item.speaker).toBe('Michael Hancock');
      expect(item.kind).toBe('direct');
      expect(engine.article(item.source.id)!.text.slice(item.start, item.end)).toBe(item.excerpt);
    }
  });

  it('never puts another person’s words under Hancock', async () => {
    const { items } = await ask('/quote hancock');
    const all = items.map((i) => i.excerpt).join('\n');
    for (const notHis of [
      'By passing this irresponsible ordinance',
      'Like the ordinance states',
      'look like concentration camps',
      'That’s not something we can share',
      'Define',
      'HOLD IT RIGHT THERE',
      'immigration enforcement priority.',
    ]) {
      expect(all).not.toContain(notHis);
    }
  });

  it('lists the two 9NEWS copies of a quote once, citing both', async () => {
    const { items } = await ask('/quote hancock warrant');
    expect(items).toHaveLength(1);
    expect(items[0]!.excerpt).toContain('They could have issued a warrant');
    expect([items[0]!.source.id, ...items[0]!.alsoIn.map((s) => s.id)].sort()).toEqual([
      '9news-mayor-and-president',
      '9news-mayor-and-president-article',
    ]);
  });

  it('takes the speaker and topic as named options', async () => {
    const { items } = await ask('/quote speaker:hancock topic:ICE');
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) {
      expect(i.speaker).toBe('Michael Hancock');
      expect(i.excerpt).toMatch(/ICE/);
    }
  });

  it.each([
    ['pazen', 'Paul Pazen', 'we do not get involved in any federal immigration operations'],
    ['lynch', 'Jeffrey Lynch', 'By passing this irresponsible ordinance'],
    ['avila', 'Roxana Avila', 'look like concentration camps'],
    ['marchetta', 'Theresa Marchetta', 'That’s not something we can share'],
  ])('finds %s’s quotes under %s', async (query, name, words) => {
    const { items } = await ask(`/quote ${query}`);
    expect(items.every((i) => i.speaker === name && i.kind === 'direct')).toBe(true);
    expect(items.some((i) => i.excerpt.includes(words))).toBe(true);
  });

  it.each([
    ['sessions', 'Jeff Sessions', 'cities must allow ICE agents into jails'],
    ['bronson', 'Kristin Bronson', 'studies have shown'],
    ['riggs', 'Troy Riggs', 'a short heads up before any raids'],
  ])('shows %s’s reported speech as a paraphrase, never in quote marks', async (query, name, words) => {
    const { answer, items } = await ask(`/quote ${query}`);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.speaker === name && i.kind === 'paraphrase')).toBe(true);
    expect(items.some((i) => i.excerpt.includes(words))).toBe(true);
    expect(answer.message).toMatch(/paraphrases/);
    const shown = toTerminal(answer, { color: false, limit: 10 });
    expect(shown).not.toMatch(/“[^”]*studies have shown|“[^”]*cities must allow|“[^”]*short heads up/);
  });

  it('reads an unknown name as a topic and suggests the closest speaker', async () => {
    const { answer } = await ask('/quote hancok');
    expect(answer.message).toContain('Did you mean Michael Hancock?');
    const { items, answer: topical } = await ask('/quote detention');
    expect(topical.message).toMatch(/not a speaker/);
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) expect(i.speaker).toBeTruthy();
  });

  it('gives JSON items with speaker and kind', async () => {
    const { answer } = await ask('/quote hancock');
    const json = toJson(answer) as { items: Array<Record<string, unknown>> };
    expect(json.items[0]).toMatchObject({
      speaker: 'Michael Hancock',
      kind: 'direct',
      excerpt: expect.any(String),
      source: expect.any(Object),
    });
  });
});

describe('/speakers', () => {
  it('lists every quoted person with a role where the text gives one', async () => {
    const engine = await builtInEngine();
    const answered = await answerLine('/speakers', { engine, commands });
    if (!answered.ok || answered.answer.kind !== 'speakers') throw new Error('expected speakers');
    const names = answered.answer.items.map((s) => s.name);
    for (const n of [
      'Michael Hancock',
      'Jeffrey Lynch',
      'Paul Pazen',
      'Roxana Avila',
      'Theresa Marchetta',
      'Jeff Sessions',
      'Kristin Bronson',
      'Troy Riggs',
    ])
      expect(names).toContain(n);
    expect(answered.answer.items.find((s) => s.name === 'Michael Hancock')!.role).toMatch(/mayor/i);
  });
});

describe('every quote in the coverage', () => {
  it('is a slice of its article and attributed to a named speaker', async () => {
    const engine = await builtInEngine();
    expect(engine.quotes.length).toBeGreaterThan(25);
    for (const q of engine.quotes) {
      expect(engine.article(q.articleId)!.text.slice(q.start, q.end)).toBe(q.text);
      expect(q.speaker.name).toMatch(/\p{Lu}/u);
    }
  });

  it('leaves the reader’s comment at the end of 003 to nobody', async () => {
    const engine = await builtInEngine();
    const kdvr = engine.quotes.filter((q) => q.articleId === 'kdvr-council-passes-immigration-protections');
    for (const q of kdvr) expect(q.text).not.toMatch(/our people’?\.?$|HOLD IT|Define/);
  });
});
