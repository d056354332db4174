import { scaleUtc } from 'd3-scale';
import type { ExcerptItem } from '../../answers/types.ts';
import { FONT_FAMILY, fitText, textOutline, textWidth } from './font.ts';
import { THEME, px, xml, type Box } from './svg.ts';

export interface Drawing {
  svg: string;
  /** In layout px; the PNG is drawn at a multiple of this. */
  width: number;
  height: number;
  /** Where each text and mark went. */
  boxes: Box[];
  /** Each event's mark: its centre, and whether it is drawn hollow (scheduled). */
  marks: Array<{ item: number; x: number; y: number; x1: number; x2: number; hollow: boolean }>;
}

const DAY = 86_400_000;
const PAD = 16;
const TITLE = 17;
const LABEL = 13;
const ROW = 26;
/** A label needs this much room beside its mark, or it goes on a line of its own under it. */
const MIN_ROOM = 150;
/** A span narrower than this is drawn as a point. */
const MIN_BAR = 7;
const WORDS = 9;

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

/** A label: the outlet's short name, then the first words of the sentence. */
function labelOf(item: ExcerptItem): string {
  // "CBS News Colorado (CBS4 Denver), Associated Press" → "CBS News Colorado".
  const name = item.source.outlet;
  const stops = [name.indexOf('('), name.indexOf(',')].filter((i) => i > 0);
  const outlet = (stops.length ? name.slice(0, Math.min(...stops)) : name).trim() || name;
  const words = item.excerpt.replace(/\s+/g, ' ').trim().split(' ');
  return `${outlet}: ${words.length <= WORDS ? words.join(' ') : words.slice(0, WORDS).join(' ') + '…'}`;
}

/**
 * A timeline of dated items as an SVG drawing `width` px wide: a time axis with ticks for
 * the span shown, then one row per item, numbered as the text answer numbers them, its
 * mark at its date: a point for a day, a bar over the days a month, a season or a year
 * covers ("early February" is the month's first third), hollow when scheduled. Items that
 * tell one event under different dates are joined by a line. Each label (a few words of
 * the sentence, and the outlet) sits beside its mark on its own row, cut to the room there
 * is, so no two ever overlap.
 */
