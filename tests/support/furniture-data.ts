// The real documents the furniture fixture (tests/fixtures/furniture/) labels lines of, read
// from the datasets (shared.ts) as a corpus would hold them: a title and a body whose line
// numbers match the fixture's references. Only tests that carry NEEDS_SHARED call these.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Article } from '../../src/corpus/types.ts';
import { parseCsv } from './datasets.ts';
import { htmlLines } from './html-text.ts';
import { DATASETS } from './shared.ts';

export type FurnitureSource = 'wikinews' | 'bbc' | 'polnear' | 'news-pages';
export const FURNITURE_SOURCES: FurnitureSource[] = ['wikinews', 'bbc', 'polnear', 'news-pages'];

/**
 * One document: `lines[k - 1]` is line k as the fixture numbers it (blank lines included),
 * and `text` is those lines joined with "\n", the body the cleaner is given.
 */
export interface SourceDoc {
  source: FurnitureSource;
  /** The dataset file, relative to the datasets folder (`bbc/business/001.txt`). */
  file: string;
  /** For a CSV, the 1-based data row (the header is row 0); otherwise absent. */
  row?: number | undefined;
  title: string;
  lines: string[];
  text: string;
}

/** `wikinews/wikinews_2019.csv#12`, `bbc/business/001.txt`: a document's reference. */
export function docRef(d: Pick<SourceDoc, 'file' | 'row'>): string {
  return d.row === undefined ? d.file : `${d.file}#${d.row}`;
}

const doc = (source: FurnitureSource, file: string, title: string, lines: string[], row?: number): SourceDoc => ({
  source,
  file,
  row,
  title,
  lines,
  text: lines.join('\n'),
});

const sorted = async (dir: string) => (await readdir(path.join(DATASETS, dir))).sort();

/** Wikinews: every CSV row's `text`, numbered from its first line. */
export async function wikinewsDocs(): Promise<SourceDoc[]> {
  const out: SourceDoc[] = [];
  for (const name of ['wikinews_2019.csv', 'wikinews_2020.csv']) {
    const file = `wikinews/${name}`;
    const [header, ...rows] = parseCsv(await readFile(path.join(DATASETS, file), 'utf8'));
    const col = (c: string) => header!.indexOf(c);
    rows.forEach((r, i) => {
      if (r.length < header!.length) return;
      out.push(doc('wikinews', file, r[col('title')]!, r[col('text')]!.split('\n'), i + 1));
    });
  }
  return out;
}

/**
 * BBC: line 1 of a file is its title, the body the rest; lines are numbered as in the file,
 * so the body's `lines[0]` (line 1) is the title line, left empty for the cleaner.
 */
export async function bbcDocs(): Promise<SourceDoc[]> {
  const out: SourceDoc[] = [];
  for (const category of await sorted('bbc')) {
    if (category.includes('.')) continue; // README.TXT
    for (const name of await sorted(`bbc/${category}`)) {
      const file = `bbc/${category}/${name}`;
      // One file (sport/199.txt) is Latin-1; the rest are ASCII or UTF-8 that Latin-1 reads byte for byte
      // only where they are ASCII, so UTF-8 is tried first.
      const bytes = await readFile(path.join(DATASETS, file));
      let raw: string;
      try {
        raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        raw = new TextDecoder('latin1').decode(bytes);
      }
      const lines = raw.replace(/\r\n?/g, '\n').split('\n');
      const title = lines[0]!.trim();
      out.push(doc('bbc', file, title, ['', ...lines.slice(1)]));
    }
  }
  return out;
}

/** PolNeAR's train and dev texts (test is held for the quote measurement), titled by metadata.tsv. */
export async function polnearDocs(): Promise<SourceDoc[]> {
  const [header, ...rows] = (await readFile(path.join(DATASETS, 'polnear', 'metadata.tsv'), 'utf8'))
    .trimEnd()
    .split('\n');
  const columns = header!.split('\t');
  const titles = new Map(
    rows.map((r) => r.split('\t')).map((c) => [c[columns.indexOf('filename')]!, c[columns.indexOf('title')]!]),
  );
  const out: SourceDoc[] = [];
  for (const split of ['train', 'dev']) {
    for (const name of await sorted(`polnear/${split}/text`)) {
      const file = `polnear/${split}/text/${name}`;
      const text = await readFile(path.join(DATASETS, file), 'utf8');
      out.push(doc('polnear', file, titles.get(name.replace(/\.txt$/, '')) ?? '', text.split('\n')));
    }
  }
  return out;
}

/** news-pages: the lines of what Readability extracted (`expected.html`, see html-text.ts), titled by its metadata. */
export async function newsPageDocs(): Promise<SourceDoc[]> {
  const out: SourceDoc[] = [];
  for (const page of await sorted('news-pages')) {
    if (page.includes('.')) continue; // LICENSE.md, README.md
    const file = `news-pages/${page}/expected.html`;
    const html = await readFile(path.join(DATASETS, file), 'utf8');
    const meta = JSON.parse(
      await readFile(path.join(DATASETS, 'news-pages', page, 'expected-metadata.json'), 'utf8'),
    ) as {
      title?: string;
    };
    out.push(doc('news-pages', file, meta.title ?? '', htmlLines(html)));
  }
  return out;
}

/** Every document of every source, by reference. */
export async function allSourceDocs(): Promise<Map<string, SourceDoc>> {
  const docs = [...(await wikinewsDocs()), ...(await bbcDocs()), ...(await polnearDocs()), ...(await newsPageDocs())];
  return new Map(docs.map((d) => [docRef(d), d]));
}

/** Documents as corpus articles (made-up ids, dates and URLs where the dataset has none), for building an engine. */
export function asArticles(docs: SourceDoc[]): Article[] {
  return docs.map((d, i) => ({
    id: `${d.source}-${i + 1}`,
    title: d.title || docRef(d),
    outlet: d.source,
    published: '2020-01-01',
    url: `https://example.org/${d.source}/${i + 1}`,
    text: d.text,
    file: docRef(d),
  }));
}
