// The real Bot, over a corpus folder, connected to a loopback Discord, with its log lines
// captured: what the end-to-end tests drive.
import { once } from 'node:events';
import { Events } from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { commands as allCommands } from '../../commands/index.ts';
import type { Command } from '../../src/commands/types.ts';
import { openCorpus } from '../../src/corpus/open.ts';
import { Bot, type BotOptions } from '../../src/runtime/bot.ts';
import { EngineHolder } from '../../src/runtime/holder.ts';
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
  holder: EngineHolder;
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
}

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
  const discord = await startLoopbackDiscord({ heartbeatIntervalMs: 500, ...options.discord });
  const rawLogs: string[] = [];
  const logger = createLogger('debug', [discord.token], { write: (line: string) => void rawLogs.push(line) });
  let bot: Bot | undefined;
  try {
    const dir = options.corpusDir ?? BUILT_IN;
    const { engine } = await openCorpus(dir, { log: (m) => logger.warn(m) });
    const holder = new EngineHolder(engine, dir);
    bot = new Bot({
      config: { ...TEST_CONFIG, ...options.config, DISCORD_API_URL: discord.restUrl },
      holder,
      commands: options.commands ?? allCommands,
      logger,
      restApi: discord.restUrl,
      ...(options.pagingTtlMs !== undefined && { pagingTtlMs: options.pagingTtlMs }),
    });
    const ready = once(bot.client, Events.ClientReady);
    await bot.login(discord.token);
    await ready;
    const started = bot;
    return {
      discord,
      bot: started,
      holder,
      rawLogs,
      logs: () => rawLogs.map((l) => JSON.parse(l) as LogLine),
      stop: async () => {
        await started.destroy();
        await discord.close();
      },
    };
  } catch (err) {
    await bot?.destroy();
    await discord.close();
    throw err;
  }
}
