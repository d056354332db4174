// `npm run bench` (`-- --json` for one JSON object): builds the benchmark corpora from
// the datasets beside the project (tests/support/shared.ts), measures build, memory, start-up, query latency, the bot end to end
// and a reload under load, and prints each figure next to its target. Progress goes to
// stderr. Flags: --json, --no-stages (skip the per-stage build profile), --cold-reload
// (make the reload build from scratch rather than restore the engine saved by the cold
// run), --reload-1x (reload the 1x corpus rather than the 10x one), --keep (leave the
// temp corpora), --quick (skip the 10x corpus; reload the 1x one: for trying the
// harness, not for figures), --engine-thread=auto|on|off (where the bots' engines are,
// as ENGINE_THREAD; default auto, as the bot: the main thread for 1x, an engine thread
// for 10x).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { loadCorpus } from '../src/corpus/load.ts';
import { CACHE_DIR } from '../src/corpus/open.ts';
import { Engine } from '../src/engine/engine.ts';
import { restoreEngine, type SavedEngine } from '../src/engine/saved.ts';
import type { ColdResult, PlainResult, SavedResult } from './child.ts';
import { HAS_SHARED } from '../tests/support/shared.ts';
import { BBC_PUBLISHED, COPIES, DATASETS, readDatasets, writeBenchCorpora, type BenchCorpus } from './corpora.ts';
import type { Answering } from '../src/runtime/answering.ts';
import { inEngineThread, localAnswering, openAnswering, type EngineThreadMode } from '../src/runtime/engine-thread.ts';
import {
  BEFORE_RELOAD_S,
  commandSpecs,
  measureReload,
  measureSideBySide,
  startBare,
  startBareApart,
  startBotApart,
  startRealBot,
  type BotTarget,
  type E2eResult,
  type ReloadFigures,
} from './e2e.ts';
import { collectGarbage, cpuTimes, progress, runChild, stolenPercent } from './measure.ts';
import { measurePictures, type PictureFigures } from './pictures.ts';
import { measureQueries, sampleQueries, type QueryLatencies } from './queries.ts';
import { fmt, info, table, target, type Row } from './report.ts';
import { timeStages, type StageTimes } from './stages.ts';

const flags = new Set(process.argv.slice(2));

const json = flags.has('--json');
const quick = flags.has('--quick');
const threadFlag =
  process.argv.find((a) => a.startsWith('--engine-thread='))?.slice('--engine-thread='.length) ?? 'auto';
if (!['auto', 'on', 'off'].includes(threadFlag)) {
  console.error(`--engine-thread must be auto, on or off (got "${threadFlag}")`);
  process.exit(2);
}
const engineThread = threadFlag as EngineThreadMode;

/** Capped so that the whole run stays within 10 minutes on a 2-core machine. */
const COUNTS = {
  queries: 300,
  queries10x: 100,
  e2e: { sequential: 300, concurrent: 1_000, inFlight: 100, burst: 1_000 },
  /** Interactions per second while the reload runs. */
  reloadRate: 40,
};

const TARGETS = {
  buildRatio: 1.5,
  heapRatio: 1.5,
  startupShare: 0.25,
  queryP99Ms: 10,
  e2eP50Ratio: 1.5,
  stallMs: 100,
  reloadP99Ms: 250,
  pictureP99Ms: 100,
};

interface CorpusFigures {
  corpus: BenchCorpus;
  cold: ColdResult;
  saved?: SavedResult | { error: string };
  plain: PlainResult;
}

/**
 * The bot's answering for the corpus in `dir`, where --engine-thread puts it: in this
 * thread over `engine` (already open), or in an engine thread that opens `dir` itself.
 */
async function answeringFor(dir: string, engine: Engine | undefined): Promise<Answering> {
  if (await inEngineThread(dir, engineThread)) return (await openAnswering(dir, 'on', progress)).answering;
  return engine ? localAnswering(engine, dir) : (await openAnswering(dir, 'off', progress)).answering;
}

