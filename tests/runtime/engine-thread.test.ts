// The engine in a thread of its own (ThreadAnswering) against the engine in this thread
// (LocalAnswering): the same answers, word for word, for every kind of request over the
// built-in coverage; reloads both ways; and what happens when the thread stops.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { corpusBytes } from '../../src/corpus/load.ts';
import { openCorpus } from '../../src/corpus/open.ts';
import { LocalAnswering, type Answering } from '../../src/runtime/answering.ts';
import { readConfig } from '../../src/runtime/config.ts';
import { AUTO_THREAD_BYTES, ThreadAnswering, inEngineThread, openAnswering } from '../../src/runtime/engine-thread.ts';
import { EngineHolder, type ReloadResult } from '../../src/runtime/holder.ts';
import { BUILT_IN, builtInEngine, markdownArticle, tempCorpus } from '../support/corpus.ts';

const logged: string[] = [];
let thread: Answering;
let local: Answering;

beforeAll(async () => {
  thread = (await ThreadAnswering.open(BUILT_IN, (m) => logged.push(m))).answering;
  // Opened as the thread opens it (from the saved engine when there is one): what differs
  // is only where the answers are worked out.
  local = new LocalAnswering(
    new EngineHolder((await openCorpus(BUILT_IN, { log: () => undefined })).engine, BUILT_IN),
    commands,
  );
});
afterAll(async () => {
  await thread.close();
});

/** An answer as JSON: what the bot renders from, lazily marked words included. */
const json = (v: unknown) => JSON.stringify(v);

describe('answers from the engine thread', () => {
  it('are those of the engine in this thread, for every command, typed line and autocomplete over the coverage', async () => {
    const engine = await builtInEngine();
    // Words from the coverage itself: the first long word of every passage, and every speaker.
    const words = [
      ...new Set(
        engine.passages
          .map((p) =>
            engine
              .text(p)
              .split(/\s+/)
              .find((w) => /^[A-Za-z]{5,}$/.test(w)),
          )
          .filter((w): w is string => !!w),
      ),
    ];
    const speakers = engine.speakers.all().map((s) => s.name);
    expect(words.length).toBeGreaterThan(10);
    expect(speakers.length).toBeGreaterThan(5);
    const requests: Array<[string, Record<string, string>]> = [
      ...words.flatMap((w): Array<[string, Record<string, string>]> => [
        ['search', { query: w }],
        ['when', { topic: w }],
        ['quote', { speaker: w }],
      ]),
      ...speakers.map((s): [string, Record<string, string>] => ['quote', { speaker: s, topic: 'ICE' }]),
      ['search', { query: 'zzqx nothing matches' }],
      ['sources', {}],
      ['speakers', {}],
      ['help', {}],
    ];
    let marked = 0;
    for (const [name, options] of requests) {
      const [there, here] = await Promise.all([thread.execute(name, options), local.execute(name, options)]);
      expect(json(there), `/${name} ${json(options)}`).toBe(json(here));
      marked += (there.items as Array<{ highlights?: unknown[] }>).filter(
        (i) => (i.highlights?.length ?? 0) > 0,
      ).length;
    }
    // The matched words are worked out in the engine thread and come back with the answer.
    expect(marked).toBeGreaterThan(50);

    for (const line of [
      'what did Hancock say about ICE?',
      'when did the council pass the ordinance',
      '/quote nobody-at-all',
      '/search',
      'reload',
      'sources',
    ]) {
      expect(json(await thread.answerLine(line)), line).toBe(json(await local.answerLine(line)));
    }
    for (const [name, option, typed] of [
      ['quote', 'speaker', 'han'],
      ['quote', 'topic', 'immig'],
      ['search', 'query', 'valle'],
      ['when', 'topic', 'ord'],
      ['help', 'x', 'a'],
    ] as const) {
      expect(await thread.autocomplete(name, option, typed)).toEqual(await local.autocomplete(name, option, typed));
    }
    expect((await thread.autocomplete('quote', 'speaker', 'han')).length).toBeGreaterThan(0);
    expect(await thread.size()).toEqual(await local.size());
  });

  it('refuses an admin command without a reload, and reports an unknown command as an error', async () => {
    expect(await thread.answerLine('reload')).toEqual({ ok: false, error: "Only the bot's admins may use /reload." });
    await expect(thread.execute('nope', {})).rejects.toThrow('no command /nope');
  });
});

