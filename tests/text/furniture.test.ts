import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/text/clean.ts';
import { classifyLine, lineFacts } from '../../src/text/furniture.ts';

const verdict = (line: string) => classifyLine(line, lineFacts(line));
const clean = (lines: string[], title = 'A headline that is not repeated') => {
  const text = lines.join('\n');
  const r = cleanArticle({ text, title }, { rules: true });
  return {
    story: r.paragraphs.map((p) => text.slice(p.start, p.end)),
    furniture: r.furniture.map((f) => [text.slice(f.start, f.end), f.kind, f.rule]),
  };
};

describe('classifyLine', () => {
  it('knows captions and credits in their common shapes, describing or quoting', () => {
    for (const line of [
      'Susan Rice Image: White House.',
      'Trafalgar Square. Image: Mirrys.',
      '"Revoke arrrticle 50" poster at anti-Brexit march in March 2019. Image: Thomas Davies (flickr).',
      'Phil CollinsImage: Prohibition Party.',
      'Sirhan in 1969  (Image: CDCR)',
      'Photo: Jane Doe/Reuters',
      'Photo by Win McNamee/Getty Images',
      '(Photo by Win McNamee/Getty Images)',
      'Protesters outside the party headquarters in Seoul on Friday. Ezra Acayan / Getty Images',
      'The Moulin Rouge cabaret in Paris Benoit Tessier/Reuters',
      'Israeli Prime Minister Benjamin Netanyahu visits the Western Wall. (Thomas Coex/AFP/Getty Images)',
      'Workers learning how to fix water main breaks at a training center in Queens.CreditChang W. Lee/The New York Times',
      'Credit: Harry Campbell',
      'Credit Harry Campbell',
      'File photo of the council chamber',
      'In this photo dated Tuesday, Nov. 29, 2016, the rocket is installed on a launch pad.',
      'Getty Images',
      'Neilson Barnard via Getty Images.',
      'Getty.',
      'Image',
      'X.',
      '1 / 5',
      '██ On ballot',
      'Gallery: Xbox One X | 14 Photos',
    ])
      expect(verdict(line)?.kind, line).toMatch(/^(?:caption|related)$/);
  });

  it('knows ads, prompts, sign-ups, related links, comment counts, timestamps, copyright and notices', () => {
    const cases: [string, string][] = [
      ['Advertisement', 'advertisement'],
      ['Story continues below advertisement', 'advertisement'],
      ['Powered by SmartAsset.com', 'advertisement'],
      ['Share this article', 'prompt'],
      ['Follow us on Twitter', 'prompt'],
      ['Follow @politico.', 'prompt'],
      ['Sign up for our newsletter', 'prompt'],
      ['Cities are changing fast. Keep up with the CityLab Daily newsletter.', 'prompt'],
      ['$7/month', 'prompt'],
      ['Continue reading the main story', 'prompt'],
      ['Related: Rich are paying more in taxes but not as much as they used to', 'related'],
      ['Read more: Council weighs budget', 'related'],
      ['Watch: the moment the bridge fell', 'related'],
      ['Lire aussi : Les critiques de la CNIL', 'related'],
      ['12 comments', 'comments'],
      ['View 12 comments', 'comments'],
      ['Updated 5:32 p.m. ET', 'timestamp'],
      ['CNNMoney (New York) First published February 1, 2016: 1:28 AM ET', 'timestamp'],
      ['8:08 p.m.', 'timestamp'],
      ['11 a.m.', 'timestamp'],
      ['12:45 p.m.:', 'timestamp'],
      ['22 Dec, 2016', 'timestamp'],
      ['Twitter: @Milbank.', 'byline'],
      ['@Milbank', 'byline'],
      ['Friday, January 4, 2019', 'timestamp'],
      ['2/26/2015 7:11 AM PST BY TMZ STAFF', 'timestamp'],
      ['3 hours ago', 'timestamp'],
      ['By THOMAS PEIPERT, Associated Press', 'byline'],
      ['© Provided by Business Insider Inc', 'copyright'],
      ['Copyright 2017 The Associated Press. All rights reserved.', 'copyright'],
      ['Licensed under Creative Commons Attribution 2.5', 'copyright'],
      ['Heba Habib contributed to this report.', 'credit'],
      ['This article originally appeared on The Atlantic.', 'credit'],
      ['ABSTRACT.', 'notice'],
      ['A version of this article appears in print on Page A22 of the New York edition.', 'notice'],
      ['This article has been updated to include comments from DNC delegates.', 'notice'],
      ['___.', 'separator'],
      ['—Zinichev calling a temporary halt to rescue work', 'pull-quote'],
    ];
    for (const [line, kind] of cases) expect(verdict(line)?.kind, line).toBe(kind);
  });

  it('leaves story lines alone, even when they mention photos, credit, agencies or Twitter', () => {
    for (const line of [
      'US Secretary of State Mike Pompeo posted a message on Twitter blaming Iran for the attacks.',
      'A Credit Suisse analyst said the deal was priced fairly.',
      'The photo was taken by a bystander and shared widely, police said.',
      'Under the proposed changes, the home secretary could order British citizens to be held.',
      '"It was the least bad outcome," Mr. Morgan of the Sierra Club said.',
      'He was found under rubble, still in his cot after having been trapped for over 30 hours.',
      'The Environmental Protection Agency (EPA).',
      'Sen. Pat Toomey (R-PA) said he would vote against it.',
      'Reading v Stockport/Swansea',
      'A Titterrell, D Bell, S Borthwick, A Hazell, M Dawson, A Goode, O Smith.',
      '1300 GMT',
      '((RS))  Does YouTube implement DRM for videos not under Creative Commons license?',
      'Stone was speaking in an interview on this reporter’s talk radio program.',
    ])
      expect(verdict(line), line).toBeUndefined();
  });
});

