// The real Bot, over a corpus folder, connected to a loopback Discord, with its log lines
// captured: what the end-to-end tests drive.
import { once } from 'node:events';
import { Events } from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { commands as allCommands } from '../../commands/index.ts';
import type { Command } from '../../src/commands/types.ts';
import { openCorpus } from '../../src/corpus/open.ts';
import { LocalAnswering, type Answering } from '../../src/runtime/answering.ts';
import { Bot, type BotOptions } from '../../src/runtime/bot.ts';
import { ThreadAnswering } from '../../src/runtime/engine-thread.ts';
import { EngineHolder, type EngineBuilder } from '../../src/runtime/holder.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { BUILT_IN } from './corpus.ts';
import { startLoopbackDiscord, type LoopbackDiscord, type LoopbackDiscordOptions } from './discord/index.ts';
import { user } from './discord/payloads.ts';

/** One pino line, parsed. Levels: 30 info, 40 warn, 50 error, 60 fatal. */
export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface RunningBot {
  discord: LoopbackDiscord;
  bot: Bot;
  answering: Answering;
  /** The engine's holder, when the engine is in this thread. */
  holder: EngineHolder | undefined;
  /** Every log line as written, unparsed (for "the token never appears"). */
  rawLogs: string[];
  /** The same lines, parsed. */
  logs(): LogLine[];
  /** Destroys the client, then closes the loopback Discord. */
  stop(): Promise<void>;
}

export interface StartBotOptions {
  /** The corpus folder the engine is built from and reloads read; the built-in one by default. */
  corpusDir?: string;
  config?: Partial<BotOptions['config']>;
  commands?: readonly Command[];
  pagingTtlMs?: number;
  discord?: LoopbackDiscordOptions;
  /** Connect to this loopback Discord (a second process on the same token) instead of starting one; stop() leaves it open. */
  joining?: LoopbackDiscord;
  /** BotOptions.invalidRequestWarningInterval. */
  invalidRequestWarningInterval?: number;
  /** BotOptions.curation; attachments are downloaded from the loopback's CDN unless `download` is given. */
  curation?: BotOptions['curation'];
  /** How the engine's holder builds an engine on a reload (in this thread only): a test makes a reload refuse. */
  build?: EngineBuilder;
  /** Answer from an engine thread (ENGINE_THREAD=on). Default: on when the test run sets COVERAGE_BOT_TEST_ENGINE_THREAD=on (vitest.config.ts) and no `commands` are given. */
  engineThread?: boolean;
}

/** Whether this test run puts the bots' engines in a thread of their own. */
export const ENGINE_THREAD = process.env.COVERAGE_BOT_TEST_ENGINE_THREAD === 'on';

/** Generous enough that only the rate-limit tests ever meet it. */
const TEST_CONFIG: BotOptions['config'] = {
  ADMIN_USER_IDS: [],
  RATE_LIMIT_COMMANDS: 1_000,
  RATE_LIMIT_WINDOW_SECONDS: 60,
  DISCORD_API_URL: undefined,
};

/** A user with a fixed id, so it can be listed in ADMIN_USER_IDS before Discord starts. */
export function fixedUser(id: string, username: string): APIUser {
  return user(id, username);
}

/** Starts a loopback Discord and a Bot logged in to it, resolving once the bot is ready. */
export async function startBot(options: StartBotOptions = {}): Promise<RunningBot> {
  const discord = options.joining ?? (await startLoopbackDiscord({ heartbeatIntervalMs: 500, ...options.discord }));
  const closeDiscord = () => (options.joining ? Promise.resolve() : discord.close());
  const rawLogs: string[] = [];
  const logger = createLogger('debug', [discord.token], { write: (line: string) => void rawLogs.push(line) });
  let bot: Bot | undefined;
  try {
    const dir = options.corpusDir ?? BUILT_IN;
    const commands = options.commands ?? allCommands;
    let holder: EngineHolder | undefined;
    let answering: Answering;
    // An engine thread answers with every command: a test that gives its own runs them here.
    if (options.engineThread ?? (ENGINE_THREAD && !options.commands && !options.build)) {
      if (options.commands) throw new Error('an engine thread answers with every command; give no commands');
      answering = (await ThreadAnswering.open(dir, (m) => logger.warn(m))).answering;
    } else {
      const { engine } = await openCorpus(dir, { log: (m) => logger.warn(m) });
      holder = new EngineHolder(engine, dir, options.build);
      answering = new LocalAnswering(holder, commands);
    }
    bot = new Bot({
      config: { ...TEST_CONFIG, ...options.config, DISCORD_API_URL: discord.restUrl },
      answering,
      commands,
      logger,
      restApi: discord.restUrl,
      curation: { download: (url, init) => fetch(discord.cdnUrl(url), init), ...options.curation },
      ...(options.pagingTtlMs !== undefined && { pagingTtlMs: options.pagingTtlMs }),
      ...(options.invalidRequestWarningInterval !== undefined && {
        invalidRequestWarningInterval: options.invalidRequestWarningInterval,
      }),
    });
    const ready = once(bot.client, Events.ClientReady);
    await bot.login(discord.token);
    await ready;
    const started = bot;
    return {
      discord,
      bot: started,
      answering,
      holder,
      rawLogs,
      logs: () => rawLogs.map((l) => JSON.parse(l) as LogLine),
      stop: async () => {
        await started.destroy();
        await closeDiscord();
      },
    };
  } catch (err) {
    await bot?.destroy();
    await closeDiscord();
    throw err;
  }
}
