import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import opentype, { type PathCommand } from 'opentype.js';

const require = createRequire(import.meta.url);

/**
 * The typeface every picture is drawn in, shipped as an npm dependency so that a machine
 * without system fonts draws the same image: DejaVu Sans, which covers Latin, Greek,
 * Cyrillic, Hebrew and Arabic.
 */
export const FONT_FAMILY = 'DejaVu Sans';
export const FONT_FILES = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
];

interface Metrics {
  unitsPerEm: number;
  advance: (char: string) => number;
  /** The glyph's outline at one unit per font unit, y down, from the origin; undefined if the font lacks it. */
  outline: (char: string) => PathCommand[] | undefined;
}

const fonts = new Map<boolean, Metrics>();

function metrics(bold: boolean): Metrics {
  let m = fonts.get(bold);
  if (!m) {
    const bytes = readFileSync(FONT_FILES[bold ? 1 : 0]!);
    const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const cache = new Map<string, number>();
    const outlines = new Map<string, PathCommand[] | undefined>();
    // A character the font lacks is drawn by the renderer's fallback, no wider than an em.
    const missing = font.unitsPerEm;
    m = {
      unitsPerEm: font.unitsPerEm,
      advance: (c) => {
        let w = cache.get(c);
        if (w === undefined) {
          const glyph = font.charToGlyph(c);
          w = glyph.index === 0 ? missing : (glyph.advanceWidth ?? missing);
          cache.set(c, w);
        }
        return w;
      },
      outline: (c) => {
        if (!outlines.has(c)) {
          const glyph = font.charToGlyph(c);
          outlines.set(c, glyph.index === 0 ? undefined : glyph.getPath(0, 0, font.unitsPerEm).commands);
        }
        return outlines.get(c);
      },
    };
    fonts.set(bold, m);
  }
  return m;
}

/**
 * The width of `text` in px at `size`, from the font's advance widths, character by
 * character, with a margin for what shaping changes (kerning, joined scripts): labels are
 * cut by this, so it errs wide.
 */
export function textWidth(text: string, size: number, bold = false): number {
  const m = metrics(bold);
  let units = 0;
  for (const c of text) units += m.advance(c);
  return (units / m.unitsPerEm) * size * 1.06;
}

/** `text` cut at a word (or a character) with an ellipsis so that it fits in `width` px. */
export function fitText(text: string, width: number, size: number, bold = false): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (textWidth(flat, size, bold) <= width) return flat;
  const chars = [...flat];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(chars.slice(0, mid).join('') + '…', size, bold) <= width) lo = mid;
    else hi = mid - 1;
  }
  if (lo === 0) return '';
  let cut = chars.slice(0, lo).join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.6) cut = cut.slice(0, space);
  // Punctuation and spaces before the ellipsis go (a loop, not a regular expression
  // anchored at the end, which backtracks on long runs of spaces).
  let end = cut.length;
  while (end > 0 && TRAILING.has(cut[end - 1]!)) end--;
  return cut.slice(0, end) + '…';
}

const TRAILING = new Set([...' \t\n,;:.-–—']);

/**
 * Letters that are drawn one glyph after another, left to right, with no shaping: Latin,
 * Greek, Cyrillic, general punctuation and symbols. Anything else (right-to-left and joined
 * scripts, combining marks, emoji) is left to the SVG renderer's own text layout.
 */
const UNSHAPED = /^[\u0020-\u024F\u0370-\u03FF\u0400-\u04FF\u2000-\u206F\u20A0-\u20CF\u2100-\u214F]*$/u;

/**
 * `text` as the outline of its glyphs, an SVG path's `d`, its left end at `x` and baseline
 * at `y` (with `anchor` as SVG's text-anchor), or undefined where it needs shaping or the
 * font lacks a glyph. Drawing outlines rather than text spares the renderer laying out the
 * same few hundred glyphs in every picture, most of a picture's cost.
 */
export function textOutline(
  text: string,
  x: number,
  y: number,
  size: number,
  bold = false,
  anchor = 'start',
): string | undefined {
  if (!UNSHAPED.test(text)) return undefined;
  const m = metrics(bold);
  const scale = size / m.unitsPerEm;
  let units = 0;
  for (const c of text) units += m.advance(c);
  let pen = x - (anchor === 'middle' ? (units * scale) / 2 : anchor === 'end' ? units * scale : 0);
  let d = '';
  for (const c of text) {
    if (c !== ' ') {
      const glyph = relativeOutline(m, c, size, bold);
      if (glyph === undefined) return undefined;
      d += `M${round(pen)} ${round(y)}${glyph}`;
    }
    pen += m.advance(c) * scale;
  }
  return d;
}

const round = (n: number): string => String(Math.round(n * 1000) / 1000);
const relatives = new Map<string, string | undefined>();

/**
 * A glyph's outline at `size` as relative path commands from its origin on the baseline,
 * made once per glyph and size: a label is then its glyphs' strings, each after a move to
 * the pen. After a close, SVG's current point is the subpath's start, which is tracked.
 */
function relativeOutline(m: Metrics, c: string, size: number, bold: boolean): string | undefined {
  const key = `${bold ? 'b' : 'r'}${size}:${c}`;
  if (relatives.has(key)) return relatives.get(key);
  const outline = m.outline(c);
  let out: string | undefined;
  if (outline) {
    const s = size / m.unitsPerEm;
    let cx = 0;
    let cy = 0;
    let sx = 0;
    let sy = 0;
    const rel = (x = 0, y = 0) => `${round(x * s - cx)} ${round(y * s - cy)}`;
    out = '';
    for (const k of outline) {
      if (k.type === 'Z') {
        out += 'z';
        cx = sx;
        cy = sy;
        continue;
      }
      if (k.type === 'M') out += `m${rel(k.x, k.y)}`;
      else if (k.type === 'L') out += `l${rel(k.x, k.y)}`;
      else if (k.type === 'Q') out += `q${rel(k.x1, k.y1)} ${rel(k.x, k.y)}`;
      else out += `c${rel(k.x1, k.y1)} ${rel(k.x2, k.y2)} ${rel(k.x, k.y)}`;
      // Relative values are rounded: follow the rounded point, so that errors never add up.
      const [dx, dy] = rel(k.x, k.y).split(' ').map(Number) as [number, number];
      cx += dx;
      cy += dy;
      if (k.type === 'M') {
        sx = cx;
        sy = cy;
      }
    }
  }
  relatives.set(key, out);
  return out;
}