async function measureCorpus(corpus: BenchCorpus, root: string): Promise<CorpusFigures> {
  const passagesFile = path.join(root, `passages-${corpus.name}.jsonl`);
  progress(
    `${corpus.name}: cold build in a fresh process (${corpus.articles} articles, ${fmt(corpus.textMB, 1)} M chars)`,
  );
  const cold = await runChild<ColdResult>('cold', [corpus.dir, passagesFile]);
  progress(`${corpus.name}: built in ${fmt(cold.loadS + cold.buildS, 1)} s; start-up from the saved engine`);
  const saved = cold.saveError
    ? { error: `not saved: ${cold.saveError}` }
    : await runChild<SavedResult>('saved', [corpus.dir]).catch((err: unknown) => ({
        error: (err as Error).message.slice(0, 300),
      }));
  progress(`${corpus.name}: plain MiniSearch over the same ${cold.passages} passages`);
  const plain = await runChild<PlainResult>('plain', [passagesFile]);
  await rm(passagesFile, { force: true });
  return { corpus, cold, saved, plain };
}

/**
 * The engine for the in-process parts, from the file the cold run saved: loadCorpus and
 * restoreEngine, as openCorpus does, but without its code-hash check, so that an edit to
 * src/ by someone else during a long run does not cost a rebuild here.
 */
