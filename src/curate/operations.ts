import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  JSONL_EXTENSIONS,
  TRASH_DIR,
  checkArticleFile,
  formatCorpusError,
  isArticleFileName,
  loadCorpus,
  parseArticleFile,
  type CorpusError,
  type LoadedCorpus,
} from '../corpus/load.ts';
import type { Article } from '../corpus/types.ts';
import type { PageDraft } from '../ingest/extract.ts';
import { draftArticle, type ArticleFill } from '../ingest/draft.ts';
import type { ReloadResult } from '../runtime/holder.ts';
import { appendChange, type Change } from './changes.ts';
import { moveNoClobber, removeIfEmpty, removeStaleTemps, replaceKeeping, writeNew, type StepHook } from './files.ts';
import { CorpusBusy, withCorpusLock, type LockOptions } from './lock.ts';

/** Who asks, and what the caller plugs in. */
export interface CurateContext {
  /** Who asked, as the changes file keeps it: "discord:<user id> (<name>)", "cli:<user>@<host>". */
  by: string;
  /**
   * The runtime's reload, called after the folder is changed (with its lock held, so it
   * must not take the lock itself). When it refuses the folder (or throws), the change is
   * undone, so the folder is as it was. Without it (the command line), the change stays
   * and the bot serves it at its next reload.
   */
  reload?: (() => Promise<ReloadResult>) | undefined;
  /** Awaited at each step of a write: a test stops the process there. */
  step?: StepHook | undefined;
  lock?: LockOptions | undefined;
  now?: (() => Date) | undefined;
}

export interface AddOptions {
  /** Replace the article with the same id (or, for a page, the same address), keeping the old file in the trash. */
  replace?: boolean | undefined;
}

export type CurateResult =
  | {
      ok: true;
      change: Change;
      /** The article(s) now in the coverage (an add, a restore) or taken out (a remove). */
      articles: Article[];
      /** What the reload said, when there was one. */
      reload?: ReloadResult | undefined;
    }
  | {
      ok: false;
      /** One sentence: what was wrong and what to do. */
      reason: string;
      /** Every problem with a file, as `coverage-bot check` names them. */
      errors?: CorpusError[] | undefined;
      /** The refusing reload, when the change was undone because of it. */
      reload?: ReloadResult | undefined;
    };

type Refusal = Extract<CurateResult, { ok: false }>;

/**
 * Adds the article of a web page (see extractPage) to the corpus folder as a Markdown
 * file named by its id, with the admin's `fill` over what the page gave. Refuses, writing
 * nothing, when a field is still needed (a page with no date: `published`), when the
 * corpus already holds the page (same address) or the id, unless `replace`, or when the
 * folder has errors already (it would not reload).
 */
export function addPage(
  dir: string,
  draft: PageDraft,
  fill: ArticleFill,
  ctx: CurateContext,
  options: AddOptions = {},
): Promise<CurateResult> {
  return locked(dir, ctx, async (loaded) => {
    const sameUrl = loaded.articles.find((a) => sameAddress(a.url, fill.url ?? draft.url.value));
    const sameId = fill.id ? loaded.articles.find((a) => a.id === fill.id) : undefined;
    const old = sameId ?? sameUrl;
    if (old && !options.replace)
      return refuse(
        `the coverage already has ${sameId ? `an article with id "${old.id}"` : `this page, as "${old.id}"`} (${old.file}); nothing was added. Replace it to update it.`,
      );
    const taken = new Set(loaded.articles.filter((a) => a !== old).map((a) => a.id));
    const { article, needed } = draftArticle(draft, { ...fill, id: fill.id ?? old?.id }, taken);
    if (needed.length > 0)
      return refuse(`the article needs ${needed.map((n) => n.message).join('; ')}; nothing was added`);
    if (old) return replaceArticle(dir, ctx, loaded, old, article, draft.fetchedFrom);
    const file = await freeName(dir, `${article.id}.md`);
    const bytes = serialise({ ...article, file }, 'md');
    if (!(await writeNew(path.join(dir, file), bytes, ctx.step)))
      return refuse(`${file} appeared while the article was written; nothing was added, try again`);
    const added = { ...article, file };
    return commit(
      dir,
      ctx,
      { action: 'add', ids: [article.id], file, source: draft.fetchedFrom },
      [added],
      async () => {
        await unlink(path.join(dir, file));
      },
    );
  });
}