describe('reloads through the engine thread', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it("runs an admin's /reload with the reload the main thread gives (every shard's, under a manager)", async () => {
    let calls = 0;
    const everyShard = async (): Promise<ReloadResult> => {
      calls++;
      return { ok: true, added: ['from-the-main-thread'], removed: [], changed: [], articles: 6, ms: 1_200 };
    };
    const answer = await thread.execute('reload', {}, everyShard);
    expect(calls).toBe(1);
    expect(answer.message).toContain('Added (1): from-the-main-thread');
    const byLine = await thread.answerLine('/reload', everyShard);
    expect(calls).toBe(2);
    expect(byLine.ok && byLine.answer.message).toContain('Reloaded 6 articles in 1.2 s.');
    const failing = () => Promise.reject(new Error('shard 1 is gone'));
    await expect(thread.execute('reload', {}, failing)).rejects.toThrow('shard 1 is gone');
  });

  it('reloads its own engine: new articles are answered, a broken folder is refused and the old corpus kept', async () => {
    const made = await tempCorpus({ 'a.md': markdownArticle() });
    cleanups.push(made.cleanup);
    const opened = await openAnswering(made.dir, 'on', () => undefined);
    cleanups.push(() => opened.answering.close());
    const a = opened.answering;
    expect(a.where).toBe('engine thread');
    expect(opened.articles).toBe(1);

    await writeFile(
      path.join(made.dir, 'b.md'),
      markdownArticle(
        { id: 'new-article', title: 'Zanzibar council news', url: 'https://example.com/new' },
        'The zanzibar committee met on Tuesday.\n',
      ),
    );
    const first = await (a as ThreadAnswering).thread;
    const r = await a.reload();
    expect(r).toMatchObject({ ok: true, added: ['new-article'], removed: [], changed: [], articles: 2 });
    // A fresh thread answers from now on; the one it replaces ends.
    expect(await (a as ThreadAnswering).thread).not.toBe(first);
    if (first.threadId !== -1) await new Promise((r) => first.once('exit', r));
    const found = await a.execute('search', { query: 'zanzibar' });
    expect(found.items.map((i) => (i as { source: { id: string } }).source.id)).toEqual(['new-article']);

    await writeFile(path.join(made.dir, 'a.md'), markdownArticle({ title: 'Another title' }));
    expect(await a.reload()).toMatchObject({
      ok: true,
      added: [],
      removed: [],
      changed: ['test-article'],
      articles: 2,
    });
    await writeFile(
      path.join(made.dir, 'c.md'),
      markdownArticle({ id: 'broken', published: '2017-02-30' }, 'The zanzibar committee met.\n'),
    );
    const refused = await a.reload();
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.errors.map((e) => e.file)).toEqual(['c.md']);
    expect(await a.size()).toMatchObject({ articles: 2 });

    await rm(path.join(made.dir, 'c.md'));
    await rm(path.join(made.dir, 'b.md'));
    expect(await a.reload()).toMatchObject({ ok: true, added: [], removed: ['new-article'], changed: [], articles: 1 });
  });
});

describe("an admin's /reload", () => {
  it('is answered by the thread it replaces, which then ends; the new thread answers from the new corpus', async () => {
    const made = await tempCorpus({ 'a.md': markdownArticle() });
    const { answering } = await openAnswering(made.dir, 'on', () => undefined);
    const a = answering as ThreadAnswering;
    try {
      const first = await a.thread;
      await writeFile(
        path.join(made.dir, 'b.md'),
        markdownArticle({ id: 'new-article' }, 'The zanzibar committee met on Tuesday.\n'),
      );
      // As the Bot gives it: the reload the main thread runs (here, this one's own).
      const answer = await a.execute('reload', {}, () => a.reload());
      expect(answer.title).toBe('Corpus reloaded');
      expect(answer.message).toContain('Added (1): new-article');
      expect(await a.thread).not.toBe(first);
      if (first.threadId !== -1) await new Promise((r) => first.once('exit', r));
      const found = await a.execute('search', { query: 'zanzibar' });
      expect(found.items.map((i) => (i as { source: { id: string } }).source.id)).toEqual(['new-article']);
    } finally {
      await a.close();
      await made.cleanup();
    }
  });
});

