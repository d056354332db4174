import { createHash } from 'node:crypto';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { FURNITURE_FILE, parsePatterns } from './patterns.ts';
import { ArticleSchema } from './schema.ts';
import type { Article } from './types.ts';

/** File endings read as one Markdown article with front matter. */
export const MARKDOWN_EXTENSIONS = ['.md', '.markdown'];
/** File endings read as JSON Lines, one article per line. */
export const JSONL_EXTENSIONS = ['.jsonl', '.ndjson'];
/** A Markdown article file larger than this is refused unread (5 MiB). */
export const MAX_ARTICLE_FILE_BYTES = 5 * 1024 * 1024;
/** A JSON Lines file larger than this is refused unread (512 MiB). */
export const MAX_BULK_FILE_BYTES = 512 * 1024 * 1024;
/** One article's body may hold at most this many characters. */
export const MAX_ARTICLE_CHARS = 2_000_000;

/** Where removed articles wait to be restored, inside the corpus folder (src/curate/). */
export const TRASH_DIR = '.trash';
/** The history of every change made by the curation operations, one JSON object a line. */
export const CHANGES_FILE = '.changes.jsonl';
/** Held while a curation operation changes the folder, against other processes. */
export const LOCK_FILE = '.lock';
/**
 * What the curation operations keep at the top of a corpus folder: never read as
 * coverage, and so never part of the corpus's hash (nor of the saved engine's key). Their
 * names start with "." as well, which the walk skips anyway; this list says why they must.
 */
export const CURATION_ENTRIES: readonly string[] = [TRASH_DIR, CHANGES_FILE, LOCK_FILE];

/** A problem with one corpus file (and line, for JSON Lines). */
export interface CorpusError {
  /** Path relative to the corpus folder. */
  file: string;
  line?: number | undefined;
  /** The front matter or JSON field at fault, where there is one. */
  field?: string | undefined;
  message: string;
}

export interface LoadedCorpus {
  /** The valid articles, in file-name order (then line order within a JSON Lines file). */
  articles: Article[];
  errors: CorpusError[];
  /** Every file that was read, relative to the folder, in order. */
  files: string[];
  /** SHA-256 over every file's name and bytes: equal hashes, equal corpus. */
  hash: string;
}

/** `000-x.md: published "2017-02-30" is not a date` / `bulk.jsonl:12: missing url`. */
export function formatCorpusError(e: CorpusError): string {
  return `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`;
}

/**
 * Reads every article file in `dir` (recursively; names starting with "." and README
 * files are skipped, and so are the curation entries: the trash, the changes file, the
 * lock) and validates each article. Never throws for bad files: every
 * problem is returned in `errors`, and the valid articles are still returned. Nothing
 * outside `dir` is read: a link that points outside it is reported, not followed.
 * Throws only when `dir` itself cannot be read.
 */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const root = await realpath(dir).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`corpus: cannot read the corpus folder ${dir}: ${err.code ?? err.message}`);
  });
  if (!(await stat(root)).isDirectory()) throw new Error(`corpus: ${dir} is not a folder`);

  const errors: CorpusError[] = [];
  const articles: Article[] = [];
  const files = await listArticleFiles(root, errors);
  const seen = new Map<string, Article>();
  const hash = createHash('sha256');

  for (const file of files) {
    const read = await readFileInside(root, file);
    if (!read.ok) {
      errors.push({ file, message: read.reason });
      hash.update(`${file}\0unreadable\0`);
      continue;
    }
    hash.update(`${file}\0${read.bytes.length}\0`).update(read.bytes);
    const checked = checkParsed(parseArticleFile(file, read.bytes), seen);
    errors.push(...checked.errors);
    articles.push(...checked.articles);
  }
  // The furniture list changes what is story, so it is part of the corpus and of its hash.
  const list = await readFurnitureList(root, hash);
  if (list) {
    files.push(FURNITURE_FILE);
    errors.push(...list.errors);
    if (list.patterns.length > 0) for (const a of articles) a.linePatterns = list.patterns;
  }
  return { articles, errors, files, hash: hash.digest('hex') };
}