async function engineFor(dir: string): Promise<Engine> {
  const { articles } = await loadCorpus(dir);
  const raw = await readFile(path.join(dir, CACHE_DIR, 'engine.json'), 'utf8').catch(() => undefined);
  return raw ? restoreEngine(articles, JSON.parse(raw) as SavedEngine) : Engine.build(articles);
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

function rows(r: Results): Row[] {
  const out: Row[] = [];
  for (const c of r.corpora) {
    const n = c.corpus.name;
    const buildS = c.cold.loadS + c.cold.buildS;
    out.push(
      info(
        `${n}: corpus`,
        `${c.corpus.articles} articles, ${fmt(c.corpus.textMB, 1)} M chars, ${c.cold.passages} passages`,
      ),
    );
    out.push(
      info(`${n}: cold build (load+build), s`, `${fmt(buildS)} (${fmt(c.cold.passages / buildS, 0)} passages/s)`),
    );
    out.push(
      info(
        `${n}: plain MiniSearch addAll, s`,
        `${fmt(c.plain.addAllS)} (${fmt(c.plain.passages / c.plain.addAllS, 0)} passages/s)`,
      ),
    );
    out.push(target(`${n}: build / plain MiniSearch`, buildS / c.plain.addAllS, '<=', TARGETS.buildRatio, '×'));
    out.push(
      info(
        `${n}: heap / RSS per M chars, MB (engine)`,
        `${fmt(c.cold.heapMB / c.corpus.textMB)} / ${fmt(c.cold.rssMB / c.corpus.textMB)}`,
      ),
    );
    out.push(
      info(
        `${n}: heap / RSS per M chars, MB (plain)`,
        `${fmt(c.plain.heapMB / c.corpus.textMB)} / ${fmt(c.plain.rssMB / c.corpus.textMB)}`,
      ),
    );
    out.push(
      target(`${n}: heap / plain MiniSearch heap`, c.cold.heapMB / c.plain.heapMB, '<=', TARGETS.heapRatio, '×'),
    );
    if (c.saved && 'openS' in c.saved) {
      out.push(
        info(
          `${n}: start-up saved vs cold, s (process start to ready)`,
          `${fmt(c.saved.openS)} vs ${fmt(buildS)} (${fmt(c.saved.readyAtMs / 1000)} vs ${fmt(c.cold.readyAtMs / 1000)})`,
        ),
      );
      out.push(
        target(`${n}: start-up from saved / cold build`, c.saved.openS / buildS, '<=', TARGETS.startupShare, '×'),
      );
    } else {
      out.push({
        figure: `${n}: start-up from saved / cold build`,
        value: `n/a (${c.saved?.error ?? 'not run'})`.slice(0, 80),
        target: `<= ${TARGETS.startupShare}×`,
        met: false,
      });
    }
  }
  const q = r.queries;
  for (const cmd of ['search', 'quote', 'when', 'ask'] as const) {
    const plainKey = `plain${cmd[0]!.toUpperCase()}${cmd.slice(1)}` as 'plainSearch';
    out.push(
      info(
        `1x: /${cmd} p50 / p99 ms (plain MiniSearch)`,
        `${fmt(q[cmd].p50)} / ${fmt(q[cmd].p99)} (${fmt(q[plainKey]?.p50)} / ${fmt(q[plainKey]?.p99)})`,
      ),
    );
    out.push(target(`1x: /${cmd} p99`, q[cmd].p99, '<', TARGETS.queryP99Ms, ' ms'));
  }
  if (r.queries10x)
    for (const cmd of ['search', 'quote', 'when', 'ask'] as const)
      out.push(info(`10x: /${cmd} p50 / p99 ms`, `${fmt(r.queries10x[cmd].p50)} / ${fmt(r.queries10x[cmd].p99)}`));
  if (r.pictures) {
    const p = r.pictures;
    out.push(
      info(
        `1x: timeline picture, 25 events, p50 / p99 ms (its text answer)`,
        `${fmt(p.timeline.p50)} / ${fmt(p.timeline.p99)} (${fmt(p.timelineText.p50)} / ${fmt(p.timelineText.p99)}); ${p.topics} topics, up to ${fmt(p.timelineKB, 0)} KB`,
      ),
    );
    out.push(target('1x: timeline picture p99', p.timeline.p99, '<', TARGETS.pictureP99Ms, ' ms', 0));
    out.push(
      info(
        `1x: trend picture, ${p.months} months, p50 / p99 ms (its text answer)`,
        `${fmt(p.trend.p50)} / ${fmt(p.trend.p99)} (${fmt(p.trendText.p50)} / ${fmt(p.trendText.p99)}); up to ${fmt(p.trendKB, 0)} KB`,
      ),
    );
    out.push(target('1x: trend picture p99', p.trend.p99, '<', TARGETS.pictureP99Ms, ' ms', 0));
  }
  const { bare, bot } = r.e2e;
  out.push(info('e2e: the bot answers from', `an engine in ${r.e2eWhere} (--engine-thread=${engineThread})`));
  for (const mode of ['sequential', 'concurrent'] as const) {
    const label = mode === 'sequential' ? 'e2e sequential' : `e2e ${COUNTS.e2e.inFlight} in flight`;
    out.push(
      info(
        `${label}: p50 / p99 ms, bot (bare)`,
        `${fmt(bot[mode].reply.p50)} / ${fmt(bot[mode].reply.p99)} (${fmt(bare[mode].reply.p50)} / ${fmt(bare[mode].reply.p99)})`,
      ),
    );
    out.push(
      target(
        `${label}: bot p50 / bare p50`,
        bot[mode].reply.p50 / bare[mode].reply.p50,
        '<=',
        TARGETS.e2eP50Ratio,
        '×',
      ),
    );
  }
  if (bot.burst && bare.burst) {
    out.push(
      info(
        `burst of ${bot.burst.sent}: p50 / p99 / max ms, bot (bare)`,
        `${fmt(bot.burst.reply.p50, 0)} / ${fmt(bot.burst.reply.p99, 0)} / ${fmt(bot.burst.reply.max, 0)} (${fmt(bare.burst.reply.p50, 0)} / ${fmt(bare.burst.reply.p99, 0)} / ${fmt(bare.burst.reply.max, 0)})`,
      ),
    );
    out.push({
      figure: `burst of ${bot.burst.sent}: answered, acknowledged within 3 s`,
      value: `${bot.burst.answered}, ${bot.burst.ackedInWindow}`,
      target: `${bot.burst.sent}, ${bot.burst.sent}`,
      met: bot.burst.answered === bot.burst.sent && bot.burst.ackedInWindow === bot.burst.sent,
    });
  }
  {
    const { bare: b0, bot: b1 } = r.e2eApart;
    const label = (mode: 'sequential' | 'concurrent') =>
      mode === 'sequential' ? 'e2e apart, sequential' : `e2e apart, ${COUNTS.e2e.inFlight} in flight`;
    out.push(
      info(
        'e2e apart: each client in a process of its own',
        "`coverage-bot start` and the bare client; the loopback Discord and the load in the benchmark's",
      ),
    );
    for (const mode of ['sequential', 'concurrent'] as const) {
      out.push(
        info(
          `${label(mode)}: p50 / p99 ms, bot (bare)`,
          `${fmt(b1[mode].reply.p50)} / ${fmt(b1[mode].reply.p99)} (${fmt(b0[mode].reply.p50)} / ${fmt(b0[mode].reply.p99)})`,
        ),
      );
      out.push(
        target(
          `${label(mode)}: bot p50 / bare p50`,
          b1[mode].reply.p50 / b0[mode].reply.p50,
          '<=',
          TARGETS.e2eP50Ratio,
          '×',
        ),
      );
    }
    if (b1.burst && b0.burst) {
      out.push(
        info(
          `e2e apart, burst of ${b1.burst.sent}: p50 / p99 / max ms, bot (bare)`,
          `${fmt(b1.burst.reply.p50, 0)} / ${fmt(b1.burst.reply.p99, 0)} / ${fmt(b1.burst.reply.max, 0)} (${fmt(b0.burst.reply.p50, 0)} / ${fmt(b0.burst.reply.p99, 0)} / ${fmt(b0.burst.reply.max, 0)})`,
        ),
      );
      out.push({
        figure: `e2e apart, burst of ${b1.burst.sent}: answered, acknowledged within 3 s`,
        value: `${b1.burst.answered}, ${b1.burst.ackedInWindow}`,
        target: `${b1.burst.sent}, ${b1.burst.sent}`,
        met: b1.burst.answered === b1.burst.sent && b1.burst.ackedInWindow === b1.burst.sent,
      });
    }
  }
  const rl = r.reload;
  const on = r.reloadCorpus;
  out.push(
    info(
      `${on} reload`,
      `${rl.ok ? 'ok' : 'FAILED'} in ${fmt(rl.reloadS, 1)} s, the bot's engine in ${r.reloadWhere}, the new engine ${rl.workerBuilt ? 'built from scratch' : 'restored from the one the cold build saved'}; ${rl.during.sent} interactions (/search, /quote, /when) meanwhile`,
    ),
  );
  out.push(
    target(
      `${on} reload: longest event-loop stall (main thread: gateway, acknowledgements)`,
      rl.maxStallMs,
      '<=',
      TARGETS.stallMs,
      ' ms',
      0,
    ),
  );
  out.push(
    info(
      `   (same load, in the ${BEFORE_RELOAD_S} s before the reload)`,
      `stall ${fmt(rl.maxStallBeforeMs, 0)} ms, p99 ${fmt(rl.before.reply.p99, 0)} ms`,
    ),
  );
  if (rl.engineStallMs !== undefined)
    out.push(
      info(
        `   the engine thread's own longest stall (holds answers up)`,
        `${fmt(rl.engineStallMs, 0)} ms (${fmt(rl.engineStallBeforeMs, 0)} ms in the ${BEFORE_RELOAD_S} s before)`,
      ),
    );
  out.push(target(`${on} reload: interaction p99 during it`, rl.during.reply.p99, '<', TARGETS.reloadP99Ms, ' ms', 0));
  out.push({
    figure: `${on} reload: interactions answered during it`,
    value: `${rl.during.answered}/${rl.during.sent}`,
    target: 'all',
    met: rl.ok && rl.during.answered === rl.during.sent,
  });
  return out;
}

interface Results {
  machine: ReturnType<typeof machine>;
  notes: string[];
  corpora: CorpusFigures[];
  stages?: StageTimes;
  queries: QueryLatencies;
  queries10x?: QueryLatencies;
  pictures?: PictureFigures;
  e2e: { bare: E2eResult; bot: E2eResult };
  reload: ReloadFigures;
  /** The corpus the reload ran on ('10x', or '1x' with --reload-1x or --quick). */
  reloadCorpus: string;
  /** The same e2e runs with the bot and the bare client each in a process of its own. */
  e2eApart: { bare: E2eResult; bot: E2eResult };
  /** Where the bots' engines were: 'this thread' or 'engine thread'. */
  e2eWhere: string;
  reloadWhere: string;
  totalS: number;
  /** The share of the machine's CPU time the hypervisor gave to other guests during the run (Linux only), percent. */
  stolenPercent?: number;
}

async function main(): Promise<void> {
  if (!HAS_SHARED) {
    console.error(`bench: the benchmark reads its corpora from ${DATASETS}, which is not beside this checkout.`);
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const cpuAtStart = cpuTimes();
  const root = await mkdtemp(path.join(os.tmpdir(), 'coverage-bot-bench-'));
  try {
    progress(`machine: ${JSON.stringify(machine())}`);
    progress(`reading ${DATASETS} and writing the corpora as JSON Lines`);
    const data = await readDatasets();
    const { x1, x10 } = await writeBenchCorpora(root, data);
    const notes = [
      `BBC articles have no date or URL: published ${BBC_PUBLISHED} and https://www.bbc.co.uk/news/<category>/<n> are made up; PolNeAR has no URLs: https://polnear.example.org/<publisher>/<file>.`,
      `Decoded as Latin-1: ${data.latin1.join(', ') || 'none'}. PolNeAR: train, dev and test texts (speed only; no quote scoring here).`,
      `10x: ${COPIES} copies with ids c<k>-<id>; copy k marks each sentence with " <mark>" before its final punctuation (no index term) so passages stay distinct; BBC's own exact duplicates are still de-duplicated within each copy.`,
    ];

    const corpora = [await measureCorpus(x1, root), ...(quick ? [] : [await measureCorpus(x10, root)])];
    const reloadOn = flags.has('--reload-1x') || quick ? x1 : x10;

    let stages: StageTimes | undefined;
    if (!flags.has('--no-stages')) {
      progress('1x: where the build time goes (a timed copy of the build loop)');
      stages = timeStages((await loadCorpus(x1.dir)).articles);
    }

    progress('1x: query latency through answerLine, and plain MiniSearch on the same words');
    let engine: Engine | undefined = await engineFor(x1.dir);
    let plainIndex: MiniSearch | undefined = new MiniSearch({ fields: ['text'] });
    {
      const e = engine;
      plainIndex.addAll(e.passages.map((p) => ({ id: p.id, text: e.text(p) })));
    }
    const queries = sampleQueries(engine, COUNTS.queries);
    const queryFigures = await measureQueries(engine, queries, plainIndex);
    plainIndex = undefined;
    progress('1x: drawing timelines of 25 events and trends by month over three years or more');
    const pictures = measurePictures(engine, queries.topics);

    progress('e2e: the bot and a bare discord.js client, side by side');
    const specs = commandSpecs(queries);
    // A bot with an engine thread holds no engine in this thread.
    const e2eThreaded = await inEngineThread(x1.dir, engineThread);
    if (e2eThreaded) engine = undefined; // nor is it needed after
    const bareTarget = await startBare();
    let botTarget: BotTarget | undefined = await startRealBot(await answeringFor(x1.dir, engine)).catch(
      async (err: unknown) => {
        await bareTarget.stop();
        throw err;
      },
    );
    const e2eWhere = botTarget.answering.where;
    const { bare, bot } = await measureSideBySide(
      { bare: bareTarget.discord, bot: botTarget.discord },
      specs,
      COUNTS.e2e,
    ).finally(() => Promise.allSettled([bareTarget.stop(), botTarget!.stop()]));
    // Not kept alive by the closure above: it holds the 1x engine.
    botTarget = undefined;

    progress('e2e apart: the bot (coverage-bot start) and the bare client, each in a process of its own');
    const bareApart = await startBareApart();
    const botApart = await startBotApart(x1.dir, engineThread).catch(async (err: unknown) => {
      await bareApart.stop();
      throw err;
    });
    const apart = await measureSideBySide(
      { bare: bareApart.discord, bot: botApart.discord },
      specs,
      COUNTS.e2e,
    ).finally(() => Promise.allSettled([bareApart.stop(), botApart.stop()]));

    // A bot process holds one engine: let go of what the measurements above kept alive, so
    // that the reload is not charged for collecting their garbage.
    collectGarbage();
    // The 10x engine: its query latency, then the bot on it, reloading it under load.
    let queries10x: QueryLatencies | undefined;
    if (!quick) {
      engine = undefined;
      progress('10x: restoring the engine, and query latency on it');
      const bigEngine = await engineFor(x10.dir);
      queries10x = await measureQueries(bigEngine, sampleQueries(bigEngine, COUNTS.queries10x));
    }
    const reloadThreaded = await inEngineThread(reloadOn.dir, engineThread);
    // The bot with its engine in this thread gets the 1x engine already open, or opens the
    // corpus itself; with an engine thread, this thread holds no engine, as in the bot.
    const forReload = reloadThreaded || reloadOn !== x1 ? undefined : engine;
    engine = undefined;
    collectGarbage();
    progress(
      `${reloadOn.name}: the bot on it (engine in ${reloadThreaded ? 'an engine thread' : 'this thread'}), reloading while interactions keep coming`,
    );
    const big = await startRealBot(await answeringFor(reloadOn.dir, forReload));
    const reloadWhere = big.answering.where;
    let reload: ReloadFigures;
    try {
      if (flags.has('--cold-reload')) await rm(path.join(reloadOn.dir, CACHE_DIR), { recursive: true, force: true });
      reload = await measureReload(big, specs, COUNTS.reloadRate);
    } finally {
      await big.stop();
    }

    const results: Results = {
      machine: machine(),
      notes,
      corpora,
      stages,
      queries: queryFigures,
      queries10x,
      pictures,
      e2e: { bare, bot },
      e2eApart: apart,
      reload,
      reloadCorpus: reloadOn.name,
      e2eWhere,
      reloadWhere,
      totalS: (performance.now() - started) / 1000,
      stolenPercent: stolenPercent(cpuAtStart, cpuTimes()),
    };
    const verdict = rows(results);
    if (json) {
      process.stdout.write(`${JSON.stringify({ ...results, targets: verdict.filter((r) => r.met !== undefined) })}\n`);
    } else {
      const m = results.machine;
      console.log(
        `coverage-bot bench: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}, load average ${m.loadAverage.join(' ')}\n`,
      );
      console.log(table(verdict));
      if (stages) {
        const total = Object.entries(stages)
          .filter(([k]) => k !== 'plainAddAll')
          .reduce((s, [, v]) => s + v, 0);
        console.log(
          `\n1x build by stage, s (of ${fmt(total, 1)}): ${Object.entries(stages)
            .map(([k, v]) => `${k} ${fmt(v)}`)
            .join(', ')}`,
        );
      }
      console.log(
        `\n${notes.map((n) => `- ${n}`).join('\n')}\n- Whole run: ${fmt(results.totalS, 0)} s.${results.stolenPercent === undefined ? '' : ` CPU time taken by the hypervisor for other guests during it (steal): ${fmt(results.stolenPercent, 1)}%.`}`,
      );
    }
  } finally {
    if (!flags.has('--keep')) await rm(root, { recursive: true, force: true });
    else progress(`corpora kept in ${root}`);
  }
}

await main();
// discord.js and the workers can leave handles behind; the figures are out, so end here.
process.exit(0);
