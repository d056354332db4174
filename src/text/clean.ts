import type { Article, LinePattern, Span } from '../corpus/types.ts';
import {
  BYLINE,
  CONTRIBUTOR,
  AUTHOR_BIO,
  DATE_MARKER,
  FIXTURE,
  FRAGMENT,
  LIST_ITEM,
  NAME_ALONE,
  OPENS_QUOTE,
  FIRST_PERSON,
  PERSONAL,
  REPORTED,
  RELATED_HEADER,
  FINITE_VERB,
  MAX_SUBHEAD_WORDS,
  STOPPED_SUBHEAD,
  SUBHEAD_VERB,
  SHORT_CAPTION,
  SPEAKER_TURN,
  classifyLine,
  lineFacts,
  type FurnitureKind,
} from './furniture.ts';
import { trim } from './sentences.ts';

export type { FurnitureKind } from './furniture.ts';

export interface Furniture extends Span {
  kind: FurnitureKind;
  /** The rule that decided (given when cleanArticle is asked for rules, for the audit). */
  rule?: string;
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

export interface CleanOptions {
  /** Name the rule that decided each furniture line (`Furniture.rule`); off in the build. */
  rules?: boolean;
}

/** Headlines, captions and prompts are short and end without a full stop. */
const MAX_HEADLINE_WORDS = 25;
/** A sign-up box's first line: the short lines under it (its tagline, its plans) belong to it. */
const SIGN_UP = /newsletter|sign up|subscribe|inbox|\/\s?(?:month|year)/i;
/** An author's note ("X is a reporter for …") is one of an article's last this-many lines. */
const AUTHOR_LINES = 4;
/** Short unpunctuated lines in a row, between story paragraphs, that make a list rather than headlines. */
const MIN_LIST_RUN = 3;
/** A line longer than this, without a stop, with a finite verb, mid-story, is a sentence that lost its stop. */
const MAX_LONE_HEADLINE_WORDS = 14;
/** A letter or a digit: a line without one ("]", "}") is code or punctuation, never a headline. */
const ALNUM = /[\p{L}\p{N}]/u;
/** A pull quote's attribution is a name of at most this many words. */
const MAX_ATTRIBUTION_WORDS = 6;
/** A stopped subhead stands between paragraphs of at least this many words. */
const MIN_PARAGRAPH_WORDS = 12;
/** Readers' comments: a block of at least this many paragraphs at the end. */
const MIN_COMMENTS = 6;
/** A line this long ends a block of related links (it is a paragraph, not a link). */
const MAX_RELATED_WORDS = 20;

/**
 * Splits an article into story paragraphs and page furniture. A paragraph is a non-blank
 * line. The rules are general (src/text/furniture.ts lists them): captions and their
 * credits, related links, prompts, ads, comment counts, timestamps and datelines, bylines,
 * copyright and credit lines, notices; and, from the lines around, a headline repeated at
 * the top, lone headlines (short lines that end without sentence punctuation, unless they
 * are a list's items), the links after a "Read more:" header, and everything after the
 * headline is repeated at the end of the story (pull quotes, readers' comments). Lines the
 * corpus folder's furniture list names (`article.linePatterns`) are kept or dropped first.
 */
export function cleanArticle(
  article: Pick<Article, 'text' | 'title' | 'linePatterns'>,
  options: CleanOptions = {},
): CleanArticle {
  const { text } = article;
  const lines = splitLines(text);
  const furniture: Furniture[] = [];
  const paragraphs: Span[] = [];
  const contributors: string[] = [];
  const patterns = article.linePatterns;
  const withRules = options.rules === true;
  let byline: string | undefined;
  const title = normalize(article.title);
  /** After a "Read more:" header: its short lines are links. */
  let inRelated = false;
  /** After a line that ends with a colon, or a list item: short lines are the list's items. */
  let inList = false;
  /** Short lines in a row taken for headlines: three or more before a story paragraph are a list (fixtures, pros and cons). */
  let shortRun: Span[] = [];
  /** The title has been seen at the top: the line under it (a standfirst) must repeat it whole to be dropped. */
  let titleSeen = false;
  /** After a newsletter or sign-up prompt: its short tagline is part of the box. */
  let afterPrompt = false;
  const drop = (span: Span, kind: FurnitureKind, rule: string) =>
    furniture.push(withRules ? { ...span, kind, rule } : { ...span, kind });
  const commentsFrom = readerCommentsFrom(text, lines);

  for (let i = 0; i < lines.length; i++) {
    let span = lines[i]!;
    if (paragraphs.length === 0 && furniture.length === 0) {
      const marker = DATE_MARKER.exec(text.slice(span.start, span.end));
      if (marker) {
        drop({ start: span.start, end: span.start + marker[0].length }, 'date-marker', 'date-marker');
        span = trim(text, span.start + marker[0].length, span.end);
        if (span.end <= span.start) continue;
      }
    }
    const line = text.slice(span.start, span.end);
    if (i >= commentsFrom && !(patterns && matchPatterns(patterns, line)?.action === 'keep')) {
      drop(span, 'comments', 'reader-comments');
      continue;
    }
    if (patterns) {
      const listed = matchPatterns(patterns, line);
      if (listed?.action === 'keep') {
        paragraphs.push(span);
        continue;
      }
      if (listed) {
        drop(span, 'listed', `${listed.file}:${listed.line}`);
        continue;
      }
    }
    const facts = lineFacts(line);
    const top = paragraphs.length === 0;
    const verdict = classifyLine(line, facts);
    const wasPrompt = afterPrompt;
    afterPrompt = verdict?.kind === 'prompt' && SIGN_UP.test(line);
    if (verdict) {
      shortRun = [];
      if (verdict.kind === 'byline') byline ??= nameCase(BYLINE.exec(line)?.[1]);
      if (verdict.kind === 'credit') {
        const who = CONTRIBUTOR.exec(line)?.[1];
        if (who) contributors.push(who);
      }
      if (top && title !== '' && repeatsTitle(normalize(line), title, titleSeen)) titleSeen = true;
      const kind = top && verdict.kind === 'timestamp' ? 'dateline' : verdict.kind;
      drop(span, kind, verdict.rule);
      if (verdict.kind !== 'related') inRelated = false;
      continue;
    }
    if (wasPrompt && facts.words <= 12) {
      drop(span, 'prompt', 'prompt-box');
      // A box's heading ("Monthly") goes on to its next line; its tagline ends it.
      afterPrompt = !facts.sentence;
      shortRun = [];
      continue;
    }
    if (i >= lines.length - AUTHOR_LINES && facts.words <= 30 && AUTHOR_BIO.test(line)) {
      shortRun = [];
      drop(span, 'byline', 'author-bio');
      continue;
    }
    if (facts.words <= 4 && RELATED_HEADER.test(line)) {
      shortRun = [];
      drop(span, 'related', 'related-header');
      inRelated = true;
      continue;
    }
    if (inRelated && (!facts.sentence || facts.words <= MAX_RELATED_WORDS) && !LIST_ITEM.test(line)) {
      shortRun = [];
      drop(span, 'related', 'related-block');
      continue;
    }
    inRelated = false;
    if (top && title !== '' && facts.words <= MAX_HEADLINE_WORDS && repeatsTitle(normalize(line), title, titleSeen)) {
      titleSeen = true;
      shortRun = [];
      drop(span, 'headline', 'title-repeated');
      continue;
    }
    if (
      !top &&
      facts.words <= MAX_ATTRIBUTION_WORDS &&
      NAME_ALONE.test(line) &&
      i > 0 &&
      OPENS_QUOTE.test(text.slice(lines[i - 1]!.start, lines[i - 1]!.end))
    ) {
      shortRun = [];
      drop(span, 'pull-quote', 'name-under-quote');
      continue;
    }
    if (
      !top &&
      facts.sentence &&
      facts.words <= MAX_SUBHEAD_WORDS &&
      i + 1 < lines.length &&
      STOPPED_SUBHEAD.test(line) &&
      !SUBHEAD_VERB.test(line) &&
      !SPEAKER_TURN.test(line) &&
      !inList &&
      lineFacts(text.slice(lines[i - 1]!.start, lines[i - 1]!.end)).words >= MIN_PARAGRAPH_WORDS &&
      lineFacts(text.slice(lines[i + 1]!.start, lines[i + 1]!.end)).words >= MIN_PARAGRAPH_WORDS
    ) {
      shortRun = [];
      drop(span, 'headline', 'stopped-subhead');
      continue;
    }
    const headlineShaped =
      !facts.sentence &&
      facts.words <= MAX_HEADLINE_WORDS &&
      ALNUM.test(line) &&
      !(
        facts.words > MAX_LONE_HEADLINE_WORDS &&
        !top &&
        FINITE_VERB.test(line) &&
        !repeatsTitle(normalize(line), title, false)
      );
    // Only a short line without a full stop is asked whether it is a list item, a turn or a fragment.
    const listed =
      headlineShaped && (LIST_ITEM.test(line) || SPEAKER_TURN.test(line) || FIXTURE.test(line) || FRAGMENT.test(line));
    if (headlineShaped && !listed && !inList) {
      // A repeat of the headline after the story marks the end of it: what follows is a
      // pull quote, a reader's comment or another story's teaser.
      const repeated = !top && (normalize(line) === title || echoesStory(text, lines, i, paragraphs));
      if (repeated) {
        for (let j = i; j < lines.length; j++)
          drop(
            lines[j]!,
            'trailing',
            normalize(line) === title ? 'headline-repeated-after-story' : 'teaser-after-story',
          );
        break;
      }
      if (SHORT_CAPTION.test(line)) drop(span, 'caption', 'short-caption');
      else drop(span, 'headline', 'short-line');
      shortRun.push(span);
      continue;
    }
    if (shortRun.length >= MIN_LIST_RUN && !top) {
      // The run's lines are the last furniture dropped: they are story after all.
      furniture.splice(furniture.length - shortRun.length);
      paragraphs.push(...shortRun);
    }
    shortRun = [];
    paragraphs.push(span);
    inList = line.endsWith(':') || (inList && (listed || !facts.sentence)) || (!facts.sentence && LIST_ITEM.test(line));
  }
  return { paragraphs, furniture, byline, contributors };
}

/** A line's text before its first double quote mark: the words that are not a quotation. */
function unquoted(line: string): string {
  const q = line.search(/["“”]/);
  return q < 0 ? line : line.slice(0, q);
}

/**
 * Where a block of readers' comments at the end of an article starts (an index into
 * `lines`), or `lines.length` if there is none. A comment speaks in the first person or
 * to the reader and reports no one; a news report's paragraphs, outside their quotes, do
 * the opposite. The block is the paragraphs after the last one that reports someone (or
 * opens a quote), from its first that speaks in the first person on; it counts when it is
 * MIN_COMMENTS paragraphs or more, most of them personal, after a story of three
 * paragraphs or more that mostly is not. A transcript or an interview (speakers' turns)
 * is never comments.
 */
function readerCommentsFrom(text: string, lines: Span[]): number {
  const at = (k: number) => text.slice(lines[k]!.start, lines[k]!.end);
  const personal = (line: string, re: RegExp) => !OPENS_QUOTE.test(line) && re.test(unquoted(line));
  let k = lines.length;
  while (k > 0) {
    const line = at(k - 1);
    const before = unquoted(line);
    if (OPENS_QUOTE.test(line) || (REPORTED.test(before) && !PERSONAL.test(before))) break;
    k--;
  }
  while (k < lines.length && !personal(at(k), FIRST_PERSON)) k++;
  const n = lines.length - k;
  if (n < MIN_COMMENTS || k < 3) return lines.length;
  let mine = 0;
  let first = 0;
  for (let j = k; j < lines.length; j++) {
    const line = at(j);
    if (SPEAKER_TURN.test(line.replace(/^["“]/, ''))) return lines.length;
    if (personal(line, PERSONAL)) mine++;
    if (personal(line, FIRST_PERSON)) first++;
  }
  if (mine * 5 < n * 3 || first * 2 < n) return lines.length;
  let story = 0;
  for (let j = 0; j < k; j++) if (personal(at(j), PERSONAL)) story++;
  return story * 4 > k ? lines.length : k;
}

/** The first pattern of the corpus folder's furniture list that matches `line`: keep patterns first. */
function matchPatterns(patterns: readonly LinePattern[], line: string): LinePattern | undefined {
  let drop: LinePattern | undefined;
  let lower: string | undefined;
  for (const p of patterns) {
    if (p.action === 'drop' && drop) continue;
    const hit = typeof p.match === 'string' ? (lower ??= line.toLowerCase()).startsWith(p.match) : p.match.test(line);
    if (!hit) continue;
    if (p.action === 'keep') return p;
    drop = p;
  }
  return drop;
}

/**
 * Whether a line at the top (normalised) is the article's title (normalised): the same, or
 * four words or more that the title holds whole ("Campaign for Trump says he'll recast
 * image;" under a title that goes on after the semicolon), or the title and more. Only the
 * first such line: the deck under it, often the title's second half, is story.
 */
function repeatsTitle(line: string, title: string, seen: boolean): boolean {
  if (line === title) return true;
  if (seen || line.split(' ').length < 4) return false;
  return ` ${title} `.includes(` ${line} `) || line.startsWith(`${title} `);
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

/** Lowercase letters and digits only, single-spaced: for comparing headlines and repeats. */
export function normalize(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * How many lines cleaning set aside as furniture: every furniture entry but a leading
 * "date …" marker (which is part of a line, not one).
 */
export function linesSetAside(cleaned: Iterable<CleanArticle>): number {
  let n = 0;
  for (const c of cleaned) for (const f of c.furniture) if (f.kind !== 'date-marker') n++;
  return n;
}
