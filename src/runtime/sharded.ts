// `coverage-bot sharded`: the bot under discord.js's ShardingManager. The manager asks
// Discord how many shards to run, registers the slash commands once, and starts each shard
// as `coverage-bot start` in its own process (or worker thread); discord.js hands every
// shard its id and the count (SHARDS, SHARD_COUNT), and each loads the saved index next to
// the corpus. A /reload on any shard reloads every shard through broadcastEval.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  REST,
  Routes,
  ShardingManager,
  type Client,
  type RESTGetAPIGatewayBotResult,
  type Shard,
  type ShardingManagerMode,
} from 'discord.js';
import { curationDefinitions } from '../../commands/corpus.ts';
import { commands } from '../../commands/index.ts';
import { describeShardReloads } from '../../commands/reload.ts';
import { DEFAULT_CORPUS_DIR } from '../corpus/open.ts';
import { readConfig } from './config.ts';
import { registerAtStart } from './deploy.ts';
import type { ReloadResult } from './holder.ts';
import { createLogger, type Logger } from './logger.ts';

/** What each shard runs: the installed command, which registers tsx's loader itself (workers do not inherit --import). */
const SHARD_ENTRY = fileURLToPath(new URL('../../bin/coverage-bot.js', import.meta.url));
/** How long a shard may take to connect; the first may build the index before it does. */
const SHARD_READY_TIMEOUT_MS = 5 * 60_000;
/** discord.js's own pause between shards: Discord allows one IDENTIFY per 5 s per concurrency bucket. */
const IDENTIFY_SPACING_MS = 5_500;
/** How long a shard may take to reload before its report says it did not answer. */
const SHARD_RELOAD_TIMEOUT_MS = 5 * 60_000;
/** How long a shard may take to close its gateway connection when the manager stops. */
const SHARD_STOP_TIMEOUT_MS = 5_000;
/**
 * Each shard's client carries its reload under `Symbol.for(RELOAD_KEY)`: broadcastEval
 * sends a function's source to the shard, so the function can reach only the client and
 * globals, and the symbol registry is global.
 */
const RELOAD_KEY = 'coverage-bot.reload';

/** One shard's answer to a reload: its result, or why it gave none. */
export type ShardReload = { shard: number; result: ReloadResult } | { shard: number; error: string };

/** A reload of every shard: the asking shard's own result, plus every shard's (see commands/reload.ts). */
export type EveryShardReload = ReloadResult & { shards: ShardReload[] };

type ReloadCarrier = Record<symbol, (() => Promise<ReloadResult>) | undefined>;

/** Lets the other shards reach this shard's reload through broadcastEval. */
export function offerReload(client: Client, reload: () => Promise<ReloadResult>): void {
  Object.defineProperty(client, Symbol.for(RELOAD_KEY), { value: reload });
}

/**
 * Reloads this shard and then every other shard of the manager, and reports each. This
 * shard goes first because its reload saves the new index next to the corpus, which the
 * others then load instead of each building it again. Without a sharding manager, it is
 * just `reloadHere()`.
 */
export async function reloadEveryShard(
  client: Client,
  reloadHere: () => Promise<ReloadResult>,
): Promise<ReloadResult | EveryShardReload> {
  const util = client.shard;
  if (!util) return reloadHere();
  const own = await reloadHere();
  const others = Array.from({ length: util.count }, (_, id) => id).filter((id) => !util.ids.includes(id));
  const answers = await Promise.all(
    others.map((id) =>
      // The function runs in shard `id`, rebuilt from its source text: it may refer to nothing in this module.
      reportOf(
        id,
        util.broadcastEval((c, key) => (c as unknown as ReloadCarrier)[Symbol.for(key)]!(), {
          shard: id,
          context: RELOAD_KEY,
        }),
      ),
    ),
  );
  const shards = [...util.ids.map((shard) => ({ shard, result: own })), ...answers].sort((a, b) => a.shard - b.shard);
  return { ...own, shards };
}

export interface ShardedOptions {
  corpusDir?: string | undefined;
  /** Child processes (default: each shard its own heap and crash boundary) or worker threads (lighter). */
  mode?: ShardingManagerMode;
}

/**
 * Runs the sharding manager until SIGINT or SIGTERM: asks Discord for the shard count
 * (unless SHARD_COUNT is set), registers the commands once, spawns the shards one after
 * another, and restarts any that exit. SIGHUP reloads every shard. Returns the exit code.
 */
