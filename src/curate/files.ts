import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rename, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { processRuns } from './lock.ts';

/** Where a write stands, for a test that stops the process there (see CurateContext.step). */
export type StepHook = (step: string) => void | Promise<void>;

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]+\.tmp$/;

/**
 * Writes `data` as the file `full`, never over an existing file and never half: the bytes
 * go to a temporary file in the same folder (its name starts with ".", so the loader
 * skips it), are flushed to disk, and then the file appears whole under its name by a hard
 * link, which fails if the name exists. Resolves false (and writes nothing) when it does.
 */
export async function writeNew(full: string, data: Buffer, step: StepHook = () => undefined): Promise<boolean> {
  const temp = await writeTemp(full, data, step);
  try {
    await link(temp, full);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  await step('linked');
  await unlink(temp);
  await syncDir(path.dirname(full));
  await step('temp-removed');
  return true;
}

/**
 * Replaces the file `full` with `data` in one step (a temporary file renamed over it),
 * after keeping the old file at `keep` (a hard link): at every moment the name holds the
 * old file or the new one, and the old one is kept.
 */
export async function replaceKeeping(
  full: string,
  data: Buffer,
  keep: string,
  step: StepHook = () => undefined,
): Promise<void> {
  const temp = await writeTemp(full, data, step);
  await mkdir(path.dirname(keep), { recursive: true });
  await link(full, keep);
  await step('kept');
  await rename(temp, full);
  await syncDir(path.dirname(full));
  await step('renamed');
}

/**
 * Moves a file to `to` unless something is there already (resolves false then): a hard
 * link, then the old name removed. A crash between the two leaves the file in both
 * places, never in neither.
 */
export async function moveNoClobber(from: string, to: string): Promise<boolean> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  await unlink(from);
  await syncDir(path.dirname(to));
  await syncDir(path.dirname(from));
  return true;
}

/** Removes a folder if it is empty (a trash entry once restored). */
export async function removeIfEmpty(dir: string): Promise<void> {
  await rmdir(dir).catch(() => undefined);
}

/** Removes temporary files of writes whose process is gone (a crash mid-write). */
export async function removeStaleTemps(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = TEMP.exec(name);
    if (m && !processRuns(Number(m[2]))) await unlink(path.join(dir, name)).catch(() => undefined);
  }
}

async function writeTemp(full: string, data: Buffer, step: StepHook): Promise<string> {
  const temp = path.join(
    path.dirname(full),
    `.${path.basename(full)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const handle = await open(temp, 'wx');
  try {
    const half = Math.floor(data.length / 2);
    await handle.write(data, 0, half);
    await step('temp-partly-written');
    await handle.write(data, half, data.length - half);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  await step('temp-written');
  return temp;
}

/** Flushes a folder's entries (a new name, a removed one) to disk; best effort where folders cannot be opened. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
