// End to end through the loopback Discord (tests/support/discord): the real Bot and the
// real discord.js client over real sockets on 127.0.0.1, next to a bare discord.js client
// that answers every interaction with a fixed text (the floor set by discord.js, the
// sockets and the loopback server itself, which runs in this same process).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { commands } from '../commands/index.ts';
import { CACHE_DIR } from '../src/corpus/open.ts';
import type { Answering } from '../src/runtime/answering.ts';
import { Bot } from '../src/runtime/bot.ts';
import { ThreadAnswering } from '../src/runtime/engine-thread.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { TOKEN } from '../tests/support/cli.ts';
import {
  startLoopbackDiscord,
  type InteractionHandle,
  type InteractionSpec,
  type LoopbackDiscord,
} from '../tests/support/discord/index.ts';
import { latency, progress, type Latency } from './measure.ts';
import type { QuerySet } from './queries.ts';

/** Discord's window for the first response to an interaction. */
export const INTERACTION_WINDOW_MS = 3_000;

interface Target {
  discord: LoopbackDiscord;
  stop(): Promise<void>;
}

/** How long `response()`/`edits()` wait: a burst's last answers come late, and lateness is what is counted. */
const WAIT_MS = 60_000;

async function loopback(): Promise<LoopbackDiscord> {
  // Slow heartbeats: the gateway's own chatter is not what is measured.
  return startLoopbackDiscord({ heartbeatIntervalMs: 30_000, waitTimeoutMs: WAIT_MS });
}

/** The floor: discord.js answering every interaction with a fixed text. */
export async function startBare(): Promise<Target> {
  const discord = await loopback();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: discord.restUrl },
  });
  client.on(Events.InteractionCreate, (i) => {
    if (i.isRepliable()) void i.reply({ content: 'ok', allowedMentions: { parse: [] } }).catch(() => undefined);
  });
  const ready = once(client, Events.ClientReady);
  await client.login(discord.token);
  await ready;
  return { discord, stop: async () => (await client.destroy(), await discord.close()) };
}

/**
 * A loopback Discord in this process, and a client in a process of its own connected to
 * it: `args` run with node and `env` (plus the loopback's token and REST base). Ready
 * once the client has identified. As with Discord itself, the loopback's work (checking
 * every body against the API description) is not on the client's CPU.
 */
async function startApart(args: string[], env: Record<string, string>): Promise<Target> {
  const discord = await startLoopbackDiscord({ token: TOKEN, heartbeatIntervalMs: 30_000, waitTimeoutMs: WAIT_MS });
  const cwd = await mkdtemp(path.join(tmpdir(), 'coverage-bot-bench-'));
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env, DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.restUrl },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (d: Buffer) => (errors = (errors + d.toString()).slice(-2_000)));
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await discord.close();
    await rm(cwd, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      discord.waitForGateway('ready'),
      exited.then(() => Promise.reject(new Error(`the client exited before connecting: ${errors}`))),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { discord, stop };
}

/** The bare client (bench/bare-client.ts) in a process of its own. */
export function startBareApart(): Promise<Target> {
  // tsx from this project, not from the temporary folder the client runs in.
  return startApart(
    ['--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./bare-client.ts', import.meta.url))],
    {},
  );
}

/**
 * The bot as it is run, `coverage-bot start` on `corpusDir`, in a process of its own (its
 * engine where `engineThread` puts it), logging at info level to standard output, which goes nowhere.
 */
export function startBotApart(corpusDir: string, engineThread: string): Promise<Target> {
  return startApart(
    [fileURLToPath(new URL('../bin/coverage-bot.js', import.meta.url)), 'start', '--corpus', corpusDir],
    {
      DISCORD_APPLICATION_ID: '100000000000000099',
      REGISTER_COMMANDS: 'false',
      RATE_LIMIT_COMMANDS: '1000000',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      LOG_LEVEL: 'info',
      ENGINE_THREAD: engineThread,
    },
  );
}

export interface BotTarget extends Target {
  answering: Answering;
  adminId: string;
}

