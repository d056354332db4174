// `npm run bench:steady -- <corpus-dir> [seconds] [per-second]`: the real bot on a corpus
// (restored from its saved engine, or built and saved), under a steady stream of /search,
// /quote and /when interactions with no reload, printing the longest event-loop stall and
// the interactions' latency. It sets the reload's stall (`npm run bench`) against the
// stalls the bot has anyway at that size: at 10x, V8's major collections of the engine.
// Defaults: 120 s at 40 interactions a second (the benchmark's reload rate). Point it at
// a corpus kept by `npm run bench -- --keep` (the path is in its progress lines).
import { openCorpus } from '../src/corpus/open.ts';
import { closedLoop, commandSpecs, localAnswering, measureSteady, startRealBot } from './e2e.ts';
import { collectGarbage, progress } from './measure.ts';
import { sampleQueries } from './queries.ts';

const [dir, secondsArg = '120', rateArg = '40'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: npm run bench:steady -- <corpus-dir> [seconds] [interactions per second]');
  process.exit(2);
}
const seconds = Number(secondsArg);
const perSecond = Number(rateArg);
if (!(seconds > 0) || !(perSecond > 0)) {
  console.error(`seconds and interactions per second must be positive numbers (got "${secondsArg}" and "${rateArg}")`);
  process.exit(2);
}

progress(`opening ${dir}`);
const { engine } = await openCorpus(dir, { log: progress });
const specs = commandSpecs(sampleQueries(engine, 100));
const bot = await startRealBot(localAnswering(engine, dir));
try {
  // Every command once, and its code compiled, before measuring.
  await closedLoop(bot.discord, specs, 10);
  collectGarbage();
  progress(`${seconds} s at ${perSecond} interactions a second, no reload`);
  const r = await measureSteady(bot, specs, perSecond, seconds);
  const heapMB = process.memoryUsage().heapUsed / 1e6;
  console.log(
    `${engine.articles.length} articles, heap ${heapMB.toFixed(0)} MB: over ${r.seconds} s, longest event-loop stall ${r.maxStallMs.toFixed(0)} ms, ` +
      `${r.stallsOver100} stalls over 100 ms; ${r.load.answered}/${r.load.sent} answered, p50 ${r.load.reply.p50.toFixed(1)} ms, p99 ${r.load.reply.p99.toFixed(0)} ms`,
  );
} finally {
  await bot.stop();
}
