import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCorpusError, loadCorpus } from '../../src/corpus/load.ts';
import { BUILT_IN, markdownArticle, tempCorpus } from '../support/corpus.ts';
import { NEEDS_SHARED, SEEDS } from '../support/shared.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
async function load(files: Record<string, string | Buffer>) {
  const { dir, cleanup } = await tempCorpus(files);
  cleanups.push(cleanup);
  return loadCorpus(dir);
}

describe('the built-in corpus', () => {
  it('holds the five seed articles, each body byte for byte as collected', NEEDS_SHARED, async () => {
    const { articles, errors } = await loadCorpus(BUILT_IN);
    expect(errors).toEqual([]);
    expect(articles).toHaveLength(5);
    const seeds = (await readdir(SEEDS)).filter((f) => f.endsWith('.txt')).sort();
    for (const [i, seed] of seeds.entries()) {
      expect(articles[i]!.text).toBe(await readFile(path.join(SEEDS, seed), 'utf8'));
    }
  });

  it('carries the metadata from SOURCES.md', async () => {
    const { articles } = await loadCorpus(BUILT_IN);
    expect(articles.map((a) => a.published)).toEqual(['2017-03-08', '2017-03-08', '2017-08-16', '2017-08-28', '2019-07-12']);
    for (const a of articles) expect(a.url).toMatch(/^https?:\/\//);
    expect(new Set(articles.map((a) => a.id)).size).toBe(5);
  });
});

describe('loadCorpus', () => {
  it('names the file and field of a missing title', async () => {
    const { errors } = await load({ 'a.md': markdownArticle({ title: null }) });
    expect(errors).toEqual([{ file: 'a.md', field: 'title', message: 'missing title' }]);
  });

  it('refuses a date that is not a date', async () => {
    const { errors, articles } = await load({ 'a.md': markdownArticle({ published: '2017-02-30' }) });
    expect(articles).toEqual([]);
    expect(errors.map(formatCorpusError)).toEqual(['a.md: published "2017-02-30" is not a date (expected YYYY-MM-DD)']);
  });

  it('refuses a URL that is not a URL', async () => {
    const { errors } = await load({ 'a.md': markdownArticle({ url: 'www.example' }) });
    expect(errors[0]).toMatchObject({ file: 'a.md', field: 'url' });
    expect(errors[0]!.message).toContain('not an http(s) URL');
  });

  it('names both files of a duplicate id and keeps the first', async () => {
    const { errors, articles } = await load({ 'a.md': markdownArticle(), 'b.md': markdownArticle() });
    expect(articles.map((a) => a.file)).toEqual(['a.md']);
    expect(errors).toEqual([{ file: 'b.md', field: 'id', message: 'duplicate article id "test-article" (also in a.md)' }]);
  });

  it('refuses a file that is not UTF-8, saying where', async () => {
    const latin1 = Buffer.concat([Buffer.from(markdownArticle({}, 'It cost ')), Buffer.from([0xa3]), Buffer.from('5.\n')]);
    const { errors } = await load({ 'a.md': latin1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^is not UTF-8 \(byte 0xA3 at offset \d+, line 8\)/);
  });

  it('refuses an empty body and an empty file', async () => {
    const { errors } = await load({ 'a.md': markdownArticle({}, '\n  \n'), 'b.md': '' });
    expect(errors.map(formatCorpusError)).toEqual(['a.md: the article body is empty', 'b.md: is empty']);
  });

  it('reports every problem, not only the first', async () => {
    const { errors } = await load({ 'a.md': markdownArticle({ title: null, url: 'nope', published: 'soon' }) });
    expect(errors.map((e) => e.field).sort()).toEqual(['published', 'title', 'url']);
  });

  it('refuses a file without front matter and front matter that is not YAML', async () => {
    const { errors } = await load({ 'a.md': 'just text\n', 'b.md': '---\ntitle: [unclosed\n---\nbody\n' });
    expect(errors[0]).toMatchObject({ file: 'a.md', line: 1 });
    expect(errors[0]!.message).toContain('has no front matter');
    expect(errors[1]!.file).toBe('b.md');
    expect(errors[1]!.message).toContain('front matter is not valid YAML');
  });

  it('reads JSON Lines, naming the line of a bad article and keeping the good ones', async () => {
    const good = (id: string) => JSON.stringify({ id, title: 'T', outlet: 'O', published: '2020-01-01', url: 'https://e.com/' + id, text: 'Body.' });
    const { articles, errors } = await load({
      'bulk.jsonl': [good('one'), '{"id": "two", "title": "T"', good('three'), JSON.stringify({ id: 'four', title: 'T', outlet: 'O', published: '2020-13-01', url: 'https://e.com/', text: 'x' })].join('\n') + '\n',
    });
    expect(articles.map((a) => [a.id, a.line])).toEqual([['one', 1], ['three', 3]]);
    expect(errors.map(formatCorpusError)).toEqual([
      expect.stringMatching(/^bulk\.jsonl:2: is not valid JSON/),
      'bulk.jsonl:4: published "2020-13-01" is not a date (expected YYYY-MM-DD)',
    ]);
  });

  it('skips hidden files and READMEs, and reads subfolders', async () => {
    const { articles, files } = await load({ '.draft.md': 'x', 'README.md': '# notes', 'sub/a.md': markdownArticle() });
    expect(files).toEqual(['sub/a.md']);
    expect(articles).toHaveLength(1);
  });
});
