import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Answer } from '../answers/types.ts';
import { renderPicture, type Picture, type PictureOptions } from '../render/picture/index.ts';
import type { Logger } from './logger.ts';

/** Pictures waiting to be drawn at most; past this, an answer goes without one. */
export const MAX_PENDING_PICTURES = 8;

type Request = { id: number; answer: Answer; options: PictureOptions };
type Reply = { id: number; picture?: Omit<Picture, 'png'> & { png: Uint8Array }; error?: string };

/**
 * Draws the pictures of answers in a thread of its own, started at the first picture, so
 * that drawing (tens of milliseconds each) never holds up the acknowledgements and text
 * answers of the main thread. A picture is an extra: when MAX_PENDING_PICTURES are
 * waiting, or drawing fails, the answer goes without one and the reason is logged.
 */
export class PictureMaker {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, (p: Picture | undefined) => void>();
  #next = 0;
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Whether an answer of this kind has a picture (without drawing it). */
  static has(answer: Answer): boolean {
    if (answer.kind === 'trend') return answer.trend.articles > 0;
    return answer.kind === 'excerpts' && answer.items.some((i) => i.span);
  }

  render(answer: Answer, options: PictureOptions = {}): Promise<Picture | undefined> {
    if (!PictureMaker.has(answer)) return Promise.resolve(undefined);
    if (this.#pending.size >= MAX_PENDING_PICTURES) {
      this.#logger.debug({ pending: this.#pending.size }, 'picture skipped: too many waiting');
      return Promise.resolve(undefined);
    }
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.worker().postMessage({ id, answer, options } satisfies Request);
    });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    for (const resolve of this.#pending.values()) resolve(undefined);
    this.#pending.clear();
    await w?.terminate();
  }

  private worker(): Worker {
    if (this.#worker) return this.#worker;
    const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { entry: import.meta.url, role: 'pictures' },
    });
    w.unref();
    w.on('message', ({ id, picture, error }: Reply) => {
      const resolve = this.#pending.get(id);
      this.#pending.delete(id);
      if (error) this.#logger.warn({ err: error }, 'picture failed; the answer goes without it');
      resolve?.(
        picture && { ...picture, png: Buffer.from(picture.png.buffer, picture.png.byteOffset, picture.png.byteLength) },
      );
    });
    const lost = (reason: string) => {
      if (this.#worker !== w) return;
      this.#worker = undefined;
      this.#logger.warn({ reason, pending: this.#pending.size }, 'picture thread ended; pictures start it again');
      for (const resolve of this.#pending.values()) resolve(undefined);
      this.#pending.clear();
    };
    w.on('error', (err) => lost(String(err)));
    w.on('exit', (code) => lost(`exit ${code}`));
    this.#worker = w;
    return w;
  }
}

// In the picture thread: draw what is asked, one at a time.
if (!isMainThread && (workerData as { role?: string } | undefined)?.role === 'pictures') {
  parentPort!.on('message', ({ id, answer, options }: Request) => {
    try {
      const picture = renderPicture(answer, options);
      const reply: Reply = { id };
      if (picture) reply.picture = { ...picture, png: new Uint8Array(picture.png) };
      parentPort!.postMessage(reply);
    } catch (e) {
      parentPort!.postMessage({ id, error: (e as Error).message } satisfies Reply);
    }
  });
}
