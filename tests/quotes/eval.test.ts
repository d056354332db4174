import { describe, expect, it } from 'vitest';
import {
  goldQuotes,
  sameSpeaker,
  scoreArticle,
  summarise,
  codePointToUtf16,
  type GoldQuote,
} from '../../src/quotes/eval.ts';
import type { Quote } from '../../src/quotes/index.ts';

// A PolNeAR-shaped article: BRAT standoff with Source, Cue and Content linked by E lines.
const TEXT = [
  'Trump speaks.',
  '“We will win,” Trump said.',
  'Clinton said the plan would “never work” in practice.',
  'Officials said the vote was delayed.',
].join('\n');
const at = (s: string): [number, number] => {
  const i = TEXT.indexOf(s);
  return [i, i + s.length];
};
const ann = (): string => {
  const [c1s, c1e] = at('“We will win,”');
  const [s1s, s1e] = at('Trump said').map((x, k) => (k === 0 ? x : x - 5)) as [number, number];
  const [c2s, c2e] = at('the plan would “never work” in practice');
  const [c3s, c3e] = at('the vote was delayed');
  return [
    `T1\tContent ${c1s} ${c1e}\t“We will win,”`,
    `T2\tSource ${s1s} ${s1e}\tTrump`,
    `T3\tCue ${s1e + 1} ${s1e + 5}\tsaid`,
    'T4\tAttribution 0 1\tx',
    'E1\tAttribution:T4 Content:T1 Source:T2 Cue:T3',
    `T5\tContent ${c2s} ${c2e}\tthe plan would “never work” in practice`,
    `T6\tSource ${at('Clinton')[0]} ${at('Clinton')[1]}\tClinton`,
    'E2\tAttribution:T4 Content:T5 Source:T6',
    `T7\tContent ${c3s} ${c3e}\tthe vote was delayed`,
    'E3\tAttribution:T4 Content:T7',
  ].join('\n');
};

function pred(start: number, end: number, name: string, mention = name): Quote {
  return { articleId: 'x', start, end, text: TEXT.slice(start, end), kind: 'direct', speaker: { name, mention } };
}

describe('goldQuotes', () => {
  it('takes only Content spans wholly inside quotation marks, without the marks', () => {
    const { gold, ignored } = goldQuotes(TEXT, ann());
    expect(gold).toEqual([{ start: at('We will win')[0], end: at('We will win')[1], source: 'Trump' }]);
    // The partly quoted Content's quoted words are set aside, not gold.
    expect(ignored).toEqual([{ start: at('“never work”')[0], end: at('“never work”')[1] }]);
  });

  it('maps code-point offsets to UTF-16 when the text has astral characters', () => {
    const map = codePointToUtf16('a😀b');
    expect([map(0), map(1), map(2), map(3)]).toEqual([0, 1, 3, 4]);
  });
});

