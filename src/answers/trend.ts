import { utcDay, utcMonday, utcMonth, utcYear, type CountableTimeInterval } from 'd3-time';
import type { Engine } from '../engine/engine.ts';
import { suggestionMessage } from './excerpts.ts';
import type { Answer, SourceRef, Trend, TrendBucket } from './types.ts';

/** Outlets counted apart; the rest are "others". */
export const TREND_OUTLETS = 5;
/** The busiest periods listed in the text answer. */
const PEAKS_LISTED = 3;
export const OTHERS = 'others';

const MONTHS = 'January February March April May June July August September October November December'.split(' ');
const DAY = 86_400_000;

const iso = (d: Date): string => d.toISOString().slice(0, 10);

/** Weeks for half a year or less, months up to eight years, years beyond. */
function unitFor(first: Date, last: Date): Trend['unit'] {
  const days = (last.getTime() - first.getTime()) / DAY;
  return days <= 183 ? 'week' : days <= 8 * 366 ? 'month' : 'year';
}

const INTERVALS: Record<Trend['unit'], CountableTimeInterval> = { week: utcMonday, month: utcMonth, year: utcYear };

function labelOf(unit: Trend['unit'], start: Date): string {
  const y = start.getUTCFullYear();
  if (unit === 'year') return String(y);
  if (unit === 'month') return `${MONTHS[start.getUTCMonth()]} ${y}`;
  return `week of ${start.getUTCDate()} ${MONTHS[start.getUTCMonth()]} ${y}`;
}

/**
 * `/trend <topic>`: how many articles mention the topic in each week, month or year
 * (chosen from the span), by outlet for the five outlets with most of them and "others".
 * Counted by publication date; an article counts once in its period, whatever the number
 * of its passages that mention the topic. The items are the busiest periods, each with
 * its busiest article; the whole series is in `trend`, for the chart.
 */
export function trendAnswer(engine: Engine, topic: string): Answer {
  const shown = topic.trim();
  const title = `Trend: ${shown}`;
  const mentions = engine.mentions(shown);
  const articles = [...mentions.keys()].map((id) => engine.source(id));
  if (articles.length === 0) {
    const message = `No article in the coverage mentions "${shown}". ${suggestionMessage(engine, shown)}`;
    const trend: Trend = { topic: shown, unit: 'month', outlets: [], buckets: [], articles: 0, peak: -1 };
    return { kind: 'trend', command: 'trend', title, items: [], trend, message };
  }
  const dates = articles.map((a) => new Date(`${a.published}T00:00:00Z`));
  const first = new Date(Math.min(...dates.map(Number)));
  const last = new Date(Math.max(...dates.map(Number)));
  const unit = unitFor(first, last);
  const interval = INTERVALS[unit];

  const byOutlet = new Map<string, number>();
  for (const a of articles) byOutlet.set(a.outlet, (byOutlet.get(a.outlet) ?? 0) + 1);
  const ranked = [...byOutlet].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([o]) => o);
  const named = ranked.slice(0, TREND_OUTLETS);
  const outlets = ranked.length > TREND_OUTLETS ? [...named, OTHERS] : named;
  const column = (outlet: string) => (named.includes(outlet) ? named.indexOf(outlet) : TREND_OUTLETS);

  const starts = interval.range(interval.floor(first), utcDay.offset(last, 1));
  const buckets: TrendBucket[] = starts.map((start) => ({
    from: iso(start),
    until: iso(utcDay.offset(interval.offset(start, 1), -1)),
    label: labelOf(unit, start),
    counts: outlets.map(() => 0),
    total: 0,
  }));
  const busiest: Array<{ source: SourceRef; n: number } | undefined> = buckets.map(() => undefined);
  articles.forEach((a, i) => {
    const at = Math.max(0, interval.count(interval.floor(first), dates[i]!));
    const bucket = buckets[at]!;
    bucket.counts[column(a.outlet)]!++;
    bucket.total++;
    const n = mentions.get(a.id)!;
    const best = busiest[at];
    if (!best || n > best.n || (n === best.n && a.id < best.source.id)) busiest[at] = { source: a, n };
  });
  buckets.forEach((b, i) => (b.busiest = busiest[i]?.source));
  const peak = buckets.reduce((p, b, i) => (b.total > buckets[p]!.total ? i : p), 0);
  const trend: Trend = { topic: shown, unit, outlets, buckets, articles: articles.length, peak };

  const items = buckets
    .map((b, i) => ({ b, i }))
    .filter(({ b }) => b.total > 0)
    .sort((x, y) => y.b.total - x.b.total || x.i - y.i)
    .slice(0, PEAKS_LISTED)
    .map(({ b }) => b);
  const span = buckets.length === 1 ? buckets[0]!.label : `${buckets[0]!.label} to ${buckets.at(-1)!.label}`;
  const n = articles.length;
  const message = `${n} article${n === 1 ? ' mentions' : 's mention'} "${shown}", ${span}, counted by ${unit}.`;
  return { kind: 'trend', command: 'trend', title, items, trend, message };
}
