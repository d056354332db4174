import { Resvg } from '@resvg/resvg-js';
import type { Answer } from '../../answers/types.ts';
import { FONT_FAMILY, FONT_FILES } from './font.ts';
import { drawTimeline } from './timeline.ts';
import { drawTrend } from './trend.ts';

/** A picture of an answer, ready to attach. */
export interface Picture {
  name: string;
  png: Buffer;
  /** Pixels of the PNG. */
  width: number;
  height: number;
  /** What the picture shows, in words, for screen readers (Discord's attachment `description`). */
  alt: string;
}

export interface PictureOptions {
  /** Layout width in px: 600 is Discord's full width, 400 a phone's. */
  width?: number;
  /** Pixels per layout px, for sharp text on dense screens. */
  scale?: number;
}

/** Discord's limit for an attachment's description. */
const MAX_ALT = 1_024;

/**
 * The picture for an answer that has one: a timeline for `/when` (and an `/ask` "when"
 * answer) with dated items, a chart for `/trend`; undefined otherwise. It reads the Answer
 * only, like the text renderers.
 */
export function renderPicture(answer: Answer, { width = 600, scale = 1.5 }: PictureOptions = {}): Picture | undefined {
  if (answer.kind === 'trend') {
    if (answer.trend.articles === 0) return undefined;
    const d = drawTrend(answer.title, answer.trend, width);
    return { name: 'trend.png', ...raster(d.svg, d.width, scale), alt: trendAlt(answer.trend) };
  }
  if (answer.kind !== 'excerpts') return undefined;
  const dated = answer.items.filter((i) => i.span);
  if (dated.length === 0) return undefined;
  const d = drawTimeline(answer.title, answer.items, width);
  const about = answer.title.startsWith('When: ') ? `about ${answer.title.slice(6)}` : `for ${answer.title}`;
  const alt = `Timeline, ${about}: ${answer.items
    .map((it, i) =>
      it.dateLabel ? `${i + 1}. ${it.dateLabel}${it.scheduled ? ' (scheduled)' : ''}, ${it.source.outlet}` : '',
    )
    .filter(Boolean)
    .join('; ')}.`;
  return { name: 'timeline.png', ...raster(d.svg, d.width, scale), alt: cutAlt(alt) };
}

function trendAlt(trend: Extract<Answer, { kind: 'trend' }>['trend']): string {
  const first = trend.buckets[0]!;
  const last = trend.buckets.at(-1)!;
  const peak = trend.buckets[trend.peak]!;
  return cutAlt(
    `Bar chart of the articles that mention ${trend.topic}, by ${trend.unit}, ${first.label} to ${last.label}: ` +
      `${trend.articles} in all; the busiest ${trend.unit} is ${peak.label} with ${peak.total}. Outlets: ${trend.outlets.join(', ')}.`,
  );
}

function cutAlt(alt: string): string {
  return alt.length <= MAX_ALT ? alt : alt.slice(0, MAX_ALT - 1) + '…';
}

function raster(svg: string, width: number, scale: number): { png: Buffer; width: number; height: number } {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width * scale) },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}
