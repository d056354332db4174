// `npm run bench:steady -- <corpus-dir> [seconds] [per-second] [--engine-thread=auto|on|off]`:
// the real bot on a corpus (restored from its saved engine, or built and saved), under a
// steady stream of /search, /quote and /when interactions with no reload, printing the
// longest event-loop stall of the main thread (and of the engine thread, when there is
// one) and the interactions' latency. It sets the reload's stall (`npm run bench`) against
// the stalls the bot has anyway at that size: at 10x with the engine in the main thread,
// V8's major collections of the engine. Defaults: 120 s at 40 interactions a second (the
// benchmark's reload rate), the engine where ENGINE_THREAD=auto puts it. Point it at a
// corpus kept by `npm run bench -- --keep` (the path is in its progress lines).
import { openCorpus } from '../src/corpus/open.ts';
import type { Engine } from '../src/engine/engine.ts';
import {
  ThreadAnswering,
  inEngineThread,
  localAnswering,
  openAnswering,
  type EngineThreadMode,
} from '../src/runtime/engine-thread.ts';
import { closedLoop, commandSpecs, measureSteady, startRealBot } from './e2e.ts';
import { collectGarbage, progress } from './measure.ts';
import { sampleQueries } from './queries.ts';

const args = process.argv.slice(2);
const mode = (args.find((a) => a.startsWith('--engine-thread='))?.slice('--engine-thread='.length) ??
  'auto') as EngineThreadMode;
const [dir, secondsArg = '120', rateArg = '40'] = args.filter((a) => !a.startsWith('--'));
if (!dir || !['auto', 'on', 'off'].includes(mode)) {
  console.error(
    'usage: npm run bench:steady -- <corpus-dir> [seconds] [interactions per second] [--engine-thread=auto|on|off]',
  );
  process.exit(2);
}
const seconds = Number(secondsArg);
const perSecond = Number(rateArg);
if (!(seconds > 0) || !(perSecond > 0)) {
  console.error(`seconds and interactions per second must be positive numbers (got "${secondsArg}" and "${rateArg}")`);
  process.exit(2);
}

progress(`opening ${dir}`);
let engine: Engine | undefined = (await openCorpus(dir, { log: progress })).engine;
const articles = engine.articles.length;
const specs = commandSpecs(sampleQueries(engine, 100));
const threaded = await inEngineThread(dir, mode);
if (threaded) {
  // The bot's engine is in its own thread: this one holds none, as in the bot.
  engine = undefined;
  collectGarbage();
}
const bot = await startRealBot(
  engine ? localAnswering(engine, dir) : (await openAnswering(dir, 'on', progress)).answering,
);
// eslint-disable-next-line no-useless-assignment -- the bot holds its own reference; this one would keep the engine alive
engine = undefined;
const engineThread = bot.answering instanceof ThreadAnswering ? bot.answering : undefined;
try {
  // Every command once, and its code compiled, before measuring.
  await closedLoop(bot.discord, specs, 10);
  collectGarbage();
  progress(`${seconds} s at ${perSecond} interactions a second, no reload, the engine in ${bot.answering.where}`);
  await engineThread?.longestStall(); // from now on
  const r = await measureSteady(bot, specs, perSecond, seconds);
  const engineStall = await engineThread?.longestStall();
  const heapMB = process.memoryUsage().heapUsed / 1e6;
  console.log(
    `${articles} articles, engine in ${bot.answering.where}, main thread's heap ${heapMB.toFixed(0)} MB: over ${r.seconds} s, longest event-loop stall ${r.maxStallMs.toFixed(0)} ms, ` +
      `${r.stallsOver100} stalls over 100 ms${engineStall === undefined ? '' : `; the engine thread's longest stall ${engineStall.toFixed(0)} ms`}; ` +
      `${r.load.answered}/${r.load.sent} answered, p50 ${r.load.reply.p50.toFixed(1)} ms, p99 ${r.load.reply.p99.toFixed(0)} ms`,
  );
} finally {
  await bot.stop();
}
