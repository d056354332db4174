import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { buildEngine } from '../engine/build.ts';
import type { Engine } from '../engine/engine.ts';
import { SAVED_FORMAT, restoreEngine, saveEngine, type SavedEngine } from '../engine/saved.ts';
import { formatCorpusError, loadCorpus, type CorpusError, type LoadedCorpus } from './load.ts';

/** The built-in coverage, shipped in the project's `corpus/` folder. */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));
/** Where a corpus folder's saved engine lives (the loader skips dot-folders). */
export const CACHE_DIR = '.coverage-bot-cache';
const CACHE_FILE = 'engine.json';

export interface OpenedCorpus {
  engine: Engine;
  errors: CorpusError[];
  files: string[];
  /** Whether the engine came from the saved file rather than a build. */
  fromSaved: boolean;
}

export interface OpenOptions {
  log: (message: string) => void;
  /** Load the saved engine when the corpus is unchanged, and save after a build (default true). */
  cache?: boolean;
}

/**
 * Loads a corpus folder and builds its engine. Bad files are reported through `log` and
 * left out; the valid articles are still served. With `cache`, an engine saved next to
 * the corpus is loaded instead of building, but only when its key (a hash of every corpus
 * file and of the engine's code) matches; a damaged, stale or unreadable file is ignored
 * with a log line, rebuilt and saved again, never trusted.
 */
export async function openCorpus(dir: string, options: OpenOptions): Promise<OpenedCorpus> {
  const loaded = await loadCorpus(dir);
  for (const e of loaded.errors) options.log(`corpus: ${formatCorpusError(e)} (left out)`);
  return engineFromLoaded(dir, loaded, options);
}

/** The engine for a corpus already read from `dir`: restored from the saved one, or built (and saved). */
export async function engineFromLoaded(dir: string, loaded: LoadedCorpus, { log, cache = true }: OpenOptions): Promise<OpenedCorpus> {
  const key = cache ? await engineKey(loaded) : '';
  if (cache) {
    const restored = await loadSaved(dir, key, loaded, log);
    if (restored) return { engine: restored, errors: loaded.errors, files: loaded.files, fromSaved: true };
  }
  const engine = await buildEngine(loaded.articles);
  if (cache) await writeSaved(dir, () => saveEngine(engine, key), log);
  return { engine, errors: loaded.errors, files: loaded.files, fromSaved: false };
}

async function loadSaved(dir: string, key: string, loaded: LoadedCorpus, log: (m: string) => void): Promise<Engine | undefined> {
  const file = path.join(dir, CACHE_DIR, CACHE_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return undefined; // none saved yet
  }
  try {
    const saved = JSON.parse(raw) as SavedEngine;
    if (saved.key !== key) {
      log('saved engine: the corpus or the engine changed since it was saved; rebuilding');
      return undefined;
    }
    return await restoreEngine(loaded.articles, saved);
  } catch (err) {
    log(`saved engine ignored (${(err as Error).message}); rebuilding`);
    return undefined;
  }
}

async function writeSaved(dir: string, save: () => SavedEngine, log: (m: string) => void): Promise<void> {
  const folder = path.join(dir, CACHE_DIR);
  // Named by process and thread: shards in worker mode share one process.
  const tmp = path.join(folder, `${CACHE_FILE}.${process.pid}.${threadId}.tmp`);
  try {
    // Serialising can fail too (a string past V8's limit): the engine is built, so the bot starts anyway.
    const json = JSON.stringify(save());
    await mkdir(folder, { recursive: true });
    await writeFile(tmp, json);
    await rename(tmp, path.join(folder, CACHE_FILE)); // atomic: never a half-written file
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    log(`saved engine not written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); start-up will build again`);
  }
}

let codeHash: Promise<string> | undefined;

/** A key for a saved engine: the corpus's content, the saved format, and the engine's code. */
export async function engineKey(loaded: Pick<LoadedCorpus, 'hash'>): Promise<string> {
  codeHash ??= hashCode();
  return createHash('sha256').update(`${SAVED_FORMAT}\0${loaded.hash}\0${await codeHash}`).digest('hex');
}

/** What the engine builds from: its source files (a changed extractor means a stale save). */
async function hashCode(): Promise<string> {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const hash = createHash('sha256');
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts')).sort();
  for (const f of files) hash.update(f).update(await readFile(path.join(root, f)));
  return hash.digest('hex');
}
