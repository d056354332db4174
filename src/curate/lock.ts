import { open, readFile, realpath, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { LOCK_FILE } from '../corpus/load.ts';

export interface LockOptions {
  /** How long to wait for another process's lock before giving up (default 30 s). */
  waitMs?: number;
  /**
   * A lock not refreshed for this long is stale, whoever holds it (default 60 s; a holder
   * refreshes it every quarter of that). A lock whose process is gone from this host is
   * stale at once.
   */
  staleMs?: number;
}

/** The folder is being changed by another process, for longer than the wait. */
export class CorpusBusy extends Error {}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` with the corpus folder to itself: one at a time in this process (a queue per
 * folder), and against other processes (the command line, another bot) through a lock
 * file in the folder (LOCK_FILE, created exclusively). A lock left by a process that
 * crashed does not block: one whose process no longer runs on this host is taken over at
 * once, and any lock not refreshed within `staleMs` after that. Rejects with CorpusBusy
 * when another process holds the lock past `waitMs`. Not re-entrant: `fn` must not take
 * the lock of the same folder again.
 */
export async function withCorpusLock<T>(dir: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const key = await realpath(dir).catch(() => path.resolve(dir));
  const before = queues.get(key) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(() => holdingFileLock(key, fn, options));
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

async function holdingFileLock<T>(dir: string, fn: () => Promise<T>, options: LockOptions): Promise<T> {
  const waitMs = options.waitMs ?? 30_000;
  const staleMs = options.staleMs ?? 60_000;
  const file = path.join(dir, LOCK_FILE);
  const mine: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const body = JSON.stringify(mine);
  const deadline = Date.now() + waitMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    if (await create(file, body)) break;
    const held = await readHolder(file);
    if (held && (await isStale(file, held, staleMs))) {
      // Taken over only if it is still the lock that was judged stale.
      if ((await readFile(file, 'utf8').catch(() => undefined)) === held.raw) await unlink(file).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = held
        ? `process ${held.holder.pid} on ${held.holder.host}, since ${held.holder.since}`
        : 'another process';
      throw new CorpusBusy(`the corpus folder is being changed by ${who}; try again in a moment`);
    }
    await new Promise((r) => setTimeout(r, pause));
  }
  const refresh = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, staleMs / 4);
  refresh.unref();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    if ((await readFile(file, 'utf8').catch(() => undefined)) === body) await unlink(file).catch(() => undefined);
  }
}

async function create(file: string, body: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile(body);
    } finally {
      await handle.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(
      `curate: cannot create the lock ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

async function readHolder(file: string): Promise<{ raw: string; holder: Holder } | undefined> {
  const raw = await readFile(file, 'utf8').catch(() => undefined);
  if (raw === undefined) return undefined; // released meanwhile: try again
  try {
    const holder = JSON.parse(raw) as Holder;
    if (typeof holder.pid === 'number' && typeof holder.host === 'string') return { raw, holder };
  } catch {
    // a lock cut short by a crash while it was written
  }
  return { raw, holder: { pid: 0, host: '', since: 'an unknown time' } };
}

async function isStale(file: string, { holder }: { holder: Holder }, staleMs: number): Promise<boolean> {
  if (holder.host === hostname() && !processRuns(holder.pid)) return true;
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > staleMs;
}

/** Whether a process with this id runs on this host. */
export function processRuns(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // runs, as another user
  }
}
