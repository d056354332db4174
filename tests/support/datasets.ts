// Reading the datasets (see shared.ts) from tests and the benchmark.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { IndexedPassage } from '../../src/search/index.ts';
import { DATASETS } from './shared.ts';

/**
 * Paragraphs of BBC articles (the first 150 of business and of politics, where "said" and
 * "year" are in a large share of the passages) as passages to index; every seventh gets a
 * speaker, so all three fields count.
 */
export async function bbcPassages(): Promise<IndexedPassage[]> {
  const docs: IndexedPassage[] = [];
  for (const category of ['business', 'politics']) {
    const folder = path.join(DATASETS, 'bbc', category);
    for (const name of (await readdir(folder)).sort().slice(0, 150)) {
      const [title = '', ...body] = (await readFile(path.join(folder, name), 'latin1')).split('\n');
      for (const text of body
        .join('\n')
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)) {
        const caps = text.match(/\b[A-Z][a-z]{3,}\b/);
        docs.push({ id: docs.length, text, title, speakers: docs.length % 7 === 0 && caps ? caps[0] : '' });
      }
    }
  }
  return docs;
}

/** Rows of a CSV file of the datasets (RFC 4180: quoted fields may hold commas, newlines and doubled quotes). */
export function parseCsv(text: string): string[][] {
  return parse(text, { relaxQuotes: false }) as string[][];
}
