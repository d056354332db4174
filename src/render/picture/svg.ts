/** Text for an SVG document: XML's five characters escaped, control characters dropped. */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDFFF]/g, (c, i: number, s: string) => {
      // A lone surrogate is not XML; a pair is one character and stays.
      const code = c.charCodeAt(0);
      const next = s.charCodeAt(i + 1);
      const prev = s.charCodeAt(i - 1);
      if (code < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) return c;
      if (code >= 0xdc00 && prev >= 0xd800 && prev < 0xdc00) return c;
      return '';
    })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A number for an attribute, rounded to a tenth of a pixel. */
export const px = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * The colours of every picture. Pictures carry their own light background, with a border,
 * so they read the same on Discord's dark and light themes.
 */
export const THEME = {
  background: '#ffffff',
  border: '#d0d4da',
  text: '#1f2328',
  muted: '#57606a',
  grid: '#e6e8eb',
  axis: '#8c959f',
  mark: '#2b6cb0',
  join: '#cf222e',
  /** Outlets in a trend, then "others"; distinguishable with the common colour blindnesses. */
  series: ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#9c9c9c'],
} as const;

/** A box a picture drew text or a mark in: tests check that labels never overlap. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  /** What it is: "label 3", "mark 3", "legend", "title". */
  what: string;
}
