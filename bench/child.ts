// Measurements that need a fresh process: memory (nothing else in the heap) and start-up
// (nothing already loaded or warmed up). Run by measure.ts's runChild as
//   node --expose-gc --import tsx bench/child.ts <task> <args...>
// and prints one JSON object on its last stdout line.
import { createReadStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { memoryNow, memorySince } from './measure.ts';

export interface ColdResult {
  articles: number;
  passages: number;
  quotes: number;
  events: number;
  loadS: number;
  buildS: number;
  /** ms from this process's start to the engine being ready (Node, tsx, modules, load, build). */
  readyAtMs: number;
  heapMB: number;
  rssMB: number;
  /** Seconds to serialise and write the saved engine, or why it could not be. */
  saveS?: number;
  saveMB?: number;
  saveError?: string;
}

export interface SavedResult {
  fromSaved: boolean;
  openS: number;
  readyAtMs: number;
  heapMB: number;
  rssMB: number;
}

export interface PlainResult {
  passages: number;
  addAllS: number;
  heapMB: number;
  rssMB: number;
}

/**
 * Cold build (loadCorpus + buildEngine, as `openCorpus` does without a saved engine),
 * then the heap holding the engine; then saves the engine where `openCorpus` looks for it
 * and writes the passage texts to `passagesFile` for the plain MiniSearch runs.
 */
async function cold(dir: string, passagesFile: string): Promise<ColdResult> {
  const { loadCorpus } = await import('../src/corpus/load.ts');
  const { buildEngine } = await import('../src/engine/build.ts');
  const { CACHE_DIR, engineKey } = await import('../src/corpus/open.ts');
  const { saveEngine } = await import('../src/engine/saved.ts');
  const base = memoryNow();
  const t0 = performance.now();
  let loaded: Awaited<ReturnType<typeof loadCorpus>> | undefined = await loadCorpus(dir);
  if (loaded.errors.length > 0)
    throw new Error(`bench: ${dir} has corpus errors, first: ${JSON.stringify(loaded.errors[0])}`);
  const t1 = performance.now();
  const engine = await buildEngine(loaded.articles);
  const t2 = performance.now();
  const { hash } = loaded;
  // eslint-disable-next-line no-useless-assignment -- lets the load result be collected before memory is measured
  loaded = undefined; // the engine holds the articles; the rest of the load result may go
  const mem = memorySince(base);
  const result: ColdResult = {
    articles: engine.articles.length,
    passages: engine.passages.length,
    quotes: engine.quotes.length,
    events: engine.events.length,
    loadS: (t1 - t0) / 1000,
    buildS: (t2 - t1) / 1000,
    readyAtMs: t2,
    ...mem,
  };
  // What openCorpus's writeSaved does (same folder and file name), without building twice.
  // The "saved" task checks that openCorpus really starts from this file.
  try {
    const t3 = performance.now();
    const json = JSON.stringify(saveEngine(engine, await engineKey({ hash })));
    const folder = path.join(dir, CACHE_DIR);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'engine.json.tmp'), json);
    await rename(path.join(folder, 'engine.json.tmp'), path.join(folder, 'engine.json'));
    result.saveS = (performance.now() - t3) / 1000;
    result.saveMB = json.length / 1e6;
  } catch (err) {
    result.saveError = (err as Error).message;
  }
  const lines = engine.passages.map((p) => JSON.stringify({ id: p.id, text: engine.text(p) }));
  await writeFile(passagesFile, lines.join('\n') + '\n');
  return result;
}

/** Start-up from the saved engine: `openCorpus` the second time. */
async function saved(dir: string): Promise<SavedResult> {
  const { openCorpus } = await import('../src/corpus/open.ts');
  const base = memoryNow();
  const logs: string[] = [];
  const t0 = performance.now();
  const opened = await openCorpus(dir, { log: (m) => logs.push(m), cache: true });
  const t1 = performance.now();
  if (!opened.fromSaved)
    throw new Error(`bench: openCorpus built instead of loading the saved engine: ${logs.join('; ')}`);
  const mem = memorySince(base);
  void opened.engine.passages.length; // held until measured
  return { fromSaved: opened.fromSaved, openS: (t1 - t0) / 1000, readyAtMs: t1, ...mem };
}

/** Plain MiniSearch, default options, over the engine's passage texts; the heap holding only the index. */
async function plain(passagesFile: string): Promise<PlainResult> {
  const { default: MiniSearch } = await import('minisearch');
  const base = memoryNow();
  let docs: Array<{ id: number; text: string }> | undefined = [];
  for await (const line of createInterface({ input: createReadStream(passagesFile) }))
    if (line) docs.push(JSON.parse(line) as { id: number; text: string });
  const index = new MiniSearch({ fields: ['text'] });
  const t0 = performance.now();
  index.addAll(docs);
  const addAllS = (performance.now() - t0) / 1000;
  const passages = docs.length;
  // eslint-disable-next-line no-useless-assignment -- lets the documents be collected before memory is measured
  docs = undefined; // MiniSearch keeps no text by default: only the index stays alive
  const mem = memorySince(base);
  void index.documentCount;
  return { passages, addAllS, ...mem };
}

const [task, ...args] = process.argv.slice(2);
const tasks: Record<string, (...a: string[]) => Promise<unknown>> = { cold, saved, plain };
const run = tasks[task ?? ''];
if (!run) throw new Error(`bench/child.ts: unknown task "${task}" (cold, saved, plain)`);
process.stdout.write(`${JSON.stringify(await run(...args))}\n`);
