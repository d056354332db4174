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
  /** Extraction workers (default: one per CPU but one, at least one, at most three). */
  workers?: number;
  /** The module a worker runs (default: this one); tests give one that fails to load. */
  workerEntry?: URL;
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
 * in order is not there yet, this thread extracts a batch itself. So every thread is busy
 * until the end. A worker that fails to start or dies gives its batches back to this
 * thread; an article whose extraction throws fails the build, as in `Engine.build`.
 */
export async function buildEngine(articles: readonly Article[], options: BuildOptions = {}): Promise<Engine> {
  const {
    parallelFrom = PARALLEL_MIN_ARTICLES,
    workers: count = Math.min(3, Math.max(1, os.availableParallelism() - 1)),
    workerEntry = new URL(import.meta.url),
  } = options;
  if (articles.length < parallelFrom || articles.length === 0 || count < 1) return Engine.build(articles);
  const batches: Batch[] = [];
  for (let i = 0; i < articles.length; i += BATCH)
    batches.push({ n: batches.length, articles: articles.slice(i, i + BATCH) as Article[] });
  const assembler = new EngineAssembler(articles);
  const arrived = new Map<number, ArticleExtract[]>();
  /** Batches each live worker holds; a worker that fails gives them back (`returned`). */
  const held = new Map<Worker, Set<number>>();
  const returned: number[] = [];
  /** One copy of each short string the workers send (see rejoin). */
  const pool = new Map<string, string>();
  let assigned = 0;
  let failure: Error | undefined;
  let finished = false;
  let wake: (() => void) | undefined;
  const nudge = () => {
    wake?.();
    wake = undefined;
  };
  const give = (w: Worker) => {
    const batch = assigned < batches.length ? batches[assigned++]! : null;
    if (batch) held.get(w)?.add(batch.n);
    w.postMessage(batch);
  };
  const drop = (w: Worker) => {
    const batches = held.get(w);
    if (finished || !batches) return;
    held.delete(w);
    returned.push(...batches);
    void w.terminate();
    nudge();
  };
  for (let k = 0; k < count; k++) {
    let w: Worker;
    try {
      w = new Worker(new URL('../runtime/worker-boot.mjs', import.meta.url), {
        workerData: { entry: workerEntry.href, role: ROLE },
      });
    } catch {
      break;
    }
    held.set(w, new Set());
    w.on('message', (msg: FromWorker) => {
      if ('failed' in msg) {
        failure ??= new Error(msg.failed);
        return nudge();
      }
      arrived.set(
        msg.n,
        msg.extracts.map((e, i) => rejoin(batches[msg.n]!.articles[i]!, e, pool)),
      );
      // A worker given up on gets nothing more: what it held is this thread's now.
      if (held.get(w)?.delete(msg.n)) give(w);
      nudge();
    });
    w.on('error', () => drop(w));
    w.on('exit', (code) => {
      if (code !== 0) drop(w);
    });
    for (let i = 0; i < IN_HAND; i++) give(w);
  }
  try {
    for (let next = 0; next < batches.length;) {
      if (failure) throw failure;
      const extracts = arrived.get(next);
      const mine = extracts
        ? undefined
        : returned.length > 0
          ? returned.shift()!
          : assigned < batches.length
            ? assigned++
            : undefined;
      if (extracts) {
        arrived.delete(next);
        batches[next]!.articles.forEach((a, i) => assembler.add(a, extracts[i]!));
        next++;
      } else if (mine !== undefined) {
        arrived.set(mine, batches[mine]!.articles.map(extractArticle));
      } else {
        // Everything is given out and the next batch is a live worker's: wait for it.
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      // Let the workers' messages in (and hand them more work) between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    finished = true;
    await Promise.all([...held.keys()].map((w) => w.terminate()));
  }
  return assembler.finish();
}

/**
 * An extract as sent: quote and date texts left out (they are slices of the article, so
 * sending them would copy them twice); put back here.
 */
function rejoin(article: Article, extract: ArticleExtract, pool: Map<string, string>): ArticleExtract {
  // A message delivers every string as a copy of its own, where a build in one thread
  // shares the article's id and one string for each kind, precision or date: share them
  // again (the copies made the engine's heap 3 % larger).
  const one = <T extends string>(s: T): T => {
    const same = pool.get(s);
    if (same !== undefined) return same as T;
    pool.set(s, s);
    return s;
  };
  for (const q of extract.quotes) {
    q.articleId = article.id;
    q.text = article.text.slice(q.start, q.end);
    q.kind = one(q.kind);
    q.speaker.name = one(q.speaker.name);
    q.speaker.mention = one(q.speaker.mention);
    if (q.speaker.role !== undefined) q.speaker.role = one(q.speaker.role);
  }
  for (const e of extract.events) {
    e.articleId = article.id;
    e.mention.text = article.text.slice(e.mention.start, e.mention.end);
    for (const d of new Set([e.date, e.mention.date])) {
      d.value = one(d.value);
      d.precision = one(d.precision);
      if (d.modifier !== undefined) d.modifier = one(d.modifier);
      if (d.until !== undefined) d.until = one(d.until);
    }
  }
  for (const f of extract.clean.furniture) f.kind = one(f.kind);
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
      parentPort!.postMessage({
        n: batch.n,
        extracts: batch.articles.map((a) => slim(extractArticle(a))),
      } satisfies FromWorker);
    } catch (err) {
      parentPort!.postMessage({ failed: `engine: extraction failed: ${(err as Error).message}` } satisfies FromWorker);
    }
  });
}
