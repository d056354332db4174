import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCorpusError, loadCorpus } from '../../src/corpus/load.ts';
import { openCorpus } from '../../src/corpus/open.ts';
import { FURNITURE_FILE, parsePatterns } from '../../src/corpus/patterns.ts';
import { buildEngine } from '../../src/engine/build.ts';
import { Engine } from '../../src/engine/engine.ts';
import { cleanArticle } from '../../src/text/clean.ts';
import { markdownArticle, tempCorpus } from '../support/corpus.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

const BODY = [
  'The council met on Monday.',
  'Pictured: the council chamber on Monday.',
  'Sponsored by Acme',
  'Photo: the mayor said she would sign it.',
  'The vote was 7-2.',
].join('\n');

async function corpus(list: string | undefined, body = BODY) {
  const files: Record<string, string> = { 'a.md': markdownArticle({}, `${body}\n`) };
  if (list !== undefined) files[FURNITURE_FILE] = list;
  const c = await tempCorpus(files);
  cleanups.push(c.cleanup);
  return c.dir;
}

describe('parsePatterns', () => {
  it('reads plain-text prefixes and regular expressions, to drop or keep, skipping comments and blank lines', async () => {
    const r = await parsePatterns('# mine\n\ndrop Pictured:\ndrop: /^Sponsored by \\w+$/i\nKEEP /^Photo: .* said\\b/\n', 'f.txt');
    expect(r.errors).toEqual([]);
    expect(r.patterns.map((p) => [p.action, String(p.match), p.line])).toEqual([
      ['drop', 'pictured:', 3],
      ['drop', '/^Sponsored by \\w+$/i', 4],
      ['keep', '/^Photo: .* said\\b/', 5],
    ]);
  });

  it('names the line and the fault of every bad pattern, and keeps the good ones', async () => {
    const r = await parsePatterns(
      [
        'drop Pictured:',
        'remove Sponsored',
        'drop',
        'drop /(unclosed/',
        'drop /^Photo:/g',
        'drop /^(a+)+$/',
        'keep /\\s*\\s*$/',
        `drop ${'x'.repeat(400)}`,
      ].join('\n'),
      'furniture.txt',
    );
    expect(r.patterns.map((p) => p.line)).toEqual([1]);
    const messages = r.errors.map(formatCorpusError);
    expect(messages[0]).toMatch(/^furniture\.txt:2: "remove Sponsored" is not a pattern: write "drop/);
    expect(messages[1]).toBe('furniture.txt:3: drop needs a pattern after it');
    expect(messages[2]).toMatch(/^furniture\.txt:4: \/\(unclosed\/ is not a valid regular expression/);
    expect(messages[3]).toMatch(/^furniture\.txt:5: .*only i .* and u .* are allowed/);
    expect(messages[4]).toMatch(/^furniture\.txt:6: \/\^\(a\+\)\+\$\/ can take exponential time on a long line/);
    expect(messages[5]).toMatch(/^furniture\.txt:7: .*can take .*polynomial time on a long line/);
    expect(messages[6]).toMatch(/^furniture\.txt:8: the pattern is 400 characters; at most 300/);
    expect(messages).toHaveLength(7);
  }, 30_000);
});

describe('a corpus folder’s furniture list', () => {
  it('is not read as an article, and drops and keeps the lines it names', async () => {
    const dir = await corpus('drop Pictured:\ndrop /^Sponsored by \\w+$/i\nkeep /^Photo: .* said\\b/\n');
    const { articles, errors, files } = await loadCorpus(dir);
    expect(errors).toEqual([]);
    expect(articles.map((a) => a.id)).toEqual(['test-article']);
    expect(files).toEqual(['a.md', FURNITURE_FILE]);
    const a = articles[0]!;
    const clean = cleanArticle(a, { rules: true });
    const story = clean.paragraphs.map((p) => a.text.slice(p.start, p.end));
    // "Photo: …" would be a caption by the built-in rules; the list keeps it.
    expect(story).toEqual(['The council met on Monday.', 'Photo: the mayor said she would sign it.', 'The vote was 7-2.']);
    expect(clean.furniture.map((f) => [a.text.slice(f.start, f.end), f.kind, f.rule])).toEqual([
      ['Pictured: the council chamber on Monday.', 'listed', 'furniture.txt:1'],
      ['Sponsored by Acme', 'listed', 'furniture.txt:2'],
    ]);
  });

  it('reports a bad pattern with its file and line, like any corpus error, and still serves the articles', async () => {
    const dir = await corpus('drop Pictured:\ndrop /(a|a)*$/\n');
    const { articles, errors } = await loadCorpus(dir);
    expect(errors.map(formatCorpusError)).toEqual([expect.stringMatching(/^furniture\.txt:2: \/\(a\|a\)\*\$\/ can take/)]);
    expect(articles).toHaveLength(1);
    expect(articles[0]!.linePatterns?.map((p) => p.line)).toEqual([1]);
  }, 30_000);

  it('is part of the saved engine’s key: changing it rebuilds, with the new lines set aside', async () => {
    const dir = await corpus('drop The council met\n');
    const log = () => undefined;
    const first = await openCorpus(dir, { log });
    expect(first.fromSaved).toBe(false);
    expect((await openCorpus(dir, { log })).fromSaved).toBe(true);
    const passages = (e: typeof first) => e.engine.passages.map((p) => e.engine.text(p));
    expect(passages(first)).toEqual(['The vote was 7-2.']);

    await writeFile(path.join(dir, FURNITURE_FILE), 'drop The vote was\n');
    const changed = await openCorpus(dir, { log });
    expect(changed.fromSaved).toBe(false);
    expect(passages(changed)).toEqual(['The council met on Monday.']);
  }, 30_000);

  it('reaches the build’s worker threads: a build there sets aside the same lines', async () => {
    const dir = await corpus('drop The council met\ndrop /^The vote/\n');
    const { articles } = await loadCorpus(dir);
    const inWorkers = await buildEngine(articles, { parallelFrom: 0, workers: 1 });
    const here = Engine.build(articles);
    const texts = (e: Engine) => e.passages.map((p) => e.text(p));
    expect(texts(here)).toEqual([]);
    expect(texts(inWorkers)).toEqual(texts(here));
    expect([...inWorkers.cleaned.values()][0]!.furniture.filter((f) => f.kind === 'listed')).toHaveLength(2);
  }, 30_000);

  it('changes nothing when the folder has none', async () => {
    const dir = await corpus(undefined);
    const { articles, files } = await loadCorpus(dir);
    expect(files).toEqual(['a.md']);
    expect('linePatterns' in articles[0]!).toBe(false);
  });
});
