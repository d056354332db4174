// The engine in a thread of its own. The thread that talks to Discord keeps a small heap:
// V8 marks a heap in steps on the thread that owns it, and a large engine's heap makes those
// steps stall the event loop, reload or not (bench/README.md, the bench:steady line). Here the
// engine and its collections live in an engine thread; the main thread sends each command
// and gets the answer back as a message (a structured copy), then renders, pages and
// replies as before. A reload opens the new engine in a fresh engine thread while the old
// one answers. DESIGN.md ("Where answers are worked out") says why and what it costs.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { commands } from '../../commands/index.ts';
import type { Answered } from '../answers/answer.ts';
import type { Answer } from '../answers/types.ts';
import type { Options } from '../commands/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { Article } from '../corpus/types.ts';
import { corpusBytes, loadCorpus, type CorpusError } from '../corpus/load.ts';
import { engineFromLoaded, openCorpus, type OpenedCorpus } from '../corpus/open.ts';
import { LocalAnswering, type Answering, type Choice, type Reload } from './answering.ts';
import { buildInWorker } from './build-worker.ts';
import { CONTENT_FIELDS, EngineHolder, diffById, type Changes, type ReloadResult } from './holder.ts';

/** Where answers are worked out: `auto` picks the engine thread for a corpus of AUTO_THREAD_BYTES or more. */
export type EngineThreadMode = 'auto' | 'on' | 'off';

/**
 * From this many bytes of article files, `auto` answers from an engine thread. It lies
 * between the benchmark's 1x corpus, whose reload stays within the stall target with the
 * engine in the main thread, and its 10x corpus, whose does not (bench/README.md and
 * docs/decisions/2026-11-22-engine-thread.md). Below it the engine stays in the main thread, which answers sooner.
 */
export const AUTO_THREAD_BYTES = 32 * 2 ** 20;

type Request =
  | { id: number; op: 'execute'; name: string; options: Options; admin: boolean }
  | { id: number; op: 'line'; line: string; admin: boolean }
  | { id: number; op: 'autocomplete'; name: string; option: string; typed: string }
  | { id: number; op: 'size' }
  | { id: number; op: 'stall' }
  | { id: number; op: 'fingerprints' };

/** A request before its id is given. */
type Body = Request extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** The main thread's answer to the engine thread asking it to run an admin's reload. */
type Reloaded =
  { op: 'reloaded'; call: number; result: ReloadResult } | { op: 'reloaded'; call: number; error: string };

type Ready = {
  type: 'ready';
  articles: number;
  passages: number;
  errors: number;
  fromSaved: boolean;
  changes?: Changes | undefined;
};

type Message =
  | Ready
  /** A reload's thread found errors in the corpus folder: it opens nothing. */
  | { type: 'refused'; errors: CorpusError[] }
  | { type: 'failed'; message: string }
  | { type: 'log'; message: string }
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'reply'; id: number; error: string; stack?: string | undefined }
  /** Request `id` is an admin's /reload: run its reload (every shard's, perhaps) and send `Reloaded`. */
  | { type: 'reload'; id: number; call: number };

/**
 * What an engine thread does: open the corpus as a start-up does (bad files left out), or
 * for a reload, only if the whole folder is valid, saying what changed against `before`
 * (the fingerprints of the engine it replaces).
 */
type Task = { kind: 'start' } | { kind: 'reload'; before: Array<[string, string]> };

type Started = { worker: Worker; ready: Ready } | { worker: Worker; errors: CorpusError[] };

export interface Opened {
  answering: Answering;
  articles: number;
  passages: number;
  /** Files left out of the corpus for errors (each logged). */
  errors: number;
  fromSaved: boolean;
}

/**
 * Opens the corpus in `dir` for the bot, in the main thread or in an engine thread
 * (`mode`). `log` takes the warnings: files left out, a saved engine ignored, the engine
 * thread restarting.
 */