describe('scoreArticle', () => {
  const { gold, ignored } = goldQuotes(TEXT, ann());
  const [ws, we] = at('We will win');

  it('matches a prediction that overlaps at least half of the gold span', () => {
    const s = scoreArticle(gold, [pred(ws, ws + 6, 'Donald Trump', 'Trump')], ignored); // "We wil" = 6 of 11
    expect(s).toMatchObject({ found: 1, correct: 1, predicted: 1, speakerRight: 1 });
    const t = scoreArticle(gold, [pred(ws, ws + 5, 'Donald Trump')], ignored); // 5 of 11: too little
    expect(t).toMatchObject({ found: 0, correct: 0, predicted: 1 });
  });

  it('counts a wrong speaker against speaker accuracy only', () => {
    const s = scoreArticle(gold, [pred(ws, we, 'Hillary Clinton', 'Clinton')], ignored);
    expect(s).toMatchObject({ found: 1, correct: 1, speakerPairs: 1, speakerRight: 0 });
  });

  it('leaves predictions on partly quoted Content out of precision, and counts others as false', () => {
    const [ns, ne] = at('never work');
    const s = scoreArticle(
      gold,
      [pred(ns, ne, 'Hillary Clinton'), pred(at('Trump speaks')[0], at('Trump speaks')[1], 'X')],
      ignored,
    );
    expect(s).toMatchObject({ predicted: 1, correct: 0, found: 0 });
    expect(summarise([s])).toMatchObject({ precision: 0, recall: 0, gold: 1, predicted: 1 });
  });

  it('counts a prediction mostly outside quotation marks as wrong even where it covers a gold quote', () => {
    const { quoted } = goldQuotes(TEXT, ann());
    const spill = pred(at('Trump speaks')[0], we, 'Donald Trump'); // the reporter's sentence and the quote
    const s = scoreArticle(gold, [spill], ignored, quoted);
    expect(s).toMatchObject({ found: 0, predicted: 1, correct: 0 });
    expect(scoreArticle(gold, [pred(ws, we, 'Donald Trump')], ignored, quoted)).toMatchObject({ found: 1, correct: 1 });
  });

  it('counts a quote that is the Content of two attributions once', () => {
    const doubled = `${ann()}\nE9\tAttribution:T4 Content:T1 Source:T2`;
    expect(goldQuotes(TEXT, doubled).gold).toHaveLength(1);
  });

  it('sums into precision, recall, F1 and speaker accuracy', () => {
    const g: GoldQuote[] = [
      { start: 0, end: 10, source: 'Trump' },
      { start: 20, end: 30, source: 'Clinton' },
    ];
    const s = scoreArticle(g, [
      { ...pred(0, 10, 'Donald Trump'), text: '' },
      { ...pred(40, 50, 'X'), text: '' },
    ]);
    expect(summarise([s])).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, speakerAccuracy: 1, gold: 2, predicted: 2 });
  });
});

describe('sameSpeaker', () => {
  it('accepts the same mention, the same surname either way, and rejects others', () => {
    expect(sameSpeaker('Trump', { name: 'Donald Trump', mention: 'Trump' })).toBe(true);
    expect(sameSpeaker('Republican nominee Donald Trump', { name: 'Donald Trump', mention: 'Trump' })).toBe(true);
    expect(sameSpeaker('he', { name: 'Donald Trump', mention: 'he' })).toBe(true);
    expect(sameSpeaker('the Clinton campaign', { name: 'Clinton campaign', mention: 'the Clinton campaign' })).toBe(
      true,
    );
    expect(sameSpeaker('Clinton', { name: 'Donald Trump', mention: 'Trump' })).toBe(false);
  });

  it('compares heads only: a name inside a longer phrase is not its speaker', () => {
    expect(sameSpeaker("Trump's campaign manager Corey Lewandowski", { name: 'Donald Trump', mention: 'Trump' })).toBe(
      false,
    );
    expect(sameSpeaker('the Clinton campaign', { name: 'Hillary Clinton', mention: 'Clinton' })).toBe(false);
    expect(sameSpeaker('Judicial Watch President Tom Fitton', { name: 'Judicial', mention: 'Judicial' })).toBe(false);
    expect(sameSpeaker('Clinton ally James Carville', { name: 'Bill Clinton', mention: 'Clinton' })).toBe(false);
  });

  it('reads each phrase of a Source span that names one speaker several ways', () => {
    expect(
      sameSpeaker("Clinton's campaign chairman, John Podesta", { name: 'John Podesta', mention: 'John Podesta' }),
    ).toBe(true);
    expect(
      sameSpeaker('Stu Rothenberg of the Rothenberg-Gonzales Political Report', {
        name: 'Stu Rothenberg',
        mention: 'Stu Rothenberg of the',
      }),
    ).toBe(true);
    expect(sameSpeaker('Sen. Chuck Schumer (D-N.Y.)', { name: 'Chuck Schumer', mention: 'Schumer' })).toBe(true);
    expect(
      sameSpeaker('a longtime adviser to Trump', { name: 'longtime adviser', mention: 'a longtime adviser' }),
    ).toBe(true);
  });
});
