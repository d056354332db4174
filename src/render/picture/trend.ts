import { scaleBand, scaleLinear } from 'd3-scale';
import type { Trend } from '../../answers/types.ts';
import { fitText, textWidth } from './font.ts';
import { THEME, px, type Box } from './svg.ts';
import { frame, text, type Drawing } from './timeline.ts';

const PAD = 16;
const TITLE = 17;

/**
 * A trend as an SVG drawing `width` px wide: one bar per period (empty periods stay, as
 * gaps), stacked by outlet in the legend's colours, a count axis in whole articles, and
 * the busiest period annotated with its busiest article's title. Bars, not a line: a
 * count per period is what was measured, and nothing between the periods.
 */
export function drawTrend(
  title: string,
  trend: Trend,
  width = 600,
): Omit<Drawing, 'marks'> & {
  bars: Array<{ bucket: number; x: number; width: number; top: number; bottom: number }>;
} {
  const boxes: Box[] = [];
  const out: string[] = [];
  const left = PAD + 28;
  const right = width - PAD;
  const heading = fitText(title, right - PAD, TITLE, true);
  out.push(text(PAD, PAD + TITLE, heading, TITLE, THEME.text, 'start', true));
  boxes.push({ x: PAD, y: PAD, width: textWidth(heading, TITLE, true), height: TITLE * 1.25, what: 'title' });

  // The legend, wrapped onto as many lines as it needs.
  const legendTop = PAD + TITLE + 14;
  let lx = PAD;
  let ly = legendTop;
  const legend: string[] = [];
  trend.outlets.forEach((outlet, k) => {
    const label = fitText(outlet, Math.min(220, right - PAD - 16), 11);
    const w = 16 + textWidth(label, 11);
    if (lx > PAD && lx + w > right) {
      lx = PAD;
      ly += 17;
    }
    legend.push(`<rect x="${px(lx)}" y="${px(ly)}" width="11" height="11" rx="2" fill="${THEME.series[k]}"/>`);
    legend.push(text(lx + 15, ly + 9.5, label, 11, THEME.text));
    boxes.push({ x: lx, y: ly, width: w, height: 12, what: `legend ${k}` });
    lx += w + 14;
  });
  out.push(...legend);

  const noteTop = ly + 28;
  const plotTop = noteTop + 22;
  const plotBottom = plotTop + Math.round(width * 0.38);
  const height = plotBottom + 40;
  const max = Math.max(1, ...trend.buckets.map((b) => b.total));
  const y = scaleLinear().domain([0, max]).nice().range([plotBottom, plotTop]);
  const x = scaleBand<number>()
    .domain(trend.buckets.map((_, i) => i))
    .range([left, right])
    .paddingInner(trend.buckets.length > 40 ? 0.1 : 0.25);

  for (const t of y.ticks(Math.min(5, y.domain()[1]!)).filter(Number.isInteger)) {
    out.push(`<line x1="${px(left)}" y1="${px(y(t))}" x2="${px(right)}" y2="${px(y(t))}" stroke="${THEME.grid}"/>`);
    out.push(text(left - 6, y(t) + 4, String(t), 11, THEME.muted, 'end'));
  }
  const bars: Array<{ bucket: number; x: number; width: number; top: number; bottom: number }> = [];
  trend.buckets.forEach((b, i) => {
    const bx = x(i)!;
    const bw = Math.max(1, x.bandwidth());
    let base = 0;
    b.counts.forEach((n, k) => {
      if (n === 0) return;
      const top = y(base + n);
      out.push(
        `<rect x="${px(bx)}" y="${px(top)}" width="${px(bw)}" height="${px(y(base) - top)}" fill="${THEME.series[k]}"/>`,
      );
      base += n;
    });
    if (b.total > 0) bars.push({ bucket: i, x: bx, width: bw, top: y(b.total), bottom: plotBottom });
  });
  out.push(
    `<line x1="${px(left)}" y1="${px(plotBottom)}" x2="${px(right)}" y2="${px(plotBottom)}" stroke="${THEME.axis}"/>`,
  );

  // Period labels under the axis: every k-th, so that they never overlap.
  const labels = trend.buckets.map((b) => shortLabel(trend.unit, b.from));
  const widest = Math.max(...labels.map((l) => textWidth(l, 11)));
  const every = Math.max(1, Math.ceil((widest + 8) / x.step()));
  let shownUntil = -Infinity;
  labels.forEach((l, i) => {
    if (i % every !== 0) return;
    const w = textWidth(l, 11);
    // Centred under its bar, kept inside the picture.
    const lx = Math.min(Math.max(PAD, x(i)! + x.bandwidth() / 2 - w / 2), width - PAD - w);
    // Kept inside, the last label may come too close to the one before: then it is left out.
    if (lx < shownUntil + 6) return;
    shownUntil = lx + w;
    out.push(text(lx, plotBottom + 16, l, 11, THEME.muted));
    boxes.push({ x: lx, y: plotBottom + 5, width: w, height: 13, what: `period ${i}` });
  });

  // The peak: a leader from the note (above the plot) down to its bar.
  const peak = trend.buckets[trend.peak];
  if (peak?.busiest) {
    const cx = x(trend.peak)! + x.bandwidth() / 2;
    const note = fitText(`busiest, ${peak.label}: ${peak.busiest.title}`, right - PAD, 12);
    const w = textWidth(note, 12);
    const nx = Math.min(Math.max(PAD, cx - w / 2), right - w);
    out.push(text(nx, noteTop + 4, note, 12, THEME.text));
    boxes.push({ x: nx, y: noteTop - 8, width: w, height: 14, what: 'peak note' });
    out.push(
      `<line x1="${px(cx)}" y1="${px(noteTop + 8)}" x2="${px(cx)}" y2="${px(y(peak.total) - 3)}" stroke="${THEME.muted}" stroke-dasharray="2 2"/>`,
    );
  }
  return { svg: frame(width, height, out), width, height, boxes, bars };
}

const SHORT_MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

function shortLabel(unit: Trend['unit'], from: string): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  if (unit === 'year') return String(y);
  if (unit === 'month') return `${SHORT_MONTHS[m - 1]} ${y}`;
  return `${d} ${SHORT_MONTHS[m - 1]}`;
}
