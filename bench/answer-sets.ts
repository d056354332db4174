// The corpora and generated questions `coverage-bot eval answers` is measured on, written
// to a folder outside the project (nothing from the datasets is copied into it):
//
//   node --import tsx bench/answer-sets.ts /tmp/answer-sets
//
// writes
//   news/corpus.jsonl          the built-in articles, every Wikinews article and the first
//                              NEWS_BBC_PER_CATEGORY BBC articles of each category (what
//                              tests/fixtures/answers/{dev,heldout}.jsonl ask about)
//   polnear-<split>/corpus.jsonl and polnear-<split>.questions.jsonl
//                              for train and dev (never test): the first POLNEAR_ARTICLES
//                              articles, and one "who said …?" question per direct quote
//                              whose PolNeAR Source names someone
// and prints the commands that score them.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CORPUS_DIR } from '../src/corpus/open.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import type { ArticleInput } from '../src/corpus/schema.ts';
import { loadPolnear, type Split } from '../src/quotes/eval.ts';
import { DATASETS, bbc, polnear, wikinews } from './corpora.ts';

export const NEWS_BBC_PER_CATEGORY = 60;
export const POLNEAR_ARTICLES = 80;

/** The built-in corpus's articles as corpus records. */
async function builtIn(): Promise<ArticleInput[]> {
  const { articles } = await loadCorpus(DEFAULT_CORPUS_DIR);
  return articles.map(({ id, title, outlet, author, published, url, text }) => ({
    id,
    title,
    outlet,
    ...(author && { author }),
    published,
    url,
    text,
  }));
}

async function writeJsonl(file: string, rows: readonly unknown[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** The news corpus: built-in, Wikinews, and the first BBC articles of each category. */
export async function writeNewsCorpus(dir: string): Promise<string> {
  const perCategory = new Map<string, number>();
  const bbcArticles = (await bbc([])).filter((a) => {
    const category = a.id.split('-')[1]!;
    const n = perCategory.get(category) ?? 0;
    perCategory.set(category, n + 1);
    return n < NEWS_BBC_PER_CATEGORY;
  });
  await writeJsonl(path.join(dir, 'corpus.jsonl'), [...(await builtIn()), ...(await wikinews()), ...bbcArticles]);
  return dir;
}

/** Whether a PolNeAR Source names someone ("Trump", "Sen. Ted Cruz"), not "he", "sources" or "officials". */
function names(source: string): boolean {
  const words = source.split(/\s+/);
  return (
    words.length <= 6 &&
    words.some(
      (w) => /^\p{Lu}[\p{Ll}’'-]{2,}/u.test(w) && !/^(?:The|He|She|They|It|We|This|That|His|Her|Sources?)$/.test(w),
    )
  );
}

/** A PolNeAR split's first articles as a corpus, with a who-said question per named direct quote. */
export async function writePolnearWhoSaid(dir: string, split: Exclude<Split, 'test'>): Promise<number> {
  const gold = (await loadPolnear(path.join(DATASETS, 'polnear'), split)).slice(0, POLNEAR_ARTICLES);
  const inputs = new Map((await polnear()).map((a) => [a.id, a]));
  const articles: ArticleInput[] = [];
  const questions: unknown[] = [];
  for (const g of gold) {
    const id = `polnear-${g.article.id}`.slice(0, 100);
    const input = inputs.get(id);
    if (!input) continue;
    articles.push(input);
    for (const q of g.gold) {
      if (!q.source || !names(q.source)) continue;
      const words = g.article.text.slice(q.start, q.end).trim().split(/\s+/);
      if (words.length < 6) continue;
      // What a reader remembers of a quote: its first words.
      const remembered = words
        .slice(0, 10)
        .join(' ')
        .replace(/[,;:.]+$/, '');
      questions.push({
        q: `who said "${remembered}"?`,
        gold: [remembered],
        ans: [q.source],
        src: [id],
        kind: 'who-said',
      });
    }
  }
  await writeJsonl(path.join(dir, 'corpus.jsonl'), articles);
  // Beside the corpus folder, not in it: every .jsonl in a corpus folder is read as articles.
  await writeJsonl(`${dir}.questions.jsonl`, questions);
  return questions.length;
}

async function main(out: string | undefined): Promise<number> {
  if (!out) {
    console.error('usage: node --import tsx bench/answer-sets.ts OUT_DIR');
    return 2;
  }
  const news = await writeNewsCorpus(path.join(out, 'news'));
  console.log(`wrote ${news}/corpus.jsonl`);
  for (const split of ['train', 'dev'] as const) {
    const n = await writePolnearWhoSaid(path.join(out, `polnear-${split}`), split);
    console.log(`wrote ${out}/polnear-${split}: ${n} who-said questions`);
  }
  console.log(`
Score them:
  npx coverage-bot eval answers --questions tests/fixtures/answers/dev.jsonl --corpus ${news}
  npx coverage-bot eval answers --questions tests/fixtures/answers/heldout.jsonl --corpus ${news}
  npx coverage-bot eval answers --questions ${out}/polnear-train.questions.jsonl --corpus ${out}/polnear-train
  npx coverage-bot eval answers --questions ${out}/polnear-dev.questions.jsonl --corpus ${out}/polnear-dev`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv[2]).then((code) => (process.exitCode = code));
}