/** The corpus folder's furniture list (patterns.ts), if it has one. Never throws. */
async function readFurnitureList(root: string, hash: ReturnType<typeof createHash>) {
  const present = await lstat(path.join(root, FURNITURE_FILE)).then(
    () => true,
    () => false,
  );
  if (!present) return undefined;
  const read = await readFileInside(root, FURNITURE_FILE);
  if (!read.ok) {
    hash.update(`${FURNITURE_FILE}\0unreadable\0`);
    return { patterns: [], errors: [{ file: FURNITURE_FILE, message: read.reason }] };
  }
  hash.update(`${FURNITURE_FILE}\0${read.bytes.length}\0`).update(read.bytes);
  const decoded = decode(read.bytes);
  if (!decoded.ok) return { patterns: [], errors: [{ file: FURNITURE_FILE, line: decoded.line, message: decoded.reason }] };
  return parsePatterns(decoded.text, FURNITURE_FILE);
}

/**
 * Validates one article file's bytes exactly as loadCorpus would in a folder that already
 * holds `existing` (the same size limit, parsing, fields and duplicate ids, with the same
 * messages), without writing anything: what `coverage-bot check` would say of it there.
 */
export function checkArticleFile(
  file: string,
  bytes: Buffer,
  existing: readonly Article[] = [],
): { articles: Article[]; errors: CorpusError[] } {
  const seen = new Map(existing.map((a) => [a.id, a] as const));
  if (bytes.length > sizeLimit(file)) return { articles: [], errors: [{ file, message: tooLarge(bytes.length, file) }] };
  return checkParsed(parseArticleFile(file, bytes), seen);
}

/** The articles of one file that are valid and whose ids `seen` does not hold yet (which it then does). */
function checkParsed(parsed: Parsed, seen: Map<string, Article>): Parsed {
  const out: Parsed = { articles: [], errors: [...parsed.errors] };
  for (const article of parsed.articles) {
    const first = seen.get(article.id);
    if (first) {
      out.errors.push({
        file: article.file,
        line: article.line,
        field: 'id',
        message: `duplicate article id "${article.id}" (also in ${where(first)})`,
      });
      continue;
    }
    seen.set(article.id, article);
    out.articles.push(article);
  }
  return out;
}

/** One article file's articles and errors, by its kind (JSON Lines or Markdown, from its ending). */
export function parseArticleFile(file: string, bytes: Buffer): Parsed {
  return JSONL_EXTENSIONS.includes(path.extname(file).toLowerCase()) ? parseJsonLines(bytes, file) : parseMarkdown(bytes, file);
}

/** Whether loadCorpus reads a file of this name (by its ending; names starting with "." and README files are skipped). */
export function isArticleFileName(name: string): boolean {
  const base = path.basename(name);
  return !base.startsWith('.') && !/^readme(\.|$)/i.test(base) && isArticleFile(base);
}

/**
 * The bytes of the article files `dir` holds (those loadCorpus would read), without
 * reading them: how large a corpus is before it is opened. 0 for a folder that cannot be read.
 */
export async function corpusBytes(dir: string): Promise<number> {
  const root = await realpath(dir).catch(() => undefined);
  if (!root) return 0;
  let bytes = 0;
  for (const file of await listArticleFiles(root, [])) bytes += (await stat(path.join(root, file)).catch(() => undefined))?.size ?? 0;
  return bytes;
}

function where(a: Article): string {
  return a.line ? `${a.file}:${a.line}` : a.file;
}

async function listArticleFiles(root: string, errors: CorpusError[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch (err) {
      errors.push({ file: rel || '.', message: `cannot read folder: ${describeFsError(err)}` });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || /^readme(\.|$)/i.test(entry.name)) continue;
      if (rel === '' && CURATION_ENTRIES.includes(entry.name)) continue;
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(file);
      else if (isArticleFile(entry.name)) out.push(file);
      else if (entry.isSymbolicLink()) {
        // A link to a folder is not followed; a link to a file is checked when read.
        const target = await stat(path.join(root, file)).catch(() => undefined);
        if (target?.isDirectory()) errors.push({ file, message: 'is a link to a folder; not followed' });
      }
    }
  };
  await walk('');
  return out;
}

function isArticleFile(name: string): boolean {
  const ext = path.extname(name).toLowerCase();
  return MARKDOWN_EXTENSIONS.includes(ext) || JSONL_EXTENSIONS.includes(ext);
}

type ReadResult = { ok: true; bytes: Buffer } | { ok: false; reason: string };

