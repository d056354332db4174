import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/text/clean.ts';
import { builtInEngine } from '../support/corpus.ts';

const clean = (text: string, title = 'A headline that is not repeated') => {
  const r = cleanArticle({ text, title });
  return {
    ...r,
    story: r.paragraphs.map((p) => text.slice(p.start, p.end)),
    kinds: r.furniture.map((f) => [f.kind, text.slice(f.start, f.end)]),
  };
};

/** Page furniture in the built-in coverage, as SOURCES.md lists it: never a passage. */
const FURNITURE_LINES = [
  'date 2017-03-08',
  'The Mayor and the President, Part 1: Mayor Hancock on his working relationship with President Trump',
  "RELATED: Mayor Hancock: Let Washington call Denver 'whatever they want'",
  'VIDEO: Mayor Hancock speaks about Ever Valles release',
  'Watch CBS News',
  'View CBS News In',
  'CBS News App Open',
  'Chrome Safari Continue',
  'Be the first to know',
  'Get browser notifications for breaking news, live events, and exclusive reporting.',
  'Denver Mayor Michael Hancock (credit: CBS)',
  'ICE generic Immigration and Customs Enforcement',
  'Copyright 2017 The Associated Press',
  'By THOMAS PEIPERT, Associated Press',
  'Associated Press writer Colleen Slevin contributed to this report.',
  'Load comments',
  'Potential ICE raids denounced by Gov. Polis, other Colorado politicians',
  'HOLD IT RIGHT THERE!!!',
  'Define ‘our people’.',
  'The Gazette’s Liz Henderson contributed to this article.',
  '“Local government’s ability to protect and serve all of our people…”',
];

describe('cleanArticle over the built-in coverage', () => {
  it('never lets a furniture line into a passage', async () => {
    const engine = await builtInEngine();
    for (const p of engine.passages) {
      const text = engine.text(p);
      for (const line of FURNITURE_LINES) expect(text, `${p.articleId} passage ${p.id}`).not.toContain(line);
    }
  });

  it('keeps every story paragraph that carries a quote or a fact', async () => {
    const engine = await builtInEngine();
    const all = engine.passages.map((p) => engine.text(p)).join('\n');
    for (const fact of [
      'The city also will ignore U.S. Immigration and Customs Enforcement detainer requests',
      'Jeffrey Lynch said in a statement.',
      'Sessions also has said cities must allow ICE agents',
      '“They are made to seclude these people',
      'Hancock noted the City Council adopted an ordinance in 2017',
    ]) {
      expect(all).toContain(fact);
    }
  });

  it('takes the byline and the contributors into the metadata', async () => {
    const engine = await builtInEngine();
    expect(engine.cleaned.get('cbs4-ap-denver-mulls-immigrant-protections')).toMatchObject({
      byline: 'Thomas Peipert',
      contributors: ['Colleen Slevin'],
    });
    expect(engine.cleaned.get('gazette-mayor-calls-ice-raids-shameful')!.contributors).toEqual(['Liz Henderson']);
  });
});