describe('when the engine thread stops', () => {
  it('fails what it held, starts a new thread on the corpus folder, and answers again', async () => {
    const made = await tempCorpus({ 'a.md': markdownArticle() });
    const logs: string[] = [];
    const { answering } = await openAnswering(made.dir, 'on', (m) => logs.push(m));
    try {
      const before = json(await answering.execute('search', { query: 'ordinance' }));
      const first = (answering as ThreadAnswering).thread;
      const worker = await first;
      // A request sent as the thread is ending gets an error, not silence.
      const held = answering.execute('search', { query: 'ordinance' });
      await worker.terminate();
      await expect(held).rejects.toThrow(/engine thread stopped/);
      expect(logs.some((l) => /the engine thread stopped \(exit code 1\); opening the corpus again/.test(l))).toBe(
        true,
      );
      expect(json(await answering.execute('search', { query: 'ordinance' }))).toBe(before);
      expect(await (answering as ThreadAnswering).thread).not.toBe(worker);
    } finally {
      await answering.close();
      await made.cleanup();
    }
    await expect(answering.execute('help', {})).rejects.toThrow('the engine thread is closed');
  });

  it('keeps answering when the answering thread stops during a reload, and when the thread that replaced it stops too', async () => {
    const made = await tempCorpus({ 'a.md': markdownArticle() });
    const logs: string[] = [];
    const { answering } = await openAnswering(made.dir, 'on', (m) => logs.push(m));
    const a = answering as ThreadAnswering;
    try {
      await writeFile(
        path.join(made.dir, 'b.md'),
        markdownArticle({ id: 'new-article' }, 'The zanzibar committee met on Tuesday.\n'),
      );
      const reloading = a.reload();
      // The reload has asked the running thread for its fingerprints and is opening the
      // folder in a new thread (or, on a slow machine, is about to): the running one ends.
      await new Promise((r) => setTimeout(r, 100));
      await (await a.thread).terminate();
      await reloading;
      // Both the restart and the reload's thread open the folder; let both finish.
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await a.execute('search', { query: 'ordinance' })).items.length).toBeGreaterThan(0);
      // Whichever thread answers now, its end is noticed and another takes over.
      await (await a.thread).terminate();
      expect((await a.execute('search', { query: 'ordinance' })).items.length).toBeGreaterThan(0);
      expect(
        logs.filter((l) => /the engine thread stopped \(exit code 1\); opening the corpus again/.test(l)).length,
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await a.close();
      await made.cleanup();
    }
  });

  it('fails to open, with the reason, when the corpus folder cannot be read', async () => {
    await expect(openAnswering('/nonexistent/corpus-folder', 'on', () => undefined)).rejects.toThrow(
      /cannot read the corpus folder/,
    );
  });
});

describe('where answers are worked out', () => {
  it('counts the article files a corpus folder holds, as the loader reads them', async () => {
    const made = await tempCorpus({
      'a.md': markdownArticle(),
      'sub/b.jsonl': '{"x":1}\n',
      'README.md': 'not an article',
      '.hidden/c.md': 'skipped',
      'notes.txt': 'skipped',
    });
    try {
      expect(await corpusBytes(made.dir)).toBe(Buffer.byteLength(markdownArticle()) + Buffer.byteLength('{"x":1}\n'));
      expect(await inEngineThread(made.dir, 'auto')).toBe(false);
      expect(await inEngineThread(made.dir, 'on')).toBe(true);
      expect(await inEngineThread(made.dir, 'off')).toBe(false);
      expect(await corpusBytes('/nonexistent/corpus-folder')).toBe(0);
      expect(AUTO_THREAD_BYTES).toBeGreaterThan(await corpusBytes(BUILT_IN));
    } finally {
      await made.cleanup();
    }
  });

  it('reads ENGINE_THREAD: auto by default, on or off in any case, and names the key when it is wrong', () => {
    const base = { DISCORD_TOKEN: 'MTAw.abc.def', DISCORD_APPLICATION_ID: '100000000000000000' };
    const mode = (v?: string) => {
      const r = readConfig({ ...base, ENGINE_THREAD: v });
      return r.ok ? r.config.ENGINE_THREAD : r.message;
    };
    expect(mode()).toBe('auto');
    expect(mode(' ')).toBe('auto');
    expect(mode('ON')).toBe('on');
    expect(mode('off')).toBe('off');
    expect(mode('yes')).toMatch(/ENGINE_THREAD must be auto, on or off/);
  });
});
