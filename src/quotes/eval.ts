/**
 * Scoring the quote extractor against PolNeAR (Newell, Margolin and Ruths, LREC 2018),
 * whose articles have every attribution annotated by hand as BRAT standoff: `Source`,
 * `Cue` and `Content` spans, linked by `E` lines.
 *
 * What counts as a gold direct quote: a `Content` span that is, or is wholly inside,
 * quotation marks (each piece of a discontinuous span on its own, since a quote broken by
 * its attribution, `“A,” he said, “B.”`, is two quotes to a reader). Quoted words inside a
 * `Content` span that is only partly quoted (`Morris says the candidate has “always run a
 * lean campaign”`) are not gold, and a prediction that falls on them is neither right nor
 * wrong: it is left out of precision (see `ignored`), because PolNeAR's annotation does
 * mark them as that source's words but not as a direct quote.
 *
 * A prediction matches a gold quote when they overlap by at least half of the gold span.
 * A gold quote is found when some prediction matches it; a prediction is right when it
 * matches some gold quote (one prediction may cover a multi-paragraph quote that PolNeAR
 * splits into several spans).
 *
 * The scoring functions are pure; `evaluateQuotes` and `loadPolnear` read the files.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Article, Span } from '../corpus/types.ts';
import { extractQuotes } from './extract.ts';
import { fold, surname } from './names.ts';
import type { Quote } from './types.ts';

export type Split = 'train' | 'dev' | 'test';

export interface GoldQuote extends Span {
  /** The `Source` mention as written, or undefined when the annotation has none. */
  source?: string | undefined;
}

export interface GoldArticle {
  article: Article;
  paragraphs: Span[];
  gold: GoldQuote[];
  /** Every stretch inside quotation marks, marks included. */
  quoted: Span[];
  /** Quoted stretches inside partly quoted Content spans: predictions here are not scored. */
  ignored: Span[];
  /** The annotation file used. */
  annotation: string;
}

export interface QuoteScores {
  precision: number;
  recall: number;
  f1: number;
  /** Over matched pairs whose gold quote has a Source. */
  speakerAccuracy: number;
  gold: number;
  predicted: number;
}

export interface ArticleScore {
  gold: number;
  found: number;
  predicted: number;
  correct: number;
  speakerPairs: number;
  speakerRight: number;
  /** For error analysis. */
  missed: GoldQuote[];
  spurious: Quote[];
  wrongSpeaker: { gold: GoldQuote; predicted: Quote }[];
}

interface BratSpan {
  type: string;
  segments: Span[];
}

/**
 * Parses BRAT standoff text into Content spans with their Source mentions. Offsets are
 * converted from code points (BRAT counts Python characters) to UTF-16 with `toUtf16`.
 */
export function parseBrat(ann: string, text: string): { content: Span[]; source?: string | undefined }[] {
  const toUtf16 = codePointToUtf16(text);
  const spans = new Map<string, BratSpan>();
  const events: Record<string, string>[] = [];
  for (const line of ann.split('\n')) {
    const t = /^(T\d+)\t(\S+) ([\d; ]+)\t/.exec(line);
    if (t) {
      const segments = t[3]!.split(';').map((seg) => {
        const [a, b] = seg.trim().split(/\s+/).map(Number);
        return { start: toUtf16(a!), end: toUtf16(b!) };
      });
      spans.set(t[1]!, { type: t[2]!, segments });
      continue;
    }
    const e = /^E\d+\t(.*)$/.exec(line);
    if (e) {
      const roles: Record<string, string> = {};
      for (const part of e[1]!.trim().split(/\s+/)) {
        const [role, id] = part.split(':');
        if (role && id) roles[role.replace(/(?<!\d)\d+$/, '')] = id;
      }
      events.push(roles);
    }
  }
  const out: { content: Span[]; source?: string | undefined }[] = [];
  for (const ev of events) {
    const c = ev.Content ? spans.get(ev.Content) : undefined;
    if (!c || c.type !== 'Content') continue;
    const s = ev.Source ? spans.get(ev.Source) : undefined;
    const source = s ? s.segments.map((g) => text.slice(g.start, g.end)).join(' ') : undefined;
    out.push({ content: c.segments, source });
  }
  return out;
}

/** Maps a code-point index to a UTF-16 index (identity when the text has no astral characters). */
export function codePointToUtf16(text: string): (cp: number) => number {
  if (!/[\uD800-\uDBFF]/.test(text)) return (cp) => cp;
  const map: number[] = [];
  let u = 0;
  for (const ch of text) {
    map.push(u);
    u += ch.length;
  }
  map.push(u);
  return (cp) => map[cp] ?? text.length;
}

/** Non-empty lines, as offsets. */
export function lineParagraphs(text: string): Span[] {
  const out: Span[] = [];
  let pos = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) out.push({ start: pos, end: pos + line.length });
    pos += line.length + 1;
  }
  return out;
}