/**
 * The real Bot answering through `answering` (its engine in this thread, or in an engine
 * thread). Logs at info level, as in production, into a sink: formatting them is part of
 * the cost. The rate limit is raised so that it never answers in the commands' place.
 * Stopping it closes `answering`.
 */
export async function startRealBot(answering: Answering): Promise<BotTarget> {
  const discord = await loopback();
  const admin = discord.user('bench-admin');
  const logger = createLogger('info', [discord.token], { write: () => undefined });
  const bot = new Bot({
    config: {
      ADMIN_USER_IDS: [admin.id],
      RATE_LIMIT_COMMANDS: 1_000_000,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      DISCORD_API_URL: discord.restUrl,
    },
    answering,
    commands,
    logger,
    restApi: discord.restUrl,
  });
  const ready = once(bot.client, Events.ClientReady);
  await bot.login(discord.token);
  await ready;
  return { discord, answering, adminId: admin.id, stop: async () => (await bot.destroy(), await discord.close()) };
}

/** The slash commands the e2e runs send, cycling through /search, /quote and /when. */
export function commandSpecs(queries: QuerySet): InteractionSpec[] {
  const out: InteractionSpec[] = [];
  for (let i = 0; i < queries.topics.length; i++) {
    const q = queries.quotes[i % queries.quotes.length]!;
    out.push(
      { type: 'command', name: 'search', options: { query: queries.topics[i]! } },
      {
        type: 'command',
        name: 'quote',
        options: q.topic ? { speaker: q.speaker, topic: q.topic } : { speaker: q.speaker },
      },
      { type: 'command', name: 'when', options: { topic: queries.topics[(i * 7) % queries.topics.length]! } },
    );
  }
  return out;
}

interface Outcome {
  /** ms from dispatch to the first accepted response (the reply, or "thinking…" when deferred). */
  ackMs?: number;
  /** ms from dispatch to the answer itself (the reply, or the edit of a deferred one). */
  answerMs?: number;
}

/** Dispatches one interaction and follows it to its answer. Never throws: a miss is an empty outcome. */
async function send(discord: LoopbackDiscord, spec: InteractionSpec): Promise<Outcome> {
  const start = performance.now();
  let handle: InteractionHandle;
  try {
    handle = await discord.interaction(spec);
    const response = (await handle.response()) as { type: number };
    const ackMs = performance.now() - start;
    // Type 5: deferred ("thinking…"); the answer comes as an edit of the original.
    if (response.type !== 5) return { ackMs, answerMs: ackMs };
    await handle.edits(1);
    return { ackMs, answerMs: performance.now() - start };
  } catch {
    return {};
  }
}

export interface LoadResult {
  sent: number;
  answered: number;
  /** Answered (or deferred) within Discord's 3 s window; the loopback refuses later responses. */
  ackedInWindow: number;
  /** Dispatch to answer, ms. */
  reply: Latency;
}

function summarise(outcomes: Outcome[]): LoadResult {
  const answers = outcomes.flatMap((o) => (o.answerMs === undefined ? [] : [o.answerMs]));
  return {
    sent: outcomes.length,
    answered: answers.length,
    ackedInWindow: outcomes.filter((o) => o.ackMs !== undefined && o.ackMs <= INTERACTION_WINDOW_MS).length,
    reply: latency(answers),
  };
}

/** `specs.length` interactions with at most `inFlight` unanswered at any time (1: one after another). */
export async function closedLoop(
  discord: LoopbackDiscord,
  specs: InteractionSpec[],
  inFlight: number,
): Promise<LoadResult> {
  return summarise(await outcomesOf(discord, specs, inFlight));
}

