import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCommandArgs } from './args.ts';
import { formatCorpusError, loadCorpus } from '../corpus/load.ts';
import { DEFAULT_CORPUS_DIR } from '../corpus/open.ts';
import type { Article } from '../corpus/types.ts';
import { cleanArticle } from '../text/clean.ts';

const USAGE = 'usage: coverage-bot furniture [--corpus DIR] [--json] [DIR]';

/** One line the cleaner set aside, where it is and why. */
export interface FurnitureLine {
  /** The corpus file, relative to the folder. */
  file: string;
  /** 1-based line in that file (a JSON Lines article's own line). */
  line: number;
  /** 1-based line within the article's text. */
  textLine: number;
  articleId: string;
  kind: string;
  /** The rule that decided: a built-in rule's name, or `furniture.txt:<line>` for the folder's own list. */
  rule: string;
  text: string;
}

/**
 * `coverage-bot furniture [--corpus DIR] [--json]`: every line of a corpus that cleaning
 * sets aside as page furniture, with its file and line, its kind and the rule that
 * decided, then a count by kind. With `--json`, one object: `{ "lines": [...], "counts":
 * { kind: n }, "total" }`. Exit 2 on bad arguments, 1 when the corpus has errors.
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    {
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, corpus: { type: 'string' } },
    },
    'coverage-bot furniture',
    USAGE,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    console.error(`coverage-bot furniture: give one corpus folder\n${USAGE}`);
    return 2;
  }
  const dir = positionals[0] ?? values.corpus ?? process.env.CORPUS_DIR ?? DEFAULT_CORPUS_DIR;
  const { articles, errors } = await loadCorpus(dir);
  for (const e of errors) console.error(`coverage-bot furniture: ${formatCorpusError(e)}`);
  const lines: FurnitureLine[] = [];
  const firstLines = new Map<string, number>();
  for (const article of articles) {
    const clean = cleanArticle(article, { rules: true });
    if (clean.furniture.length === 0) continue;
    const bodyLine = await firstBodyLine(dir, article, firstLines);
    let textLine = 1;
    let at = 0;
    for (const f of clean.furniture) {
      if (f.kind === 'date-marker') continue;
      for (; at < f.start; at++) if (article.text.charCodeAt(at) === 10) textLine++;
      lines.push({
        file: article.file,
        line: article.line ?? bodyLine + textLine - 1,
        textLine,
        articleId: article.id,
        kind: f.kind,
        rule: f.rule ?? f.kind,
        text: article.text.slice(f.start, f.end),
      });
    }
  }
  /** JSON Lines articles, whose text lines all sit on one file line. */
  const articleLine = new Map(articles.map((a) => [a.id, a.line !== undefined]));
  const counts: Record<string, number> = {};
  for (const l of lines) counts[l.kind] = (counts[l.kind] ?? 0) + 1;
  const sorted = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (values.json) {
    console.log(JSON.stringify({ lines, counts: Object.fromEntries(sorted), total: lines.length }, null, 2));
  } else {
    for (const l of lines) {
      const where = articleLine.get(l.articleId)
        ? `${l.file}:${l.line} (text line ${l.textLine})`
        : `${l.file}:${l.line}`;
      console.log(`${where}  ${l.kind}  ${l.rule}  ${clip(l.text)}`);
    }
    const byKind = sorted.map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(
      `${articles.length} article${articles.length === 1 ? '' : 's'}: ${lines.length} line${lines.length === 1 ? '' : 's'} set aside as furniture${byKind ? ` (${byKind})` : ''}`,
    );
  }
  return errors.length > 0 ? 1 : 0;
}

/** The file line a Markdown article's text starts on: the line after its front matter (1 for JSON Lines, unused). */
async function firstBodyLine(dir: string, article: Article, cache: Map<string, number>): Promise<number> {
  if (article.line !== undefined) return 1;
  const known = cache.get(article.file);
  if (known !== undefined) return known;
  let first = 1;
  try {
    const whole = (await readFile(path.join(dir, article.file), 'utf8')).replace(/^\uFEFF/, '');
    const head = whole.endsWith(article.text) ? whole.slice(0, whole.length - article.text.length) : '';
    for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 10) first++;
  } catch {
    // The file went away since it was read: report lines within the text.
  }
  cache.set(article.file, first);
  return first;
}

function clip(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}
