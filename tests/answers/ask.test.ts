import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { answerLine } from '../../src/answers/answer.ts';
import { askAnswer, classify } from '../../src/answers/ask.ts';
import { evaluateAnswers, readQuestions } from '../../src/answers/eval.ts';
import type { Answer, ExcerptItem } from '../../src/answers/types.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { toJson } from '../../src/render/json.ts';
import { toTerminal } from '../../src/render/terminal.ts';
import { sentences } from '../../src/text/sentences.ts';
import { builtInEngine } from '../support/corpus.ts';

const BUILTIN_QUESTIONS = fileURLToPath(new URL('../fixtures/answers/builtin.jsonl', import.meta.url));

async function ask(question: string): Promise<{ engine: Engine; answer: Extract<Answer, { kind: 'excerpts' }> }> {
  const engine = await builtInEngine();
  const answer = askAnswer(engine, question);
  if (answer.kind !== 'excerpts') throw new Error('expected excerpts');
  return { engine, answer };
}

/** The standards every /ask item keeps, whatever was asked. */
function expectSound(engine: Engine, items: readonly ExcerptItem[]): void {
  for (const item of items) {
    const article = engine.article(item.source.id)!;
    expect(article.text.slice(item.start, item.end)).toBe(item.excerpt);
    if (item.answer) {
      expect(item.answer.start).toBeGreaterThanOrEqual(0);
      expect(item.answer.end).toBeLessThanOrEqual(item.excerpt.length);
      expect(item.excerpt.slice(item.answer.start, item.answer.end)).toBe(item.answer.text);
    }
    for (const also of item.alsoIn) expect(engine.article(also.id)).toBeDefined();
    // A quote's speaker is the one its extracted quote is attributed to.
    if (item.speaker) {
      const attributed = engine.quotes.some(
        (q) =>
          q.articleId === item.source.id &&
          q.start >= item.start &&
          q.end <= item.end &&
          engine.speakers.canonical(q) === item.speaker,
      );
      expect(attributed, `${item.speaker}: ${item.excerpt}`).toBe(true);
    }
  }
}

describe('classify', () => {
  it.each([
    ['when did the council pass the ordinance?', 'when'],
    ['what day was Valles released', 'when'],
    ['who said "we do not shield criminals"?', 'who-said'],
    ['who said that the ordinance complies with federal law', 'who-said'],
    ['what did Pazen say about immigration status?', 'what-said'],
    ['who is Roxana Avila?', 'who-is'],
    ['what is the Legislative Yuan?', 'who-is'],
    ['who wrote a letter to the Justice Department?', 'who'],
    ['which hotel caught fire in New Delhi?', 'who'],
    ['how many people marched in Colorado Springs?', 'how-many'],
    ['how much did the city give the legal fund?', 'how-many'],
    ['what percentage voted against?', 'how-many'],
    ['what was the council vote on the ordinance?', 'how-many'],
    ['where did the protesters march?', 'where'],
    ['why did the lawmaker write to the Justice Department?', 'why-how-what'],
    ['how did the victims die?', 'why-how-what'],
  ])('%s → %s', (question, kind) => {
    expect(classify(question).kind).toBe(kind);
  });
});