export async function openAnswering(
  dir: string,
  mode: EngineThreadMode,
  log: (message: string) => void,
): Promise<Opened> {
  if (await inEngineThread(dir, mode)) return ThreadAnswering.open(dir, log);
  const opened = await openCorpus(dir, { log });
  const answering = localAnswering(opened.engine, dir);
  return {
    answering,
    articles: opened.engine.articles.length,
    passages: opened.engine.passages.length,
    errors: opened.errors.length,
    fromSaved: opened.fromSaved,
  };
}

/** The engine in this thread, reloading `dir` with a build worker: the bot with ENGINE_THREAD=off. */
export function localAnswering(engine: Engine, dir: string): LocalAnswering {
  return new LocalAnswering(new EngineHolder(engine, dir, buildInWorker), commands);
}

/** Whether the bot answers from an engine thread for the corpus in `dir`, in `mode`. */
export async function inEngineThread(dir: string, mode: EngineThreadMode): Promise<boolean> {
  return mode === 'on' || (mode === 'auto' && (await corpusBytes(dir)) >= AUTO_THREAD_BYTES);
}

interface Waiting {
  worker: Worker;
  resolve(value: unknown): void;
  reject(err: Error): void;
  reload?: Reload | undefined;
}

/** How long a replaced engine thread may take to finish the requests it holds before it is ended anyway. */
const RETIRE_WAIT_MS = 60_000;

/**
 * Answers from an engine in a worker thread, which opens the corpus (from its saved engine
 * when it can) and answers. A reload starts a fresh engine thread on the folder (restoring
 * the engine a build saved, or building and saving it, with the build's own workers)
 * while the running one keeps answering, and switches to it only when the whole folder is
 * valid; the replaced thread finishes what it holds and ends, its heap freed at once
 * rather than collected while answering. If the answering thread stops (out of memory, a
 * crash), the requests it held fail, and a new thread opens the corpus folder as a
 * start-up does; requests wait for it.
 */
export class ThreadAnswering implements Answering {
  readonly where = 'engine thread';
  /** The thread answering now, or starting to. */
  private current!: Promise<Worker>;
  /** The thread answering now, once it has opened the corpus: the one whose end means a restart. */
  private active: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private readonly stopped = new WeakSet<Worker>();
  private readonly retired = new WeakSet<Worker>();
  /** Every thread not yet ended, answering, starting or finishing: what close() ends. */
  private readonly threads = new Set<Worker>();
  private readonly retiring = new Set<Promise<void>>();
  private retiredStallMs = 0;
  private reloading: Promise<unknown> = Promise.resolve();
  /** Counts adoptions: a thread adopted before a later one was is replaced as soon as it is ready. */
  private generation = 0;
  private articles = 0;
  private next = 0;
  private closing = false;

  private constructor(
    readonly corpusDir: string,
    private readonly log: (message: string) => void,
  ) {}

  static async open(dir: string, log: (message: string) => void): Promise<Opened> {
    const answering = new ThreadAnswering(dir, log);
    const started = answering.start({ kind: 'start' });
    answering.current = answering.adopt(started);
    answering.current.catch(() => undefined); // the failure is thrown below
    const s = await started;
    if (!('ready' in s)) throw new Error('the engine thread refused to start'); // only a reload refuses
    return {
      answering,
      articles: s.ready.articles,
      passages: s.ready.passages,
      errors: s.ready.errors,
      fromSaved: s.ready.fromSaved,
    };
  }

  execute(name: string, options: Options, reload?: Reload): Promise<Answer> {
    return this.call({ op: 'execute', name, options, admin: reload !== undefined }, reload);
  }

  answerLine(line: string, reload?: Reload): Promise<Answered> {
    return this.call({ op: 'line', line, admin: reload !== undefined }, reload);
  }

  autocomplete(name: string, option: string, typed: string): Promise<Choice[]> {
    return this.call({ op: 'autocomplete', name, option, typed });
  }

