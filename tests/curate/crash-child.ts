// Runs one curation operation on a corpus folder and stops dead at a named step: the
// parent test kills this process there (SIGKILL, as a crash or an OOM kill would) and then
// reads the folder. Usage: node --import tsx crash-child.ts DIR OPERATION STEP
import { addFile, addPage, removeArticle, restoreArticle } from '../../src/curate/operations.ts';
import type { PageDraft } from '../../src/ingest/extract.ts';
import { markdownArticle } from '../support/corpus.ts';

const [dir = '', operation = '', stopAt = ''] = process.argv.slice(2);
const ctx = {
  by: 'test:crash',
  step: async (step: string) => {
    if (step !== stopAt) return;
    process.stdout.write(`AT ${step}\n`);
    setInterval(() => undefined, 1_000);
    await new Promise(() => undefined);
  },
};

// A page's draft as extractPage gives it, made by hand: the child starts faster without the DOM.
const draft: PageDraft = {
  title: { value: 'Council passes the zoning plan', from: 'open-graph' },
  outlet: { value: 'The Example Times', from: 'open-graph' },
  url: { value: 'https://news.example/story', from: 'open-graph' },
  text: 'The city council voted on Monday night to approve the zoning plan.\n\n'.repeat(500),
  fetchedFrom: 'https://news.example/story',
};
const result =
  operation === 'add-page'
    ? await addPage(dir, draft, { published: '2024-05-06' }, ctx)
    : operation === 'add-file'
      ? await addFile(
          dir,
          'c.md',
          Buffer.from(markdownArticle({ id: 'c', url: 'https://example.com/c' }, 'Body of c.\n'.repeat(2000))),
          ctx,
        )
      : operation === 'replace'
        ? await addFile(
            dir,
            'a2.md',
            Buffer.from(
              markdownArticle(
                { id: 'a', title: 'A, replaced', url: 'https://example.com/a' },
                'New body.\n'.repeat(2000),
              ),
            ),
            ctx,
            { replace: true },
          )
        : operation === 'remove'
          ? await removeArticle(dir, 'a', ctx)
          : operation === 'restore'
            ? await restoreArticle(dir, 'a', ctx)
            : undefined;
if (!result) throw new Error(`crash-child: no operation "${operation}"`);
process.stdout.write(`DONE ${JSON.stringify(result.ok)}\n`);
