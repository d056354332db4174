import { loadCorpus } from '../corpus/load.ts';
import { extractPage, type PageDraft } from '../ingest/extract.ts';
import { fetchPage, type FetchOptions } from '../ingest/fetch.ts';
import { previewArticle, previewDraft, type ArticleFill, type ArticlePreview } from '../ingest/preview.ts';
import { checkFile, sameAddress } from './operations.ts';
import type { CorpusError } from '../corpus/load.ts';

export type LinkPreview = { ok: true; draft: PageDraft; preview: ArticlePreview } | { ok: false; reason: string };

/**
 * Fetches a link (safely: see fetchPage), reads the article on it (extractPage) and
 * previews it as it would be added to the corpus folder `dir` (its id unique there). The
 * draft is what addPage takes once the admin confirms (with `fill` for what
 * `preview.needed` asks). Nothing is written.
 */
export async function previewLink(
  dir: string,
  link: string,
  fetchOptions: FetchOptions = {},
  fill: ArticleFill = {},
): Promise<LinkPreview> {
  const fetched = await fetchPage(link, fetchOptions);
  if (!fetched.ok) return fetched;
  const extracted = extractPage(fetched.page.html, fetched.page.url);
  if (!extracted.ok) return extracted;
  const { articles } = await loadCorpus(dir);
  const same = articles.find((a) => sameAddress(a.url, fill.url ?? extracted.draft.url.value));
  const taken = new Set(articles.filter((a) => a !== same).map((a) => a.id));
  const preview = previewDraft(extracted.draft, { ...fill, id: fill.id ?? same?.id }, taken);
  return {
    ok: true,
    draft: extracted.draft,
    preview: same ? { ...preview, replaces: { id: same.id, file: same.file } } : preview,
  };
}

export type FilePreview =
  { ok: true; previews: ArticlePreview[] } | { ok: false; reason: string; errors: CorpusError[] };

/** Validates an article file as `coverage-bot check` would in `dir` (see checkFile) and previews each of its articles. Nothing is written. */
export async function previewFile(dir: string, name: string, bytes: Buffer): Promise<FilePreview> {
  const checked = await checkFile(dir, name, bytes);
  if (!checked.ok) return checked;
  return { ok: true, previews: checked.articles.map((a) => previewArticle(a)) };
}