  /** Reloads do not overlap: one asked for while another runs waits for it and then runs. */
  reload(): Promise<ReloadResult> {
    const result = this.reloading.then(() => this.reloadNow());
    this.reloading = result.catch(() => undefined);
    return result;
  }

  size(): Promise<{ articles: number; passages: number }> {
    return this.call({ op: 'size' });
  }

  /**
   * The longest event-loop stall, ms, of the threads that answered since the last call
   * (or since they opened the corpus): garbage collections, which hold up answers but not
   * the main thread. For diagnostics and the benchmark.
   */
  async longestStall(): Promise<number> {
    await Promise.all(this.retiring);
    const ms = Math.max(await this.call<number>({ op: 'stall' }), this.retiredStallMs);
    this.retiredStallMs = 0;
    return ms;
  }

  /** The engine thread answering now (once it has opened the corpus): for diagnostics and tests. */
  get thread(): Promise<Worker> {
    return this.current;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.threads].map((w) => w.terminate()));
  }

  private async reloadNow(): Promise<ReloadResult> {
    const started = performance.now();
    const refused = (errors: CorpusError[]): ReloadResult => ({
      ok: false,
      errors,
      articles: this.articles,
      ms: performance.now() - started,
    });
    let s: Started;
    try {
      const before = await this.call<Array<[string, string]>>({ op: 'fingerprints' });
      if (this.closing) throw new Error('the engine thread is closed');
      s = await this.start({ kind: 'reload', before });
    } catch (err) {
      if (this.closing) throw err;
      return refused([{ file: '.', message: `the reload could not run: ${(err as Error).message}` }]);
    }
    if (!('ready' in s)) return refused(s.errors);
    if (this.closing) {
      await s.worker.terminate();
      throw new Error('the engine thread is closed');
    }
    const previous = this.current;
    this.current = this.adopt(Promise.resolve(s));
    void previous.then(
      (w) => this.retire(w),
      () => undefined,
    );
    return { ok: true, ...s.ready.changes!, articles: s.ready.articles, ms: performance.now() - started };
  }

  /**
   * `started`'s thread as the one answering from now on, unless another is adopted before
   * it is ready (a restart overtaken by a reload), in which case it is retired.
   */
  private adopt(started: Promise<Started>): Promise<Worker> {
    const generation = ++this.generation;
    return started.then((s) => {
      if (!('ready' in s)) throw new Error('the engine thread refused to start');
      if (generation === this.generation) {
        this.active = s.worker;
        this.articles = s.ready.articles;
      } else {
        this.retire(s.worker);
      }
      return s.worker;
    });
  }

  /**
   * A replaced thread: it finishes the requests it holds, then ends. An admin's /reload
   * waits for the reload it asked for (every shard's, perhaps: minutes); others at most
   * RETIRE_WAIT_MS.
   */
  private retire(worker: Worker): void {
    if (this.stopped.has(worker) || this.retired.has(worker)) return;
    this.retired.add(worker);
    const done = (async () => {
      const until = Date.now() + RETIRE_WAIT_MS;
      const holding = () =>
        [...this.waiting.values()].some((w) => w.worker === worker && (w.reload !== undefined || Date.now() < until));
      while (holding()) await new Promise((r) => setTimeout(r, 10));
      const ms = await this.call<number>({ op: 'stall' }, undefined, worker).catch(() => 0);
      this.retiredStallMs = Math.max(this.retiredStallMs, ms);
      await worker.terminate();
    })();
    this.retiring.add(done);
    void done.finally(() => this.retiring.delete(done));
  }

  private async worker(): Promise<Worker> {
    for (;;) {
      const current = this.current;
      let worker: Worker;
      try {
        worker = await current;
      } catch (err) {
        if (this.closing) throw err;
        // The last start failed: try again, once for every request waiting on it.
        if (this.current === current) this.current = this.adopt(this.start({ kind: 'start' }));
        worker = await this.current;
      }
      if (this.closing) throw new Error('the engine thread is closed');
      if (!this.stopped.has(worker)) return worker;
      // It stopped between the await and now; its replacement is starting.
      await new Promise((r) => setImmediate(r));
    }
  }

  private async call<T>(request: Body, reload?: Reload, to?: Worker): Promise<T> {
    const worker = to ?? (await this.worker());
    if (this.stopped.has(worker)) throw new Error('the engine thread stopped before answering');
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { worker, resolve: resolve as (v: unknown) => void, reject, reload });
      try {
        worker.postMessage({ ...request, id } as Request);
      } catch (err) {
        this.waiting.delete(id); // options that cannot be copied
        reject(err as Error);
      }
    });
  }

  private start(task: Task): Promise<Started> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
        workerData: { entry: import.meta.url, dir: this.corpusDir, task },
        // The process's heap limit (--max-old-space-size) holds for the engine's heap too;
        // past it the thread ends (and is restarted) rather than the whole process.
        resourceLimits: { maxOldGenerationSizeMb: Math.ceil(getHeapStatistics().heap_size_limit / 2 ** 20) },
      });
      this.threads.add(worker);
      let ready = false;
      worker.on('message', (m: Message) => {
        switch (m.type) {
          case 'ready':
            ready = true;
            return resolve({ worker, ready: m });
          case 'refused':
            this.retired.add(worker);
            void worker.terminate();
            return resolve({ worker, errors: m.errors });
          case 'failed':
            this.retired.add(worker);
            void worker.terminate();
            return reject(new Error(m.message));
          case 'log':
            return this.log(m.message);
          case 'reply': {
            const waiting = this.waiting.get(m.id);
            if (!waiting) return;
            this.waiting.delete(m.id);
            if ('error' in m) waiting.reject(Object.assign(new Error(m.error), m.stack ? { stack: m.stack } : {}));
            else waiting.resolve(m.value);
            return;
          }
          case 'reload': {
            const run = this.waiting.get(m.id)?.reload;
            const post = (r: Reloaded) => {
              if (this.stopped.has(worker)) return; // the request failed with the thread
              try {
                worker.postMessage(r);
              } catch (err) {
                worker.postMessage({
                  op: 'reloaded',
                  call: m.call,
                  error: `the reload's result could not be passed on: ${(err as Error).message}`,
                } satisfies Reloaded);
              }
            };
            (run ? run() : Promise.reject(new Error('this request may not reload'))).then(
              (result) => post({ op: 'reloaded', call: m.call, result }),
              (err: unknown) =>
                post({ op: 'reloaded', call: m.call, error: err instanceof Error ? err.message : String(err) }),
            );
            return;
          }
        }
      });
      // A reply that cannot be read: its request cannot be told apart, so it is only logged.
      worker.on('messageerror', (err) =>
        this.log(`a message from the engine thread could not be read: ${err.message}`),
      );
      worker.on('error', (err) => {
        if (!ready) reject(err);
        else this.log(`the engine thread failed: ${err.message}`);
      });
      worker.on('exit', (code) => {
        this.stopped.add(worker);
        this.threads.delete(worker);
        const err = new Error(`the engine thread stopped (exit code ${code}) before answering`);
        for (const [id, w] of this.waiting) {
          if (w.worker !== worker) continue;
          this.waiting.delete(id);
          w.reject(err);
        }
        if (!ready)
          return reject(new Error(`the engine thread stopped (exit code ${code}) before the corpus was open`));
        if (worker === this.active && !this.retired.has(worker)) this.lost(code);
      });
    });
  }

  /** The answering thread has stopped: a new one opens the corpus folder, as a start-up does. */
  private lost(code: number): void {
    this.active = undefined;
    if (this.closing) return;
    this.log(`the engine thread stopped (exit code ${code}); opening the corpus again in a new one`);
    this.current = this.adopt(this.start({ kind: 'start' }));
    this.current.catch((e: unknown) =>
      this.log(`the engine thread could not start again (${(e as Error).message}); the next request tries again`),
    );
  }
}

