// Bad input from admins: a corpus folder holding every kind of broken file, read by the
// loader, by `coverage-bot check` and by a reload; and a configuration with every key wrong.
import { execFile } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCorpusError, loadCorpus, type LoadedCorpus } from '../../src/corpus/load.ts';
import { Engine } from '../../src/engine/engine.ts';
import { readConfig } from '../../src/runtime/config.ts';
import { EngineHolder } from '../../src/runtime/holder.ts';
import { markdownArticle, tempCorpus } from '../support/corpus.ts';
import { HAS_SHARED, dataset } from '../support/shared.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * A file that is not UTF-8: a BBC sport story saved as Latin-1 (a raw 0xA3 pound sign) where
 * the datasets are beside the project, else one sentence encoded the same way.
 */
const latin1Text = () =>
  HAS_SHARED
    ? readFile(dataset('bbc', 'sport', '199.txt'))
    : Promise.resolve(Buffer.from('Tickets cost \u00a330 each.\n', 'latin1'));
const SECRET = 'OUTSIDE-THE-CORPUS-7f3a9c';

const good = (id: string, body = `The council met about ${id}.\n`) =>
  markdownArticle({ id, url: `https://example.com/${id}` }, body);
const jsonl = (id: string) =>
  JSON.stringify({
    id,
    title: `T ${id}`,
    outlet: 'O',
    published: '2020-01-02',
    url: `https://example.com/${id}`,
    text: `Body of ${id}.`,
  });

let dir: string;
let outside: string;
let cleanup: () => Promise<void>;
let loaded: LoadedCorpus;

/** The error lines for `file`. */
const errorsFor = (file: string) => loaded.errors.filter((e) => e.file === file).map(formatCorpusError);

beforeAll(async () => {
  outside = await mkdtemp(path.join(tmpdir(), 'coverage-bot-outside-'));
  await writeFile(path.join(outside, 'secret.md'), good('secret', `${SECRET}\n`));
  const latin1 = await latin1Text();
  const made = await tempCorpus({
    'good-1.md': good('good-1'),
    'good-2.md': good('good-2'),
    'broken-front-matter.md': '---\nid: broken\ntitle: [unclosed\n---\nBody.\n',
    'no-front-matter.md': 'Just a body, no fields.\n',
    'missing-date.md': markdownArticle({ id: 'missing-date', published: null }),
    'impossible-date.md': markdownArticle({ id: 'impossible-date', published: '"2017-02-30"' }),
    'not-a-url.md': markdownArticle({ id: 'not-a-url', url: 'not a url' }),
    'latin1.md': Buffer.concat([Buffer.from(markdownArticle({ id: 'latin1' }, '')), latin1]),
    'empty.md': '',
    'huge.md': Buffer.alloc(20 * 1024 * 1024, 'a'),
    'bulk.jsonl': [jsonl('bulk-1'), jsonl('bulk-2'), '{"id": "bulk-3", "title": ', jsonl('bulk-4')].join('\n') + '\n',
    'dup-a.md': good('same-id'),
    'dup-b.md': good('same-id'),
  });
  dir = made.dir;
  cleanup = made.cleanup;
  // A link to a file outside the folder: reported, never followed.
  await symlink(path.join(outside, 'secret.md'), path.join(dir, 'outside-link.md'));
  // A file that is gone by the time it is read: a link whose target was deleted after it
  // was made (a file removed between listing and reading meets the same ENOENT).
  await writeFile(path.join(dir, 'target.txt'), 'x');
  await symlink(path.join(dir, 'target.txt'), path.join(dir, 'vanished.md'));
  await rm(path.join(dir, 'target.txt'));
  // Files that cannot be read. Tests run as root, where chmod 000 stops nothing, so: a
  // named pipe (opening it would wait for a writer forever) and a link that loops.
  execFileSync('mkfifo', [path.join(dir, 'pipe.md')]);
  await symlink(path.join(dir, 'loop-b.md'), path.join(dir, 'loop-a.md'));
  await symlink(path.join(dir, 'loop-a.md'), path.join(dir, 'loop-b.md'));
  loaded = await loadCorpus(dir);
});

