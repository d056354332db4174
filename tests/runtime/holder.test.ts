import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCorpus } from '../../src/corpus/open.ts';
import { buildInWorker } from '../../src/runtime/build-worker.ts';
import { EngineHolder, buildInThread, describeReload, type EngineBuilder } from '../../src/runtime/holder.ts';
import { markdownArticle, tempCorpus } from '../support/corpus.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

describe.each([
  ['in this thread', buildInThread],
  ['in a worker', buildInWorker],
] as Array<[string, EngineBuilder]>)('EngineHolder building %s', (_name, builder) => {
  async function setUp() {
    const { dir, cleanup } = await tempCorpus({
      'a.md': markdownArticle({ id: 'a' }, 'The zoning board met about the stadium.\n'),
      'b.md': markdownArticle({ id: 'b' }, 'The library opened on Monday.\n'),
    });
    cleanups.push(cleanup);
    const { engine } = await openCorpus(dir, { log: () => undefined, cache: false });
    return { dir, holder: new EngineHolder(engine, dir, builder) };
  }

  it('swaps in the new corpus and says what changed', async () => {
    const { dir, holder } = await setUp();
    await writeFile(path.join(dir, 'c.md'), markdownArticle({ id: 'c' }, 'The arena vote is on Tuesday.\n'));
    await writeFile(path.join(dir, 'b.md'), markdownArticle({ id: 'b' }, 'The library closed on Monday.\n'));
    await rm(path.join(dir, 'a.md'));
    const before = holder.engine;
    const r = await holder.reload();
    expect(r).toMatchObject({ ok: true, added: ['c'], removed: ['a'], changed: ['b'], articles: 2 });
    expect(holder.engine).not.toBe(before);
    expect(holder.engine.search('arena')[0]!.passage.articleId).toBe('c');
    expect(holder.engine.search('stadium')).toEqual([]);
    expect(holder.engine.events.map((e) => e.date.value)).toContain('2019-12-30');
    expect(describeReload(r)).toMatch(/^Reloaded 2 articles .*\nAdded \(1\): c\nRemoved \(1\): a\nChanged \(1\): b$/s);
  });

  it('keeps the corpus it had when a file is broken, naming the file', async () => {
    const { dir, holder } = await setUp();
    const before = holder.engine;
    await writeFile(path.join(dir, 'c.md'), markdownArticle({ id: 'c', published: '2019-02-30' }));
    const r = await holder.reload();
    expect(r.ok).toBe(false);
    expect(holder.engine).toBe(before);
    expect(holder.engine.search('stadium')).toHaveLength(1);
    expect(describeReload(r)).toContain('- c.md: published "2019-02-30" is not a date (expected YYYY-MM-DD)');
    expect(describeReload(r)).toContain('keeps answering from the 2 articles it had');
  });
});

describe('EngineHolder', () => {
  it('runs reloads one after another, never two at once', async () => {
    let running = 0;
    let most = 0;
    const slow: EngineBuilder = async (dir) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 30));
      running--;
      return buildInThread(dir);
    };
    const { dir, cleanup } = await tempCorpus({ 'a.md': markdownArticle() });
    cleanups.push(cleanup);
    const holder = new EngineHolder((await openCorpus(dir, { log: () => undefined, cache: false })).engine, dir, slow);
    const results = await Promise.all([holder.reload(), holder.reload(), holder.reload()]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(most).toBe(1);
  });
});
