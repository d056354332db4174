import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/types.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { cleanArticle } from '../../src/text/clean.ts';
import { extractQuotes, type Quote } from '../../src/quotes/index.ts';
import { lineParagraphs } from '../../src/quotes/eval.ts';

const CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url));

function article(text: string, id = 'fixture'): Article {
  return {
    id,
    title: 'Fixture',
    outlet: 'Test',
    published: '2020-01-01',
    url: 'https://example.com',
    text,
    file: `${id}.md`,
  };
}

/** Non-empty lines as paragraphs, as the PolNeAR scorer reads articles. */
const lines = lineParagraphs;

function quotesOf(text: string): Quote[] {
  return extractQuotes(article(text), lines(text));
}

describe('extractQuotes', () => {
  it('reads a speaker after the quote', () => {
    const [q] = quotesOf('Denver Mayor Michael Hancock spoke.\n“We follow the law,” Hancock said.');
    expect(q).toMatchObject({
      text: 'We follow the law',
      kind: 'direct',
      speaker: { name: 'Michael Hancock', mention: 'Hancock' },
    });
  });

  it('reads a speaker named after the verb, with the role the text gives', () => {
    const [q] = quotesOf('“They are people like us,” said protester Roxana Avila, co-president of the club Mi Gente.');
    expect(q?.speaker).toEqual({
      name: 'Roxana Avila',
      mention: 'protester Roxana Avila',
      role: 'co-president of the club Mi Gente',
    });
  });

  it('reads a speaker that introduces the quote', () => {
    const [q] = quotesOf('When asked, his spokeswoman Theresa Marchetta said, “That’s not something we can share.”');
    expect(q).toMatchObject({ text: 'That’s not something we can share.', speaker: { name: 'Theresa Marchetta' } });
  });

  it('gives both parts of a quote split by its attribution to the speaker', () => {
    const qs = quotesOf(
      'Denver Mayor Michael Hancock spoke.\n"The system is broken." Hancock continued, "We must be careful."',
    );
    expect(qs.map((q) => [q.text, q.speaker.name])).toEqual([
      ['The system is broken.', 'Michael Hancock'],
      ['We must be careful.', 'Michael Hancock'],
    ]);
  });

  it('carries the speaker into a continued quote', () => {
    const qs = quotesOf('“We hold criminals accountable,” Pazen said. “And we can do that without asking.”');
    expect(qs.map((q) => q.speaker.name)).toEqual(['Pazen', 'Pazen']);
    expect(qs[1]?.text).toBe('And we can do that without asking.');
  });

  it('returns a quote that runs over several paragraphs as one quote', () => {
    const text =
      'Jeffrey Lynch wrote back.\n“It is dangerous,” Jeffrey Lynch said.\n“First paragraph goes on.\n“Second paragraph ends it.”\nA reporter wrote this.';
    const qs = quotesOf(text);
    expect(qs).toHaveLength(2);
    expect(qs[1]).toMatchObject({
      text: 'First paragraph goes on.\n“Second paragraph ends it.',
      speaker: { name: 'Jeffrey Lynch' },
    });
  });

  it('takes the speaker from the sentence before a quote that stands alone', () => {
    const [q] = quotesOf(
      'Denver Mayor Michael Hancock spoke.\nHancock offered his take on what happened.\n"They knew where he was all along."',
    );
    expect(q?.speaker).toMatchObject({ name: 'Michael Hancock', mention: 'Hancock' });
  });

  it('resolves a pronoun to the person it refers to', () => {
    const [q] = quotesOf(
      'Denver Mayor Michael Hancock spoke.\nHe also reassured folks.\n"We do not shield criminals."',
    );
    expect(q?.speaker).toMatchObject({ name: 'Michael Hancock', mention: 'He' });
  });

  it('attributes a partial quote inside reported speech', () => {
    const qs = quotesOf(
      '"Every person can feel safe," Hancock said, adding that he hopes to foster trust in the face of "chaotic immigration policies coming out of Washington."',
    );
    expect(qs.map((q) => q.text)).toContain('chaotic immigration policies coming out of Washington.');
    expect(qs.every((q) => q.speaker.name === 'Hancock')).toBe(true);
  });

  it('drops scare quotes, labels and titles', () => {
    const text = [
      'ICE officials had flagged him as an "immigration enforcement priority."',
      'Officials wore badges that read “Denver (heart symbol) immigrants.”',
      'The sketch aired on “Saturday Night Live” last week.',
    ].join('\n');
    expect(quotesOf(text)).toEqual([]);
  });

  it('extracts reported speech as a paraphrase, never as a direct quote', () => {
    const qs = quotesOf(
      'U.S. Attorney General Jeff Sessions spoke.\nSessions also has said cities must allow ICE agents into jails.',
    );
    expect(qs).toEqual([
      expect.objectContaining({
        kind: 'paraphrase',
        text: 'cities must allow ICE agents into jails',
        speaker: expect.objectContaining({ name: 'Jeff Sessions' }),
      }),
    ]);
  });

  it('drops a quote whose speaker it cannot read rather than guess', () => {
    expect(quotesOf('The weather was fine.\n“Nobody here said this.”')).toEqual([]);
  });
});