async function outcomesOf(discord: LoopbackDiscord, specs: InteractionSpec[], inFlight: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array<Outcome>(specs.length);
  let next = 0;
  const lane = async () => {
    while (next < specs.length) {
      const i = next++;
      outcomes[i] = await send(discord, specs[i]!);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return outcomes;
}

/** Every spec dispatched at once; then wait for all. */
export async function burst(discord: LoopbackDiscord, specs: InteractionSpec[]): Promise<LoadResult> {
  return summarise(await Promise.all(specs.map((s) => send(discord, s))));
}

export interface E2eResult {
  sequential: LoadResult;
  concurrent: LoadResult;
  burst?: LoadResult;
}

/** The sequential run is cut into this many rounds; the in-flight run is repeated this many times. */
const SEQUENTIAL_ROUNDS = 3;
const CONCURRENT_ROUNDS = 2;

/**
 * Two targets measured side by side: warm-up; the sequential run cut into rounds, and the
 * in-flight run (`concurrent` interactions, `inFlight` at a time) repeated, the targets
 * taking each round in turn (which goes first alternates) and each target's rounds pooled;
 * then (optionally) a burst at each. This machine's speed drifts over a run, and measuring
 * one target after the other charged the drift to the ratio between them; taking turns
 * spreads it over both. The in-flight run is repeated whole rather than cut, because each
 * run starts with `inFlight` interactions at once, and cutting it would count that start
 * more often.
 */
export async function measureSideBySide(
  targets: { bare: LoopbackDiscord; bot: LoopbackDiscord },
  specs: InteractionSpec[],
  counts: { sequential: number; concurrent: number; inFlight: number; burst: number },
): Promise<{ bare: E2eResult; bot: E2eResult }> {
  const take = (n: number, from = 0) => Array.from({ length: n }, (_, i) => specs[(from + i) % specs.length]!);
  const order = (round: number) => (round % 2 === 0 ? (['bare', 'bot'] as const) : (['bot', 'bare'] as const));
  for (const name of ['bare', 'bot'] as const) await closedLoop(targets[name], take(50), 10);
  const pooled = async (perRound: number, rounds: number, from: number, inFlight: number) => {
    const out = { bare: [] as Outcome[], bot: [] as Outcome[] };
    for (let r = 0; r < rounds; r++) {
      for (const name of order(r))
        out[name].push(...(await outcomesOf(targets[name], take(perRound, from + r * perRound), inFlight)));
    }
    return { bare: summarise(out.bare), bot: summarise(out.bot) };
  };
  const sequential = await pooled(Math.ceil(counts.sequential / SEQUENTIAL_ROUNDS), SEQUENTIAL_ROUNDS, 0, 1);
  const concurrent = await pooled(counts.concurrent, CONCURRENT_ROUNDS, counts.sequential, counts.inFlight);
  const result = {
    bare: { sequential: sequential.bare, concurrent: concurrent.bare } as E2eResult,
    bot: { sequential: sequential.bot, concurrent: concurrent.bot } as E2eResult,
  };
  if (counts.burst > 0) {
    for (const name of ['bare', 'bot'] as const)
      result[name].burst = await burst(targets[name], take(counts.burst, counts.sequential + counts.concurrent));
  }
  return result;
}

/** Seconds of the same load measured just before the reload, for comparison: too short to hold a major collection at 10x (see bench/steady.ts). */
export const BEFORE_RELOAD_S = 3;

/** A reload still unanswered after this long is reported as such. */
const RELOAD_LIMIT_MS = 8 * 60_000;

export interface ReloadFigures {
  /** Whether the worker built from scratch (no usable saved engine) or restored the saved one. */
  workerBuilt: boolean;
  reloadS: number;
  ok: boolean;
  message: string;
  /** Longest event-loop stall during the reload, ms (monitorEventLoopDelay max). */
  maxStallMs: number;
  /** The same just before the reload, at the same load, for comparison. */
  maxStallBeforeMs: number;
  /** With an engine thread: its own longest stall during the reload, and before it. */
  engineStallMs?: number | undefined;
  engineStallBeforeMs?: number | undefined;
  during: LoadResult;
  before: LoadResult;
}

/**
 * Open loop: a new interaction every 1000/perSecond ms, whether or not earlier ones were
 * answered, until the promise given settles; each call goes on through `specs` where the
 * last stopped.
 */
function openLoop(
  discord: LoopbackDiscord,
  specs: InteractionSpec[],
  perSecond: number,
): (until: Promise<unknown>) => Promise<Outcome[]> {
  let i = 0;
  return (until) => {
    const outcomes: Array<Promise<Outcome>> = [];
    let done = false;
    void until.finally(() => (done = true));
    return new Promise<Outcome[]>((resolve) => {
      const timer = setInterval(() => {
        if (done) {
          clearInterval(timer);
          void Promise.all(outcomes).then(resolve);
          return;
        }
        outcomes.push(send(discord, specs[i++ % specs.length]!));
      }, 1000 / perSecond);
    });
  };
}

export interface SteadyFigures {
  seconds: number;
  /** Longest event-loop stall, ms (monitorEventLoopDelay max). */
  maxStallMs: number;
  /** Stalls over 100 ms, counted by a 5 ms timer. */
  stallsOver100: number;
  load: LoadResult;
}

/**
 * Interactions arriving at `perSecond` for `seconds`, with no reload: the stalls the bot
 * has anyway at this corpus size (the garbage collector's, mostly), to set the reload's
 * against.
 */
export async function measureSteady(
  target: Target,
  specs: InteractionSpec[],
  perSecond: number,
  seconds: number,
): Promise<SteadyFigures> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let last = performance.now();
  let stallsOver100 = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    if (now - last > 100) stallsOver100++;
    last = now;
  }, 5);
  histogram.enable();
  const load = summarise(
    await openLoop(target.discord, specs, perSecond)(new Promise((r) => setTimeout(r, seconds * 1000))),
  );
  histogram.disable();
  clearInterval(probe);
  return { seconds, maxStallMs: histogram.max / 1e6, stallsOver100, load };
}