/** Reads `file` only if it really lies inside `root`, within the size limit for its kind. */
async function readFileInside(root: string, file: string): Promise<ReadResult> {
  const full = path.join(root, file);
  try {
    const info = await lstat(full);
    if (info.isSymbolicLink()) {
      const target = await realpath(full);
      if (target !== root && !target.startsWith(root + path.sep)) {
        return { ok: false, reason: 'is a link that points outside the corpus folder; not read' };
      }
    }
    const limit = sizeLimit(file);
    // Opening a FIFO waits for a writer forever: only regular files are opened.
    if (!(await stat(full)).isFile()) return { ok: false, reason: 'is not a regular file (a pipe, socket or device); not read' };
    const handle = await open(full, 'r');
    try {
      const { size } = await handle.stat();
      if (size > limit) {
        return { ok: false, reason: tooLarge(size, file) };
      }
      return { ok: true, bytes: await handle.readFile() };
    } finally {
      await handle.close();
    }
  } catch (err) {
    return { ok: false, reason: `cannot be read: ${describeFsError(err)}` };
  }
}

function sizeLimit(file: string): number {
  return JSONL_EXTENSIONS.includes(path.extname(file).toLowerCase()) ? MAX_BULK_FILE_BYTES : MAX_ARTICLE_FILE_BYTES;
}

function tooLarge(size: number, file: string): string {
  return `is ${mib(size)}; an article file may be at most ${mib(sizeLimit(file))} (split it, or use JSON Lines)`;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'it disappeared while the corpus was being read (ENOENT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${e.code}); make it readable by the bot`;
    case 'EISDIR':
      return 'it is a folder';
    default:
      return e.code ?? e.message;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly; on failure names the line and byte where it broke. */
function decode(bytes: Buffer): { ok: true; text: string } | { ok: false; reason: string; line: number } {
  try {
    const text = UTF8.decode(bytes);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    return {
      ok: false,
      line,
      reason: `is not UTF-8 (byte 0x${bytes[at]?.toString(16).toUpperCase().padStart(2, '0')} at offset ${at}, line ${line}); save it as UTF-8`,
    };
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return 0;
}

/** What one file holds: its valid articles and every problem. */
export interface Parsed {
  articles: Article[];
  errors: CorpusError[];
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

function parseMarkdown(bytes: Buffer, file: string): Parsed {
  const decoded = decode(bytes);
  if (!decoded.ok) return { articles: [], errors: [{ file, message: decoded.reason }] };
  if (decoded.text.trim() === '') return { articles: [], errors: [{ file, message: 'is empty' }] };
  const match = FRONT_MATTER.exec(decoded.text);
  if (!match) {
    return {
      articles: [],
      errors: [{ file, line: 1, message: 'has no front matter: start the file with a "---" line, the fields, and another "---" line' }],
    };
  }
  let fields: unknown;
  try {
    fields = parseYaml(match[1]!);
  } catch (err) {
    const line = err instanceof YAMLParseError && err.linePos ? err.linePos[0].line + 1 : undefined;
    const first = (err as Error).message.split('\n')[0];
    return { articles: [], errors: [{ file, line, message: `front matter is not valid YAML: ${first}` }] };
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    return { articles: [], errors: [{ file, line: 2, message: 'front matter must be "key: value" lines' }] };
  }
  return validate({ ...(fields as object), text: decoded.text.slice(match[0].length) }, file, undefined);
}

function parseJsonLines(bytes: Buffer, file: string): Parsed {
  const decoded = decode(bytes);
  if (!decoded.ok) return { articles: [], errors: [{ file, line: decoded.line, message: decoded.reason }] };
  const out: Parsed = { articles: [], errors: [] };
  const lines = decoded.text.split('\n');
  let any = false;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    any = true;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      out.errors.push({ file, line, message: `is not valid JSON: ${(err as Error).message}` });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      out.errors.push({ file, line, message: 'must be one JSON object per line' });
      return;
    }
    const one = validate(value, file, line);
    out.articles.push(...one.articles);
    out.errors.push(...one.errors);
  });
  if (!any) out.errors.push({ file, message: 'is empty' });
  return out;
}

function validate(input: object, file: string, line: number | undefined): Parsed {
  const result = ArticleSchema.safeParse(input);
  if (!result.success) {
    return {
      articles: [],
      errors: result.error.issues.map((issue) => ({
        file,
        line,
        field: issue.path.join('.') || undefined,
        message: issue.message,
      })),
    };
  }
  const data = result.data;
  if (data.text.length > MAX_ARTICLE_CHARS) {
    return {
      articles: [],
      errors: [{ file, line, field: 'text', message: `the body is ${data.text.length} characters; at most ${MAX_ARTICLE_CHARS} are read` }],
    };
  }
  return { articles: [{ ...data, file, line }], errors: [] };
}