afterAll(async () => {
  await cleanup?.();
  await rm(outside, { recursive: true, force: true });
});

describe('a corpus folder with every kind of bad file', () => {
  it('keeps the valid articles, and only those', () => {
    expect(loaded.articles.map((a) => a.id).sort()).toEqual([
      'bulk-1',
      'bulk-2',
      'bulk-4',
      'good-1',
      'good-2',
      'same-id',
    ]);
  });

  it.each([
    ['broken-front-matter.md', /front matter is not valid YAML/],
    ['no-front-matter.md', /has no front matter/],
    ['missing-date.md', /missing published date/],
    ['impossible-date.md', /published "2017-02-30" is not a date/],
    ['not-a-url.md', /url "not a url" is not an http\(s\) URL/],
    ['latin1.md', /is not UTF-8 \(byte 0x[0-9A-F]{2} at offset \d+, line \d+\)/],
    ['empty.md', /is empty/],
    ['huge.md', /is 20\.0 MiB; an article file may be at most 5\.0 MiB/],
    ['bulk.jsonl', /^bulk\.jsonl:3: is not valid JSON/],
    ['dup-b.md', /duplicate article id "same-id" \(also in dup-a\.md\)/],
    ['outside-link.md', /is a link that points outside the corpus folder; not read/],
    ['vanished.md', /disappeared while the corpus was being read \(ENOENT\)/],
    ['pipe.md', /is not a regular file/],
    ['loop-a.md', /cannot be read: ELOOP/],
  ])('names %s and its problem', (file, problem) => {
    const lines = errorsFor(file);
    expect(lines.length, loaded.errors.map(formatCorpusError).join('\n')).toBeGreaterThan(0);
    expect(
      lines.some((l) => l.startsWith(file) && problem.test(l)),
      lines.join('\n'),
    ).toBe(true);
  });

  it('never reads outside the folder: the outside file appears in no article and no error', () => {
    for (const a of loaded.articles) expect(a.text).not.toContain(SECRET);
    expect(JSON.stringify(loaded.errors)).not.toContain(SECRET);
  });

  it('coverage-bot check names every problem with its file, and exits 1', async () => {
    const run = promisify(execFile);
    const result = await run(process.execPath, [path.join(ROOT, 'bin/coverage-bot.js'), 'check', dir], {
      cwd: ROOT,
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    expect(result.code).toBe(1);
    for (const e of loaded.errors) expect(result.stderr).toContain(formatCorpusError(e));
    expect(result.stderr).toMatch(/6 valid articles, \d+ errors/);
    expect(result.stderr).not.toContain(SECRET);
  }, 60_000);

  it('a reload that meets these errors keeps the running corpus', async () => {
    const running = Engine.build((await loadCorpus(path.join(ROOT, 'corpus'))).articles);
    const holder = new EngineHolder(running, dir);
    const result = await holder.reload();
    expect(result.ok).toBe(false);
    expect(holder.engine).toBe(running);
    if (!result.ok) expect(result.errors.length).toBe(loaded.errors.length);
  });
});

describe('a configuration with every key wrong', () => {
  const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.not-a-token';
  it.each([
    ['missing everything', {}],
    [
      'every key malformed',
      {
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: 'abc',
        DEV_GUILD_ID: '12',
        ADMIN_USER_IDS: '1,two',
        DISCORD_API_URL: 'ftp://x',
        LOG_LEVEL: 'loud',
        RATE_LIMIT_COMMANDS: '0.5',
        RATE_LIMIT_WINDOW_SECONDS: '-1',
        REGISTER_COMMANDS: 'maybe',
      },
    ],
  ])('%s: one message lists them all, without the token', (_what, env) => {
    const result = readConfig(env as Record<string, string>);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const keys = Object.keys(env).length === 0 ? ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'] : Object.keys(env);
    for (const k of keys) expect(result.message).toContain(k);
    // One message: a count, then one line per problem (ADMIN_USER_IDS has one per bad id).
    expect(Number(/has (\d+) problems/.exec(result.message)?.[1])).toBeGreaterThanOrEqual(keys.length);
    expect(result.message).not.toContain(TOKEN);
    expect(result.message).not.toContain('not-a-token');
  });
});