/**
 * `/reload` from an admin while interactions keep arriving at `perSecond`, measuring the
 * longest event-loop stall and the interactions' latency until the reload has answered.
 */
export async function measureReload(
  target: BotTarget,
  specs: InteractionSpec[],
  perSecond: number,
): Promise<ReloadFigures> {
  const { discord } = target;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const savedFile = path.join(target.answering.corpusDir, CACHE_DIR, 'engine.json');
  const savedAt = (await stat(savedFile).catch(() => undefined))?.mtimeMs;

  const steady = openLoop(discord, specs, perSecond);

  // An engine thread's own stalls hold up answers (the p99 counts them), not this thread.
  const engineThread = target.answering instanceof ThreadAnswering ? target.answering : undefined;
  await engineThread?.longestStall(); // from now on
  histogram.enable();
  const before = summarise(await steady(new Promise((r) => setTimeout(r, BEFORE_RELOAD_S * 1000))));
  const maxStallBeforeMs = histogram.max / 1e6;

  histogram.reset();
  const engineStallBeforeMs = await engineThread?.longestStall();
  progress('reload: /reload sent; interactions keep coming');
  const started = performance.now();
  const admin = {
    id: target.adminId,
    username: 'bench-admin',
    discriminator: '0',
    global_name: 'bench-admin',
    avatar: null,
  };
  // Polled rather than awaited with the loopback's waits, which time out long before a
  // large reload ends; the bound is the run's own budget.
  const reloaded = discord.interaction({ type: 'command', name: 'reload', user: admin }).then(async (h) => {
    while (h.record.edits.length === 0 && performance.now() - started < RELOAD_LIMIT_MS)
      await new Promise((r) => setTimeout(r, 100));
    return h.record.edits[0] ? JSON.stringify(h.record.edits[0]) : `no answer within ${RELOAD_LIMIT_MS / 1000} s`;
  });
  const during = summarise(await steady(reloaded));
  const reloadS = (performance.now() - started) / 1000;
  const maxStallMs = histogram.max / 1e6;
  histogram.disable();
  const engineStallMs = await engineThread?.longestStall();

  const message = (await reloaded).slice(0, 300);
  const savedAfter = (await stat(savedFile).catch(() => undefined))?.mtimeMs;
  return {
    workerBuilt: savedAfter !== savedAt,
    reloadS,
    ok: /Corpus reloaded/.test(message),
    message,
    maxStallMs,
    maxStallBeforeMs,
    engineStallMs,
    engineStallBeforeMs,
    during,
    before,
  };
}
