// `coverage-bot add | remove | restore | list`: an admin on the bot's host keeps the corpus
// folder with the same operations the bot uses (src/curate/). The bot is not part of it:
// each change says to reload the bot to serve it.
import { readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { formatCorpusError } from '../corpus/load.ts';
import { DEFAULT_CORPUS_DIR } from '../corpus/open.ts';
import { readChanges } from '../curate/changes.ts';
import {
  addFile,
  addPage,
  describeCuration,
  listArticles,
  listTrash,
  removeArticle,
  restoreArticle,
  type CurateResult,
} from '../curate/operations.ts';
import { previewFile, previewLink } from '../curate/preview.ts';
import type { ArticleFill, ArticlePreview } from '../ingest/preview.ts';
import { isCalendarDate } from '../corpus/schema.ts';
import { readLocalConfig } from '../runtime/config.ts';

const RELOAD_HINT = 'Reload the bot (/reload in Discord, or SIGHUP: kill -HUP <pid>) to serve the change.';

/** Exit codes: 0 done, 1 refused (the reason on stderr), 2 a usage error. */
export async function main(command: string, args: string[]): Promise<number> {
  const config = readLocalConfig(process.env);
  if (!config.ok) {
    console.error(config.message);
    return 2;
  }
  const dirOf = (flag: string | undefined) => flag ?? config.config.CORPUS_DIR ?? DEFAULT_CORPUS_DIR;
  switch (command) {
    case 'add':
      return add(args, dirOf, config.config.FETCH_ALLOW_PRIVATE_HOSTS);
    case 'remove':
    case 'restore':
      return removeOrRestore(command, args, dirOf);
    case 'list':
      return list(args, dirOf);
    default:
      console.error(`coverage-bot corpus: unknown command "${command}" (add, remove, restore or list)`);
      return 2;
  }
}

function who(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no user entry (a container run with a numeric id)
  }
  return `cli:${user}@${hostname()}`;
}

