import type { Article, Span } from '../corpus/types.ts';
import { trim } from './sentences.ts';

/** Why a line is page furniture rather than story. */
export type FurnitureKind =
  | 'date-marker'
  | 'related'
  | 'headline'
  | 'caption'
  | 'prompt'
  | 'copyright'
  | 'credit'
  | 'byline'
  | 'comments'
  | 'trailing';

export interface Furniture extends Span {
  kind: FurnitureKind;
}

/** An article split into its story paragraphs and the page furniture around them. */
export interface CleanArticle {
  /** The story's paragraphs, in order, as offsets into `article.text`. */
  paragraphs: Span[];
  furniture: Furniture[];
  /** The byline's name(s), where a "By ..." line names them ("Thomas Peipert"). */
  byline?: string | undefined;
  /** People a credit line says contributed ("Colleen Slevin"). */
  contributors: string[];
}

// Each rule matches a whole trimmed line. They describe kinds of furniture that scraped
// news pages carry, not particular articles' lines.
const RELATED =
  /^(?:related|video|watch|read more|more|see also|also read|also|photos?|gallery|listen|latest|trending|recommended|up next|more coverage)\s*[:|>\-–—]\s*\S/i;
const SERIES_LINK = /^[^.!?]{0,120},?\s+part\s+(?:\d+|one|two|three|four|five|[ivx]+)\s*:\s*\S/i;
const CAPTION =
  /\((?:credit|photo|photos|image|courtesy|file photo|ap photo|reuters|getty(?: images)?)\b[^)]*\)\s*$|^(?:photo|image|file photo)\s*(?:by|:|credit)|\b(?:getty images|ap photo|shutterstock)\b/i;
const PROMPT =
  /^(?:watch|view|open|download|get|install|enable|allow|turn on|sign up|subscribe|follow us|like us|click here|tap here|share this|continue reading|be the first to know)\b.*\b(?:news|app|browser|notifications?|newsletter|alerts?|here|in|open|continue|know|updates?|reporting)\b[.!]?$|^(?:chrome|safari|firefox|edge)(?:\s+(?:chrome|safari|firefox|edge|continue))+$|^(?:advertisement|skip ad|sponsored content|story continues below(?: advertisement)?)$/i;
const COPYRIGHT =
  /^\(?\s*(?:©|\(c\)|copyright\b)|all rights reserved|may not be (?:published|reproduced|redistributed)/i;
const CREDIT =
  /\bcontributed to this (?:report|article|story)\b|^(?:reporting|additional reporting|editing|written|compiled) by\b/i;
const BYLINE =
  /^by\s+([A-Z][\p{L}'.-]+(?:\s+[A-Z][\p{L}'.-]+){0,3}(?:\s+and\s+[A-Z][\p{L}'.-]+(?:\s+[A-Z][\p{L}'.-]+){0,3})?)\s*(?:[,|–—-]\s*(.{0,60}))?$/iu;
const COMMENTS =
  /^(?:load|view|show|hide|read|post|leave|add|join the)\s+(?:all\s+)?(?:\d+\s+)?comments?\b.*$|^\d+\s+comments?$|^comments?(?:\s*\(\d+\))?$/i;
