/** How finely a date is known. */
export type Precision = 'day' | 'month' | 'year';

/**
 * When something happened, as precisely as the text says and no more: "in October" is a
 * month, never October 1st.
 */
export interface EventDate {
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, by `precision`. */
  value: string;
  precision: Precision;
  /** "early February", "mid-2018", "the late 1980s". */
  modifier?: 'early' | 'mid' | 'late';
  /** The end of a range ("over the last two years", "last week"), same format as `value`. */
  until?: string;
}

/** A date expression found in one sentence. */
export interface DateMention {
  /** Offsets of the expression in the string it was found in (UTF-16, half-open). */
  start: number;
  end: number;
  /** The expression verbatim: `text === sentence.slice(start, end)`. */
  text: string;
  date: EventDate;
  /** The sentence looks ahead to it: "will go before the council on Monday". */
  scheduled: boolean;
}

/** One dated thing an article reports. */
export interface DatedEvent {
  articleId: string;
  /** The sentence's offsets in the article's text. */
  start: number;
  end: number;
  /** The expression, with offsets into the article's text. */
  mention: DateMention;
  date: EventDate;
  scheduled: boolean;
}
