import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { commands } from '../commands/index.ts';
import { answerLine } from './answers/answer.ts';
import { DEFAULT_CORPUS_DIR, openCorpus } from './corpus/open.ts';
import { formatCorpusError, loadCorpus } from './corpus/load.ts';
import { toJson } from './render/json.ts';
import { toTerminal } from './render/terminal.ts';
import { runConsole } from './console.ts';
import { cleanArticle, linesSetAside } from './text/clean.ts';

const USAGE = `coverage-bot: answers questions about news coverage with verbatim, cited excerpts.

Usage:
  coverage-bot [start]                 connect to Discord if DISCORD_TOKEN is set, else open the local console
  coverage-bot sharded [--mode process|worker]
                                       run the bot in shards under discord.js's sharding manager
                                       (SHARD_COUNT shards, else as many as Discord recommends)
  coverage-bot console [--image FILE]  open the local console (--image: each picture to FILE)
  coverage-bot ask [--json] [--image FILE] '<line>'
                                       answer a question or a command line, e.g.
                                       'when did the council pass the ordinance?';
                                       --image writes the picture of /when or /trend to FILE (PNG)
  coverage-bot check [DIR]             validate a corpus folder; exit 1 on any error
  coverage-bot furniture [--json] [DIR]
                                       list the lines set aside as page furniture, with the rule that decided
  coverage-bot add <url|file> [--yes] [--published YYYY-MM-DD] [--replace]
                                       add an article: a web page (shown first, then asked to
                                       confirm), or a .md/.jsonl file validated as check does;
                                       --id, --title, --outlet, --author, --url correct the page's
  coverage-bot remove <id>             move an article's file to the corpus folder's trash
  coverage-bot restore <id>            bring a removed article back from the trash
  coverage-bot list [--page N] [--trash] [--changes] [--json]
                                       the articles, newest first (or the trash, or the changes);
                                       also coverage-bot corpus list|add|remove|restore
  coverage-bot quotes --json           list every extracted quote and paraphrase
  coverage-bot eval quotes --polnear DIR --split dev [--json]
                                       score quote extraction against PolNeAR
  coverage-bot eval answers --questions FILE.jsonl [--corpus DIR] [--json]
                                       score /ask (and a plain search baseline) on questions
  coverage-bot deploy                  register the slash commands with Discord

Options:
  --corpus DIR    the corpus folder (default: CORPUS_DIR, else the built-in corpus)
  --json          print JSON instead of text
  -h, --help      this text`;

/** Exit codes: 0 answered, 1 a check found errors or the bot failed, 2 a usage error. */
async function main(argv: string[]): Promise<number> {
  loadDotenv({ quiet: true });
  const [sub = 'start', ...rest] =
    argv[0]?.startsWith('-') && argv[0] !== '-h' && argv[0] !== '--help' ? ['start', ...argv] : argv;
  switch (sub) {
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return 0;
    case 'start':
      return start(rest);
    case 'sharded':
      return sharded(rest);
    case 'console':
      return consoleCommand(rest);
    case 'ask':
      return ask(rest);
    case 'check':
      return check(rest);
    case 'add':
    case 'remove':
    case 'restore':
    case 'list':
      return (await import('./cli/curate.ts')).main(sub, rest);
    case 'corpus':
      return (await import('./cli/curate.ts')).main(rest[0] ?? '', rest.slice(1));
    case 'quotes':
      return (await import('./cli/quotes.ts')).main(rest);
    case 'furniture':
      return (await import('./cli/furniture.ts')).main(rest);
    case 'deploy':
      return (await import('./runtime/main.ts')).deploy();
    case 'eval':
      return (await import('./cli/eval.ts')).main(rest);
    default:
      console.error(`coverage-bot: unknown command "${sub}".\n\n${USAGE}`);
      return 2;
  }
}

function corpusDir(flag: string | undefined): string {
  return flag ?? process.env.CORPUS_DIR ?? DEFAULT_CORPUS_DIR;
}

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { corpus: { type: 'string' } } });
  if (process.env.DISCORD_TOKEN) {
    const { runBot } = await import('./runtime/main.ts');
    return runBot({ corpusDir: values.corpus });
  }
  return runConsole({ corpusDir: corpusDir(values.corpus), local: true });
}

async function sharded(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { corpus: { type: 'string' }, mode: { type: 'string', default: 'process' } },
  });
  if (values.mode !== 'process' && values.mode !== 'worker') {
    console.error(`coverage-bot sharded: --mode is process or worker, not "${values.mode}".`);
    return 2;
  }
  const { runSharded } = await import('./runtime/sharded.ts');
  return runSharded({ corpusDir: values.corpus, mode: values.mode });
}

async function consoleCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { corpus: { type: 'string' }, image: { type: 'string' } } });
  return runConsole({ corpusDir: corpusDir(values.corpus), local: false, image: values.image });
}

async function ask(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      corpus: { type: 'string' },
      limit: { type: 'string' },
      image: { type: 'string' },
    },
  });
  if (positionals.length === 0) {
    console.error(
      "coverage-bot ask: give a question or a command line, e.g. coverage-bot ask 'when did the council pass the ordinance?'",
    );
    return 2;
  }
  const { engine } = await openCorpus(corpusDir(values.corpus), { log: (m) => console.error(m) });
  const answered = await answerLine(positionals.join(' '), { engine, commands });
  if (!answered.ok) {
    console.error(answered.error);
    return 2;
  }
  const image =
    values.image === undefined
      ? undefined
      : await (await import('./render/picture/file.ts')).writePicture(answered.answer, values.image);
  if (image && !image.ok) console.error(image.error);
  if (values.json) {
    console.log(JSON.stringify({ ...toJson(answered.answer), ...(image?.ok && { image: image.file }) }, null, 2));
  } else {
    console.log(
      toTerminal(answered.answer, { color: process.stdout.isTTY === true, limit: Number(values.limit ?? 5) }),
    );
    if (image?.ok) console.log(`\nPicture written to ${image.file}.`);
  }
  return image && !image.ok ? 1 : 0;
}

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { corpus: { type: 'string' } } });
  const dir = positionals[0] ?? corpusDir(values.corpus);
  const { articles, errors, files } = await loadCorpus(dir);
  for (const e of errors) console.error(formatCorpusError(e));
  const aside = linesSetAside(articles.map((a) => cleanArticle(a)));
  const summary = `${dir}: ${files.length} file${files.length === 1 ? '' : 's'}, ${articles.length} valid article${articles.length === 1 ? '' : 's'}, ${errors.length} error${errors.length === 1 ? '' : 's'}; ${aside} line${aside === 1 ? '' : 's'} set aside as furniture (coverage-bot furniture lists them)`;
  if (errors.length > 0) {
    console.error(summary);
    return 1;
  }
  console.log(summary);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`coverage-bot: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