const DATE_MARKER = /^\s*date\s+\d{4}-\d{2}-\d{2}\b\s*/i;
const CONTRIBUTOR = /(?:^|[’'s\s])((?:[A-Z][\p{L}'.-]+\s+){1,3}[A-Z][\p{L}'.-]+)\s+contributed to this/u;

/** A story paragraph ends in a sentence's punctuation, perhaps followed by closing marks. */
const ENDS_SENTENCE = /[.!?:…]["'”’)\]]*$/;
/** Headlines, captions and prompts are short and end without a full stop. */
const MAX_HEADLINE_WORDS = 25;

/**
 * Splits an article into story paragraphs and page furniture. A paragraph is a non-blank
 * line. The rules are general: related-story links, lone headlines and captions (short
 * lines that end without sentence punctuation), app and browser prompts, copyright and
 * credit lines, bylines, comment widgets, a scrape's leading "date YYYY-MM-DD" marker,
 * and everything after the headline is repeated at the end of the story (pull quotes,
 * readers' comments).
 */
export function cleanArticle(article: Pick<Article, 'text' | 'title'>): CleanArticle {
  const { text } = article;
  const lines = splitLines(text);
  const furniture: Furniture[] = [];
  const paragraphs: Span[] = [];
  const contributors: string[] = [];
  let byline: string | undefined;
  const title = normalize(article.title);

  for (let i = 0; i < lines.length; i++) {
    let span = lines[i]!;
    if (paragraphs.length === 0 && furniture.length === 0) {
      const marker = DATE_MARKER.exec(text.slice(span.start, span.end));
      if (marker) {
        furniture.push({ start: span.start, end: span.start + marker[0].length, kind: 'date-marker' });
        span = trim(text, span.start + marker[0].length, span.end);
        if (span.end <= span.start) continue;
      }
    }
    const line = text.slice(span.start, span.end);
    const kind = classify(line);
    if (kind === 'byline') byline ??= nameCase(BYLINE.exec(line)?.[1]);
    if (kind === 'credit') {
      const who = CONTRIBUTOR.exec(line)?.[1];
      if (who) contributors.push(who);
    }
    if (kind) {
      furniture.push({ ...span, kind });
      continue;
    }
    if (!ENDS_SENTENCE.test(line) && wordCount(line) <= MAX_HEADLINE_WORDS) {
      // A repeat of the headline after the story marks the end of it: what follows is a
      // pull quote, a reader's comment or another story's teaser.
      const repeated = paragraphs.length > 0 && (normalize(line) === title || echoesStory(text, lines, i, paragraphs));
      if (repeated) {
        for (let j = i; j < lines.length; j++) furniture.push({ ...lines[j]!, kind: 'trailing' });
        break;
      }
      furniture.push({
        ...span,
        kind: /\(.*\)\s*$|^[A-Z]{2,}\b.*\b(?:generic|file)\b/.test(line) ? 'caption' : 'headline',
      });
      continue;
    }
    paragraphs.push(span);
  }
  return { paragraphs, furniture, byline, contributors };
}

function classify(line: string): FurnitureKind | undefined {
  if (RELATED.test(line) || SERIES_LINK.test(line)) return 'related';
  if (COPYRIGHT.test(line)) return 'copyright';
  if (CREDIT.test(line)) return 'credit';
  if (BYLINE.test(line) && wordCount(line) <= 12) return 'byline';
  if (COMMENTS.test(line)) return 'comments';
  if (CAPTION.test(line) && wordCount(line) <= 40) return 'caption';
  if (PROMPT.test(line) && wordCount(line) <= 16) return 'prompt';
  return undefined;
}

/**
 * Whether the headline-like line at `i` is followed by a line that repeats the start of a
 * story paragraph (a pull quote, often cut with an ellipsis): the sign of a page's
 * trailing teaser block.
 */
function echoesStory(text: string, lines: Span[], i: number, paragraphs: Span[]): boolean {
  const next = lines[i + 1];
  if (!next) return false;
  const pulled = normalize(text.slice(next.start, next.end).replace(/(?:…|\.\.\.)["'”’]*\s*$/, ''));
  if (pulled.length < 20) return false;
  return paragraphs.some((p) => normalize(text.slice(p.start, p.end)).startsWith(pulled));
}

/** "THOMAS PEIPERT" → "Thomas Peipert"; names already in mixed case are kept. */
function nameCase(name: string | undefined): string | undefined {
  if (!name || name !== name.toUpperCase()) return name;
  return name.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Non-blank lines as trimmed spans. */
export function splitLines(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      const span = trim(text, start, i);
      if (span.end > span.start) out.push(span);
      start = i + 1;
    }
  }
  return out;
}

function wordCount(line: string): number {
  return line.split(/\s+/).filter(Boolean).length;
}

/** Lowercase letters and digits only, single-spaced: for comparing headlines and repeats. */
export function normalize(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