/**
 * Validates an article file (`.md` or `.jsonl`, by its name) exactly as `coverage-bot
 * check` would in the corpus folder, ids already there included, and lists every
 * problem; writes nothing. `articles` are those it would add.
 */
export async function checkFile(
  dir: string,
  name: string,
  bytes: Buffer,
): Promise<{ ok: true; articles: Article[] } | { ok: false; reason: string; errors: CorpusError[] }> {
  const file = path.basename(name);
  if (!isArticleFileName(file)) return { ok: false, reason: notAnArticleFile(file), errors: [] };
  const loaded = await loadCorpus(dir);
  const { articles, errors } = checkArticleFile(file, bytes, loaded.articles);
  if (errors.length > 0)
    return { ok: false, reason: `${file} has ${plural(errors.length, 'error')}; nothing was added`, errors };
  return { ok: true, articles };
}

/**
 * Adds an article file (Markdown or JSON Lines) to the corpus folder under its own name
 * (or the name with "-2", "-3" … when that is taken), after validating it exactly as
 * `coverage-bot check` does: with any error, nothing is written and every error is listed.
 * With `replace`, a one-article file replaces the article with the same id, in its file.
 */
export function addFile(
  dir: string,
  name: string,
  bytes: Buffer,
  ctx: CurateContext,
  options: AddOptions = {},
): Promise<CurateResult> {
  return locked(dir, ctx, async (loaded) => {
    const base = path.basename(name);
    if (!isArticleFileName(base)) return refuse(notAnArticleFile(base));
    const safe = base.replace(/[^\w.-]+/g, '-').replace(/^[-.]+/, '');
    const own = checkArticleFile(safe, bytes, []);
    const replacing =
      options.replace && own.errors.length === 0 && own.articles.length === 1
        ? loaded.articles.find((a) => a.id === own.articles[0]!.id)
        : undefined;
    const existing = replacing ? loaded.articles.filter((a) => a !== replacing) : loaded.articles;
    const { articles, errors } = checkArticleFile(safe, bytes, existing);
    if (errors.length > 0)
      return refuse(
        `${safe} has ${plural(errors.length, 'error')}${options.replace && own.articles.length > 1 ? ' (a file of several articles replaces none)' : ''}; nothing was added`,
        errors,
      );
    if (replacing) {
      if (isJsonLines(replacing.file) !== isJsonLines(safe))
        return refuse(
          `"${replacing.id}" is in ${replacing.file}: replace it with a file of the same kind; nothing was added`,
        );
      return replaceArticle(dir, ctx, loaded, replacing, articles[0]!, base, bytes);
    }
    const file = await freeName(dir, safe);
    if (!(await writeNew(path.join(dir, file), bytes, ctx.step)))
      return refuse(`${file} appeared while the file was written; nothing was added, try again`);
    const added = articles.map((a) => ({ ...a, file }));
    return commit(dir, ctx, { action: 'add', ids: added.map((a) => a.id), file, source: base }, added, async () => {
      await unlink(path.join(dir, file));
    });
  });
}

/**
 * Takes an article out of the coverage: its file moves to the trash folder inside the
 * corpus folder (never read as coverage), from where restoreArticle brings it back. A
 * file that holds other articles too (a JSON Lines file) is not split: that is refused.
 */
export function removeArticle(dir: string, id: string, ctx: CurateContext): Promise<CurateResult> {
  return locked(
    dir,
    ctx,
    async (loaded) => {
      const article = loaded.articles.find((a) => a.id === id);
      if (!article) return refuse(await notFound(dir, loaded, id));
      const others = loaded.articles.filter((a) => a.file === article.file && a !== article).length;
      if (others > 0)
        return refuse(
          `"${id}" is one of ${others + 1} articles in ${article.file}; a file of several articles is changed by hand (take out its line, then reload); nothing was removed`,
        );
      const trash = path.join(TRASH_DIR, stamp(ctx), article.file);
      if (!(await moveNoClobber(path.join(dir, article.file), path.join(dir, trash))))
        return refuse(`the trash already holds ${trash}; try again`);
      await ctx.step?.('moved');
      return commit(dir, ctx, { action: 'remove', ids: [id], file: article.file, trash }, [article], async () => {
        await moveNoClobber(path.join(dir, trash), path.join(dir, article.file));
        await removeIfEmpty(path.dirname(path.join(dir, trash)));
      });
    },
    { allowErrors: true },
  );
}

