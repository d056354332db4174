import { parseArgs } from 'node:util';
import { formatCorpusError, loadCorpus } from '../corpus/load.ts';
import { DEFAULT_CORPUS_DIR } from '../corpus/open.ts';
import { extractQuotes } from '../quotes/extract.ts';
import { cleanArticle } from '../text/clean.ts';

const USAGE = 'usage: coverage-bot quotes [--json] [--corpus DIR]';

/**
 * `coverage-bot quotes --json [--corpus DIR]`: every quote and paraphrase the extractor
 * finds in a corpus's story paragraphs, one JSON object per line:
 * `{ articleId, start, end, text, speaker: { name, mention }, kind }`. Without `--json`,
 * one readable line each. Exit 2 on bad arguments, 1 when the corpus has errors.
 */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { json: { type: 'boolean', default: false }, corpus: { type: 'string' } },
    }));
  } catch (err) {
    console.error(`coverage-bot quotes: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const dir = values.corpus ?? process.env.CORPUS_DIR ?? DEFAULT_CORPUS_DIR;
  const { articles, errors } = await loadCorpus(dir);
  for (const e of errors) console.error(`coverage-bot quotes: ${formatCorpusError(e)}`);
  for (const article of articles) {
    for (const q of extractQuotes(article, cleanArticle(article).paragraphs)) {
      if (values.json) {
        const { articleId, start, end, text, speaker, kind } = q;
        console.log(
          JSON.stringify({
            articleId,
            start,
            end,
            text,
            speaker: { name: speaker.name, mention: speaker.mention },
            kind,
          }),
        );
      } else {
        const shown = kind(q.kind, q.text);
        console.log(`${q.articleId} ${q.start}-${q.end} ${q.speaker.name} (${q.speaker.mention}): ${shown}`);
      }
    }
  }
  return errors.length > 0 ? 1 : 0;
}

/** A direct quote in quotation marks; reported speech never is. */
function kind(k: 'direct' | 'paraphrase', text: string): string {
  return k === 'direct' ? `“${text}”` : `[reported] ${text}`;
}
