// A crash in the middle of an admin's /corpus add from Discord: the bot's process is killed
// (SIGKILL) at each step of the write, and the folder holds the old corpus or the new one,
// whole, never half a file.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { markdownArticle, tempCorpus } from '../support/corpus.ts';
import { runUntilStep } from '../support/crash.ts';
import { ADDED_BODY } from './crash-child.ts';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** Runs the add in a child process, killed once it reports reaching `step`; else its output. */
async function runUntil(dir: string, step: string): Promise<'killed' | string> {
  const r = await runUntilStep(CHILD, [dir, step], step);
  return r === 'killed' ? r : r.out.slice(r.out.indexOf('DONE '));
}

// The steps of adding a file (src/curate/operations.ts), in order.
const STEPS = ['locked', 'temp-partly-written', 'temp-written', 'linked', 'temp-removed', 'logged'];

describe('a crash in the middle of /corpus add', { timeout: 180_000 }, () => {
  it('leaves the old corpus or the new one whole, wherever the bot is killed', async () => {
    for (const step of STEPS) {
      const { dir, cleanup } = await tempCorpus({ 'a.md': markdownArticle({ id: 'a', url: 'https://example.com/a' }) });
      cleanups.push(cleanup);
      expect([step, await runUntil(dir, step)]).toEqual([step, 'killed']);
      const { articles, errors } = await loadCorpus(dir);
      expect([step, errors]).toEqual([step, []]);
      const ids = articles.map((a) => a.id).sort();
      expect([step, ['a', 'a,c'].includes(ids.join())]).toEqual([step, true]);
      if (ids.includes('c')) expect([step, articles.find((a) => a.id === 'c')!.text]).toEqual([step, ADDED_BODY]);
    }
  });

  it('adds the file when nothing stops it (the same path, run to the end)', async () => {
    const { dir, cleanup } = await tempCorpus({ 'a.md': markdownArticle({ id: 'a', url: 'https://example.com/a' }) });
    cleanups.push(cleanup);
    expect(await runUntil(dir, 'never')).toContain('Added');
    expect((await loadCorpus(dir)).articles.map((a) => a.id).sort()).toEqual(['a', 'c']);
  });
});
