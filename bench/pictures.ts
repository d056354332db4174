// The pictures' cost: drawing a timeline of 25 events and a trend of three years by
// month, next to the text answer's own time, on real coverage.
import { timelineAnswer } from '../src/answers/timeline.ts';
import { trendAnswer } from '../src/answers/trend.ts';
import type { Answer } from '../src/answers/types.ts';
import { Engine } from '../src/engine/engine.ts';
import { renderPicture } from '../src/render/picture/index.ts';
import { BBC_PUBLISHED } from './corpora.ts';
import { latency, type Latency } from './measure.ts';

export interface PictureFigures {
  /** Timelines drawn, each of 25 events (/when topics of the 1x corpus that date that many). */
  timeline: Latency;
  /** The same topics' text answers (timelineAnswer). */
  timelineText: Latency;
  /** Trends by month over at least three years (the 1x articles with dates of their own). */
  trend: Latency;
  trendText: Latency;
  /** PNG sizes, KB: the largest timeline and the trend. */
  timelineKB: number;
  trendKB: number;
  topics: number;
  months: number;
}

const RUNS = 100;
const WARM = 10;

function timeEach<T>(inputs: readonly T[], f: (x: T) => unknown): number[] {
  for (let k = 0; k < WARM; k++) f(inputs[k % inputs.length]!);
  const ms: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const t = performance.now();
    f(inputs[k % inputs.length]!);
    ms.push(performance.now() - t);
  }
  return ms;
}

/**
 * `topics` are candidates (the benchmark's sampled words); those whose timeline lists the
 * full 25 events are drawn. The trends are of topics over the 1x articles with dates of
 * their own (not BBC's made-up one) that run by month over three years or more.
 */
export function measurePictures(engine: Engine, topics: readonly string[]): PictureFigures {
  const full = topics.filter((t) => {
    const a = timelineAnswer(engine, t);
    return a.kind === 'excerpts' && a.items.length === 25;
  });
  if (full.length === 0) throw new Error('bench: no sampled topic dates 25 events');
  const answers = full.map((t) => timelineAnswer(engine, t));
  const timelineText = timeEach(full, (t) => timelineAnswer(engine, t));
  const timeline = timeEach(answers, (a) => renderPicture(a));
  const timelineKB = Math.max(...answers.map((a) => renderPicture(a)!.png.length)) / 1024;

  // The articles with their own dates (BBC's made-up one left out): PolNeAR's and
  // Wikinews's, 2015 to 2021, so the trend runs by month over several years.
  const window = engine.articles.filter((a) => a.published !== BBC_PUBLISHED);
  const sub = Engine.build(window);
  // Topics whose trend over those articles runs by month over at least 36 months.
  const trendTopics = ['government', 'police', 'election', 'president', ...topics]
    .filter((t) => {
      const a = trendAnswer(sub, t);
      return a.kind === 'trend' && a.trend.unit === 'month' && a.trend.buckets.length >= 36;
    })
    .slice(0, 20);
  const trends = trendTopics.map((t) => trendAnswer(sub, t) as Extract<Answer, { kind: 'trend' }>);
  if (trends.length === 0) throw new Error('bench: no trend by month over three years');
  const trendText = timeEach(trendTopics, (t) => trendAnswer(sub, t));
  const trend = timeEach(trends, (a) => renderPicture(a));
  return {
    timeline: latency(timeline),
    timelineText: latency(timelineText),
    trend: latency(trend),
    trendText: latency(trendText),
    timelineKB,
    trendKB: Math.max(...trends.map((a) => renderPicture(a)!.png.length)) / 1024,
    topics: full.length,
    months: Math.max(...trends.map((a) => a.trend.buckets.length)),
  };
}
