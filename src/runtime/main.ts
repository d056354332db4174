import { curationDefinitions } from '../../commands/corpus.ts';
import { commands } from '../../commands/index.ts';
import { DEFAULT_CORPUS_DIR } from '../corpus/open.ts';
import { Bot, SHUTDOWN_GRACE_MS } from './bot.ts';
import { readConfig } from './config.ts';
import { registerAtStart, syncCommands } from './deploy.ts';
import { openAnswering } from './engine-thread.ts';
import { describeReload } from './holder.ts';
import { reloadHoldingCorpus } from './curation.ts';
import { createLogger } from './logger.ts';
import { offerReload, reloadEveryShard } from './sharded.ts';

/**
 * Runs the bot against Discord until SIGINT or SIGTERM: reads the configuration once,
 * builds the engine, registers the commands if they changed, connects. SIGHUP reloads
 * the corpus. As one shard of several (SHARDS set, or started by `coverage-bot sharded`),
 * it leaves the commands to the manager, and an admin's /reload reloads every shard.
 * Returns the exit code.
 */
export async function runBot({ corpusDir }: { corpusDir?: string | undefined }): Promise<number> {
  const read = readConfig(process.env);
  if (!read.ok) {
    console.error(read.message);
    return 2;
  }
  const config = read.config;
  const logger = createLogger(config.LOG_LEVEL, [config.DISCORD_TOKEN]);
  const dir = corpusDir ?? config.CORPUS_DIR ?? DEFAULT_CORPUS_DIR;
  let opened;
  try {
    opened = await openAnswering(dir, config.ENGINE_THREAD, (m) => logger.warn(m));
  } catch (err) {
    logger.fatal({ err, corpus: dir }, 'could not open the corpus');
    return 1;
  }
  const { answering } = opened;
  logger.info(
    {
      corpus: dir,
      articles: opened.articles,
      passages: opened.passages,
      errors: opened.errors,
      saved: opened.fromSaved,
      engine: answering.where,
    },
    'corpus loaded',
  );

  const restApi = config.DISCORD_API_URL;
  const reloadHere = () => answering.reload();
  // An admin's /reload: this engine, then, under a sharding manager, every other shard's.
  const bot: Bot = new Bot({
    config,
    answering,
    commands,
    logger,
    restApi,
    reloadAll: () => reloadEveryShard(bot.client, reloadHere),
    curation: { fetch: { allowPrivateHosts: config.FETCH_ALLOW_PRIVATE_HOSTS } },
  });
  // discord.js gives the client a `shard` when a ShardingManager started this process or worker.
  const managed = bot.client.shard !== null;
  if (managed) offerReload(bot.client, reloadHere);

  if (config.REGISTER_COMMANDS && !managed && !process.env.SHARDS) {
    await registerAtStart(commands, curationDefinitions, config, logger);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Answers in progress get a few seconds to finish; then the gateway closes.
    logger.info({ signal, graceMs: SHUTDOWN_GRACE_MS }, 'stopping: letting the answers in progress finish');
    const unfinished = await bot.drain(SHUTDOWN_GRACE_MS);
    logger.info({ signal, unfinished }, 'closing the gateway');
    await bot.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // A shard process whose manager is gone (killed outright) would otherwise stay connected.
  if (bot.client.shard?.mode === 'process') {
    if (!process.connected) {
      logger.warn('the sharding manager is gone; not connecting');
      await bot.destroy(); // and its engine thread, which would keep the process alive
      return 1;
    }
    process.once('disconnect', () => void stop('manager gone'));
  }
  // After any change of the folder in progress (an admin's /corpus add), never half-way through one.
  const reloadOnSignal = reloadHoldingCorpus(
    dir,
    () => answering.reload(),
    async () => (await answering.size()).articles,
  );
  process.on('SIGHUP', () => {
    reloadOnSignal().then(
      (r) =>
        logger[r.ok ? 'info' : 'warn'](
          { reload: r.ok ? { added: r.added, removed: r.removed, changed: r.changed } : { errors: r.errors } },
          describeReload(r),
        ),
      // The engine thread stopped during it: the bot answers from a new one, opened on the folder.
      (err: unknown) => logger.error({ err }, 'reload failed'),
    );
  });
  try {
    await bot.login(config.DISCORD_TOKEN);
  } catch (err) {
    logger.fatal({ err }, 'could not connect to Discord');
    await bot.destroy();
    return 1;
  }
  return new Promise<number>(() => undefined);
}

/** `coverage-bot deploy`: registers the commands (globally, or in DEV_GUILD_ID) now. */
export async function deploy(): Promise<number> {
  const read = readConfig(process.env);
  if (!read.ok) {
    console.error(read.message);
    return 2;
  }
  const c = read.config;
  const r = await syncCommands(
    commands,
    {
      token: c.DISCORD_TOKEN,
      applicationId: c.DISCORD_APPLICATION_ID,
      guildId: c.DEV_GUILD_ID,
      restApi: c.DISCORD_API_URL,
    },
    { force: true, also: curationDefinitions },
  );
  console.log(
    `Registered ${r.count} commands ${c.DEV_GUILD_ID ? `in server ${c.DEV_GUILD_ID}` : 'globally (they may take up to an hour to appear everywhere)'}.`,
  );
  if (r.clearedGuilds.length > 0)
    console.log(`Removed the server copies registered before in ${r.clearedGuilds.join(', ')}.`);
  return 0;
}
