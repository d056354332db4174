import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { runCli } from '../support/cli.ts';
import { markdownArticle, tempCorpus } from '../support/corpus.ts';
import { articlePage, servePages, type PageServer } from '../support/pages.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function corpus() {
  const { dir, cleanup } = await tempCorpus({ 'a.md': markdownArticle({ id: 'a', url: 'https://example.com/a' }) });
  cleanups.push(cleanup);
  return dir;
}

async function serve(): Promise<PageServer> {
  const head =
    '<meta property="og:site_name" content="The Example Times"><link rel="canonical" href="https://news.example/zoning">';
  const server = await servePages((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage({ head })),
  );
  cleanups.push(() => server.close());
  return server;
}

async function cli(args: string[], env: Record<string, string> = {}) {
  const run = runCli(args, path.dirname(await corpus()), env);
  const code = await run.exited;
  return { code, output: run.output() };
}

describe('coverage-bot add, remove, restore, list', () => {
  it('adds a link after showing it, asking for the date the page does not give', async () => {
    const dir = await corpus();
    const { origin } = await serve();
    const env = { FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1' };
    const noDate = await cli(['add', '--corpus', dir, '--yes', `${origin}/zoning`], env);
    expect(noDate.code).toBe(1);
    expect(noDate.output).toContain('Council passes the zoning plan [readability]');
    expect(noDate.output).toContain('needed:    missing published date (YYYY-MM-DD)');
    expect(noDate.output).toContain('Refused: the page gives no publication date: give it with --published YYYY-MM-DD');
    const unconfirmed = await cli(['add', '--corpus', dir, '--published', '2024-05-06', `${origin}/zoning`], env);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.output).toContain('No answer (no terminal?): pass --yes to go ahead without asking.');
    expect(await readdir(dir)).toEqual(['a.md']);

    const added = await cli(['add', '--corpus', dir, '--yes', '--published', '2024-05-06', `${origin}/zoning`], env);
    expect(added.code).toBe(0);
    expect(added.output).toContain('yields:    5 passages, 1 quotes');
    expect(added.output).toContain(
      'Added "Council passes the zoning plan" (the-example-times-council-passes-the-zoning-plan) as the-example-times-council-passes-the-zoning-plan.md.\nReload the bot (/reload in Discord, or SIGHUP',
    );
    expect((await loadCorpus(dir)).articles.map((a) => a.id)).toEqual([
      'a',
      'the-example-times-council-passes-the-zoning-plan',
    ]);
  });

  it('refuses this host unless FETCH_ALLOW_PRIVATE_HOSTS names it, and a malformed setting', async () => {
    const dir = await corpus();
    const { origin } = await serve();
    const refused = await cli(['add', '--corpus', dir, '--yes', `${origin}/zoning`]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Refused: 127.0.0.1, a loopback address (this host)');
    const bad = await cli(['add', '--corpus', dir, `${origin}/zoning`], {
      FETCH_ALLOW_PRIVATE_HOSTS: 'http://intranet:8080/',
    });
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('each of FETCH_ALLOW_PRIVATE_HOSTS must be a host name or an IP address');
    expect(bad.output).not.toContain('intranet:8080');
  });

  it('adds a file only when check would pass it, then removes, lists and restores', async () => {
    const dir = await corpus();
    const scratch = await corpus();
    await writeFile(path.join(scratch, 'bad.md'), markdownArticle({ id: 'a', published: '2017-02-30' }));
    const bad = await cli(['add', '--corpus', dir, '--yes', path.join(scratch, 'bad.md')]);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('bad.md: published "2017-02-30" is not a date (expected YYYY-MM-DD)');
    await writeFile(
      path.join(scratch, 'good.md'),
      markdownArticle({ id: 'g', title: 'Good one', url: 'https://example.com/g' }),
    );
    const good = await cli(['add', '--corpus', dir, '--yes', path.join(scratch, 'good.md')]);
    expect([good.code, good.output]).toEqual([0, expect.stringContaining('Added "Good one" (g) as good.md.')]);

    const removed = await cli(['remove', '--corpus', dir, 'g']);
    expect([removed.code, removed.output]).toEqual([
      0,
      expect.stringMatching(/Removed "Good one" \(g\): good\.md is kept in \.trash\//),
    ]);
    const trash = await cli(['list', '--corpus', dir, '--trash']);
    expect(trash.output).toMatch(/ g {2}2020-01-02 {2}Good one \(The Test Gazette\)/);
    const restored = await cli(['corpus', 'restore', '--corpus', dir, 'g']);
    expect([restored.code, restored.output]).toEqual([
      0,
      expect.stringContaining('Restored "Good one" (g) to good.md.'),
    ]);
    const listed = await cli(['list', '--corpus', dir]);
    expect(listed.output).toContain(
      '2020-01-02  a  A test article (The Test Gazette)\n2020-01-02  g  Good one (The Test Gazette)\nPage 1 of 1 (2 articles, newest first)',
    );
    const changes = await cli(['list', '--corpus', dir, '--changes', '--json']);
    expect(JSON.parse(changes.output).map((c: { action: string }) => c.action)).toEqual(['restore', 'remove', 'add']);
  });
});