export function drawTimeline(title: string, items: readonly ExcerptItem[], width = 600): Drawing {
  const dated = items.map((it, i) => ({ it, i })).filter(({ it }) => it.span);
  const boxes: Box[] = [];
  const marks: Drawing['marks'] = [];
  const out: string[] = [];
  const left = PAD;
  const right = width - PAD;

  const heading = fitText(title, right - left, TITLE, true);
  out.push(text(left, PAD + TITLE, heading, TITLE, THEME.text, 'start', true));
  boxes.push({ x: left, y: PAD, width: textWidth(heading, TITLE, true), height: TITLE * 1.25, what: 'title' });

  const axisY = PAD + TITLE + 30;
  const rowsTop = axisY + 18;

  const from = Math.min(...dated.map(({ it }) => day(it.span!.from)));
  const until = Math.max(...dated.map(({ it }) => day(it.span!.until) + DAY));
  const spread = Math.max(until - from, 30 * DAY);
  const domain = dated.length
    ? [new Date(from - spread * 0.04), new Date(from + spread * 1.04)]
    : [new Date(0), new Date(DAY)];
  const plotLeft = left + 22;
  const x = scaleUtc().domain(domain).range([plotLeft, right]);

  // Where each label goes: beside its mark where there is room, else on a line under it.
  const rows = dated.map(({ it }) => {
    const x1 = x(new Date(day(it.span!.from)));
    const x2 = x(new Date(day(it.span!.until) + DAY));
    const point = x2 - x1 < MIN_BAR;
    const markLeft = point ? (x1 + x2) / 2 - 6 : x1 - 1;
    const markRight = point ? (x1 + x2) / 2 + 6 : x2 + 1;
    const roomRight = right - (markRight + 6);
    const roomLeft = markLeft - 6 - plotLeft;
    const side: 'right' | 'left' | 'under' =
      Math.max(roomRight, roomLeft) < MIN_ROOM
        ? 'under'
        : roomRight >= roomLeft || roomRight >= 2 * MIN_ROOM
          ? 'right'
          : 'left';
    return { x1, x2, point, markLeft, markRight, roomRight, roomLeft, side };
  });
  const tops: number[] = [];
  let at = rowsTop;
  for (const r of rows) {
    tops.push(at);
    at += r.side === 'under' ? ROW + LABEL + 4 : ROW;
  }
  const height = Math.max(at, rowsTop + ROW) + 44;

  // Ticks: as many as fit their labels, with d3's formats for the span (years, months, days).
  const format = x.tickFormat();
  let ticks = x.ticks(Math.max(2, Math.floor(width / 90)));
  const fits = (t: Date[]) =>
    t.every(
      (d, k) => k === 0 || x(d) - x(t[k - 1]!) > (textWidth(format(d), 11) + textWidth(format(t[k - 1]!), 11)) / 2 + 8,
    );
  for (let n = ticks.length; n > 2 && !fits(ticks); n--) ticks = x.ticks(n - 1);
  for (const t of ticks) {
    const tx = x(t);
    out.push(`<line x1="${px(tx)}" y1="${px(axisY)}" x2="${px(tx)}" y2="${px(height - 36)}" stroke="${THEME.grid}"/>`);
    out.push(text(tx, axisY - 7, format(t), 11, THEME.muted, 'middle'));
  }
  out.push(`<line x1="${px(left)}" y1="${px(axisY)}" x2="${px(right)}" y2="${px(axisY)}" stroke="${THEME.axis}"/>`);

  const joins = new Map<number, Array<{ x: number; y: number }>>();
  dated.forEach(({ it, i }, row) => {
    const { x1, x2, point, markLeft, markRight, roomRight, roomLeft, side } = rows[row]!;
    const y = tops[row]! + ROW / 2;
    const hollow = it.scheduled === true;
    const fill = hollow ? THEME.background : THEME.mark;
    const stroke = `stroke="${THEME.mark}" stroke-width="2"`;
    const cx = (x1 + x2) / 2;
    if (point) out.push(`<circle cx="${px(cx)}" cy="${px(y)}" r="5" fill="${fill}" ${stroke}/>`);
    else
      out.push(
        `<rect x="${px(x1)}" y="${px(y - 5)}" width="${px(x2 - x1)}" height="10" rx="3" fill="${fill}" ${stroke}/>`,
      );
    marks.push({ item: i, x: cx, y, x1: markLeft, x2: markRight, hollow });
    boxes.push({ x: markLeft, y: y - 6, width: markRight - markLeft, height: 12, what: `mark ${i + 1}` });
    if (it.sameEvent !== undefined) {
      const list = joins.get(it.sameEvent) ?? [];
      list.push({ x: cx, y });
      joins.set(it.sameEvent, list);
    }
    out.push(text(left, y + 4.5, `${i + 1}`, 11, THEME.muted, 'start', true));

    const label = labelOf(it);
    const room = side === 'right' ? roomRight : side === 'left' ? roomLeft : right - plotLeft;
    const shown = fitText(label, room, LABEL);
    if (!shown) return;
    const w = textWidth(shown, LABEL);
    let lx: number;
    let ly = y + 4.5;
    let anchor = 'start';
    if (side === 'right') lx = markRight + 6;
    else if (side === 'left') {
      lx = markLeft - 6;
      anchor = 'end';
    } else {
      // Under the mark, starting where the mark starts, kept inside the picture.
      lx = Math.min(Math.max(plotLeft, markLeft), right - w);
      ly = y + ROW / 2 + LABEL;
    }
    out.push(text(lx, ly, shown, LABEL, THEME.text, anchor));
    boxes.push({
      x: anchor === 'end' ? lx - w : lx,
      y: ly - LABEL * 0.85,
      width: w,
      height: LABEL * 1.2,
      what: `label ${i + 1}`,
    });
  });
  for (const points of joins.values()) {
    const d = points.map((p, k) => `${k ? 'L' : 'M'}${px(p.x)} ${px(p.y)}`).join(' ');
    out.unshift(`<path d="${d}" fill="none" stroke="${THEME.join}" stroke-width="2" stroke-dasharray="5 4"/>`);
  }
  out.push(legend(left, height - 16, right - left));
  return { svg: frame(width, height, out), width, height, boxes, marks };
}

function legend(x0: number, y: number, room: number): string {
  const parts: string[] = [];
  let x = x0;
  const entry = (mark: string, label: string) => {
    const w = textWidth(label, 11);
    if (x + 18 + w > x0 + room) return;
    parts.push(mark.replaceAll('X', px(x)).replaceAll('C', px(x + 5)));
    parts.push(text(x + 16, y + 4, label, 11, THEME.muted));
    x += 16 + w + 14;
  };
  entry(`<circle cx="C" cy="${px(y)}" r="4" fill="${THEME.mark}"/>`, 'a day');
  entry(`<rect x="X" y="${px(y - 4)}" width="12" height="8" rx="2" fill="${THEME.mark}"/>`, 'a month, season or year');
  entry(`<circle cx="C" cy="${px(y)}" r="4" fill="none" stroke="${THEME.mark}" stroke-width="2"/>`, 'scheduled');
  entry(
    `<line x1="X" y1="${px(y)}" x2="${px(x + 12)}" y2="${px(y)}" stroke="${THEME.join}" stroke-width="2" stroke-dasharray="4 3"/>`,
    'one event, dated differently',
  );
  return parts.join('');
}

/**
 * One line of text: drawn as its glyphs' outlines where it needs no shaping, else as SVG
 * text for the renderer to lay out (right-to-left scripts, emoji). Same font, same place.
 */
export function text(
  x: number,
  y: number,
  s: string,
  size: number,
  fill: string,
  anchor = 'start',
  bold = false,
): string {
  const outline = textOutline(s, x, y, size, bold, anchor);
  if (outline !== undefined) return outline === '' ? '' : `<path d="${outline}" fill="${fill}"/>`;
  return `<text x="${px(x)}" y="${px(y)}" font-size="${size}" fill="${fill}" text-anchor="${anchor}"${bold ? ' font-weight="bold"' : ''}>${xml(s)}</text>`;
}

export function frame(width: number, height: number, body: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">` +
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="8" fill="${THEME.background}" stroke="${THEME.border}"/>` +
    body.join('') +
    '</svg>'
  );
}
