// buildEngine (extraction in worker threads, indexing here) must build exactly what
// Engine.build does in one thread: every saved part equal, the index byte for byte.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/types.ts';
import { buildEngine } from '../../src/engine/build.ts';
import { Engine } from '../../src/engine/engine.ts';
import { saveEngine } from '../../src/engine/saved.ts';
import { parseCsv } from '../support/datasets.ts';
import { DATASETS, NEEDS_SHARED } from '../support/shared.ts';

/** BBC politics and a slice of Wikinews, with one BBC story repeated under another id (its passages are merged). */
async function realArticles(): Promise<Article[]> {
  const out: Article[] = [];
  const folder = path.join(DATASETS, 'bbc', 'politics');
  for (const name of (await readdir(folder)).sort().slice(0, 150)) {
    const [title = '', ...body] = (await readFile(path.join(folder, name), 'latin1')).split('\n');
    out.push({
      id: `bbc-${name}`,
      title,
      outlet: 'BBC News',
      published: '2005-01-01',
      url: `https://bbc.co.uk/${name}`,
      text: body.join('\n').trim(),
      file: name,
    });
  }
  const [header, ...rows] = parseCsv(await readFile(path.join(DATASETS, 'wikinews', 'wikinews_2020.csv'), 'utf8'));
  const col = (n: string) => header!.indexOf(n);
  rows
    .filter((r) => r.length === header!.length)
    .slice(0, 150)
    .forEach((r, i) =>
      out.push({
        id: `wn-${i}`,
        title: r[col('title')]!,
        outlet: 'Wikinews',
        published: r[col('date')]!,
        url: r[col('url')]!,
        text: r[col('text')]!,
        file: 'wikinews_2020.csv',
      }),
    );
  out.push({ ...out[3]!, id: 'bbc-again' });
  return out;
}

const saved = (e: Engine) => JSON.stringify(saveEngine(e, 'k'));

describe('buildEngine', NEEDS_SHARED, () => {
  let articles: Article[];
  let expected: string;
  beforeAll(async () => {
    articles = await realArticles();
    expected = saved(Engine.build(articles));
  });

  it('builds what Engine.build builds, with one worker and with two', async () => {
    for (const workers of [1, 2]) {
      const engine = await buildEngine(articles, { parallelFrom: 0, workers });
      expect(engine.passages.length).toBeGreaterThan(1_000);
      expect(engine.passages.some((p) => p.alsoIn.some((o) => o.articleId === 'bbc-again'))).toBe(true);
      // Compared whole: a difference anywhere (an offset, a posting) fails.
      expect(saved(engine) === expected, `workers: ${workers}`).toBe(true);
    }
  });

  it('builds the same with its defaults (workers for 301 articles), and nothing from nothing', async () => {
    expect(saved(await buildEngine(articles)) === expected).toBe(true);
    expect((await buildEngine([])).passages).toEqual([]);
  });

  it('builds the same when its workers cannot start: this thread does their share', async () => {
    const engine = await buildEngine(articles, {
      parallelFrom: 0,
      workers: 2,
      workerEntry: new URL('../support/failing-worker.ts', import.meta.url),
    });
    expect(saved(engine) === expected).toBe(true);
  });

  it('fails as Engine.build fails', async () => {
    const twice = [...articles.slice(0, 30), articles[0]!];
    expect(() => Engine.build(twice)).toThrow(/duplicate article id "bbc-001.txt"/);
    await expect(buildEngine(twice, { parallelFrom: 0 })).rejects.toThrow(/duplicate article id "bbc-001.txt"/);
  });
});
