import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import opentype from 'opentype.js';

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
}

const fonts = new Map<boolean, Metrics>();

function metrics(bold: boolean): Metrics {
  let m = fonts.get(bold);
  if (!m) {
    const bytes = readFileSync(FONT_FILES[bold ? 1 : 0]!);
    const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const cache = new Map<string, number>();
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
  return cut.replace(/[\s,;:.\-–—]+$/u, '') + '…';
}