/**
 * Quoted stretches, marks included, found simply and independently of the extractor:
 * curly marks pair up, straight ones alternate, and a quote left open runs to its
 * paragraph's end.
 */
export function quotedStretches(text: string, paragraphs: Span[]): Span[] {
  const out: Span[] = [];
  for (const p of paragraphs) {
    let open = -1;
    for (let i = p.start; i < p.end; i++) {
      const ch = text[i];
      if (ch === '\u201C' && open < 0) open = i;
      else if (ch === '\u201D' && open >= 0) {
        out.push({ start: open, end: i + 1 });
        open = -1;
      } else if (ch === '"') {
        if (open < 0) open = i;
        else {
          out.push({ start: open, end: i + 1 });
          open = -1;
        }
      }
    }
    if (open >= 0) out.push({ start: open, end: p.end });
  }
  return out;
}

/** The gold direct quotes and the partly quoted stretches of one annotated article. */
export function goldQuotes(
  text: string,
  ann: string,
  paragraphs: Span[] = lineParagraphs(text),
): { gold: GoldQuote[]; ignored: Span[]; quoted: Span[] } {
  const stretches = quotedStretches(text, paragraphs);
  const inside = (i: number): boolean => stretches.some((s) => s.start <= i && i < s.end);
  const gold: GoldQuote[] = [];
  const ignored: Span[] = [];
  for (const { content, source } of parseBrat(ann, text)) {
    for (const seg of content) {
      let quoted = 0;
      let words = 0;
      for (let i = seg.start; i < seg.end; i++) {
        if (!/[\p{L}\p{N}]/u.test(text[i]!)) continue;
        words++;
        if (inside(i)) quoted++;
      }
      if (words === 0) continue;
      if (quoted === words) {
        // One quote may be the Content of several attributions (two annotated cues): count it once.
        const span = stripMarks(text, seg);
        const dup = gold.find((g) => g.start === span.start && g.end === span.end);
        if (!dup) gold.push({ ...span, source });
        else if (dup.source === undefined) dup.source = source;
      } else if (quoted > 0) {
        for (const s of stretches) {
          if (s.start < seg.end && s.end > seg.start)
            ignored.push({ start: Math.max(s.start, seg.start), end: Math.min(s.end, seg.end) });
        }
      }
    }
  }
  return { gold, ignored, quoted: stretches };
}

