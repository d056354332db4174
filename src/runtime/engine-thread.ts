// The engine in a thread of its own. The thread that talks to Discord keeps a small heap:
// V8 marks a heap in steps on the thread that owns it, and at 10x the engine's heap (about
// 1.1 GB) made those steps stall the event loop for 200-500 ms during a reload. Here the
// engine, its reloads and its collections live in the engine thread; the main thread sends
// each command and gets the answer back as a message (a structured copy), then renders,
// pages and replies as before. DESIGN.md ("Where answers are worked out") has the figures.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { commands } from '../../commands/index.ts';
import type { Answered } from '../answers/answer.ts';
import type { Answer } from '../answers/types.ts';
import type { Options } from '../commands/types.ts';
import { corpusBytes } from '../corpus/load.ts';
import { openCorpus } from '../corpus/open.ts';
import { LocalAnswering, type Answering, type Choice, type Reload } from './answering.ts';
import { buildInWorker } from './build-worker.ts';
import { EngineHolder, type ReloadResult } from './holder.ts';

/** Where answers are worked out: `auto` picks the engine thread for a corpus of AUTO_THREAD_BYTES or more. */
export type EngineThreadMode = 'auto' | 'on' | 'off';

/**
 * From this many bytes of article files, `auto` answers from an engine thread. The
 * benchmark's 3,500-article corpus (12 MB of files) stalls a reload's event loop
 * 50-60 ms with the engine in the main thread; its ten-times copy stalls 176-481 ms. Below
 * this size the engine stays in the main thread, which answers a little sooner.
 */
export const AUTO_THREAD_BYTES = 32 * 2 ** 20;

type Request =
  | { id: number; op: 'execute'; name: string; options: Options; admin: boolean }
  | { id: number; op: 'line'; line: string; admin: boolean }
  | { id: number; op: 'autocomplete'; name: string; option: string; typed: string }
  | { id: number; op: 'reload' }
  | { id: number; op: 'size' }
  | { id: number; op: 'stall' };

/** A request before its id is given. */
type Body = Request extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** The main thread's answer to the engine thread asking it to run an admin's reload. */
type Reloaded = { op: 'reloaded'; call: number; result: ReloadResult } | { op: 'reloaded'; call: number; error: string };

type Message =
  | { type: 'ready'; articles: number; passages: number; errors: number; fromSaved: boolean }
  | { type: 'failed'; message: string }
  | { type: 'log'; message: string }
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'reply'; id: number; error: string; stack?: string | undefined }
  /** Request `id` is an admin's /reload: run its reload (every shard's, perhaps) and send `Reloaded`. */
  | { type: 'reload'; id: number; call: number };

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
export async function openAnswering(dir: string, mode: EngineThreadMode, log: (message: string) => void): Promise<Opened> {
  if (await inEngineThread(dir, mode)) return ThreadAnswering.open(dir, log);
  const opened = await openCorpus(dir, { log });
  const answering = new LocalAnswering(new EngineHolder(opened.engine, dir, buildInWorker), commands);
  return { answering, articles: opened.engine.articles.length, passages: opened.engine.passages.length, errors: opened.errors.length, fromSaved: opened.fromSaved };
}

/** Whether the bot answers from an engine thread for the corpus in `dir`, in `mode`. */
export async function inEngineThread(dir: string, mode: EngineThreadMode): Promise<boolean> {
  return mode === 'on' || (mode === 'auto' && (await corpusBytes(dir)) >= AUTO_THREAD_BYTES);
}

interface Waiting {
  resolve(value: unknown): void;
  reject(err: Error): void;
  reload?: Reload | undefined;
}

/**
 * Answers from an engine in a worker thread, which opens the corpus (from its saved engine
 * when it can), answers, and reloads (building in a worker of its own, as the bot in one
 * thread does). If the thread stops (out of memory, a crash), the requests it held fail,
 * and a new thread opens the corpus folder again; requests wait for it.
 */
export class ThreadAnswering implements Answering {
  readonly where = 'engine thread';
  private current!: Promise<Worker>;
  private readonly waiting = new Map<number, Waiting>();
  private readonly stopped = new WeakSet<Worker>();
  /** The thread started last, ready or not: what close() ends. */
  private newest: Worker | undefined;
  private next = 0;
  private closing = false;

  private constructor(
    readonly corpusDir: string,
    private readonly log: (message: string) => void,
  ) {}