describe('extractQuotes: attribution wordings', () => {
  const one = (text: string): [string, string] | undefined => {
    const q = quotesOf(text).find((x) => x.kind === 'direct');
    return q ? [q.text, q.speaker.name] : undefined;
  };

  it('keeps short capitalised words as speech when a speech verb follows', () => {
    expect(one('Governor Chris Christie gave a one word answer. “Denver,” he answered.')).toEqual([
      'Denver',
      'Chris Christie',
    ]);
    expect(one('“Like Oakland. Or Ferguson,” Trump said.')).toEqual(['Like Oakland. Or Ferguson', 'Trump']);
    // Still a title when nobody is said to speak it.
    expect(one('He hosts “Saturday Night Live” on Saturdays.')).toBeUndefined();
  });

  it('reads a speaker described by lowercase words before the title or name', () => {
    expect(
      one('"I do not know where he stands," said undecided Republican voter Stephanie Hooton of Derry.')?.[1],
    ).toBe('Stephanie Hooton');
    expect(one('“There is no data to suggest that,” said one unaligned Florida Republican strategist.')?.[1]).toBe(
      'one unaligned Florida Republican strategist',
    );
  });

  it('names a group or a non-person speaker as the text does', () => {
    expect(one('“The evidence contradicts her testimony,” the committee chairmen wrote.')?.[1]).toBe(
      'committee chairmen',
    );
    expect(one('"We need leaders to stand up," the narrator says.')?.[1]).toBe('narrator');
    expect(one('The next day, her Twitter account posted: "Shop the look."')?.[1]).toBe('her Twitter account');
  });

  it('names a speaker described only by a determiner and lowercase words next to the verb', () => {
    expect(one('She spoke.\n“Donald is an amazing leader,” said the 46-year-old.')).toEqual([
      'Donald is an amazing leader',
      '46-year-old',
    ]);
    expect(one('A man spoke.\n“It is the last hurdle for her,” the person added.')?.[1]).toBe('person');
    expect(one('Clinton asked.\n"Nooooo!" the crowd cried out, booing.')?.[1]).toBe('crowd');
    // Not a speaker: a relative clause with no speech verb.
    expect(one('Clinton spoke.\n“Deplorables,” the remark that stuck.')).toBeUndefined();
  });

  it('reads a subject past a long opening clause and a party tag', () => {
    expect(
      one(
        'In a statement released Thursday, Rep. Hakeem Jeffries (D-N.Y.) reacted to the news, saying: “He should be in prison.”',
      )?.[1],
    ).toBe('Hakeem Jeffries');
  });

  it('reads an opening mark typed where a closing one belongs, and the reverse', () => {
    expect(one('Chuck Todd was shocked. “Do you want that?“ he asked.')).toEqual(['Do you want that?', 'Chuck Todd']);
    expect(one('”We will win,” Trump said.')).toEqual(['We will win', 'Trump']);
  });

  it('never resolves "he" to a woman or "she" to a man', () => {
    // The nearest name is Hillary Clinton's; "he" cannot be her, and nobody else is named.
    expect(
      one('Asked if he would endorse Hillary Clinton, he smiled and said, "I am going to endorse you!"'),
    ).toBeUndefined();
    expect(one('Bernie Sanders met Hillary Clinton. She said, "We agree on much."')?.[1]).toBe('Hillary Clinton');
    expect(one('Hillary Clinton met Bernie Sanders. He said, "We agree on little."')?.[1]).toBe('Bernie Sanders');
  });
});

