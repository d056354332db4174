// The engine build for a corpus of any size: in one thread for a small corpus, and for a
// large one with the per-article work (cleaning, quotes, dates, splitting) in worker
// threads while this thread indexes what the workers have finished, in corpus order.
import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Article } from '../corpus/types.ts';
import { Engine, EngineAssembler, extractArticle, type ArticleExtract } from './engine.ts';

/** Below this many articles, starting workers costs more than they save. */
export const PARALLEL_MIN_ARTICLES = 200;
/** Articles per batch: what a worker extracts and sends in one message. */
const BATCH = 25;
const ROLE = 'extract-articles';

export interface BuildOptions {
  /** Use workers from this many articles on (default PARALLEL_MIN_ARTICLES). */
  parallelFrom?: number;
  /** Extraction workers (default: one per CPU, at least one, at most four). */
  workers?: number;
}

interface Batch {
  n: number;
  articles: Article[];
}
type FromWorker = { n: number; extracts: ArticleExtract[] } | { failed: string };

/** Batches a worker has in hand at once: one to work on, one waiting, so it never idles on a round trip. */
const IN_HAND = 2;

/**
 * The engine for `articles`, equal to `Engine.build(articles)` (tests/engine/build.test.ts
 * compares them part by part). From `parallelFrom` articles on, worker threads extract
 * batches of articles, each asking for the next when it sends one back, while this thread
 * assembles and indexes the batches in corpus order as they arrive; when the next batch
 * in order is not there yet, this thread extracts the next unassigned batch itself. So
 * every thread is busy until the end. If a worker cannot start, the build runs in this
 * thread alone.
 */
export async function buildEngine(articles: readonly Article[], options: BuildOptions = {}): Promise<Engine> {
  const { parallelFrom = PARALLEL_MIN_ARTICLES, workers: count = Math.min(3, Math.max(1, os.availableParallelism() - 1)) } = options;
  if (articles.length < parallelFrom || articles.length === 0 || count < 1) return Engine.build(articles);
  const batches: Batch[] = [];
  for (let i = 0; i < articles.length; i += BATCH) batches.push({ n: batches.length, articles: articles.slice(i, i + BATCH) as Article[] });
  const workers: Worker[] = [];
  try {
    for (let k = 0; k < count; k++) workers.push(new Worker(new URL('../runtime/worker-boot.mjs', import.meta.url), { workerData: { entry: import.meta.url, role: ROLE } }));
  } catch {
    for (const w of workers) void w.terminate();
    return Engine.build(articles);
  }
  const assembler = new EngineAssembler(articles);
  const arrived = new Map<number, ArticleExtract[]>();
  let assigned = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const nudge = () => {
    wake?.();
    wake = undefined;
  };
  const fail = (err: Error) => {
    failure ??= err;
    nudge();
  };
  const give = (w: Worker) => w.postMessage(assigned < batches.length ? batches[assigned++] : null);
  for (const w of workers) {
    w.on('message', (msg: FromWorker) => {
      if ('failed' in msg) return fail(new Error(msg.failed));
      const batch = batches[msg.n]!;
      arrived.set(msg.n, msg.extracts.map((e, i) => rejoin(batch.articles[i]!, e)));
      give(w);
      nudge();
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (code !== 0) fail(new Error(`engine: extraction worker exited (${code})`));
    });
    for (let i = 0; i < IN_HAND; i++) give(w);
  }
  try {
    for (let next = 0; next < batches.length; ) {
      if (failure) throw failure;
      const extracts = arrived.get(next);
      if (extracts) {
        arrived.delete(next);
        batches[next]!.articles.forEach((a, i) => assembler.add(a, extracts[i]!));
        next++;
      } else if (assigned < batches.length) {
        const mine = batches[assigned++]!;
        arrived.set(mine.n, mine.articles.map(extractArticle));
      } else {
        // Everything is given out and the next batch is a worker's: wait for a message.
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      // Let the workers' messages in (and hand them more work) between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    for (const w of workers) void w.terminate();
  }
  return assembler.finish();
}

/**
 * An extract as sent: quote and date texts left out (they are slices of the article, so
 * sending them would copy them twice); put back here.
 */
function rejoin(article: Article, extract: ArticleExtract): ArticleExtract {
  for (const q of extract.quotes) q.text = article.text.slice(q.start, q.end);
  for (const e of extract.events) e.mention.text = article.text.slice(e.mention.start, e.mention.end);
  return extract;
}

function slim(extract: ArticleExtract): ArticleExtract {
  for (const q of extract.quotes) q.text = '';
  for (const e of extract.events) e.mention.text = '';
  return extract;
}

// In a worker: extract each batch it is given and send it back; null means no more.
if (!isMainThread && (workerData as { role?: string } | undefined)?.role === ROLE) {
  parentPort!.on('message', (batch: Batch | null) => {
    if (!batch) return parentPort!.close();
    try {
      parentPort!.postMessage({ n: batch.n, extracts: batch.articles.map((a) => slim(extractArticle(a))) } satisfies FromWorker);
    } catch (err) {
      parentPort!.postMessage({ failed: `engine: extraction failed: ${(err as Error).message}` } satisfies FromWorker);
    }
  });
}
