import { describe, expect, it } from 'vitest';
import { mayHoldDate, newsChrono } from '../../src/dates/parse.ts';
import { resolveDates } from '../../src/dates/index.ts';

/** What chrono alone finds, with no pre-check in front of it. */
const chronoFinds = (text: string): number =>
  newsChrono.parse(text, { instant: new Date(Date.UTC(2017, 2, 8, 12)), timezone: 0 }).length;

// Sentences chrono reads a date in, including the odd ones it reads in spite of news style.
const DATED = [
  'He was arrested in October.',
  'It happened on March 3.',
  'in 2017',
  'the 1990s',
  'last summer',
  'in the fall',
  'over the last two years',
  'two weeks ago',
  'in three weeks',
  'two weeks from now',
  'yesterday',
  'Tonight we dance.',
  'tmrw we go',
  'overmorrow',
  'this afternoon',
  'last night',
  'this weekend',
  'during the weekend',
  'next month',
  'earlier this year',
  'last sec',
  'He spoke Friday.',
  'the Sun this week',
  'onFriday',
  'Fridaythis week',
  '5may',
  'may5',
  'Mayfirst',
  'MARCH 5',
  'on 3/8/2017',
  '2017-03-08',
  'in a couple of d',
  'in a fewd.',
  'in a dthem.',
  'He cut it in half and left.',
  'a few y ago',
  'He left at 5 pm tonight.',
  'between 2010 and 2015',
];
// Sentences with no date: the pre-check should turn most such sentences away.
const UNDATED = [
  'The mayor may march.',
  'They said the measure would pass.',
  'Officials declined to comment.',
  'He won 5 votes.',
];

describe('mayHoldDate', () => {
  it.each(DATED)('lets through a sentence chrono reads a date in: %s', (s) => {
    expect(resolveDates(s, '2017-03-08').length + chronoFinds(s)).toBeGreaterThan(0);
    expect(mayHoldDate(s)).toBe(true);
  });

  it.each(UNDATED)('turns away a sentence with no date: %s', (s) => {
    expect(mayHoldDate(s)).toBe(false);
    expect(resolveDates(s, '2017-03-08')).toEqual([]);
  });

  it('never turns away a sentence chrono, run on its own, finds a date in', () => {
    // Words chrono's parsers and our filter care about, glued and spaced every way.
    const words = [
      'in',
      'a',
      'the',
      'half',
      'an',
      'few',
      'couple',
      'of',
      'two',
      'd',
      'm',
      'y',
      'week',
      'mon',
      'May',
      'may',
      'Sun',
      'last',
      'this',
      'next',
      'ago',
      'later',
      'out',
      'from now',
      'and',
      'them',
      '5',
      '2017',
      'fall',
      'night',
      'tonight',
      'on',
      'st',
    ];
    let seed = 1;
    const rand = (n: number): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      for (let k = 1 + rand(5); k > 0; k--) s += words[rand(words.length)]! + [' ', '', ', ', '. '][rand(4)]!;
      if (!mayHoldDate(s)) expect(chronoFinds(s), s).toBe(0);
    }
  });
});