describe('extractQuotes on the built-in coverage', () => {
  let articles: Article[] = [];
  const quotes = new Map<string, Quote[]>();
  beforeAll(async () => {
    ({ articles } = await loadCorpus(CORPUS));
    for (const a of articles) quotes.set(a.id, extractQuotes(a, cleanArticle(a).paragraphs));
  });
  const all = (): Quote[] => [...quotes.values()].flat();
  const by = (name: string, kind: Quote['kind'] = 'direct'): string[] =>
    all()
      .filter((q) => q.kind === kind && q.speaker.name === name)
      .map((q) => q.text);
  const someQuote = (needle: string): Quote | undefined => all().find((q) => q.text.includes(needle));

  it('keeps every quote a verbatim slice of its article', () => {
    expect(all().length).toBeGreaterThan(30);
    for (const q of all()) {
      const a = articles.find((x) => x.id === q.articleId)!;
      expect(a.text.slice(q.start, q.end)).toBe(q.text);
      expect(q.text).not.toMatch(/^[\s"“”]|[\s"“”,]$/);
    }
  });

  it('never shows a scare quote or label as a direct quote', () => {
    for (const needle of ['immigration enforcement priority', 'heart symbol', 'shameful']) {
      expect(all().filter((q) => q.kind === 'direct' && q.text.includes(needle) && q.text.length < 60)).toEqual([]);
    }
  });

  it('gives Michael Hancock his quotes and no one else’s', () => {
    const h = by('Michael Hancock');
    for (const needle of [
      'The reality is that we have a broken immigration system.',
      'We have 11 million people here',
      'This city is great because of the diversity',
      'The reality is [ICE] knew where he was',
      'I want to be very, very clear about this.',
      'With these next steps, Denver will send',
      'chaotic immigration policies coming out of Washington.',
      'Denver is sending a clear and resolute message',
      'Local government’s ability to protect and serve',
      'Through this ordinance and the other steps',
      'Along with this new ordinance, I look forward',
      'These deportation raids need to stop',
      'What’s happening in this country today is shameful',
      'They haven’t done this in Denver',
      'It’s further proof that these raids',
      'We believe wholeheartedly',
      'Our immigrants have rights',
    ])
      expect(
        h.some((t) => t.includes(needle)),
        needle,
      ).toBe(true);
    for (const notHis of [
      'By passing this irresponsible ordinance',
      'Unfortunately, with this established policy',
      'concentration camps',
      'That’s not something we can share',
      'we do not get involved',
      'hold criminals accountable',
      'HOLD IT RIGHT THERE',
      'our people’',
    ]) {
      expect(
        h.some((t) => t.includes(notHis)),
        notHis,
      ).toBe(false);
    }
  });

  it('gives Jeffrey Lynch his statement, all four paragraphs', () => {
    const l = by('Jeffrey Lynch').join('\n');
    for (const needle of [
      'By passing this irresponsible ordinance',
      'Unfortunately, with this established policy',
      'He was later arrested',
      'Our goal is to build cooperative',
    ])
      expect(l).toContain(needle);
    expect(l).not.toContain('Denver is sending');
  });

  it('gives Paul Pazen his quotes, including the one that goes on in the next sentence', () => {
    expect(by('Paul Pazen')).toEqual([
      'Like the ordinance states, we do not get involved in any federal immigration operations',
      'We absolutely want to hold criminals accountable for their crimes and that’s our focus',
      'And we can do that without finding out, asking, inquiring about a person’s immigration status.',
    ]);
  });

  it('gives Roxana Avila her words and role, and Theresa Marchetta hers', () => {
    const avila = all().filter((q) => q.speaker.name === 'Roxana Avila');
    expect(avila.map((q) => q.text.slice(0, 30))).toEqual([
      '(The detention centers) look l',
      'They are made to seclude these',
    ]);
    expect(avila[0]?.speaker.role).toBe(
      'co-president of the club Mi Gente My People at the University of Colorado at Colorado Springs',
    );
    expect(by('Theresa Marchetta')).toEqual(['That’s not something we can share.']);
  });

  it('reports Sessions, Bronson, Riggs, Trump and Pazen as paraphrase only', () => {
    expect(by('Jeff Sessions', 'paraphrase')).toEqual([
      expect.stringMatching(/^cities must allow ICE agents into jails/),
    ]);
    expect(by('Kristin Bronson', 'paraphrase')).toEqual([
      expect.stringMatching(/^The city has contributed \$300,000/),
      expect.stringMatching(/^studies have shown/),
    ]);
    expect(by('Troy Riggs', 'paraphrase')).toEqual([expect.stringMatching(/^ICE officials traditionally give/)]);
    expect(by('Donald Trump', 'paraphrase')).toEqual([
      'he believes such cities are providing a haven for criminal activity',
    ]);
    expect(by('Paul Pazen', 'paraphrase')).toContain(
      'officers do not routinely ask people they contact about their immigration status',
    );
    expect(by('Michael Hancock', 'paraphrase')).toContain(
      'state Rep. Dave Williams from El Paso County is just trying to make headlines and the new ordinance complies with federal law',
    );
    for (const name of ['Jeff Sessions', 'Kristin Bronson', 'Troy Riggs', 'Donald Trump']) expect(by(name)).toEqual([]);
  });

  it('attributes the reader’s comment at the end of KDVR’s story to nobody', () => {
    expect(someQuote('HOLD IT RIGHT THERE')).toBeUndefined();
    expect(someQuote('Define')).toBeUndefined();
    const kdvr = quotes.get('kdvr-council-passes-immigration-protections')!;
    // The pull quote repeats Hancock's words; only the story's own copy is returned.
    expect(kdvr.filter((q) => q.text.startsWith('Local government’s ability'))).toHaveLength(1);
  });
});
