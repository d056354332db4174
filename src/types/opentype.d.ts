// The part of opentype.js the pictures use (its published types pull in the DOM library).
declare module 'opentype.js' {
  interface Glyph {
    index: number;
    advanceWidth?: number;
  }
  interface Font {
    unitsPerEm: number;
    charToGlyph(char: string): Glyph;
  }
  const opentype: { parse(buffer: ArrayBuffer): Font };
  export default opentype;
}
