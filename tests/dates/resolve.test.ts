import { describe, expect, it } from 'vitest';
import { resolveDates } from '../../src/dates/index.ts';
import type { DateMention } from '../../src/dates/index.ts';

/** `[text, value, until?]` of each mention, plus `!` when scheduled: compact to read. */
function read(sentence: string, published: string): string[] {
  return resolveDates(sentence, published).map(
    (m: DateMention) =>
      `${m.text} → ${m.date.modifier ? `${m.date.modifier} ` : ''}${m.date.value}${m.date.until ? `..${m.date.until}` : ''}${m.scheduled ? ' !' : ''}`,
  );
}

// Wednesday 8 March 2017, Friday 12 July 2019.
const WED = '2017-03-08';
const FRI = '2019-07-12';

describe('resolveDates', () => {
  describe('weekdays', () => {
    it('reads a bare weekday as the most recent one', () => {
      expect(read('The mayor said Monday the city would comply.', WED)).toEqual(['Monday → 2017-03-06']);
      expect(read('The council voted on Thursday.', WED)).toEqual(['on Thursday → 2017-03-02']);
    });

    it('counts the day itself: a Friday story\'s "on Friday" is that day', () => {
      expect(read('The mayor on Friday condemned the raids.', FRI)).toEqual(['on Friday → 2019-07-12']);
    });

    it('reads a weekday the sentence looks ahead to as the next one, and marks it scheduled', () => {
      expect(read('The ordinance will go before the council on Monday.', WED)).toEqual(['on Monday → 2017-03-13 !']);
      expect(read('The vote is scheduled for Friday.', WED)).toEqual(['Friday → 2017-03-10 !']);
      expect(read('On Monday, the council will vote on the measure.', WED)).toEqual(['On Monday → 2017-03-13 !']);
    });

    it('decides each weekday by its own verb when a sentence has two', () => {
      expect(
        read('Hancock on Friday condemned the prospect of immigration raids across the country Sunday.', FRI),
      ).toEqual(['on Friday → 2019-07-12', 'Sunday → 2019-07-14 !']);
    });

    it('reads "last" as strictly before and "next" as strictly after', () => {
      expect(read('He resigned last Wednesday.', WED)).toEqual(['last Wednesday → 2017-03-01']);
      expect(read('They meet next Wednesday.', WED)).toEqual(['next Wednesday → 2017-03-15 !']);
    });
  });

  describe('months and days without a year', () => {
    it('reads a month as the most recent one on or before publication', () => {
      expect(read('He was arrested for car theft in October.', WED)).toEqual(['October → 2016-10']);
      expect(read('Sales rose in March.', WED)).toEqual(['March → 2017-03']);
    });

    it('reads a month the sentence looks ahead to as the next one', () => {
      expect(read('The law will take effect in October.', WED)).toEqual(['October → 2017-10 !']);
    });

    it('never turns "in October" into October 1st', () => {
      const [m] = resolveDates('He was arrested in October.', WED);
      expect(m!.date).toEqual({ value: '2016-10', precision: 'month' });
    });

    it('reads a day of a month the same way', () => {
      expect(read('The shooting happened on Dec. 24.', WED)).toEqual(['Dec. 24 → 2016-12-24']);
      expect(read('Hearings will resume on April 3.', WED)).toEqual(['April 3 → 2017-04-03 !']);
    });

    it('joins a month to the "last year" after it', () => {
      expect(read('This lockdown started on December 22, last year.', '2019-01-07')).toEqual([
        'December 22, last year → 2018-12-22',
      ]);
      expect(read('They were arrested in January of last year.', '2019-04-20')).toEqual([
        'January of last year → 2018-01',
      ]);
    });
  });

  describe('early, mid and late', () => {
    it('keeps "early" with the month, where chrono drops it', () => {
      const [m] = resolveDates('A testy situation arose in early February when the man was released.', WED);
      expect(m).toMatchObject({
        text: 'early February',
        date: { value: '2017-02', precision: 'month', modifier: 'early' },
      });
    });

    it('reads mid- and late, and "the end of" as late', () => {
      expect(read('Prices peaked in mid-February.', WED)).toEqual(['mid-February → mid 2017-02']);
      expect(read('The ship vanished in late December.', '2019-01-10')).toEqual(['late December → late 2018-12']);
      expect(read('The deal closed at the end of January.', WED)).toEqual(['the end of January → late 2017-01']);
      expect(read('She was elected in mid-2018.', '2020-10-22')).toEqual(['mid-2018 → mid 2018']);
    });

    it('gives a day no modifier', () => {
      expect(resolveDates('It happened early Friday.', FRI)[0]!.date).toEqual({
        value: '2019-07-12',
        precision: 'day',
      });
    });
  });

  describe('years, decades and relative periods', () => {
    it('reads bare years, which chrono does not', () => {
      expect(read('The City Council adopted an ordinance in 2017 that forbids it.', FRI)).toEqual(['2017 → 2017']);
      expect(read('Day was born in Cincinnati in 1922.', '2019-05-16')).toEqual(['1922 → 1922']);
      expect(read('The 1973 building was home to over 1,000 people.', '2019-01-04')).toEqual(['1973 → 1973']);
    });

    it('reads year ranges: "from 2008 to 2016", "2017–2018", "between 2010 and 2015"', () => {
      expect(read('He was mayor from 2008 to 2016.', FRI)).toEqual(['2008 to 2016 → 2008..2016']);
      expect(read('Numbers reached zero during 2017–2018.', FRI)).toEqual(['2017–2018 → 2017..2018']);
      expect(read('Sales fell between 2010 and 2015.', FRI)).toEqual(['2010 and 2015 → 2010..2015']);
      expect(read('The winter of 2006–07 was mild.', FRI)).toEqual(['The winter of 2006–07 → 2006-12..2007-02']);
    });

    it('reads decades as ten-year ranges', () => {
      expect(read('The area was larger in the 1990s.', FRI)).toEqual(['1990s → 1990..1999']);
    });

    it('reads "last year", "this week", "last week", "next month", "earlier this year"', () => {
      expect(read('Last year, Denver received about $690,000 in grants.', '2017-08-16')).toEqual(['Last year → 2016']);
      expect(read('The talks collapsed this week.', WED)).toEqual(['this week → 2017-03-06..2017-03-12']);
      expect(read('He was sentenced last week.', '2019-03-15')).toEqual(['last week → 2019-03-04..2019-03-10']);
      expect(read('The new rules arrive next month.', WED)).toEqual(['next month → 2017-04 !']);
      expect(read('He presented it earlier this year.', '2019-08-06')).toEqual(['earlier this year → 2019']);
      expect(read('Heavy rains fell earlier this week.', FRI)).toEqual(['earlier this week → 2019-07-08..2019-07-11']);
      expect(read('It happened two years ago.', FRI)).toEqual(['two years ago → 2017']);
      expect(read('Protests began three days ago.', FRI)).toEqual(['three days ago → 2019-07-09']);
    });

    it('reads "over the last two years" as a range ending at publication', () => {
      expect(read('The city has contributed $300,000 to the fund over the last two years.', FRI)).toEqual([
        'over the last two years → 2017..2019',
      ]);
      expect(read('No sightings in the past three months.', FRI)).toEqual([
        'in the past three months → 2019-04..2019-07',
      ]);
    });

    it('reads a weekend as its Saturday and Sunday', () => {
      expect(read('The mayor spoke during the weekend.', '2019-08-08')).toEqual(['weekend → 2019-08-03..2019-08-04']);
      expect(read('Protests are planned for next weekend.', '2019-08-08')).toEqual([
        'next weekend → 2019-08-10..2019-08-11 !',
      ]);
    });

    it('reads seasons as month ranges', () => {
      expect(read('He was convicted last summer.', '2019-03-15')).toEqual(['last summer → 2018-06..2018-08']);
      expect(read('A flight test is scheduled this spring.', '2019-03-05')).toEqual([
        'this spring → 2019-03..2019-05 !',
      ]);
    });

    it('reads yesterday, today and tomorrow', () => {
      expect(read('The roof caught fire yesterday.', '2019-04-16')).toEqual(['yesterday → 2019-04-15']);
      expect(read('The assembly is set to open tomorrow.', '2019-09-23')).toEqual(['tomorrow → 2019-09-24 !']);
    });

    it('reads slash dates with a year and full dates', () => {
      expect(read('An extended conversation, taken 3/6/17', WED)).toEqual(['3/6/17 → 2017-03-06']);
      expect(read('According to a March 14, 2019 NATO press release, spending rose.', '2019-11-07')).toEqual([
        'March 14, 2019 → 2019-03-14',
      ]);
    });
  });

  describe("chrono's pitfalls", () => {
    it('does not read "march" the verb as March', () => {
      expect(read('About 150 people marched downtown.', FRI)).toEqual([]);
      expect(read('Thousands will march on the capitol.', FRI)).toEqual([]);
      expect(read('Thousands will march on Sunday.', FRI)).toEqual(['on Sunday → 2019-07-14 !']);
      expect(read('Protesters at the March for Our Lives rally.', FRI)).toEqual([]);
    });

    it('does not read "may" the verb as May', () => {
      expect(read('A fiasco that may have left one dead.', WED)).toEqual([]);
      expect(read('This material may not be published, broadcast, rewritten or redistributed.', WED)).toEqual([]);
      expect(read('Stripes may confuse predators.', WED)).toEqual([]);
      expect(read('The book is due out in May.', '2019-01-22')).toEqual(['May → 2019-05 !']);
      expect(read('Prime Minister Theresa May said on Tuesday that talks would go on.', '2019-03-28')).toEqual([
        'on Tuesday → 2019-03-26',
      ]);
    });

    it('does not read "Sun" the newspaper as Sunday', () => {
      expect(read('The Baltimore Sun reported the story.', FRI)).toEqual([]);
      expect(read('Sun reporters found the records.', FRI)).toEqual([]);
      expect(read('50 mistakes as the Herald Sun reported.', '2020-10-22')).toEqual([]);
      expect(read('He was awarded the Most Brilliant Order of the Sun, first class, in 2014.', '2019-05-21')).toEqual([
        '2014 → 2014',
      ]);
    });

    it('does not read "today" as nowadays for a date', () => {
      expect(read('What’s happening in this country today is shameful.', FRI)).toEqual([]);
      expect(read('The council votes today.', FRI)).toEqual(['today → 2019-07-12']);
    });

    it('reads weekdays and months toward the past, where chrono leans forward or to the nearest', () => {
      // chrono alone: Friday 10 March 2017 and October 2017 for a 8 March 2017 story.
      expect(read('The mayor spoke Friday.', WED)).toEqual(['Friday → 2017-03-03']);
      expect(read('He was arrested in October.', WED)).toEqual(['October → 2016-10']);
    });
  });

  describe('what is not an event date', () => {
    const none = [
      'Ever Valles, a 19-year-old who was being held on an auto theft charge.',
      'He was charged with murdering a 32-year-old man.',
      "The agency wants at least 48 hours' notice before releasing an inmate.",
      'Just 26 minutes before his release, Denver authorities faxed ICE.',
      "The jail only gave ICE about 25 minutes' notice.",
      'He killed a man just seven weeks after he was released.',
      'Records show 10-hour delay in ICE notification at Denver jail',
      'Denver received about $690,000 in grants from the program.',
      'We have 11 million people here.',
      'The act passed, 10-0, and bans city officials from asking.',
      'About 150 people marched downtown.',
      'The meeting starts at 7 p.m.',
      'ICE gives the city\u2019s 911 center a short heads up.',
      'The hotline is open 24/7.',
      '(\u00A9 Copyright 2017 The Associated Press. All Rights Reserved.)',
      'Immigrants are seven to 10 times more likely to win.',
      'He estimated this would take 24 hours.',
      'The study covered more than 8000 hours of observations.',
      'Valles is now suspected of shooting someone.',
      'He stayed for 30 hours under the rubble.',
      'They voted 66 to 27 to legalize it.',
      'The birds make it back to the site the next year.',
      'Gains over the past few years have been modest.',
      'The coating lasts for roughly 500 flushes.',
      'Nothing happened in the last 5 minutes.',
      'Early in the month, he received additional fallout.',
    ];
    for (const sentence of none) {
      it(`finds nothing in "${sentence}"`, () => {
        expect(read(sentence, WED)).toEqual([]);
      });
    }
  });

  describe('offsets', () => {
    it('gives offsets into the sentence, trimmed of punctuation chrono keeps', () => {
      const sentence = 'The proposed ordinance, which will go before the city council on Monday, notes it.';
      const [m] = resolveDates(sentence, '2017-08-16');
      expect(m!.text).toBe('on Monday');
      expect(sentence.slice(m!.start, m!.end)).toBe(m!.text);
    });

    it('throws on a publication date that is not YYYY-MM-DD', () => {
      expect(() => resolveDates('Monday', '8 March 2017')).toThrow(/dates: published must be/);
      expect(() => resolveDates('Monday', '2017-02-30')).toThrow(/2017-02-30/);
    });

    it("does not depend on the machine's time zone or clock", () => {
      // Pure: the same input always gives the same output; TZ is covered by running the suite under other zones.
      expect(read('He was arrested on Sunday.', '2019-07-12')).toEqual(['on Sunday → 2019-07-07']);
    });
  });
});