  static async open(dir: string, log: (message: string) => void): Promise<Opened> {
    const answering = new ThreadAnswering(dir, log);
    const started = answering.start();
    answering.current = started.then((s) => s.worker);
    answering.current.catch(() => undefined); // the failure is thrown below
    const { ready } = await started;
    return { answering, articles: ready.articles, passages: ready.passages, errors: ready.errors, fromSaved: ready.fromSaved };
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

  reload(): Promise<ReloadResult> {
    return this.call({ op: 'reload' });
  }

  size(): Promise<{ articles: number; passages: number }> {
    return this.call({ op: 'size' });
  }

  /** The engine thread now (once it has opened the corpus): for diagnostics and tests. */
  get thread(): Promise<Worker> {
    return this.current;
  }

  /**
   * The engine thread's longest event-loop stall, ms, since the last call (or its start):
   * its garbage collections and reload slices, which hold up answers but not the main
   * thread. For diagnostics and the benchmark.
   */
  longestStall(): Promise<number> {
    return this.call({ op: 'stall' });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.newest?.terminate();
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
        if (this.current === current) this.current = this.start().then((s) => s.worker);
        worker = await this.current;
      }
      if (this.closing) throw new Error('the engine thread is closed');
      if (!this.stopped.has(worker)) return worker;
      // It stopped between the await and now; its replacement is starting.
      await new Promise((r) => setImmediate(r));
    }
  }

  private async call<T>(request: Body, reload?: Reload): Promise<T> {
    const worker = await this.worker();
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, reload });
      try {
        worker.postMessage({ ...request, id } as Request);
      } catch (err) {
        this.waiting.delete(id); // options that cannot be copied
        reject(err as Error);
      }
    });
  }

  private start(): Promise<{ worker: Worker; ready: Extract<Message, { type: 'ready' }> }> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
        workerData: { entry: import.meta.url, dir: this.corpusDir },
        // The process's heap limit (--max-old-space-size) holds for the engine's heap too;
        // past it the thread ends (and is restarted) rather than the whole process.
        resourceLimits: { maxOldGenerationSizeMb: Math.ceil(getHeapStatistics().heap_size_limit / 2 ** 20) },
      });
      this.newest = worker;
      let ready = false;
      worker.on('message', (m: Message) => {
        switch (m.type) {
          case 'ready':
            ready = true;
            return resolve({ worker, ready: m });
          case 'failed':
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
                worker.postMessage({ op: 'reloaded', call: m.call, error: `the reload's result could not be passed on: ${(err as Error).message}` } satisfies Reloaded);
              }
            };
            (run ? run() : Promise.reject(new Error('this request may not reload'))).then(
              (result) => post({ op: 'reloaded', call: m.call, result }),
              (err: unknown) => post({ op: 'reloaded', call: m.call, error: err instanceof Error ? err.message : String(err) }),
            );
            return;
          }
        }
      });
      // A reply that cannot be read: its request cannot be told apart, so it is only logged.
      worker.on('messageerror', (err) => this.log(`a message from the engine thread could not be read: ${err.message}`));
      worker.on('error', (err) => {
        if (!ready) reject(err);
        else this.log(`the engine thread failed: ${err.message}`);
      });
      worker.on('exit', (code) => {
        this.stopped.add(worker);
        if (!ready) return reject(new Error(`the engine thread stopped (exit code ${code}) before the corpus was open`));
        this.lost(code);
      });
    });
  }

  /** The engine thread has stopped: what it held fails, and a new one opens the corpus. */
  private lost(code: number): void {
    const err = new Error(`the engine thread stopped (exit code ${code}) before answering`);
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    if (this.closing) return;
    this.log(`the engine thread stopped (exit code ${code}); opening the corpus again in a new one`);
    this.current = this.start().then((s) => s.worker);
    this.current.catch((e: unknown) => this.log(`the engine thread could not start again (${(e as Error).message}); the next request tries again`));
  }
}

/** The engine thread: opens the corpus and answers the main thread's requests. */
async function runThread(dir: string): Promise<void> {
  const port = parentPort!;
  const log = (message: string) => port.postMessage({ type: 'log', message } satisfies Message);
  const opened = await openCorpus(dir, { log });
  const local = new LocalAnswering(new EngineHolder(opened.engine, dir, buildInWorker), commands);
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
      case 'reload':
        return local.reload();
      case 'size':
        return local.size();
      case 'stall': {
        const ms = loop.max / 1e6;
        loop.reset();
        return ms;
      }
    }
  };
  const fail = (id: number, err: unknown) => port.postMessage({ type: 'reply', id, error: err instanceof Error ? err.message : String(err), stack: (err as Error)?.stack } satisfies Message);

  port.on('message', (m: Request | Reloaded) => {
    if (m.op === 'reloaded') {
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
  port.postMessage({ type: 'ready', articles: opened.engine.articles.length, passages: opened.engine.passages.length, errors: opened.errors.length, fromSaved: opened.fromSaved } satisfies Message);
}

if (parentPort && workerData?.entry === import.meta.url) {
  runThread(workerData.dir as string).catch((err: unknown) => parentPort!.postMessage({ type: 'failed', message: (err as Error).message } satisfies Message));
}