export async function runSharded({ corpusDir, mode = 'process' }: ShardedOptions): Promise<number> {
  const read = readConfig(process.env);
  if (!read.ok) {
    console.error(read.message);
    return 2;
  }
  const config = read.config;
  const logger = createLogger(config.LOG_LEVEL, [config.DISCORD_TOKEN]).child({ role: 'manager' });
  const dir = path.resolve(corpusDir ?? config.CORPUS_DIR ?? DEFAULT_CORPUS_DIR);
  const restApi = config.DISCORD_API_URL;

  let gateway: RESTGetAPIGatewayBotResult;
  try {
    // Also proves the token before any shard starts. discord.js's own 'auto' count asks discord.com only, not DISCORD_API_URL.
    gateway = (await new REST(restApi ? { api: restApi } : {})
      .setToken(config.DISCORD_TOKEN)
      .get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (err) {
    logger.fatal({ err }, 'could not ask Discord how many shards to run');
    return 1;
  }
  const totalShards = config.SHARD_COUNT ?? gateway.shards;

  if (config.REGISTER_COMMANDS) {
    await registerAtStart(commands, curationDefinitions, config, logger);
  }

  const manager = new ShardingManager(SHARD_ENTRY, {
    totalShards,
    mode,
    token: config.DISCORD_TOKEN,
    shardArgs: ['start', '--corpus', dir],
    execArgv: [],
  });
  manager.on('shardCreate', (shard) => watch(shard, logger));
  logger.info({ shards: totalShards, recommended: gateway.shards, mode, corpus: dir }, 'starting the shards');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    manager.respawn = false;
    logger.info({ signal }, 'stopping the shards');
    await Promise.all([...manager.shards.values()].map((s) => stopShard(s)));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void reloadFromManager([...manager.shards.values()], logger));

  try {
    // All shards may identify at once when each falls in its own concurrency bucket.
    const delay = gateway.session_start_limit.max_concurrency >= totalShards ? 0 : IDENTIFY_SPACING_MS;
    await manager.spawn({ amount: totalShards, delay, timeout: SHARD_READY_TIMEOUT_MS });
  } catch (err) {
    if (stopping) return new Promise<number>(() => undefined);
    logger.fatal({ err }, 'a shard did not start; stopping the others');
    manager.respawn = false;
    await Promise.all([...manager.shards.values()].map((s) => stopShard(s)));
    return 1;
  }
  logger.info({ shards: totalShards }, 'every shard is connected');
  return new Promise<number>(() => undefined);
}

function watch(shard: Shard, logger: Logger): void {
  shard.on('spawn', () => logger.info({ shard: shard.id }, 'shard started'));
  shard.on('ready', () => logger.info({ shard: shard.id }, 'shard connected'));
  shard.on('disconnect', () => logger.warn({ shard: shard.id }, 'shard disconnected'));
  shard.on('death', () =>
    logger[shard.manager.respawn ? 'warn' : 'info'](
      { shard: shard.id, respawn: shard.manager.respawn },
      'shard exited',
    ),
  );
  shard.on('error', (err) => logger.error({ shard: shard.id, err }, 'shard failed'));
}

/**
 * Closes the shard's gateway connection (a worker gets no signals, and a clean close lets
 * Discord end the session at once), then ends its process or worker.
 */
async function stopShard(shard: Shard): Promise<void> {
  if (!shard.process && !shard.worker) return;
  await withTimeout(
    shard.eval((c) => c.destroy()),
    SHARD_STOP_TIMEOUT_MS,
  ).catch(() => undefined);
  if (shard.process || shard.worker) shard.kill();
}

/** SIGHUP to the manager: the first shard reloads (and saves the index), then the rest. */
async function reloadFromManager(shards: Shard[], logger: Logger): Promise<void> {
  const reloadOne = (s: Shard) =>
    reportOf(
      s.id,
      s.eval((c, key) => (c as unknown as ReloadCarrier)[Symbol.for(key)]!(), RELOAD_KEY),
    );
  const [first, ...rest] = shards;
  if (!first) return;
  const answers = [await reloadOne(first), ...(await Promise.all(rest.map(reloadOne)))];
  const ok = answers.every((a) => 'result' in a && a.result.ok);
  logger[ok ? 'info' : 'warn']({ shards: answers.length, ok }, describeShardReloads(answers));
}

/** A shard's reload as a report: its result, or why there is none (an error, no answer in time). */
function reportOf(shard: number, reloading: Promise<unknown>): Promise<ShardReload> {
  return withTimeout(reloading, SHARD_RELOAD_TIMEOUT_MS).then(
    (result) => ({ shard, result: result as ReloadResult }),
    (err: unknown) => ({ shard, error: err instanceof Error ? err.message : String(err) }),
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
