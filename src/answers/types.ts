import type { DaySpan } from '../dates/span.ts';
import type { SourceRef } from '../engine/engine.ts';

export type { SourceRef };

/** A verbatim excerpt with its citation: what /search, /quote and /when list. */
export interface ExcerptItem {
  /** A slice of the cited article's text: `article.text.slice(start, end)`. */
  excerpt: string;
  start: number;
  end: number;
  /** Matched words, as `[start, end)` ranges relative to `excerpt`. */
  highlights: Array<[number, number]>;
  source: SourceRef;
  /** Other articles that carry the same words. */
  alsoIn: SourceRef[];
  /** For quotes: who said it (canonical name), their role, and direct or paraphrase. */
  speaker?: string | undefined;
  role?: string | undefined;
  kind?: 'direct' | 'paraphrase' | undefined;
  /** For timeline events: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` by precision, and as people read it. */
  date?: string | undefined;
  dateLabel?: string | undefined;
  /** For timeline events that the source reports as planned rather than done. */
  scheduled?: boolean | undefined;
  /** For timeline events: the days the date covers (a month, "early February"), for pictures. */
  span?: DaySpan | undefined;
  /**
   * For timeline events: items that share this number tell one event that their sources
   * date differently (a picture joins them).
   */
  sameEvent?: number | undefined;
  /** For /ask: the part of the excerpt that answers (a date, a number, a name, a phrase). */
  answer?: AnswerSpan | undefined;
}

/** `text === excerpt.slice(start, end)`. */
export interface AnswerSpan {
  text: string;
  start: number;
  end: number;
}

/** What /ask was asked, of what kind, and whether the first item answers it. */
export interface Asked {
  question: string;
  kind: string;
  answered: boolean;
}

export interface HelpEntry {
  usage: string;
  description: string;
  example: string;
}

export interface SpeakerEntry {
  name: string;
  role?: string | undefined;
  quotes: number;
  paraphrases: number;
}

/** One period of a trend: how many articles mentioned the topic, by outlet. */
export interface TrendBucket {
  /** The period's first and last day, `YYYY-MM-DD`. */
  from: string;
  until: string;
  /** As people read it: "March 2017", "week of 6 March 2017", "2017". */
  label: string;
  /** Articles by outlet, in the order of the answer's `outlets`. */
  counts: number[];
  total: number;
  /** The article of the period that mentions the topic most. */
  busiest?: SourceRef | undefined;
}

/** A trend's periods and what they are counted by. */
export interface Trend {
  topic: string;
  unit: 'week' | 'month' | 'year';
  /** The outlets counted apart (the five with most articles), then "others" if any. */
  outlets: string[];
  /** Every period from the first article to the last, empty ones included, oldest first. */
  buckets: TrendBucket[];
  /** Articles that mention the topic, in all. */
  articles: number;
  /** The index in `buckets` of the busiest period. */
  peak: number;
}

interface Base {
  /** The command that was answered, without the slash ("search"). */
  command: string;
  /** A one-line heading: what was asked. */
  title: string;
  /** Said when there is nothing to list, or something to add: what to try instead. */
  message?: string | undefined;
  /** For /ask: the question and whether it is answered (items[0] is the answer when it is). */
  ask?: Asked | undefined;
}

/**
 * What the engine answers: plain data that the terminal, JSON and Discord renderers each
 * turn into their own form.
 */
export type Answer =
  | (Base & { kind: 'excerpts'; items: ExcerptItem[] })
  | (Base & { kind: 'sources'; items: Array<{ source: SourceRef; passages: number }> })
  | (Base & { kind: 'help'; items: HelpEntry[] })
  | (Base & { kind: 'speakers'; items: SpeakerEntry[] })
  /** `/trend`: the busiest periods, busiest first; `trend` has every period, for the chart. */
  | (Base & { kind: 'trend'; items: TrendBucket[]; trend: Trend })
  /** A report with no list (a reload's result): everything is in `message`. */
  | (Base & { kind: 'notice'; items: never[] });