/** An article in the trash, as listTrash shows it. */
export interface TrashedArticle {
  id: string;
  title: string;
  outlet: string;
  published: string;
  /** Where it was in the corpus folder, and where it is kept now (relative to the corpus folder). */
  file: string;
  trash: string;
  /** When it was removed, ISO 8601. */
  removed: string;
}

/**
 * Brings the article with this id back from the trash (its latest removal) to the place it
 * had in the corpus folder. Refused when the coverage has that id again, or the place is
 * taken.
 */
export function restoreArticle(dir: string, id: string, ctx: CurateContext): Promise<CurateResult> {
  return locked(dir, ctx, async (loaded) => {
    const current = loaded.articles.find((a) => a.id === id);
    if (current) return refuse(`the coverage already has "${id}" (${current.file}); nothing was restored`);
    const entry = (await listTrash(dir)).find((t) => t.id === id);
    if (!entry) return refuse(`the trash holds no article "${id}"; nothing was restored`);
    const bytes = await readFile(path.join(dir, entry.trash));
    const { articles, errors } = checkArticleFile(entry.file, bytes, loaded.articles);
    if (errors.length > 0) return refuse(`${entry.trash} would not load back; nothing was restored`, errors);
    const file = await freeName(dir, entry.file);
    if (!(await moveNoClobber(path.join(dir, entry.trash), path.join(dir, file))))
      return refuse(`${file} appeared meanwhile; nothing was restored, try again`);
    await removeIfEmpty(path.dirname(path.join(dir, entry.trash)));
    await ctx.step?.('moved');
    const restored = articles.map((a) => ({ ...a, file }));
    return commit(
      dir,
      ctx,
      { action: 'restore', ids: restored.map((a) => a.id), file, trash: entry.trash },
      restored,
      async () => {
        await moveNoClobber(path.join(dir, file), path.join(dir, entry.trash));
      },
    );
  });
}

/** The trash's articles, latest removal first. */
export async function listTrash(dir: string): Promise<TrashedArticle[]> {
  const root = path.join(dir, TRASH_DIR);
  const stamps = (await readdir(root).catch(() => [] as string[]))
    .filter((s) => !s.startsWith('.'))
    .sort()
    .reverse();
  const out: TrashedArticle[] = [];
  for (const s of stamps) {
    const files = await readdir(path.join(root, s), { recursive: true }).catch(() => [] as string[]);
    for (const rel of files.map((f) => f.split(path.sep).join('/')).sort()) {
      if (!isArticleFileName(rel)) continue;
      const full = path.join(root, s, rel);
      if (!(await stat(full).catch(() => undefined))?.isFile()) continue;
      const { articles } = parseArticleFile(rel, await readFile(full));
      for (const a of articles)
        out.push({
          id: a.id,
          title: a.title,
          outlet: a.outlet,
          published: a.published,
          file: rel,
          trash: `${TRASH_DIR}/${s}/${rel}`,
          removed: removedAt(s),
        });
    }
  }
  return out;
}

export interface ArticleList {
  items: Array<Pick<Article, 'id' | 'title' | 'outlet' | 'published' | 'url' | 'file'>>;
  /** 1-based; past the last page gives the last page. */
  page: number;
  pages: number;
  total: number;
  /** Files that did not load (the articles listed are the valid ones). */
  errors: CorpusError[];
}