describe('cleanArticle on the shapes real pages have', () => {
  it('drops a Wikinews gallery of credited captions and keeps the story around it', () => {
    const r = clean([
      'Monday, March 25, 2019',
      'Fursuiters gathered in Montreal on Saturday for the convention.',
      'Dakota, a deer. Image: Nicholas Moreau.',
      'Image: Nicholas Moreau.',
      'Feline fursuiters Image: Nicholas Moreau.',
      'The convention raised money for an animal shelter.',
    ]);
    expect(r.story).toEqual([
      'Fursuiters gathered in Montreal on Saturday for the convention.',
      'The convention raised money for an animal shelter.',
    ]);
    expect(r.furniture.map(([, kind]) => kind)).toEqual(['dateline', 'caption', 'caption', 'caption']);
  });

  it('keeps a list introduced by a colon, a run of short lines between paragraphs, fixtures and broken-off fragments', () => {
    const r = clean([
      'The overall rankings of the countries were as follows:',
      '1. Finland',
      'Norway',
      'The review found three strengths.',
      'Most powerful hardware ever in a home console',
      'Solid selection of enhanced titles',
      'Still no VR support',
      'The verdict comes at the end.',
      'Arsenal v Wolverhampton',
      'The men’s 800m went to form in Sheffield as',
      'the favourite won.',
    ]);
    expect(r.furniture).toEqual([]);
    expect(r.story).toHaveLength(11);
  });

  it('drops a lone heading, the title repeated at the top and the links after "Read more:"', () => {
    const r = clean(
      [
        'Council passes budget',
        'The council passed the budget on Tuesday.',
        'What happens next',
        'The mayor will sign it on Friday.',
        'Read more:',
        'Council weighs budget',
        'Mayor vetoes zoning plan',
      ],
      'Council passes budget',
    );
    expect(r.story).toEqual(['The council passed the budget on Tuesday.', 'The mayor will sign it on Friday.']);
    expect(r.furniture.map(([, , rule]) => rule)).toEqual([
      'title-repeated',
      'short-line',
      'related-header',
      'related-block',
      'related-block',
    ]);
  });

  it('drops a sign-up box with its tagline and an author’s note at the foot', () => {
    const r = clean([
      'The council passed the budget on Tuesday.',
      'Sign up for Command Line, a weekly newsletter about the tech industry.',
      'Your first month is free!',
      'The mayor will sign it on Friday.',
      'Jane Doe is a reporter covering city hall for the Springfield News.',
    ]);
    expect(r.story).toEqual(['The council passed the budget on Tuesday.', 'The mayor will sign it on Friday.']);
    expect(r.furniture.map(([, kind, rule]) => `${kind}/${rule}`)).toEqual([
      'prompt/share-follow-sign-up',
      'prompt/prompt-box',
      'byline/author-bio',
    ]);
  });

  it('names the rule only when asked', () => {
    const text = 'The council voted.\nAdvertisement\n';
    expect(cleanArticle({ text, title: 't' }).furniture).toEqual([{ start: 19, end: 32, kind: 'advertisement' }]);
    expect(cleanArticle({ text, title: 't' }, { rules: true }).furniture[0]!.rule).toBe('advertisement');
  });
});
