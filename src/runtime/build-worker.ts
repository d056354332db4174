import { Worker, parentPort, workerData } from 'node:worker_threads';
import type { Article } from '../corpus/types.ts';
import { engineFromLoaded } from '../corpus/open.ts';
import { loadCorpus, type CorpusError } from '../corpus/load.ts';
import {
  packedBuffers,
  restoreEngine,
  saveEngineApart,
  type PackedPostings,
  type SavedEngine,
} from '../engine/saved.ts';
import type { EngineBuilder } from './holder.ts';

/** Items per message from the worker (but for the postings' arrays, which move without a copy): small enough that receiving one never stalls. */
const CHUNK = 2_000;

type Msg =
  | { type: 'errors'; errors: CorpusError[] }
  | { type: 'articles'; items: Article[] }
  | { type: 'meta'; saved: SavedEngine }
  | { type: 'postings'; packed: PackedPostings }
  | { type: 'passages' | 'quotes' | 'events' | 'docIds' | 'fieldLength' | 'cleaned'; items: unknown[] }
  | { type: 'done' }
  | { type: 'failed'; message: string };

/**
 * Builds the engine for `dir` in a worker thread and hands it over in small messages (the
 * index's postings in one message of typed arrays, moved rather than copied), so
 * the thread that answers Discord is never blocked by the build: it only reassembles the
 * parts, yielding between slices. The worker also saves the engine next to the corpus.
 */
export const buildInWorker: EngineBuilder = (dir) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { entry: import.meta.url, dir },
    });
    const articles: Article[] = [];
    const lists: Record<string, unknown[]> = {
      passages: [],
      quotes: [],
      events: [],
      docIds: [],
      fieldLength: [],
      cleaned: [],
    };
    let meta: SavedEngine | undefined;
    let postings: PackedPostings | undefined;
    let documentIds: Record<string, string> = {};
    let fieldLength: Record<string, number[]> = {};
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`engine build worker exited (${code}) before finishing`)));
    // The worker sends a message only when asked: a port delivers all queued messages in
    // one go, which would hold this thread for as long as receiving the whole engine.
    const more = () => setImmediate(() => worker.postMessage('next'));
    worker.on('message', (msg: Msg) => {
      if (msg.type !== 'done' && msg.type !== 'errors' && msg.type !== 'failed') more();
      switch (msg.type) {
        case 'failed':
          return fail(new Error(msg.message));
        case 'errors':
          settled = true;
          void worker.terminate();
          return resolve({ errors: msg.errors });
        case 'articles':
          for (const a of msg.items) articles.push(a);
          return;
        case 'meta':
          meta = msg.saved;
          return;
        case 'postings':
          postings = msg.packed;
          return;
        case 'done': {
          settled = true;
          void worker.terminate();
          const saved = meta!;
          saved.passages = lists.passages as SavedEngine['passages'];
          saved.quotes = lists.quotes as SavedEngine['quotes'];
          saved.events = lists.events as SavedEngine['events'];
          saved.cleaned = lists.cleaned as SavedEngine['cleaned'];
          saved.index = { ...saved.index, index: [], documentIds, fieldLength };
          // The parts are the saved engine's now, which the restore lets go of as it reads them.
          for (const k of Object.keys(lists)) lists[k] = [];
          documentIds = {};
          fieldLength = {};
          const handed = postings;
          postings = undefined;
          restoreEngine(articles, saved, { async: true, consume: true, postings: handed }).then(
            (engine) => resolve({ engine, errors: [] }),
            reject,
          );
          return;
        }
        case 'docIds':
          for (const [k, v] of msg.items as Array<[string, string]>) documentIds[k] = v;
          return;
        case 'fieldLength':
          for (const [k, v] of msg.items as Array<[string, number[]]>) fieldLength[k] = v;
          return;
        default:
          for (const item of msg.items) lists[msg.type]!.push(item);
      }
    });
  });

async function runWorker(dir: string): Promise<void> {
  const port = parentPort!;
  const loaded = await loadCorpus(dir);
  if (loaded.errors.length > 0) {
    port.postMessage({ type: 'errors', errors: loaded.errors } satisfies Msg);
    return;
  }
  // Builds (or restores) the engine from the corpus just read, and saves it next to the corpus.
  const { engine } = await engineFromLoaded(dir, loaded, { log: () => undefined });
  const { saved, packed } = saveEngineApart(engine, '');
  const messages = outgoing(engine.articles as Article[], saved, packed);
  const next = () => {
    const step = messages.next();
    if (step.done) port.postMessage({ type: 'done' } satisfies Msg);
    // The packed postings' buffers move to the other thread rather than being copied.
    else port.postMessage(step.value, step.value.type === 'postings' ? packedBuffers(step.value.packed) : []);
    if (step.done) port.off('message', next);
  };
  port.on('message', next);
  next();
}

/** The engine as a sequence of messages (small ones, and the postings' arrays in one), the last one before 'done' being 'meta'. */
function* outgoing(articles: Article[], saved: SavedEngine, packed: PackedPostings): Generator<Msg> {
  function* chunks(
    type: 'articles' | 'passages' | 'quotes' | 'events' | 'cleaned' | 'docIds' | 'fieldLength',
    items: unknown[],
  ): Generator<Msg> {
    for (let i = 0; i < items.length; i += CHUNK) yield { type, items: items.slice(i, i + CHUNK) } as Msg;
  }
  yield* chunks('articles', articles);
  yield* chunks('passages', saved.passages);
  yield* chunks('quotes', saved.quotes);
  yield* chunks('events', saved.events);
  yield* chunks('cleaned', saved.cleaned);
  // The index's postings as a few typed arrays: received in one go, without an object per term.
  yield { type: 'postings', packed };
  yield* chunks('docIds', Object.entries(saved.index.documentIds));
  yield* chunks('fieldLength', Object.entries(saved.index.fieldLength));
  yield {
    type: 'meta',
    saved: {
      ...saved,
      passages: [],
      quotes: [],
      events: [],
      cleaned: [],
      index: { ...saved.index, index: [], documentIds: {}, fieldLength: {} },
    },
  };
}

if (parentPort && workerData?.entry === import.meta.url) {
  runWorker(workerData.dir as string).catch((err: unknown) =>
    parentPort!.postMessage({ type: 'failed', message: (err as Error).message } satisfies Msg),
  );
}