function stripMarks(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /[\s"\u201C\u201D,]/.test(text[start]!)) start++;
  while (end > start && /[\s"\u201C\u201D,]/.test(text[end - 1]!)) end--;
  return { start, end };
}

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/**
 * Whether a predicted speaker names the gold Source: the same mention, or the same head
 * word (the surname) either way. Only heads count, so "Trump" is not "Trump's campaign
 * manager Corey Lewandowski", "Hillary Clinton" is not "the Clinton campaign" and
 * "Judicial" is not "Judicial Watch President Tom Fitton". A Source span may hold several
 * phrases for one speaker ("Clinton's campaign chairman, John Podesta", "Stu Rothenberg of
 * the Rothenberg Political Report", "Sen. Chuck Schumer (D-N.Y.)"): each phrase's head counts.
 */
export function sameSpeaker(goldSource: string, predicted: { name: string; mention: string }): boolean {
  const norm = (s: string): string =>
    fold(s)
      .replace(/\([^)]*\)/g, ' ')
      .replace(/['\u2019]s\b/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const heads = (s: string): string[] =>
    norm(s)
      .split(/[,"\u201C\u201D]|\s(?:of|who|from|at|for|to|and|with)\s/)
      .map((piece) =>
        piece
          .split(/[^\p{L}\p{N}]+/u)
          .filter(Boolean)
          .pop(),
      )
      .filter((w): w is string => w !== undefined);
  if ([predicted.mention, predicted.name].some((c) => norm(c) === norm(goldSource))) return true;
  const predictedHeads = [norm(surname(predicted.name)), heads(predicted.mention)[0]];
  return heads(goldSource).some((h) => predictedHeads.includes(h));
}

/**
 * Scores one article's direct-quote predictions (paraphrases are ignored).
 *
 * With `quoted` (the article's quoted stretches, from `goldQuotes`), a prediction more than
 * half of which lies outside quotation marks is wrong even where it covers a gold quote:
 * it would show the reporter's words as the speaker's (marks misread across paragraphs).
 */
export function scoreArticle(
  gold: GoldQuote[],
  predictions: Quote[],
  ignored: Span[] = [],
  quoted?: Span[],
): ArticleScore {
  const sound = (q: Quote): boolean => !quoted || quoted.reduce((n, s) => n + overlap(s, q), 0) * 2 >= q.end - q.start;
  const all = predictions.filter((q) => q.kind === 'direct');
  const direct = all.filter(sound);
  const matches = (g: GoldQuote, q: Quote): number => {
    const o = overlap(g, q);
    return o > 0 && o * 2 >= g.end - g.start ? o : 0;
  };
  const score: ArticleScore = {
    gold: gold.length,
    found: 0,
    predicted: 0,
    correct: 0,
    speakerPairs: 0,
    speakerRight: 0,
    missed: [],
    spurious: [],
    wrongSpeaker: [],
  };
  for (const g of gold) {
    let best: Quote | undefined;
    let bestO = 0;
    for (const q of direct) {
      const o = matches(g, q);
      if (o > bestO) {
        best = q;
        bestO = o;
      }
    }
    if (!best) {
      score.missed.push(g);
      continue;
    }
    score.found++;
    if (g.source !== undefined) {
      score.speakerPairs++;
      if (sameSpeaker(g.source, best.speaker)) score.speakerRight++;
      else score.wrongSpeaker.push({ gold: g, predicted: best });
    }
  }
  for (const q of all) {
    if (direct.includes(q) && gold.some((g) => matches(g, q) > 0)) {
      score.predicted++;
      score.correct++;
      continue;
    }
    const ign = ignored.reduce((n, s) => n + overlap(s, q), 0);
    if (ign * 2 >= q.end - q.start) continue; // on a partly quoted Content span: not scored
    score.predicted++;
    score.spurious.push(q);
  }
  return score;
}

/** Sums article scores into precision, recall, F1 and speaker accuracy. */
export function summarise(scores: ArticleScore[]): QuoteScores {
  const sum = (k: 'gold' | 'found' | 'predicted' | 'correct' | 'speakerPairs' | 'speakerRight'): number =>
    scores.reduce((n, s) => n + s[k], 0);
  const precision = ratio(sum('correct'), sum('predicted'));
  const recall = ratio(sum('found'), sum('gold'));
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    precision,
    recall,
    f1,
    speakerAccuracy: ratio(sum('speakerRight'), sum('speakerPairs')),
    gold: sum('gold'),
    predicted: sum('predicted'),
  };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/**
 * Reads one PolNeAR split: each `text/*.txt` with the first (by name) of its annotators'
 * `attributions/<name>_<annotator>.ann` files. Articles without an annotation are skipped.
 */
export async function loadPolnear(polnearDir: string, split: Split): Promise<GoldArticle[]> {
  const textDir = join(polnearDir, split, 'text');
  const annDir = join(polnearDir, split, 'attributions');
  const [texts, anns] = await Promise.all([readdir(textDir), readdir(annDir)]);
  const annsByStem = new Map<string, string[]>();
  for (const f of anns.filter((a) => a.endsWith('.ann')).sort()) {
    const stem = f.replace(/_[^_]+\.ann$/, '');
    annsByStem.set(stem, [...(annsByStem.get(stem) ?? []), f]);
  }
  const authors = await readAuthors(join(polnearDir, 'metadata.tsv'));
  const out: GoldArticle[] = [];
  for (const f of texts.filter((t) => t.endsWith('.txt')).sort()) {
    const stem = f.slice(0, -4);
    const annFile = annsByStem.get(stem)?.[0];
    if (!annFile) continue;
    const [text, ann] = await Promise.all([
      readFile(join(textDir, f), 'utf8'),
      readFile(join(annDir, annFile), 'utf8'),
    ]);
    const paragraphs = lineParagraphs(text);
    const { gold, ignored, quoted } = goldQuotes(text, ann, paragraphs);
    const article: Article = {
      id: stem,
      title: stem,
      outlet: stem.split('_')[0] ?? '',
      published: stem.split('_')[1] ?? '',
      url: '',
      text,
      file: f,
      author: authors.get(stem),
    };
    out.push({ article, paragraphs, gold, quoted, ignored, annotation: annFile });
  }
  return out;
}

/** `filename → author` from PolNeAR's metadata.tsv; empty when the file is missing. */
async function readAuthors(path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let tsv: string;
  try {
    tsv = await readFile(path, 'utf8');
  } catch {
    return out;
  }
  const [header, ...rows] = tsv.split('\n');
  const cols = (header ?? '').split('\t');
  const fi = cols.indexOf('filename');
  const ai = cols.indexOf('author');
  if (fi < 0 || ai < 0) return out;
  for (const row of rows) {
    const cells = row.split('\t');
    const author = cells[ai]?.trim();
    if (cells[fi] && author && author !== 'None') out.set(cells[fi]!, author);
  }
  return out;
}

/**
 * Runs the extractor over a PolNeAR split and scores its direct quotes.
 *
 * @example await evaluateQuotes({ polnearDir: 'datasets/polnear', split: 'dev' })
 */
export async function evaluateQuotes({
  polnearDir,
  split,
}: {
  polnearDir: string;
  split: Split;
}): Promise<QuoteScores> {
  const articles = await loadPolnear(polnearDir, split);
  if (articles.length === 0) throw new Error(`quotes: no annotated articles in ${join(polnearDir, split)}`);
  return summarise(
    articles.map((a) => scoreArticle(a.gold, extractQuotes(a.article, a.paragraphs), a.ignored, a.quoted)),
  );
}
