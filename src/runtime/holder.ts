import type { Article } from '../corpus/types.ts';
import { formatCorpusError, loadCorpus, type CorpusError } from '../corpus/load.ts';
import { Engine } from '../engine/engine.ts';

export type ReloadResult =
  | ({ ok: true; articles: number; ms: number } & Changes)
  | { ok: false; errors: CorpusError[]; articles: number; ms: number };

/**
 * Builds an engine from a corpus folder: in this thread, or in a worker (see
 * build-worker.ts). With errors, the engine may be left out.
 */
export type EngineBuilder = (dir: string) => Promise<{ engine?: Engine; errors: CorpusError[] }>;

export const buildInThread: EngineBuilder = async (dir) => {
  const { articles, errors } = await loadCorpus(dir);
  return { engine: Engine.build(articles), errors };
};

/**
 * Holds the engine the bot answers from. A reload reads and validates the corpus folder,
 * builds a new engine, and swaps it in only when the whole folder is valid; until then,
 * and whenever anything is wrong, the bot answers from the engine it had. Reloads do not
 * overlap: one asked for while another runs waits for it and then runs.
 */
export class EngineHolder {
  private current: Engine;
  private pending: Promise<ReloadResult> = Promise.resolve({
    ok: true,
    added: [],
    removed: [],
    changed: [],
    articles: 0,
    ms: 0,
  });

  constructor(
    engine: Engine,
    readonly corpusDir: string,
    private readonly build: EngineBuilder = buildInThread,
  ) {
    this.current = engine;
  }

  get engine(): Engine {
    return this.current;
  }

  reload(): Promise<ReloadResult> {
    this.pending = this.pending.then(() => this.reloadNow());
    return this.pending;
  }

  private async reloadNow(): Promise<ReloadResult> {
    const started = performance.now();
    let built: Awaited<ReturnType<EngineBuilder>>;
    try {
      built = await this.build(this.corpusDir);
    } catch (err) {
      return {
        ok: false,
        errors: [{ file: '.', message: (err as Error).message }],
        articles: this.current.articles.length,
        ms: performance.now() - started,
      };
    }
    if (built.errors.length > 0 || !built.engine)
      return {
        ok: false,
        errors: built.errors,
        articles: this.current.articles.length,
        ms: performance.now() - started,
      };
    const diff = await diffArticles(this.current.articles, built.engine.articles);
    this.current = built.engine;
    return { ok: true, ...diff, articles: built.engine.articles.length, ms: performance.now() - started };
  }
}

/** The fields whose change makes a reload report an article as changed. */
export const CONTENT_FIELDS = [
  'title',
  'outlet',
  'author',
  'published',
  'url',
  'text',
] as const satisfies ReadonlyArray<keyof Article>;

/** What a reload changed, by article id. */
export interface Changes {
  added: string[];
  removed: string[];
  changed: string[];
}

/**
 * Which article ids were added, removed, or kept with other content. Compares in slices
 * and yields between them, so a large corpus never blocks the event loop for long.
 */
export function diffArticles(before: readonly Article[], after: readonly Article[]): Promise<Changes> {
  const byId = (articles: readonly Article[]) => articles.map((a) => [a.id, a] as const);
  return diffById(new Map(byId(before)), byId(after), (b, a) => CONTENT_FIELDS.every((f) => b[f] === a[f]));
}

/**
 * The ids of `after` not in `before` (added) or in it but not `same` (changed), in
 * `after`'s order, and those of `before` not in `after` (removed), in `before`'s order;
 * yielding between slices. An engine thread diffs articles' fingerprints with it.
 */
export async function diffById<T>(
  before: ReadonlyMap<string, T>,
  after: Iterable<readonly [string, T]>,
  same: (before: T, after: T) => boolean,
): Promise<Changes> {
  const seen = new Set<string>();
  const added: string[] = [];
  const changed: string[] = [];
  let i = 0;
  for (const [id, a] of after) {
    seen.add(id);
    const b = before.get(id);
    if (b === undefined) added.push(id);
    else if (!same(b, a)) changed.push(id);
    if (++i % 2_000 === 0) await new Promise((r) => setImmediate(r));
  }
  return { added, removed: [...before.keys()].filter((id) => !seen.has(id)), changed };
}

/** The reload result as a short report for an admin. */
export function describeReload(r: ReloadResult): string {
  if (!r.ok) {
    const shown = r.errors.slice(0, 15).map((e) => `- ${formatCorpusError(e)}`);
    const more =
      r.errors.length > shown.length
        ? `\n…and ${r.errors.length - shown.length} more (run coverage-bot check for all).`
        : '';
    return `Reload refused: the corpus has ${r.errors.length} error${r.errors.length === 1 ? '' : 's'}, so the bot keeps answering from the ${r.articles} articles it had. Fix these and reload again:\n${shown.join('\n')}${more}`;
  }
  const list = (label: string, ids: string[]) =>
    ids.length ? `\n${label} (${ids.length}): ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ', …' : ''}` : '';
  const none = r.added.length + r.removed.length + r.changed.length === 0 ? ' Nothing changed.' : '';
  return `Reloaded ${r.articles} articles in ${(r.ms / 1000).toFixed(1)} s.${none}${list('Added', r.added)}${list('Removed', r.removed)}${list('Changed', r.changed)}`;
}