/** Each article's content (CONTENT_FIELDS, as diffArticles compares them) as a short string. */
function fingerprints(articles: readonly Article[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of articles) {
    const hash = createHash('sha1');
    for (const f of CONTENT_FIELDS) {
      const v = a[f];
      hash.update(v === undefined ? '\0u' : '\0s');
      if (v !== undefined) hash.update(String(v));
    }
    out.set(a.id, hash.digest('base64'));
  }
  return out;
}

/** The engine thread: opens the corpus (see Task) and answers the main thread's requests. */
async function runThread(dir: string, task: Task): Promise<void> {
  const port = parentPort!;
  const log = (message: string) => port.postMessage({ type: 'log', message } satisfies Message);
  let opened: OpenedCorpus;
  if (task.kind === 'reload') {
    const loaded = await loadCorpus(dir);
    if (loaded.errors.length > 0) {
      port.postMessage({ type: 'refused', errors: loaded.errors } satisfies Message);
      return;
    }
    opened = await engineFromLoaded(dir, loaded, { log });
  } else {
    opened = await openCorpus(dir, { log });
  }
  const local = new LocalAnswering(new EngineHolder(opened.engine, dir), commands);
  const prints = fingerprints(opened.engine.articles);
  const changes = task.kind === 'reload' ? await diffById(new Map(task.before), prints, (b, a) => b === a) : undefined;
  // From now on: opening the corpus is not answering.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();

  // An admin's reload runs where the main thread says (every shard's, under a manager).
  const calls = new Map<number, { resolve(r: ReloadResult): void; reject(e: Error): void }>();
  let nextCall = 0;
  const reloadFor =
    (id: number): Reload =>
    () =>
      new Promise<ReloadResult>((resolve, reject) => {
        const call = nextCall++;
        calls.set(call, { resolve, reject });
        port.postMessage({ type: 'reload', id, call } satisfies Message);
      });

  const handle = (m: Request): unknown => {
    switch (m.op) {
      case 'execute':
        return local.execute(m.name, m.options, m.admin ? reloadFor(m.id) : undefined);
      case 'line':
        return local.answerLine(m.line, m.admin ? reloadFor(m.id) : undefined);
      case 'autocomplete':
        return local.autocomplete(m.name, m.option, m.typed);
      case 'size':
        return local.size();
      case 'stall': {
        const ms = loop.max / 1e6;
        loop.reset();
        return ms;
      }
      case 'fingerprints':
        return [...prints];
    }
  };
  const fail = (id: number, err: unknown) =>
    port.postMessage({
      type: 'reply',
      id,
      error: err instanceof Error ? err.message : String(err),
      stack: (err as Error)?.stack,
    } satisfies Message);

  port.on('message', (m: Request | Reloaded) => {
    if ('op' in m && m.op === 'reloaded') {
      const call = calls.get(m.call);
      calls.delete(m.call);
      if ('result' in m) call?.resolve(m.result);
      else call?.reject(new Error(m.error));
      return;
    }
    Promise.resolve()
      .then(() => handle(m))
      .then(
        (value) => {
          try {
            port.postMessage({ type: 'reply', id: m.id, value } satisfies Message);
          } catch (err) {
            fail(m.id, err); // an answer that cannot be copied
          }
        },
        (err: unknown) => fail(m.id, err),
      );
  });
  const { engine } = opened;
  port.postMessage({
    type: 'ready',
    articles: engine.articles.length,
    passages: engine.passages.length,
    errors: opened.errors.length,
    fromSaved: opened.fromSaved,
    changes,
  } satisfies Message);
}

if (parentPort && workerData?.entry === import.meta.url) {
  runThread(workerData.dir as string, workerData.task as Task).catch((err: unknown) =>
    parentPort!.postMessage({ type: 'failed', message: (err as Error).message } satisfies Message),
  );
}