describe('/ask', () => {
  it('answers "when" with the passing of the ordinance, dated as /when dates it', async () => {
    const { engine, answer } = await ask('when did the council pass the ordinance?');
    expect(answer.ask).toMatchObject({ kind: 'when', answered: true });
    const first = answer.items[0]!;
    expect(first.source.id).toBe('kdvr-council-passes-immigration-protections');
    expect(first.excerpt).toContain('unanimously passed an ordinance Monday');
    expect(first).toMatchObject({ date: '2017-08-28', dateLabel: '28 August 2017', answer: { text: 'Monday' } });
    // More from the coverage: other dated sentences, each with its date.
    expect(answer.items.length).toBeGreaterThan(1);
    for (const more of answer.items.slice(1)) expect(more.date).toBeDefined();
    expectSound(engine, answer.items);
  });

  it('shows the other dates sources give for one event, each with its source', async () => {
    const { engine, answer } = await ask('when was Ever Valles released?');
    const dates = answer.items.map((i) => `${i.dateLabel} ${i.source.outlet}`);
    expect(dates).toContain('December 2016 CBS News Colorado (CBS4 Denver), Associated Press');
    expect(dates).toContain('December 2016 KDVR (FOX31 Denver)');
    expect(dates).toContain('early February 2017 9NEWS (KUSA, Denver)');
    expectSound(engine, answer.items);
  });

  it('answers "who said" with the speaker the quote is attributed to, named beside it', async () => {
    const { engine, answer } = await ask('who said these deportation raids need to stop?');
    expect(answer.ask).toMatchObject({ kind: 'who-said', answered: true });
    expect(answer.items[0]).toMatchObject({ speaker: 'Michael Hancock', kind: 'direct', answer: { text: 'Hancock' } });
    expect(answer.items[0]!.excerpt).toContain('These deportation raids need to stop');
    expectSound(engine, answer.items);
  });

  it('answers "what did X say about Y" with their quote on it first', async () => {
    const { engine, answer } = await ask('what did Pazen say about immigration operations?');
    expect(answer.items[0]).toMatchObject({ speaker: 'Paul Pazen', kind: 'direct' });
    expect(answer.items[0]!.excerpt).toContain('we do not get involved in any federal immigration operations');
    expectSound(engine, answer.items);
  });

  it('answers "who is" with the role the coverage gives', async () => {
    expect((await ask('who is Paul Pazen?')).answer.items[0]!.answer?.text).toBe('Denver Police Chief');
    expect((await ask('who is Roxana Avila?')).answer.items[0]!.answer?.text).toBe(
      'co-president of the club Mi Gente My People at the University of Colorado at Colorado Springs',
    );
  });

  it('answers "how many" with the number and what it counts, "where" with the place', async () => {
    expect((await ask('how many people marched in Colorado Springs?')).answer.items[0]!.answer?.text).toBe(
      'about 150 people',
    );
    expect(
      (await ask('how much notice did the jail give ICE before releasing Valles?')).answer.items[0]!.answer?.text,
    ).toMatch(/25 minutes/);
    expect((await ask('where did the protesters march in Colorado Springs?')).answer.items[0]!.answer?.text).toBe(
      'Tejon Street',
    );
  });

  it('answers "why" with the clause that gives the reason', async () => {
    const { answer } = await ask('why did the Republican lawmaker write to the Justice Department?');
    expect(answer.items[0]!.answer?.text).toMatch(/^to demand a federal investigation/);
  });

  it('says the coverage does not say, and lists the closest passages as no answer, when it does not', async () => {
    for (const question of [
      'what is the capital of France?',
      'when did Denver repeal the sanctuary ordinance?',
      'who said the ordinance was a great victory for Colorado Springs?',
    ]) {
      const { engine, answer } = await ask(question);
      expect(answer.ask?.answered, question).toBe(false);
      expect(answer.message).toMatch(/^The coverage does not say /);
      expect(answer.items.every((i) => i.answer === undefined)).toBe(true);
      expectSound(engine, answer.items);
    }
  });

  it('refuses a question longer than a slash command takes, saying how long it may be', async () => {
    const { answer } = await ask(`when did ${'the council '.repeat(40)}pass the ordinance?`);
    expect(answer.items).toEqual([]);
    expect(answer.message).toMatch(/^That question is \d+ characters; ask in at most 300/);
  });

  it('never names a speaker for words no quote attributes to anyone', async () => {
    // The words are the reporter's, not a quote's.
    const { answer } = await ask(
      'who said the department does not send patrol cars to places where raids are taking place?',
    );
    expect(answer.items[0]?.speaker === undefined || answer.items[0]?.speaker === 'Paul Pazen').toBe(true);
  });

  it('keeps every item sound for questions of every kind about every sentence of the built-in corpus', async () => {
    const engine = await builtInEngine();
    const frames = [
      (w: string) => `when did ${w}?`,
      (w: string) => `who said ${w}?`,
      (w: string) => `how many ${w}?`,
      (w: string) => `where ${w}?`,
      (w: string) => `who is ${w}?`,
      (w: string) => `why ${w}?`,
      (w: string) => `what did Hancock say about ${w}?`,
    ];
    let asked = 0;
    for (const article of engine.articles) {
      for (const p of engine.cleaned.get(article.id)!.paragraphs) {
        for (const s of sentences(article.text, p.start, p.end)) {
          const words = article.text.slice(s.start, s.end).split(/\s+/).slice(0, 8).join(' ');
          for (const frame of frames) {
            const answer = askAnswer(engine, frame(words));
            if (answer.kind !== 'excerpts') throw new Error('expected excerpts');
            expectSound(engine, answer.items);
            asked++;
          }
        }
      }
    }
    expect(asked).toBeGreaterThan(500);
  });

  it('prints the JSON the issue describes', async () => {
    const engine = await builtInEngine();
    const answered = await answerLine('when did the council pass the ordinance?', { engine, commands });
    if (!answered.ok) throw new Error(answered.error);
    const json = toJson(answered.answer) as Record<string, any>;
    expect(json).toMatchObject({
      command: 'ask',
      question: 'when did the council pass the ordinance?',
      kind: 'when',
      answered: true,
    });
    expect(json.items[0]).toMatchObject({ answer: 'Monday', date: '2017-08-28', dateLabel: '28 August 2017' });
    for (const item of json.items)
      expect(Object.keys(item)).toEqual(expect.arrayContaining(['excerpt', 'source', 'alsoIn', 'answer']));
    const quote = toJson(askAnswer(engine, 'who said these deportation raids need to stop?')) as Record<string, any>;
    expect(quote.items[0]).toMatchObject({ speaker: 'Michael Hancock', kind: 'direct' });
  });

  it('frames the reply with "Answer" and "More from the coverage" only', async () => {
    const { answer } = await ask('when did the council pass the ordinance?');
    const text = toTerminal(answer, { color: false, limit: 5 });
    expect(text).toContain('\nAnswer\n');
    expect(text).toContain('\nMore from the coverage\n');
  });
});

describe('eval answers on the built-in corpus', () => {
  it('scores at least what was measured, and beside the baseline', async () => {
    const engine = await builtInEngine();
    const { ask: scores, baseline } = evaluateAnswers(engine, await readQuestions(BUILTIN_QUESTIONS));
    // Measured with `coverage-bot eval answers --questions tests/fixtures/answers/builtin.jsonl`.
    expect(scores.successAt1).toBeGreaterThanOrEqual(0.75);
    expect(scores.successAt3).toBeGreaterThanOrEqual(0.81);
    expect(scores.mrr).toBeGreaterThanOrEqual(0.78);
    expect(scores.abstention).toBeGreaterThanOrEqual(0.75);
    expect(scores.wrongSpeaker).toBe(0);
    expect(scores.successAt1).toBeGreaterThan(baseline.successAt1);
  });

  it('says which line of a question file is wrong', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'ask-questions-'));
    const file = join(dir, 'q.jsonl');
    await writeFile(file, '{"q":"when?","gold":["x"],"ans":[],"src":[]}\nnot json\n');
    await expect(readQuestions(file)).rejects.toThrow(
      /line 1: an answerable question .* needs "ans" and "src"; line 2: not JSON/,
    );
  });
});