/** The corpus's articles, newest first (then by title, then id), `perPage` a page (default 10). */
export async function listArticles(dir: string, { page = 1, perPage = 10 } = {}): Promise<ArticleList> {
  const { articles, errors } = await loadCorpus(dir);
  const sorted = [...articles].sort(
    (a, b) =>
      (a.published < b.published ? 1 : a.published > b.published ? -1 : 0) ||
      a.title.localeCompare(b.title) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const size = Math.max(1, Math.floor(perPage));
  const pages = Math.max(1, Math.ceil(sorted.length / size));
  const at = Math.min(Math.max(1, Math.floor(page)), pages);
  const items = sorted
    .slice((at - 1) * size, at * size)
    .map(({ id, title, outlet, published, url, file }) => ({ id, title, outlet, published, url, file }));
  return { items, page: at, pages, total: sorted.length, errors };
}

/** A result as a few lines for an admin (the command line, a Discord reply). */
export function describeCuration(result: CurateResult): string {
  if (!result.ok) {
    const errors = result.errors ?? (result.reload && !result.reload.ok ? result.reload.errors : []);
    const shown = errors.slice(0, 15).map((e) => `- ${formatCorpusError(e)}`);
    const more =
      errors.length > shown.length ? [`…and ${errors.length - shown.length} more (run coverage-bot check)`] : [];
    return [`Refused: ${result.reason}`, ...shown, ...more].join('\n');
  }
  const { change, articles } = result;
  const what =
    articles.length === 1
      ? `"${articles[0]!.title}" (${articles[0]!.id})`
      : `${articles.length} articles (${change.ids.slice(0, 5).join(', ')}${change.ids.length > 5 ? ', …' : ''})`;
  const line =
    change.action === 'remove'
      ? `Removed ${what}: ${change.file} is kept in ${change.trash}.`
      : change.action === 'restore'
        ? `Restored ${what} to ${change.file}.`
        : change.action === 'replace'
          ? `Replaced ${what} in ${change.file}; the old file is kept in ${change.trash}.`
          : `Added ${what} as ${change.file}.`;
  return result.reload?.ok ? `${line} The bot has reloaded: ${result.reload.articles} articles.` : line;
}

// ---------------------------------------------------------------------------------------

interface LockedOptions {
  /** Run even when the folder has errors already (a remove may be the fix). */
  allowErrors?: boolean;
}

/** Runs `op` with the folder's lock held, on the folder as it is then; refuses a folder with errors (it would not reload). */
async function locked(
  dir: string,
  ctx: CurateContext,
  op: (loaded: LoadedCorpus) => Promise<CurateResult>,
  { allowErrors = false }: LockedOptions = {},
): Promise<CurateResult> {
  try {
    return await withCorpusLock(
      dir,
      async () => {
        await ctx.step?.('locked');
        await removeStaleTemps(dir);
        const loaded = await loadCorpus(dir);
        if (loaded.errors.length > 0 && !allowErrors)
          return refuse(
            `the corpus folder has ${plural(loaded.errors.length, 'error')} already, so it would not reload; fix them first (coverage-bot check lists them)`,
            loaded.errors,
          );
        return await op(loaded);
      },
      ctx.lock,
    );
  } catch (err) {
    if (err instanceof CorpusBusy) return refuse(err.message);
    throw err;
  }
}

/**
 * The change is on disk: log it, reload, and undo it (and log that) if the reload refuses
 * the folder, so a failed reload leaves the folder as it was.
 */
async function commit(
  dir: string,
  ctx: CurateContext,
  what: Omit<Change, 'at' | 'by'>,
  articles: Article[],
  undo: () => Promise<void>,
): Promise<CurateResult> {
  const change: Change = { at: (ctx.now?.() ?? new Date()).toISOString(), by: ctx.by, ...what };
  await appendChange(dir, change);
  await ctx.step?.('logged');
  if (!ctx.reload) return { ok: true, change, articles };
  let reload: ReloadResult;
  try {
    reload = await ctx.reload();
  } catch (err) {
    reload = { ok: false, errors: [{ file: '.', message: (err as Error).message }], articles: 0, ms: 0 };
  }
  await ctx.step?.('reloaded');
  if (reload.ok) return { ok: true, change, articles, reload };
  await undo();
  const note = reload.errors.slice(0, 5).map(formatCorpusError).join('; ');
  await appendChange(dir, {
    ...change,
    at: new Date().toISOString(),
    action: 'revert',
    note: `${what.action} undone: ${note}`,
  });
  return {
    ok: false,
    reason: `the bot's reload refused the corpus after the ${what.action}, so it was undone and the folder is as it was`,
    reload,
  };
}

/** Replaces `old` (the only article of its file) by `article`, in the same file; the old file is kept in the trash. */
async function replaceArticle(
  dir: string,
  ctx: CurateContext,
  loaded: LoadedCorpus,
  old: Article,
  article: Article,
  source: string,
  bytes?: Buffer,
): Promise<CurateResult> {
  if (loaded.articles.some((a) => a.file === old.file && a !== old))
    return refuse(`"${old.id}" is one of several articles in ${old.file}; it is replaced by hand; nothing was changed`);
  const data = bytes ?? serialise({ ...article, id: old.id }, isJsonLines(old.file) ? 'jsonl' : 'md');
  const trash = path.join(TRASH_DIR, stamp(ctx), old.file);
  await replaceKeeping(path.join(dir, old.file), data, path.join(dir, trash), ctx.step);
  const now = { ...article, file: old.file };
  return commit(dir, ctx, { action: 'replace', ids: [now.id], file: old.file, trash, source }, [now], async () => {
    await rename(path.join(dir, trash), path.join(dir, old.file));
    await removeIfEmpty(path.dirname(path.join(dir, trash)));
  });
}

/**
 * An article as a corpus file: Markdown (front matter, then the text as it is) or one
 * JSON line. Read back with the loader's own parser before it is written: what is written
 * loads as exactly this article.
 */
export function serialise(article: Article, kind: 'md' | 'jsonl'): Buffer {
  const { id, title, outlet, author, published, url, text } = article;
  const fields = { id, title, outlet, ...(author ? { author } : {}), published, url };
  const out =
    kind === 'md'
      ? `---\n${stringify(fields, { lineWidth: 0 })}---\n${text}`
      : `${JSON.stringify({ ...fields, text })}\n`;
  const bytes = Buffer.from(out, 'utf8');
  const back = parseArticleFile(kind === 'md' ? 'x.md' : 'x.jsonl', bytes);
  const got = back.articles[0];
  if (
    back.errors.length > 0 ||
    back.articles.length !== 1 ||
    !got ||
    (['id', 'title', 'outlet', 'author', 'published', 'url', 'text'] as const).some((k) => got[k] !== article[k])
  )
    throw new Error(
      `curate: article "${id}" does not read back as written (${back.errors.map(formatCorpusError).join('; ') || 'a field differs'})`,
    );
  return bytes;
}

function notAnArticleFile(name: string): string {
  return `${name} is not an article file: give a Markdown (.md) or JSON Lines (.jsonl) file, named without a leading "." or "README"`;
}

function refuse(reason: string, errors?: CorpusError[]): Refusal {
  return errors ? { ok: false, reason, errors } : { ok: false, reason };
}

/** `name`, or `name-2`, `name-3` … (before the extension), whichever no file in `dir` has. */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${stem}-${n}${ext}`;
    if (!(await stat(path.join(dir, candidate)).catch(() => undefined))) return candidate;
  }
}

async function notFound(dir: string, loaded: LoadedCorpus, id: string): Promise<string> {
  const trashed = (await listTrash(dir)).find((t) => t.id === id);
  if (trashed) return `"${id}" is already in the trash (removed ${trashed.removed}); restore brings it back`;
  const q = id.toLowerCase();
  const near = loaded.articles.filter((a) => a.id.includes(q) || a.title.toLowerCase().includes(q)).slice(0, 5);
  return `the coverage has no article "${id}"${near.length ? `; did you mean ${near.map((a) => `"${a.id}"`).join(', ')}?` : ''} (list shows the ids)`;
}

function isJsonLines(file: string): boolean {
  return JSONL_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** Whether two addresses are the same page (ignoring http/https, "www.", a trailing "/" and the fragment). */
export function sameAddress(a: string, b: string): boolean {
  const key = (href: string) => {
    try {
      const u = new URL(href);
      let pathname = u.pathname;
      while (pathname.endsWith('/')) pathname = pathname.slice(0, -1);
      return `${u.host.toLowerCase().replace(/^www\./, '')}${pathname}${u.search}`;
    } catch {
      return href;
    }
  };
  return key(a) === key(b);
}

/** A trash entry's folder name: when, sortable, and unique. */
function stamp(ctx: CurateContext): string {
  return `${(ctx.now?.() ?? new Date()).toISOString().replace(/[-:]/g, '')}-${randomBytes(3).toString('hex')}`;
}

function removedAt(stampName: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d+)?Z/.exec(stampName);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z` : stampName;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
