import { Worker, parentPort, workerData } from 'node:worker_threads';
import type { Article } from '../corpus/types.ts';
import { openCorpus } from '../corpus/open.ts';
import { loadCorpus, type CorpusError } from '../corpus/load.ts';
import { restoreEngine, saveEngine, type SavedEngine } from '../engine/saved.ts';
import type { EngineBuilder } from './holder.ts';

/** Items per message from the worker: small enough that receiving one never stalls. */
const CHUNK = 2_000;

type Msg =
  | { type: 'errors'; errors: CorpusError[] }
  | { type: 'articles'; items: Article[] }
  | { type: 'meta'; saved: SavedEngine }
  | { type: 'passages' | 'quotes' | 'events' | 'terms' | 'docIds' | 'fieldLength'; items: unknown[] }
  | { type: 'done' }
  | { type: 'failed'; message: string };

/**
 * Builds the engine for `dir` in a worker thread and hands it over in small messages, so
 * the thread that answers Discord is never blocked by the build: it only reassembles the
 * parts, yielding between slices. The worker also saves the engine next to the corpus.
 */
export const buildInWorker: EngineBuilder = (dir) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { entry: import.meta.url, dir },
    });
    const articles: Article[] = [];
    const lists: Record<string, unknown[]> = { passages: [], quotes: [], events: [], terms: [], docIds: [], fieldLength: [] };
    let meta: SavedEngine | undefined;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`engine build worker exited (${code}) before finishing`)));
    worker.on('message', (msg: Msg) => {
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
        case 'done': {
          settled = true;
          void worker.terminate();
          const saved = meta!;
          saved.passages = lists.passages as SavedEngine['passages'];
          saved.quotes = lists.quotes as SavedEngine['quotes'];
          saved.events = lists.events as SavedEngine['events'];
          saved.index = {
            ...saved.index,
            index: lists.terms as SavedEngine['index']['index'],
            documentIds: Object.fromEntries(lists.docIds as Array<[string, unknown]>),
            fieldLength: Object.fromEntries(lists.fieldLength as Array<[string, number[]]>),
          };
          restoreEngine(articles, saved, { async: true }).then((engine) => resolve({ engine, errors: [] }), reject);
          return;
        }
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
  // openCorpus builds (or restores) and saves the engine next to the corpus.
  const { engine } = await openCorpus(dir, { log: () => undefined });
  const saved = saveEngine(engine, '');
  const send = (type: Exclude<Msg['type'], 'errors' | 'meta' | 'done' | 'failed' | 'articles'> | 'articles', items: unknown[]) => {
    for (let i = 0; i < items.length; i += CHUNK) port.postMessage({ type, items: items.slice(i, i + CHUNK) });
  };
  send('articles', engine.articles as Article[]);
  send('passages', saved.passages);
  send('quotes', saved.quotes);
  send('events', saved.events);
  send('terms', saved.index.index);
  send('docIds', Object.entries(saved.index.documentIds));
  send('fieldLength', Object.entries(saved.index.fieldLength));
  const meta = { ...saved, passages: [], quotes: [], events: [], index: { ...saved.index, index: [], documentIds: {}, fieldLength: {} } };
  port.postMessage({ type: 'meta', saved: meta } satisfies Msg);
  port.postMessage({ type: 'done' } satisfies Msg);
}

if (parentPort && workerData?.entry === import.meta.url) {
  runWorker(workerData.dir as string).catch((err: unknown) => parentPort!.postMessage({ type: 'failed', message: (err as Error).message } satisfies Msg));
}
