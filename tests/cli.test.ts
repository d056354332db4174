import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runToEnd } from './support/cli.ts';
import { markdownArticle, tempCorpus } from './support/corpus.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Runs the real `coverage-bot` entry point, as `npx coverage-bot` does. */
const run = runToEnd;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

describe('coverage-bot ask', () => {
  it('prints one JSON object with the KDVR detainer passage first', () => {
    const r = run(['ask', '--json', '/search detainer requests']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.command).toBe('search');
    expect(out.items[0].source.id).toBe('kdvr-council-passes-immigration-protections');
    expect(out.items[0].excerpt).toContain('detainer requests');
    expect(Object.keys(out.items[0].source).sort()).toEqual(['id', 'outlet', 'published', 'title', 'url']);
  });

  it('exits 2 with a message on stderr for a command it does not know or a missing argument', () => {
    const unknown = run(['ask', '/nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no command /nope');
    const missing = run(['ask', '/search']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/search needs a query');
  });

  it('exits 0 for a command understood with no results', () => {
    const r = run(['ask', '--json', '/search zxqwv']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).items).toEqual([]);
  });

  it('answers from another corpus with --corpus', async () => {
    const { dir, cleanup } = await tempCorpus({
      'a.md': markdownArticle({}, 'The zoning board met about the stadium.\n'),
    });
    cleanups.push(cleanup);
    const out = JSON.parse(run(['ask', '--json', '--corpus', dir, '/search stadium']).stdout);
    expect(out.items[0].source.id).toBe('test-article');
  });
});

describe('coverage-bot check', () => {
  it('passes the built-in corpus', () => {
    const r = run(['check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 valid articles, 0 errors');
    expect(r.stdout).toMatch(/; \d+ lines set aside as furniture \(coverage-bot furniture lists them\)/);
  });

  it('prints every error and exits 1', async () => {
    const { dir, cleanup } = await tempCorpus({
      'a.md': markdownArticle({ title: null }),
      'b.md': markdownArticle({ id: 'b', url: 'nope' }),
    });
    cleanups.push(cleanup);
    const r = run(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a.md: missing title');
    expect(r.stderr).toContain('b.md: url "nope" is not an http(s) URL');
  });
});

describe('coverage-bot furniture', () => {
  it('lists every line set aside in the built-in corpus, where it is, its kind and rule, then the count by kind', () => {
    const r = run(['furniture']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const total = /^5 articles: (\d+) lines set aside as furniture \((.+)\)$/.exec(lines.at(-1)!);
    expect(total).not.toBeNull();
    expect(lines.length - 1).toBe(Number(total![1]));
    expect(r.stdout).toContain(
      '002-cbs4-ap-denver-mulls-immigrant-protections.md:19  caption  credit-in-brackets  Denver Mayor Michael Hancock (credit: CBS)',
    );
    const counted = total![2]!.split(', ').reduce((n, kv) => n + Number(kv.split(' ')[1]), 0);
    expect(counted).toBe(Number(total![1]));
  });

  it('prints the same as JSON, each line the corpus file’s own line', () => {
    const r = run(['furniture', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      lines: Array<{ file: string; line: number; kind: string; rule: string; text: string }>;
      counts: Record<string, number>;
      total: number;
    };
    expect(out.lines.length).toBe(out.total);
    expect(Object.values(out.counts).reduce((a, b) => a + b, 0)).toBe(out.total);
    for (const l of out.lines) {
      const fileLine = readFileSync(path.join(ROOT, 'corpus', l.file), 'utf8').split('\n')[l.line - 1]!;
      expect(fileLine, `${l.file}:${l.line}`).toContain(l.text);
      expect(l.rule).not.toBe('');
    }
  });

  it('says what is wrong with a bad furniture list and exits 1; check does too', async () => {
    const { dir, cleanup } = await tempCorpus({
      'a.md': markdownArticle({}, 'The council met.\nSponsored by Acme Corp.\n'),
      'furniture.txt': 'drop /^Sponsored by/\ndrop /(x+x+)+y/\n',
    });
    cleanups.push(cleanup);
    const r = run(['furniture', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/furniture\.txt:2: \/\(x\+x\+\)\+y\/ can take exponential time/);
    expect(r.stdout).toMatch(/a\.md:\d+ {2}listed {2}furniture\.txt:1 {2}Sponsored by Acme Corp\./);
    const c = run(['check', dir]);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/furniture\.txt:2: /);
  });
});

describe('the local console', () => {
  it('says it is local, answers commands and stops at exit', () => {
    const r = run(['start'], '/search valles\n/nope\nexit\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Local console .*not connected to Discord: set DISCORD_TOKEN/);
    expect(r.stdout).toMatch(/^Local console on .* \(5 articles, \d+ passages, \d+ lines set aside as furniture\)/);
    expect(r.stdout).toContain('Ever Valles');
    expect(r.stdout).toContain('There is no command /nope');
  });
});
