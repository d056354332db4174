// Scoring the cleaner against the labelled lines of tests/fixtures/furniture/lines.jsonl
// (see its README): each labelled line is found in its document, the whole document is
// cleaned as the engine cleans an article, and the line's verdict (story, or furniture of
// a kind) is compared with the label.
import { readFileSync } from 'node:fs';
import { cleanArticle } from '../../src/text/clean.ts';
import { docRef, type FurnitureSource, type SourceDoc } from './furniture-data.ts';

export interface LabelledLine {
  source: FurnitureSource;
  file: string;
  row?: number;
  line: number;
  split: 'dev' | 'held-out';
  label: 'story' | 'furniture';
  kind?: string;
  text: string;
}

export const FIXTURE = new URL('../fixtures/furniture/lines.jsonl', import.meta.url);

export function labelledLines(): LabelledLine[] {
  return readFileSync(FIXTURE, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LabelledLine);
}

export interface Verdict {
  furniture: boolean;
  kind?: string | undefined;
  rule?: string | undefined;
}

/** The cleaner's verdict on every line of a document, by 1-based line number. */
export function verdicts(doc: SourceDoc): Map<number, Verdict> {
  const clean = cleanArticle({ text: doc.text, title: doc.title }, { rules: true });
  const at = new Map<number, Verdict>();
  const starts: number[] = [];
  let offset = 0;
  for (const l of doc.lines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  for (const p of clean.paragraphs) at.set(lineOf(p.start), { furniture: false });
  for (const f of clean.furniture)
    if (f.kind !== 'date-marker') at.set(lineOf(f.start), { furniture: true, kind: f.kind, rule: f.rule });
  return at;
}

export interface Score {
  lines: number;
  story: number;
  furniture: number;
  /** Furniture lines called furniture. */
  caught: number;
  /** Story lines called furniture: the costly mistake. */
  storyLost: number;
  precision: number;
  recall: number;
  /** storyLost / story. */
  loss: number;
}

export interface Outcome {
  line: LabelledLine;
  verdict: Verdict;
}

/** Every labelled line with the cleaner's verdict on it. */
export function judge(lines: LabelledLine[], docs: Map<string, SourceDoc>): Outcome[] {
  const cache = new Map<string, Map<number, Verdict>>();
  return lines.map((line) => {
    const ref = docRef(line);
    let v = cache.get(ref);
    if (!v) {
      const doc = docs.get(ref);
      if (!doc) throw new Error(`furniture fixture: no document ${ref}`);
      v = verdicts(doc);
      cache.set(ref, v);
    }
    const verdict = v.get(line.line);
    if (!verdict) throw new Error(`furniture fixture: ${ref}:${line.line} is not a line the cleaner saw`);
    return { line, verdict };
  });
}

export function score(outcomes: Outcome[]): Score {
  let story = 0;
  let furniture = 0;
  let caught = 0;
  let storyLost = 0;
  for (const { line, verdict } of outcomes) {
    if (line.label === 'furniture') {
      furniture++;
      if (verdict.furniture) caught++;
    } else {
      story++;
      if (verdict.furniture) storyLost++;
    }
  }
  const called = caught + storyLost;
  return {
    lines: outcomes.length,
    story,
    furniture,
    caught,
    storyLost,
    precision: called === 0 ? 1 : caught / called,
    recall: furniture === 0 ? 1 : caught / furniture,
    loss: story === 0 ? 0 : storyLost / story,
  };
}

const f3 = (x: number) => x.toFixed(3);

/** The figures as a table: one row per split and source, then each split's total and the kinds' recall. */
export function report(outcomes: Outcome[]): string {
  const rows: string[] = ['split     source      lines  story  furn.  precision  recall  story lost'];
  const row = (split: string, source: string, s: Score) =>
    `${split.padEnd(9)} ${source.padEnd(11)} ${String(s.lines).padStart(5)}  ${String(s.story).padStart(5)}  ${String(s.furniture).padStart(5)}  ${f3(s.precision).padStart(9)}  ${f3(s.recall).padStart(6)}  ${s.storyLost} (${(100 * s.loss).toFixed(2)}%)`;
  for (const split of ['dev', 'held-out', 'all'] as const) {
    const inSplit = outcomes.filter((o) => split === 'all' || o.line.split === split);
    for (const source of ['wikinews', 'bbc', 'polnear', 'news-pages'] as const)
      rows.push(row(split, source, score(inSplit.filter((o) => o.line.source === source))));
    rows.push(row(split, 'total', score(inSplit)));
  }
  const kinds = new Map<string, { n: number; caught: number }>();
  for (const o of outcomes) {
    if (o.line.label !== 'furniture') continue;
    const k = kinds.get(o.line.kind!) ?? { n: 0, caught: 0 };
    k.n++;
    if (o.verdict.furniture) k.caught++;
    kinds.set(o.line.kind!, k);
  }
  rows.push(
    '',
    'recall by labelled kind (all splits): ' +
      [...kinds]
        .sort()
        .map(([k, v]) => `${k} ${v.caught}/${v.n}`)
        .join(', '),
  );
  return rows.join('\n');
}
