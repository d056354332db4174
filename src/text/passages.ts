import type { Span } from '../corpus/types.ts';
import { sentences } from './sentences.ts';

/** A passage longer than this is split at sentence boundaries (characters). */
export const MAX_PASSAGE_CHARS = 700;
/** Paragraphs of one running quotation are kept together up to this length. */
export const MAX_QUOTE_PASSAGE_CHARS = 2_000;

/**
 * Splits story paragraphs into passages a reader takes in at a glance: a paragraph, or a
 * few sentences of a long one. Never cuts a sentence, and never splits a quotation:
 * paragraphs of a quotation that runs on (each opens with a quote mark, only the last
 * closes) stay in one passage, and a long paragraph is cut only between sentences that
 * lie outside quote marks.
 */
export function splitPassages(text: string, paragraphs: Span[], maxChars = MAX_PASSAGE_CHARS): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < paragraphs.length; i++) {
    let group = paragraphs[i]!;
    while (
      quoteOpenAtEnd(text, group) &&
      i + 1 < paragraphs.length &&
      opensWithQuote(text, paragraphs[i + 1]!) &&
      paragraphs[i + 1]!.end - group.start <= MAX_QUOTE_PASSAGE_CHARS
    ) {
      group = { start: group.start, end: paragraphs[++i]!.end };
    }
    if (group.end - group.start <= maxChars) out.push(group);
    else out.push(...packSentences(text, group, maxChars));
  }
  return out;
}

function packSentences(text: string, span: Span, maxChars: number): Span[] {
  const out: Span[] = [];
  let current: Span | undefined;
  let open = false; // inside a quotation at the end of `current`
  for (const s of sentences(text, span.start, span.end)) {
    if (current && !open && s.end - current.start > maxChars) {
      out.push(current);
      current = undefined;
    }
    current = current ? { start: current.start, end: s.end } : { ...s };
    open = quoteOpenAtEnd(text, current);
  }
  if (current) out.push(current);
  return out;
}

const OPENERS = new Set(['\u201C', '"']);

function opensWithQuote(text: string, span: Span): boolean {
  return OPENERS.has(text[span.start]!);
}

/**
 * Whether a quotation opened in `span` is still open at its end. Curly marks say which
 * way they face; straight double quotes alternate.
 */
export function quoteOpenAtEnd(text: string, span: Span): boolean {
  let open = false;
  for (let i = span.start; i < span.end; i++) {
    const ch = text[i];
    if (ch === '\u201C') open = true;
    else if (ch === '\u201D') open = false;
    else if (ch === '"') open = !open;
  }
  return open;
}
