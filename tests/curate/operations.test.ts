import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile, mkdir, cp } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANGES_FILE, LOCK_FILE, TRASH_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { engineKey } from '../../src/corpus/open.ts';
import { readChanges } from '../../src/curate/changes.ts';
import { withCorpusLock } from '../../src/curate/lock.ts';
import {
  addFile,
  addPage,
  checkFile,
  describeCuration,
  listArticles,
  listTrash,
  removeArticle,
  restoreArticle,
  type CurateContext,
} from '../../src/curate/operations.ts';
import { extractPage, type PageDraft } from '../../src/ingest/extract.ts';
import type { ReloadResult } from '../../src/runtime/holder.ts';
import { markdownArticle, tempCorpus } from '../support/corpus.ts';
import { articlePage } from '../support/pages.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function corpus(files: Record<string, string | Buffer> = {}) {
  const { dir, cleanup } = await tempCorpus({
    'a.md': markdownArticle({ id: 'a', title: 'First story', published: '2020-01-02', url: 'https://example.com/a' }),
    'b.md': markdownArticle({ id: 'b', title: 'Second story', published: '2021-06-07', url: 'https://example.com/b' }),
    ...files,
  });
  cleanups.push(cleanup);
  return dir;
}

/** Every file in the folder (recursively) with its bytes, but for the changes file. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())) {
    const rel = path.relative(dir, path.join(f.parentPath, f.name));
    if (rel !== CHANGES_FILE) out[rel] = await readFile(path.join(dir, rel), 'utf8');
  }
  return out;
}

function page(head = '', url = 'https://news.example/2024/05/06/zoning'): PageDraft {
  const r = extractPage(
    articlePage({
      head: `<meta property="og:site_name" content="The Example Times"><link rel="canonical" href="${url}">${head}`,
    }),
    url,
  );
  if (!r.ok) throw new Error(r.reason);
  return r.draft;
}

const ctx: CurateContext = { by: 'test:admin' };
const okReload = (articles = 3): ReloadResult => ({ ok: true, added: [], removed: [], changed: [], articles, ms: 1 });
const badReload: ReloadResult = {
  ok: false,
  errors: [{ file: 'x.md', message: 'missing title' }],
  articles: 2,
  ms: 1,
};

describe('addPage', () => {
  it('writes the article as Markdown that loads back as exactly it, and logs who added what', async () => {
    const dir = await corpus();
    const draft = page();
    const r = await addPage(dir, draft, { published: '2024-05-06' }, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { articles, errors } = await loadCorpus(dir);
    expect(errors).toEqual([]);
    const added = articles.find((a) => a.id === 'the-example-times-council-passes-the-zoning-plan')!;
    expect(added).toMatchObject({
      file: 'the-example-times-council-passes-the-zoning-plan.md',
      title: 'Council passes the zoning plan',
      outlet: 'The Example Times',
      published: '2024-05-06',
      url: 'https://news.example/2024/05/06/zoning',
      text: draft.text,
    });
    expect(await readChanges(dir)).toEqual([
      {
        at: expect.any(String),
        by: 'test:admin',
        action: 'add',
        ids: [added.id],
        file: added.file,
        source: 'https://news.example/2024/05/06/zoning',
      },
    ]);
    expect(describeCuration(r)).toBe(`Added "Council passes the zoning plan" (${added.id}) as ${added.file}.`);
  });

  it('refuses, writing nothing, while the date is missing, and for a page already in the coverage', async () => {
    const dir = await corpus();
    const before = await snapshot(dir);
    expect(await addPage(dir, page(), {}, ctx)).toEqual({
      ok: false,
      reason: 'the article needs missing published date (YYYY-MM-DD); nothing was added',
    });
    expect(await snapshot(dir)).toEqual(before);
    expect((await addPage(dir, page(), { published: '2024-05-06' }, ctx)).ok).toBe(true);
    const again = await addPage(dir, page(), { published: '2024-05-06' }, ctx);
    expect(again).toEqual({
      ok: false,
      reason:
        'the coverage already has this page, as "the-example-times-council-passes-the-zoning-plan" (the-example-times-council-passes-the-zoning-plan.md); nothing was added. Replace it to update it.',
    });
    const sameId = await addPage(
      dir,
      page('', 'https://news.example/other'),
      { published: '2024-05-06', id: 'a' },
      ctx,
    );
    expect(sameId).toEqual({ ok: false, reason: expect.stringContaining('already has an article with id "a" (a.md)') });
  });

  it('replaces when asked, in the same file, keeping the old file in the trash', async () => {
    const dir = await corpus();
    await addPage(dir, page(), { published: '2024-05-06' }, ctx);
    const r = await addPage(dir, page(), { published: '2024-05-07', author: 'Ana Ruiz' }, ctx, { replace: true });
    expect(r).toMatchObject({
      ok: true,
      change: { action: 'replace', file: 'the-example-times-council-passes-the-zoning-plan.md' },
    });
    const { articles, errors } = await loadCorpus(dir);
    expect(errors).toEqual([]);
    expect(articles.filter((a) => a.url === 'https://news.example/2024/05/06/zoning')).toMatchObject([
      { published: '2024-05-07', author: 'Ana Ruiz' },
    ]);
    expect(await listTrash(dir)).toMatchObject([
      { id: 'the-example-times-council-passes-the-zoning-plan', published: '2024-05-06' },
    ]);
  });

  it('undoes the write when the reload after it refuses the folder', async () => {
    const dir = await corpus();
    const before = await snapshot(dir);
    let reloads = 0;
    const r = await addPage(
      dir,
      page(),
      { published: '2024-05-06' },
      {
        ...ctx,
        reload: async () => {
          reloads++;
          return badReload;
        },
      },
    );
    expect(reloads).toBe(1);
    expect(r).toMatchObject({ ok: false, reload: badReload });
    if (!r.ok) expect(r.reason).toContain('so it was undone and the folder is as it was');
    expect(await snapshot(dir)).toEqual(before);
    expect((await readChanges(dir)).map((c) => c.action)).toEqual(['revert', 'add']);
    expect(describeCuration(r)).toContain('- x.md: missing title');
  });

  it('reloads with the folder still locked against other writers, and reports the reload', async () => {
    const dir = await corpus();
    let lockedDuringReload = false;
    const r = await addPage(
      dir,
      page(),
      { published: '2024-05-06' },
      {
        ...ctx,
        reload: async () => {
          lockedDuringReload = existsSync(path.join(dir, LOCK_FILE));
          return okReload();
        },
      },
    );
    expect(lockedDuringReload).toBe(true);
    expect(r).toMatchObject({ ok: true, reload: { ok: true, articles: 3 } });
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    if (r.ok) expect(describeCuration(r)).toMatch(/The bot has reloaded: 3 articles\.$/);
  });

  it('refuses to add to a folder that has errors already', async () => {
    const dir = await corpus({ 'broken.md': markdownArticle({ id: 'c', title: null }) });
    const r = await addPage(dir, page(), { published: '2024-05-06' }, ctx);
    expect(r).toEqual({
      ok: false,
      reason:
        'the corpus folder has 1 error already, so it would not reload; fix them first (coverage-bot check lists them)',
      errors: [{ file: 'broken.md', field: 'title', message: 'missing title' }],
    });
  });
});

describe('addFile', () => {
  const line = (id: string, extra: Record<string, string> = {}) =>
    JSON.stringify({
      id,
      title: `T ${id}`,
      outlet: 'O',
      published: '2022-03-04',
      url: `https://example.com/${id}`,
      text: 'Body.',
      ...extra,
    });

  it('adds a JSON Lines file of several articles under its own name', async () => {
    const dir = await corpus();
    const r = await addFile(dir, 'bulk.jsonl', Buffer.from(`${line('c')}\n${line('d')}\n`), ctx);
    expect(r).toMatchObject({
      ok: true,
      change: { action: 'add', ids: ['c', 'd'], file: 'bulk.jsonl', source: 'bulk.jsonl' },
    });
    expect((await loadCorpus(dir)).articles.map((a) => a.id)).toEqual(['a', 'b', 'c', 'd']);
    const second = await addFile(dir, 'bulk.jsonl', Buffer.from(`${line('e')}\n`), ctx);
    expect(second).toMatchObject({ ok: true, change: { file: 'bulk-2.jsonl' } });
  });

  it('lists exactly the errors coverage-bot check finds with the file in the folder, and writes nothing', async () => {
    const dir = await corpus();
    const bad = Buffer.from(
      [line('c'), line('a'), '{"id": "d"', line('e', { published: '2022-02-30', url: 'www.x' }), line('c')].join('\n'),
    );
    const before = await snapshot(dir);
    const r = await addFile(dir, 'bad.jsonl', bad, ctx);
    expect(await snapshot(dir)).toEqual(before);
    // The same file put in a copy of the folder, as an admin would, and checked.
    const copy = await corpus();
    await cp(dir, copy, { recursive: true });
    await writeFile(path.join(copy, 'bad.jsonl'), bad);
    const { errors } = await loadCorpus(copy);
    expect(errors.length).toBe(5);
    expect(r).toEqual({ ok: false, reason: 'bad.jsonl has 5 errors; nothing was added', errors });
    expect(await checkFile(dir, 'bad.jsonl', bad)).toEqual({
      ok: false,
      reason: 'bad.jsonl has 5 errors; nothing was added',
      errors,
    });
  });

  it('refuses a file the loader would not read', async () => {
    const dir = await corpus();
    for (const name of ['README.md', '.hidden.md', 'notes.txt', 'page.html']) {
      const r = await addFile(dir, name, Buffer.from(markdownArticle({ id: 'z' })), ctx);
      expect(r).toEqual({ ok: false, reason: expect.stringContaining(`is not an article file`) });
    }
  });

  it('replaces a one-article file with the same id when asked', async () => {
    const dir = await corpus();
    const newer = Buffer.from(
      markdownArticle({ id: 'a', title: 'First story, updated', url: 'https://example.com/a' }),
    );
    expect(await addFile(dir, 'a-new.md', newer, ctx)).toMatchObject({
      ok: false,
      errors: [{ file: 'a-new.md', field: 'id', message: 'duplicate article id "a" (also in a.md)' }],
    });
    expect(await addFile(dir, 'a-new.md', newer, ctx, { replace: true })).toMatchObject({
      ok: true,
      change: { action: 'replace', file: 'a.md' },
    });
    expect((await loadCorpus(dir)).articles.find((a) => a.id === 'a')?.title).toBe('First story, updated');
  });
});

describe('removeArticle and restoreArticle', () => {
  it('moves the file to the trash, out of the coverage and of the saved engine key, and back', async () => {
    const dir = await corpus();
    const without = await corpus();
    await writeFile(path.join(without, 'b.md'), await readFile(path.join(dir, 'b.md')));
    await (await import('node:fs/promises')).rm(path.join(without, 'a.md'));

    const removed = await removeArticle(dir, 'a', ctx);
    expect(removed).toMatchObject({ ok: true, change: { action: 'remove', ids: ['a'], file: 'a.md' } });
    if (!removed.ok) return;
    expect(removed.change.trash).toMatch(new RegExp(`^${TRASH_DIR}/\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{6}/a\\.md$`));
    const loaded = await loadCorpus(dir);
    expect(loaded.articles.map((a) => a.id)).toEqual(['b']);
    expect(loaded.files).toEqual(['b.md']);
    expect(await engineKey(loaded)).toBe(await engineKey(await loadCorpus(without)));
    expect(await listTrash(dir)).toMatchObject([{ id: 'a', file: 'a.md', trash: removed.change.trash }]);

    expect(await removeArticle(dir, 'a', ctx)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^"a" is already in the trash \(removed \d{4}-\d\d-\d\dT/),
    });
    const restored = await restoreArticle(dir, 'a', ctx);
    expect(restored).toMatchObject({ ok: true, change: { action: 'restore', ids: ['a'], file: 'a.md' } });
    expect((await loadCorpus(dir)).articles.map((a) => a.id)).toEqual(['a', 'b']);
    expect(await listTrash(dir)).toEqual([]);
    expect((await readChanges(dir)).map((c) => c.action)).toEqual(['restore', 'remove']);
  });

  it('refuses what it cannot do, saying why', async () => {
    const dir = await corpus({
      'bulk.jsonl': `${JSON.stringify({ id: 'c', title: 'C', outlet: 'O', published: '2020-01-01', url: 'https://e.com/c', text: 'x' })}\n${JSON.stringify({ id: 'd', title: 'D', outlet: 'O', published: '2020-01-01', url: 'https://e.com/d', text: 'y' })}\n`,
    });
    expect(await removeArticle(dir, 'c', ctx)).toEqual({
      ok: false,
      reason:
        '"c" is one of 2 articles in bulk.jsonl; a file of several articles is changed by hand (take out its line, then reload); nothing was removed',
    });
    expect(await removeArticle(dir, 'story', ctx)).toEqual({
      ok: false,
      reason: 'the coverage has no article "story"; did you mean "a", "b"? (list shows the ids)',
    });
    expect(await restoreArticle(dir, 'a', ctx)).toEqual({
      ok: false,
      reason: 'the coverage already has "a" (a.md); nothing was restored',
    });
    expect(await restoreArticle(dir, 'zzz', ctx)).toEqual({
      ok: false,
      reason: 'the trash holds no article "zzz"; nothing was restored',
    });
  });

  it('puts a removed file back when the reload refuses the folder', async () => {
    const dir = await corpus();
    const before = await snapshot(dir);
    const r = await removeArticle(dir, 'a', { ...ctx, reload: async () => badReload });
    expect(r.ok).toBe(false);
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe('listArticles', () => {
  it('pages through the articles newest first', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 12; i++)
      files[`n${i}.md`] = markdownArticle({
        id: `n${i}`,
        published: `2019-01-${String(i).padStart(2, '0')}`,
        url: `https://e.com/${i}`,
      });
    const dir = await corpus(files);
    const first = await listArticles(dir, { perPage: 5 });
    expect(first).toMatchObject({ page: 1, pages: 3, total: 14, errors: [] });
    expect(first.items.map((a) => a.id)).toEqual(['b', 'a', 'n12', 'n11', 'n10']);
    const last = await listArticles(dir, { page: 99, perPage: 5 });
    expect(last.page).toBe(3);
    expect(last.items.map((a) => a.id)).toEqual(['n4', 'n3', 'n2', 'n1']);
  });
});

describe('serialising changes', () => {
  it('runs two adds at once one after the other, and both succeed', async () => {
    const dir = await corpus();
    const steps: string[] = [];
    const run = (name: string, url: string) =>
      addPage(
        dir,
        page('', url),
        { published: '2024-05-06' },
        { ...ctx, step: (s) => void steps.push(`${name}:${s}`) },
      );
    const [one, two] = await Promise.all([run('one', 'https://news.example/1'), run('two', 'https://news.example/2')]);
    expect(one.ok && two.ok).toBe(true);
    expect(steps.indexOf('two:locked')).toBeGreaterThan(steps.indexOf('one:logged'));
    const ids = (await loadCorpus(dir)).articles.map((a) => a.id);
    expect(ids).toContain('the-example-times-council-passes-the-zoning-plan');
    expect(ids).toContain('the-example-times-council-passes-the-zoning-plan-2');
  });

  it('waits for a reload that holds the folder, then adds', async () => {
    const dir = await corpus();
    const order: string[] = [];
    const reload = withCorpusLock(dir, async () => {
      order.push('reload started');
      await new Promise((r) => setTimeout(r, 100));
      order.push('reload done');
    });
    const add = addPage(
      dir,
      page(),
      { published: '2024-05-06' },
      { ...ctx, step: (s) => void (s === 'locked' && order.push('add locked')) },
    );
    await Promise.all([reload, add]);
    expect(order).toEqual(['reload started', 'reload done', 'add locked']);
  });

  it("tells the second to try again when another process holds the folder's lock, and takes over a dead one's", async () => {
    const dir = await corpus();
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    cleanups.push(async () => void live.kill('SIGKILL'));
    await writeFile(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: live.pid, host: hostname(), since: '2024-01-01T00:00:00Z' }),
    );
    const busy = await addPage(dir, page(), { published: '2024-05-06' }, { ...ctx, lock: { waitMs: 150 } });
    expect(busy).toEqual({
      ok: false,
      reason: `the corpus folder is being changed by process ${live.pid} on ${hostname()}, since 2024-01-01T00:00:00Z; try again in a moment`,
    });
    live.kill('SIGKILL');
    await new Promise((r) => live.once('exit', r));
    const taken = await addPage(dir, page(), { published: '2024-05-06' }, { ...ctx, lock: { waitMs: 150 } });
    expect(taken.ok).toBe(true);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('the corpus folder', () => {
  it('never reads the trash, the changes file or the lock as coverage', async () => {
    const dir = await corpus();
    const plain = await loadCorpus(dir);
    const article = markdownArticle({ id: 'hidden', url: 'https://e.com/h' });
    await mkdir(path.join(dir, TRASH_DIR, 'x'), { recursive: true });
    await writeFile(path.join(dir, TRASH_DIR, 'x', 'h.md'), article);
    await writeFile(path.join(dir, CHANGES_FILE), '{"not": "an article"}\n');
    await writeFile(path.join(dir, LOCK_FILE), article);
    const after = await loadCorpus(dir);
    expect(after.errors).toEqual([]);
    expect(after.files).toEqual(plain.files);
    expect(after.hash).toBe(plain.hash);
  });
});
