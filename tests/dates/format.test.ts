import { describe, expect, it } from 'vitest';
import { formatEventDate } from '../../src/dates/index.ts';

describe('formatEventDate', () => {
  it('writes each precision and no finer', () => {
    expect(formatEventDate({ value: '2017-03-08', precision: 'day' })).toBe('8 March 2017');
    expect(formatEventDate({ value: '2016-10', precision: 'month' })).toBe('October 2016');
    expect(formatEventDate({ value: '2017', precision: 'year' })).toBe('2017');
  });

  it('keeps early, mid and late', () => {
    expect(formatEventDate({ value: '2017-02', precision: 'month', modifier: 'early' })).toBe('early February 2017');
    expect(formatEventDate({ value: '2017-02', precision: 'month', modifier: 'mid' })).toBe('mid-February 2017');
    expect(formatEventDate({ value: '2018', precision: 'year', modifier: 'mid' })).toBe('mid-2018');
    expect(formatEventDate({ value: '2018-12', precision: 'month', modifier: 'late' })).toBe('late December 2018');
  });

  it('writes ranges, saying a shared month or year once', () => {
    expect(formatEventDate({ value: '2017', until: '2019', precision: 'year' })).toBe('2017 to 2019');
    expect(formatEventDate({ value: '2017-03-06', until: '2017-03-12', precision: 'day' })).toBe('6 to 12 March 2017');
    expect(formatEventDate({ value: '2017-02-27', until: '2017-03-05', precision: 'day' })).toBe(
      '27 February to 5 March 2017',
    );
    expect(formatEventDate({ value: '2016-12-26', until: '2017-01-01', precision: 'day' })).toBe(
      '26 December 2016 to 1 January 2017',
    );
    expect(formatEventDate({ value: '2019-03', until: '2019-05', precision: 'month' })).toBe('March to May 2019');
    expect(formatEventDate({ value: '2006-12', until: '2007-02', precision: 'month' })).toBe(
      'December 2006 to February 2007',
    );
  });

  it('names decades', () => {
    expect(formatEventDate({ value: '1990', until: '1999', precision: 'year' })).toBe('the 1990s');
    expect(formatEventDate({ value: '1980', until: '1989', precision: 'year', modifier: 'early' })).toBe(
      'the early 1980s',
    );
  });
});
