import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { addPage, removeArticle } from '../../src/curate/operations.ts';
import { extractPage } from '../../src/ingest/extract.ts';
import { markdownArticle, tempCorpus } from '../support/corpus.ts';
import { runUntilStep } from '../support/crash.ts';
import { articlePage } from '../support/pages.ts';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** Runs the operation in a child process, killed (SIGKILL) once it reports reaching `step`. */
async function runUntil(dir: string, operation: string, step: string): Promise<'killed' | 'done'> {
  const r = await runUntilStep(CHILD, [dir, operation, step], step);
  if (r === 'killed') return r;
  if (r.out.includes('DONE true')) return 'done';
  throw new Error(`child ended without the change: ${r.out}`);
}

async function corpus() {
  const { dir, cleanup } = await tempCorpus({
    'a.md': markdownArticle({ id: 'a', url: 'https://example.com/a' }),
    'b.md': markdownArticle({ id: 'b', url: 'https://example.com/b' }),
  });
  cleanups.push(cleanup);
  return dir;
}

const PAGE_ID = 'the-example-times-council-passes-the-zoning-plan';
// Each operation's steps, in order, and what the corpus holds when it is done.
const CASES: Array<{ operation: string; steps: string[]; before: string[]; after: string[]; setup?: 'remove' }> = [
  {
    operation: 'add-file',
    steps: ['locked', 'temp-partly-written', 'temp-written', 'linked', 'temp-removed', 'logged'],
    before: ['a', 'b'],
    after: ['a', 'b', 'c'],
  },
  {
    operation: 'add-page',
    steps: ['temp-partly-written', 'linked', 'logged'],
    before: ['a', 'b'],
    after: ['a', 'b', PAGE_ID],
  },
  {
    operation: 'replace',
    steps: ['temp-partly-written', 'temp-written', 'kept', 'renamed'],
    before: ['a', 'b'],
    after: ['a', 'b'],
  },
  { operation: 'remove', steps: ['locked', 'moved', 'logged'], before: ['a', 'b'], after: ['b'] },
  { operation: 'restore', steps: ['locked', 'moved', 'logged'], before: ['b'], after: ['a', 'b'], setup: 'remove' },
];

// Each case starts a child process per step (about a second each on a quiet machine).
describe('a crash in the middle of a change', { timeout: 120_000 }, () => {
  for (const { operation, steps, before, after, setup } of CASES) {
    it(`leaves the old corpus or the new one whole, wherever ${operation} is killed`, async () => {
      for (const step of steps) {
        const dir = await corpus();
        if (setup) expect((await removeArticle(dir, 'a', { by: 'test' })).ok).toBe(true);
        expect([step, await runUntil(dir, operation, step)]).toEqual([step, 'killed']);
        const { articles, errors } = await loadCorpus(dir);
        expect([step, errors]).toEqual([step, []]);
        const ids = articles.map((a) => a.id).sort();
        expect([[before, after].some((want) => want.join() === ids.join()), step, ids]).toEqual([true, step, ids]);
        if (operation === 'replace') {
          const a = articles.find((x) => x.id === 'a')!;
          expect([
            step,
            a.title === 'A test article' || (a.title === 'A, replaced' && a.text === 'New body.\n'.repeat(2000)),
          ]).toEqual([step, true]);
        }
        if (operation === 'add-file' && ids.includes('c'))
          expect(articles.find((x) => x.id === 'c')!.text).toBe('Body of c.\n'.repeat(2000));
      }
    });
  }

  it("does not block the next change: the dead process's lock is taken over and its temporary file removed", async () => {
    const dir = await corpus();
    expect(await runUntil(dir, 'add-file', 'temp-written')).toBe('killed');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    const draft = extractPage(articlePage(), 'https://news.example/other');
    if (!draft.ok) throw new Error(draft.reason);
    const r = await addPage(dir, draft.draft, { published: '2024-05-06' }, { by: 'test', lock: { waitMs: 2_000 } });
    expect(r.ok).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp') || f === '.lock')).toEqual([]);
  });
});
