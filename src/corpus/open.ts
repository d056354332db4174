import { fileURLToPath } from 'node:url';
import { Engine } from '../engine/engine.ts';
import { formatCorpusError, loadCorpus, type CorpusError } from './load.ts';

/** The built-in coverage, shipped in the project's `corpus/` folder. */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));

export interface OpenedCorpus {
  engine: Engine;
  errors: CorpusError[];
  files: string[];
}

/**
 * Loads a corpus folder and builds its engine. Bad files are reported through `log` and
 * left out; the valid articles are still served.
 */
export async function openCorpus(dir: string, { log }: { log: (message: string) => void }): Promise<OpenedCorpus> {
  const { articles, errors, files } = await loadCorpus(dir);
  for (const e of errors) log(`corpus: ${formatCorpusError(e)} (left out)`);
  return { engine: Engine.build(articles), errors, files };
}
