// Reading the shared datasets (../shared/datasets/) from tests and the benchmark.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { IndexedPassage } from '../../src/search/index.ts';
import { DATASETS } from './corpus.ts';

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
      for (const text of body.join('\n').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
        const caps = text.match(/\b[A-Z][a-z]{3,}\b/);
        docs.push({ id: docs.length, text, title, speakers: docs.length % 7 === 0 && caps ? caps[0] : '' });
      }
    }
  }
  return docs;
}

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}
