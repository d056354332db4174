import type { Span } from '../corpus/types.ts';

/**
 * A stretch of text between double quotation marks, straight or curly. Offsets are
 * UTF-16 indices into the article's text.
 */
export interface Region {
  /** Index of the opening mark. */
  open: number;
  /** Index just past the closing mark; equals `end` when the quote is never closed. */
  close: number;
  /** The words between the marks (untrimmed). */
  start: number;
  end: number;
  /** Index into the paragraphs array of the paragraph holding the opening mark. */
  para: number;
  /** Index of the paragraph holding the closing mark (later than `para` for a quote that runs on). */
  endPara: number;
  closed: boolean;
}

const OPEN_CURLY = '\u201C';
const CLOSE_CURLY = '\u201D';
const STRAIGHT = '"';

const QUOTE_MARK = /["\u201C\u201D]/g;

/** Characters after which a straight quote opens rather than closes. */
const BEFORE_OPEN = /[\s([{\u2014\u2013\-/:;,]/;

/**
 * Finds the double-quoted regions of the given paragraphs, in order.
 *
 * A paragraph that opens a quote and does not close it continues into the next paragraph
 * when that one begins with an opening mark (the newspaper convention for a quote that
 * runs over several paragraphs); otherwise the quote ends with its paragraph.
 * Stray closing marks are ignored; single quotes are treated as text (they nest inside
 * double quotes in US style).
 */
export function findRegions(text: string, paragraphs: Span[]): Region[] {
  const out: Region[] = [];
  let carry: { open: number; start: number; para: number; lastEnd: number } | undefined;
  paragraphs.forEach((p, pi) => {
    let i = p.start;
    while (i < p.end && /\s/.test(text[i]!)) i++;
    if (carry) {
      if (i < p.end && (text[i] === OPEN_CURLY || text[i] === STRAIGHT)) {
        i++; // the continuing paragraph's opening mark; the quote goes on
      } else {
        out.push({
          open: carry.open,
          close: carry.lastEnd,
          start: carry.start,
          end: carry.lastEnd,
          para: carry.para,
          endPara: pi - 1,
          closed: false,
        });
        carry = undefined;
      }
    }
    let open: { open: number; start: number; para: number } | undefined = carry
      ? { open: carry.open, start: carry.start, para: carry.para }
      : undefined;
    carry = undefined;
    for (; i < p.end; i++) {
      // Only quotation marks do anything below: jump to the next one.
      QUOTE_MARK.lastIndex = i;
      const mark = QUOTE_MARK.exec(text);
      if (!mark || mark.index >= p.end) break;
      i = mark.index;
      const ch = text[i]!;
      const before = i > p.start ? text[i - 1]! : ' ';
      const after = i + 1 < p.end ? text[i + 1]! : ' ';
      if (
        ch === OPEN_CURLY &&
        open &&
        open.para === pi &&
        /[^\s([{\u2014\u2013\-/]/.test(before) &&
        /[\s,.;:)]/.test(after)
      ) {
        // An opening mark typed where a closing one belongs: “Do you agree?“ he asked.
        out.push({
          open: open.open,
          close: i + 1,
          start: open.start,
          end: i,
          para: open.para,
          endPara: pi,
          closed: true,
        });
        open = undefined;
      } else if (ch === CLOSE_CURLY && !open && BEFORE_OPEN.test(before) && /[\p{L}\p{N}]/u.test(after)) {
        // A closing mark typed where an opening one belongs: ”We won,” he said.
        open = { open: i, start: i + 1, para: pi };
      } else if (ch === OPEN_CURLY) {
        // A second opening mark before a close: the first was never closed; restart here.
        if (!open || open.para === pi) open = { open: i, start: i + 1, para: pi };
      } else if (ch === CLOSE_CURLY) {
        if (open) {
          out.push({
            open: open.open,
            close: i + 1,
            start: open.start,
            end: i,
            para: open.para,
            endPara: pi,
            closed: true,
          });
          open = undefined;
        }
      } else if (ch === STRAIGHT) {
        const prev = i > p.start ? text[i - 1]! : ' ';
        const next = i + 1 < p.end ? text[i + 1]! : ' ';
        const opens = BEFORE_OPEN.test(prev) && !/\s/.test(next);
        if (open && !(opens && i === open.start)) {
          out.push({
            open: open.open,
            close: i + 1,
            start: open.start,
            end: i,
            para: open.para,
            endPara: pi,
            closed: true,
          });
          open = undefined;
        } else if (!open && (opens || i === p.start)) {
          open = { open: i, start: i + 1, para: pi };
        }
      }
    }
    if (open) {
      let lastEnd = p.end;
      while (lastEnd > open.start && /\s/.test(text[lastEnd - 1]!)) lastEnd--;
      carry = { ...open, lastEnd };
    }
  });
  if (carry) {
    out.push({
      open: carry.open,
      close: carry.lastEnd,
      start: carry.start,
      end: carry.lastEnd,
      para: carry.para,
      endPara: paragraphs.length - 1,
      closed: false,
    });
  }
  return out;
}