async function add(
  args: string[],
  dirOf: (flag: string | undefined) => string,
  allowPrivateHosts: string[],
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      corpus: { type: 'string' },
      yes: { type: 'boolean', short: 'y', default: false },
      replace: { type: 'boolean', default: false },
      published: { type: 'string' },
      id: { type: 'string' },
      title: { type: 'string' },
      outlet: { type: 'string' },
      author: { type: 'string' },
      url: { type: 'string' },
    },
  });
  const target = positionals[0];
  if (!target || positionals.length > 1) {
    console.error(
      'coverage-bot add: give one link (https://…) or one .md/.jsonl file, e.g. coverage-bot add https://example.com/story',
    );
    return 2;
  }
  if (values.published !== undefined && !isCalendarDate(values.published)) {
    console.error(`coverage-bot add: --published "${values.published}" is not a date; write it YYYY-MM-DD`);
    return 2;
  }
  const dir = dirOf(values.corpus);
  const answers = lineReader();
  try {
    let result: CurateResult;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
      const fill: ArticleFill = {
        id: values.id,
        title: values.title,
        outlet: values.outlet,
        author: values.author,
        published: values.published,
        url: values.url,
      };
      let previewed = await previewLink(dir, target, { allowPrivateHosts }, fill);
      if (!previewed.ok) return refused(previewed.reason);
      if (previewed.preview.needed.some((n) => n.field === 'published')) {
        console.log(formatPreview(previewed.preview));
        const day = await answers.ask('The page gives no publication date. Publication date (YYYY-MM-DD): ');
        if (day === undefined)
          return refused('the page gives no publication date: give it with --published YYYY-MM-DD');
        if (!isCalendarDate(day.trim())) return refused(`"${day.trim()}" is not a date written YYYY-MM-DD`);
        fill.published = day.trim();
        previewed = await previewLink(dir, target, { allowPrivateHosts }, fill);
        if (!previewed.ok) return refused(previewed.reason);
      }
      const { draft, preview } = previewed;
      console.log(formatPreview(preview));
      if (preview.replaces && !values.replace)
        return refused(
          `the coverage already has this page, as "${preview.replaces.id}" (${preview.replaces.file}); pass --replace to update it`,
        );
      const idTaken = preview.needed.some((n) => n.field === 'id');
      const blocking = preview.needed.filter((n) => n.field !== 'id' || !values.replace);
      if (blocking.length > 0)
        return refused(
          `the article needs ${blocking.map((n) => n.message).join('; ')}; give it with ${blocking.map((n) => `--${n.field}`).join(', ')}${idTaken ? ' (or --replace)' : ''}`,
        );
      if (!(await confirm(answers, values.yes, values.replace ? 'Replace it?' : 'Add it?'))) return cancelled();
      result = await addPage(dir, draft, fill, { by: who() }, { replace: values.replace });
    } else {
      let bytes: Buffer;
      try {
        bytes = await readFile(target);
      } catch (err) {
        return refused(`cannot read ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const name = path.basename(target);
      const previewed = await previewFile(dir, name, bytes);
      if (
        !previewed.ok &&
        !(values.replace && previewed.errors.every((e) => e.message.startsWith('duplicate article id')))
      ) {
        for (const e of previewed.errors) console.error(formatCorpusError(e));
        return refused(previewed.reason);
      }
      if (previewed.ok) for (const p of previewed.previews) console.log(formatPreview(p));
      if (!(await confirm(answers, values.yes, values.replace ? 'Replace it?' : 'Add it?'))) return cancelled();
      result = await addFile(dir, name, bytes, { by: who() }, { replace: values.replace });
    }
    return report(result);
  } finally {
    answers.close();
  }
}

async function removeOrRestore(
  command: 'remove' | 'restore',
  args: string[],
  dirOf: (flag: string | undefined) => string,
): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { corpus: { type: 'string' } } });
  const id = positionals[0];
  if (!id || positionals.length > 1) {
    console.error(
      `coverage-bot ${command}: give one article id (coverage-bot list${command === 'restore' ? ' --trash' : ''} shows them)`,
    );
    return 2;
  }
  const dir = dirOf(values.corpus);
  return report(await (command === 'remove' ? removeArticle : restoreArticle)(dir, id, { by: who() }));
}

async function list(args: string[], dirOf: (flag: string | undefined) => string): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      corpus: { type: 'string' },
      page: { type: 'string', default: '1' },
      'per-page': { type: 'string', default: '20' },
      trash: { type: 'boolean', default: false },
      changes: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const dir = dirOf(values.corpus);
  if (values.changes) {
    const changes = await readChanges(dir, 50);
    if (values.json) console.log(JSON.stringify(changes, null, 2));
    else if (changes.length === 0) console.log(`${dir}: no changes recorded yet`);
    else
      for (const c of changes)
        console.log(
          `${c.at}  ${c.action.padEnd(7)}  ${c.ids.join(', ')}  ${c.file}  by ${c.by}${c.note ? `  (${c.note})` : ''}`,
        );
    return 0;
  }
  if (values.trash) {
    const trash = await listTrash(dir);
    if (values.json) console.log(JSON.stringify(trash, null, 2));
    else if (trash.length === 0) console.log(`${dir}: the trash is empty`);
    else for (const t of trash) console.log(`${t.removed}  ${t.id}  ${t.published}  ${t.title} (${t.outlet})`);
    return 0;
  }
  const page = Number(values.page);
  const perPage = Number(values['per-page']);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1) {
    console.error('coverage-bot list: --page and --per-page are whole numbers from 1');
    return 2;
  }
  const listed = await listArticles(dir, { page, perPage });
  if (values.json) {
    console.log(JSON.stringify(listed, null, 2));
    return 0;
  }
  for (const a of listed.items) console.log(`${a.published}  ${a.id}  ${a.title} (${a.outlet})`);
  console.log(
    `Page ${listed.page} of ${listed.pages} (${listed.total} article${listed.total === 1 ? '' : 's'}, newest first)${listed.page < listed.pages ? `; --page ${listed.page + 1} for more` : ''}`,
  );
  for (const e of listed.errors) console.error(`left out: ${formatCorpusError(e)}`);
  return 0;
}

/** A preview as the terminal shows it. */
export function formatPreview(p: ArticlePreview): string {
  const from = (field: keyof ArticlePreview['sources']) => (p.sources[field] ? ` [${p.sources[field]}]` : '');
  const lines = [
    `${p.title}${from('title')}`,
    `  id:        ${p.id}`,
    `  outlet:    ${p.outlet}${from('outlet')}`,
    `  published: ${p.published ?? '(not found)'}${from('published')}`,
    `  author:    ${p.author ?? '(not found)'}${from('author')}`,
    `  url:       ${p.url}${from('url')}`,
    `  yields:    ${p.passages} passages, ${p.quotes} quotes, ${p.paraphrases} paraphrases, ${p.published ? `${p.events} dated events` : 'dated events once the date is known'}`,
  ];
  if (p.firstParagraph)
    lines.push(
      `  opens:     ${p.firstParagraph.length > 300 ? `${p.firstParagraph.slice(0, 299)}…` : p.firstParagraph}`,
    );
  const notFound = p.missing.filter((f) => f !== 'author' || !p.author);
  if (notFound.length) lines.push(`  not on the page: ${notFound.join(', ')}`);
  for (const n of p.needed) lines.push(`  needed:    ${n.message}`);
  if (p.replaces) lines.push(`  replaces:  ${p.replaces.id} (${p.replaces.file}), the same page`);
  return lines.join('\n');
}

function report(result: CurateResult): number {
  if (!result.ok) {
    console.error(describeCuration(result));
    return 1;
  }
  console.log(`${describeCuration(result)}\n${RELOAD_HINT}`);
  return 0;
}

function refused(reason: string): number {
  console.error(`Refused: ${reason}`);
  return 1;
}

function cancelled(): number {
  console.error('Nothing was changed.');
  return 1;
}

async function confirm(answers: LineReader, yes: boolean, question: string): Promise<boolean> {
  if (yes) return true;
  const answer = await answers.ask(`${question} [y/N] `);
  if (answer === undefined) {
    console.error('No answer (no terminal?): pass --yes to go ahead without asking.');
    return false;
  }
  return /^y(es)?$/i.test(answer.trim());
}

interface LineReader {
  /** The next line typed (or piped) after the prompt; undefined at the end of the input. */
  ask(prompt: string): Promise<string | undefined>;
  close(): void;
}

function lineReader(): LineReader {
  let rl: ReturnType<typeof createInterface> | undefined;
  let lines: AsyncIterator<string> | undefined;
  return {
    async ask(prompt) {
      rl ??= createInterface({ input: process.stdin, terminal: false });
      lines ??= rl[Symbol.asyncIterator]();
      process.stdout.write(prompt);
      const next = await lines.next();
      if (!process.stdin.isTTY) process.stdout.write('\n');
      return next.done ? undefined : next.value;
    },
    close() {
      rl?.close();
    },
  };
}