describe('cleanArticle', () => {
  it('drops related links, captions, prompts and comment widgets of any wording', () => {
    const r = clean(
      [
        'The council voted on Tuesday.',
        'READ MORE: Council weighs budget',
        'Mayor Jane Doe speaks (Photo: City of Springfield)',
        'Download the Springfield News app',
        'View 12 comments',
        'The vote was 7-2.',
      ].join('\n'),
    );
    expect(r.story).toEqual(['The council voted on Tuesday.', 'The vote was 7-2.']);
    expect(r.kinds.map(([k]) => k)).toEqual(['related', 'caption', 'prompt', 'comments']);
  });

  it('drops everything after the headline is repeated at the end', () => {
    const r = clean(
      'Council passes budget\nThe council passed the budget.\n“We did it,” she said.\nCouncil passes budget\nGreat news!!!\n',
      'Council passes budget',
    );
    expect(r.story).toEqual(['The council passed the budget.', '“We did it,” she said.']);
    expect(r.kinds).toEqual([
      ['headline', 'Council passes budget'],
      ['trailing', 'Council passes budget'],
      ['trailing', 'Great news!!!'],
    ]);
  });

  it('spots a trailing teaser by its pull quote when the headline differs from the title', () => {
    const r = clean(
      '“We are all in this together, every one of us,” she said.\nAnother teaser headline here\n“We are all in this together…”\nFirst!\n',
    );
    expect(r.story).toEqual(['“We are all in this together, every one of us,” she said.']);
    expect(r.kinds.map(([k]) => k)).toEqual(['trailing', 'trailing', 'trailing']);
  });

  it('cuts a leading scrape date marker but keeps the paragraph after it', () => {
    const r = clean(' date 2020-01-02 The council met on Monday and voted.\n');
    expect(r.story).toEqual(['The council met on Monday and voted.']);
    expect(r.kinds).toEqual([['date-marker', 'date 2020-01-02 ']]);
  });

  it('drops the first part of a title cut at its semicolon, but keeps the deck under it', () => {
    const r = clean(
      'City council passes budget;\nMayor says the vote came after months of talks.\nThe council passed the budget on Monday.\n',
      'City council passes budget; Mayor says the vote came after months of talks',
    );
    expect(r.kinds).toEqual([['headline', 'City council passes budget;']]);
    expect(r.story).toEqual([
      'Mayor says the vote came after months of talks.',
      'The council passed the budget on Monday.',
    ]);
  });

  it("drops a name alone under a quote as the pull quote's attribution, not a name elsewhere", () => {
    const r = clean(
      'The study was small.\n"We were surprised by how fast it happened."\nMichael Shadlen, Ph.D.\nThe panel then heard from:\nJane Doe\n',
    );
    expect(r.kinds).toEqual([['pull-quote', 'Michael Shadlen, Ph.D.']]);
    expect(r.story).toContain('Jane Doe');
  });

  it('keeps a line of code punctuation as story, never a headline', () => {
    const r = clean('It looks like this:\nlist: [\n]\n}\nThe server then crashes.\n');
    expect(r.kinds).toEqual([]);
    expect(r.story).toEqual(['It looks like this:', 'list: [', ']', '}', 'The server then crashes.']);
  });

  it("drops a block of readers' comments after a report, but not a column written in the first person", () => {
    const report = [
      'The council has approved a new party, officials said.',
      'Its leader told reporters the party would stand in every seat.',
      'Mr Smith said: "We will win."',
    ];
    const comments = [
      'I think this is the best news in years!',
      'Why would anyone vote for them?',
      'I will never vote for this lot, whatever my friends say.',
      'Good luck to them, I say.',
      'My family has voted the same way for fifty years.',
      'Is this a joke?',
    ];
    const r = clean([...report, ...comments].join('\n') + '\n');
    expect(r.story).toEqual(report);
    expect(r.kinds).toEqual(comments.map((c) => ['comments', c]));
    const column = clean([...comments, ...comments.map((c) => c.replace('!', '.'))].join('\n') + '\n');
    expect(column.kinds).toEqual([]);
  });

  it('drops a short subhead an export closed with a full stop, between paragraphs, but not a short sentence', () => {
    const para = 'The campaign spent the week in the state, meeting voters at diners, churches and town halls.';
    const r = clean(
      [
        para,
        'Turmoil on the way.',
        para,
        'They were wrong.',
        para,
        'Things went bad fast.',
        para,
        'Take the schedule.',
        para,
      ].join('\n') + '\n',
    );
    expect(r.kinds).toEqual([['headline', 'Turmoil on the way.']]);
    expect(r.story).toContain('They were wrong.');
    expect(r.story).toContain('Things went bad fast.');
    expect(r.story).toContain('Take the schedule.');
  });

  it('drops a link line that points to more ("Read the full transcript …"), not a sentence that starts so', () => {
    const r = clean('Read the full transcript of his interview\nSee the full list of winners below.\n');
    expect(r.kinds).toEqual([['related', 'Read the full transcript of his interview']]);
    expect(r.story).toEqual(['See the full list of winners below.']);
  });

  it('keeps a long sentence that lost its full stop, drops a glued agency credit and an unstopped author note', () => {
    const lost =
      'Lagat settled for silver behind the champion in Athens and was almost four seconds short of the world best';
    const r = clean(
      [
        'The race was run in the rain on Sunday.',
        lost,
        'A rally in Seoul on Thursday.Anthony Wallace / AFP - Getty Images',
        'The results stand.',
        'Clark Boyd is technology correspondent for The World, a BBC World Service co-production',
      ].join('\n') + '\n',
    );
    expect(r.story).toEqual(['The race was run in the rain on Sunday.', lost, 'The results stand.']);
    expect(r.kinds.map(([k]) => k)).toEqual(['caption', 'byline']);
  });
});
