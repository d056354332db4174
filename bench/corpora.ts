// The benchmark corpora: real news from the datasets (tests/support/shared.ts) turned into the project's own
// corpus format (JSON Lines) in a temp folder, so that every figure goes through the
// project's loader. Nothing is copied into the project.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleInput } from '../src/corpus/schema.ts';
import { sentences } from '../src/text/sentences.ts';
import { parseCsv } from '../tests/support/datasets.ts';
import { DATASETS } from '../tests/support/shared.ts';

export { DATASETS };

/** BBC's files carry no date or URL: every BBC article gets this date and a made-up URL. */
export const BBC_PUBLISHED = '2005-01-01';
/** How many copies the large corpus holds. */
export const COPIES = 10;

export interface BenchCorpus {
  name: string;
  /** The corpus folder (one `corpus.jsonl`), for `loadCorpus` / `openCorpus`. */
  dir: string;
  articles: number;
  /** Characters of article text, in millions (the "MB of article text" figures divide by this). */
  textMB: number;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('latin1');

/** UTF-8, or Latin-1 for the odd file that is not (BBC's sport/199.txt). */
async function readText(file: string, latin1: string[]): Promise<string> {
  const bytes = await readFile(file);
  try {
    return UTF8.decode(bytes);
  } catch {
    latin1.push(path.relative(DATASETS, file));
    return LATIN1.decode(bytes);
  }
}

const sorted = async (dir: string) => (await readdir(dir)).sort();

export async function bbc(latin1: string[]): Promise<ArticleInput[]> {
  const root = path.join(DATASETS, 'bbc');
  const out: ArticleInput[] = [];
  for (const category of await sorted(root)) {
    const folder = path.join(root, category);
    if (!(await readdir(folder).catch(() => null))) continue; // README.TXT
    for (const name of await sorted(folder)) {
      if (!name.endsWith('.txt')) continue;
      const raw = await readText(path.join(folder, name), latin1);
      const [title = '', ...rest] = raw.replace(/\r\n?/g, '\n').split('\n');
      const n = name.replace(/\.txt$/, '');
      out.push({
        id: `bbc-${category}-${n}`,
        title: title.trim(),
        outlet: 'BBC News',
        published: BBC_PUBLISHED,
        url: `https://www.bbc.co.uk/news/${category}/${n}`,
        text: rest.join('\n').trim(),
      });
    }
  }
  return out;
}

const PUBLISHERS: Record<string, string> = {
  breitbart: 'Breitbart',
  'huff-post': 'HuffPost',
  nyt: 'The New York Times',
  politico: 'Politico',
  'usa-today': 'USA Today',
  'wash-post': 'The Washington Post',
  'west-journal': 'Western Journalism',
};

/** PolNeAR's texts (all three splits: speed only, no quote scoring) with metadata.tsv. */
export async function polnear(): Promise<ArticleInput[]> {
  const root = path.join(DATASETS, 'polnear');
  const meta = new Map<string, Record<string, string>>();
  const [header, ...rows] = (await readFile(path.join(root, 'metadata.tsv'), 'utf8')).trimEnd().split('\n');
  const columns = header!.split('\t');
  for (const row of rows) {
    const cells = row.split('\t');
    meta.set(cells[columns.indexOf('filename')]!, Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
  }
  const out: ArticleInput[] = [];
  for (const split of ['train', 'dev', 'test']) {
    const folder = path.join(root, split, 'text');
    for (const name of await sorted(folder)) {
      const key = name.replace(/\.txt$/, '');
      const m = meta.get(key);
      if (!m) throw new Error(`bench: polnear ${split}/text/${name} has no metadata.tsv row`);
      const author = m.author && m.author !== 'None' ? m.author : undefined;
      out.push({
        id: `polnear-${key}`.slice(0, 100),
        title: m.title!,
        outlet: PUBLISHERS[m.publisher!] ?? m.publisher!,
        ...(author && { author }),
        published: m.publication_date!,
        // PolNeAR gives no URLs.
        url: `https://polnear.example.org/${m.publisher}/${key}`,
        text: await readFile(path.join(folder, name), 'utf8'),
      });
    }
  }
  return out;
}

export async function wikinews(): Promise<ArticleInput[]> {
  const out: ArticleInput[] = [];
  for (const year of ['2019', '2020']) {
    const [header, ...rows] = parseCsv(await readFile(path.join(DATASETS, 'wikinews', `wikinews_${year}.csv`), 'utf8'));
    const col = (name: string) => header!.indexOf(name);
    rows.forEach((r, i) => {
      if (r.length < header!.length) return; // a trailing blank line
      out.push({
        id: `wikinews-${year}-${i + 1}`,
        title: r[col('title')]!,
        outlet: 'Wikinews',
        published: r[col('date')]!,
        url: r[col('url')]!,
        text: r[col('text')]!,
      });
    });
  }
  return out;
}

export interface Datasets {
  articles: ArticleInput[];
  /** Files decoded as Latin-1 rather than UTF-8. */
  latin1: string[];
}

export async function readDatasets(): Promise<Datasets> {
  const latin1: string[] = [];
  return { articles: [...(await bbc(latin1)), ...(await polnear()), ...(await wikinews())], latin1 };
}

/** Marks for copies 1..9: not letters, digits or white space, so they add no index term and survive dedup. */
const MARKS = ['', '†', '‡', '§', '¶', '※', '⁂', '⁑', '◊', '∴'];

/**
 * The copies of an article's text, each distinct from the others in every sentence. A
 * literal copy would make each passage a duplicate that the engine indexes once, and the
 * "10x" corpus would be the 1x index with more ids. So copy k (1..9) puts " <mark k>"
 * before each sentence's final punctuation (found with the engine's own sentence
 * splitter): every passage (whole sentences) differs, while sentence and paragraph
 * boundaries, quote marks and the words indexed stay as they were. Copy 0 is the text.
 */
export function textCopies(text: string, count: number): string[] {
  const cuts: number[] = [];
  for (const s of sentences(text)) {
    let at = s.end;
    while (at > s.start && /[.!?"'\u201D\u2019)\]]/.test(text[at - 1]!)) at--;
    cuts.push(at);
  }
  return Array.from({ length: count }, (_, k) => {
    if (k === 0) return text;
    const mark = ` ${MARKS[k]}`;
    let out = '';
    let from = 0;
    for (const at of cuts) {
      out += text.slice(from, at) + mark;
      from = at;
    }
    return out + text.slice(from);
  });
}

async function writeCorpus(dir: string, articles: ArticleInput[]): Promise<number> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'corpus.jsonl'), articles.map((a) => JSON.stringify(a)).join('\n') + '\n');
  return articles.reduce((n, a) => n + a.text.length, 0) / 1e6;
}

/** Writes the 1x corpus and the ten-copy corpus (ids `c<k>-<id>`) under `root`. */
export async function writeBenchCorpora(root: string, data: Datasets): Promise<{ x1: BenchCorpus; x10: BenchCorpus }> {
  const x1Dir = path.join(root, 'x1');
  const x10Dir = path.join(root, 'x10');
  const x1MB = await writeCorpus(x1Dir, data.articles);
  const texts = data.articles.map((a) => textCopies(a.text, COPIES));
  const copies = Array.from({ length: COPIES }, (_, k) =>
    data.articles.map((a, i) => ({ ...a, id: `c${k}-${a.id}`.slice(0, 100), text: texts[i]![k]! })),
  ).flat();
  const x10MB = await writeCorpus(x10Dir, copies);
  return {
    x1: { name: '1x', dir: x1Dir, articles: data.articles.length, textMB: x1MB },
    x10: { name: '10x', dir: x10Dir, articles: copies.length, textMB: x10MB },
  };
}
