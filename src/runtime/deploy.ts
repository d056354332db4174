import { REST, Routes } from 'discord.js';
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Command } from '../commands/types.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

/** A definition registered as it is, besides the commands' (the corpus commands, see commands/corpus.ts). */
export type Definition = RESTPostAPIApplicationCommandsJSONBody;

export interface DeployTarget {
  token: string;
  applicationId: string;
  /** Register in this server only (instant), else globally. */
  guildId?: string | undefined;
  restApi?: string | undefined;
}

/**
 * The command definitions as registered: globally, usable in servers and in direct
 * messages with the bot; in one server, without `contexts` and `integration_types`, which
 * Discord keeps for global commands only (a server's copy is stored without them, so
 * sending them would make every start see a difference and register again).
 */
export function definitionsOf(
  commands: readonly Command[],
  { guild = false, also = [] }: { guild?: boolean; also?: readonly Definition[] } = {},
): Array<Record<string, unknown>> {
  return [...commands.map((c) => c.definition), ...also].map((definition) => ({
    type: 1,
    ...definition,
    // Discord's API description types this as an integer (discord-api-types as a string);
    // Discord answers with a string, which `same` counts as equal.
    ...(typeof definition.default_member_permissions === 'string' && {
      default_member_permissions: Number(definition.default_member_permissions),
    }),
    // 0: servers, 1: the bot's direct messages. Installed to servers (0).
    ...(!guild && { contexts: [0, 1], integration_types: [0] }),
  }));
}

/** A registration moving to global looks for old server copies in at most this many of the bot's servers. */
export const MAX_GUILDS_SWEPT = 200;

/**
 * Registers the commands with Discord unless Discord already has exactly these
 * definitions (compared field by field, ignoring what Discord adds: ids, versions).
 * Returns whether it wrote anything. A global registration that wrote also removes the
 * commands registered in any of the bot's servers (a DEV_GUILD_ID used before), which
 * would otherwise show every command twice there: `clearedGuilds` lists those servers.
 */
export async function syncCommands(
  commands: readonly Command[],
  target: DeployTarget,
  { force = false, also = [] }: { force?: boolean; also?: readonly Definition[] } = {},
): Promise<{ changed: boolean; count: number; clearedGuilds: string[] }> {
  const rest = new REST(target.restApi ? { api: target.restApi } : {}).setToken(target.token);
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.applicationId, target.guildId)
    : Routes.applicationCommands(target.applicationId);
  const wanted = definitionsOf(commands, { guild: target.guildId !== undefined, also });
  if (!force) {
    const current = (await rest.get(route)) as Array<Record<string, unknown>>;
    if (sameDefinitions(wanted, current)) return { changed: false, count: wanted.length, clearedGuilds: [] };
  }
  await rest.put(route, { body: wanted });
  const clearedGuilds = target.guildId ? [] : await clearGuildCopies(rest, target.applicationId);
  return { changed: true, count: wanted.length, clearedGuilds };
}

/**
 * Empties the commands registered in the bot's servers (the first MAX_GUILDS_SWEPT), one
 * request a server and one more where there are any. Run only when a global registration
 * changed, which is rare, so a large bot pays it once per change of the commands.
 */
async function clearGuildCopies(rest: REST, applicationId: string): Promise<string[]> {
  const guilds = (await rest.get(Routes.userGuilds(), {
    query: new URLSearchParams({ limit: String(MAX_GUILDS_SWEPT) }),
  })) as Array<{ id: string }>;
  const cleared: string[] = [];
  for (const { id } of guilds) {
    const route = Routes.applicationGuildCommands(applicationId, id);
    const copies = (await rest.get(route)) as unknown[];
    if (copies.length === 0) continue;
    await rest.put(route, { body: [] });
    cleared.push(id);
  }
  return cleared;
}

function sameDefinitions(wanted: Array<Record<string, unknown>>, current: Array<Record<string, unknown>>): boolean {
  if (wanted.length !== current.length) return false;
  const byName = new Map(current.map((c) => [c.name, c]));
  return wanted.every((w) => {
    const c = byName.get(w.name);
    return c !== undefined && Object.keys(w).every((k) => same(w[k], c[k]));
  });
}

/** Deep equality on what we send; Discord's absent and default values count as equal. */
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) {
    const list = Array.isArray(b) ? b : [];
    return a.length === list.length && a.every((x, i) => same(x, list[i]));
  }
  if (a && typeof a === 'object') {
    const o = (b && typeof b === 'object' ? b : {}) as Record<string, unknown>;
    return Object.entries(a).every(([k, v]) => same(v, o[k]));
  }
  if (a === false && (b === undefined || b === null)) return true;
  if (typeof a === 'number' && typeof b === 'string') return String(a) === b;
  return a === b;
}

/**
 * The registration at start-up: the commands and `also` (the curation commands), globally or in
 * DEV_GUILD_ID, logging what changed. A failure is logged, not thrown: the bot answers
 * with the commands Discord has.
 */
export async function registerAtStart(
  commands: readonly Command[],
  also: readonly Definition[],
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DEV_GUILD_ID' | 'DISCORD_API_URL'>,
  logger: Logger,
): Promise<void> {
  try {
    const r = await syncCommands(
      commands,
      {
        token: config.DISCORD_TOKEN!,
        applicationId: config.DISCORD_APPLICATION_ID!,
        guildId: config.DEV_GUILD_ID,
        restApi: config.DISCORD_API_URL,
      },
      { also },
    );
    logger.info(
      { changed: r.changed, commands: r.count, guild: config.DEV_GUILD_ID },
      r.changed ? 'slash commands registered' : 'slash commands unchanged',
    );
    if (r.clearedGuilds.length > 0)
      logger.info({ guilds: r.clearedGuilds }, 'removed the server copies of the commands, now registered globally');
  } catch (err) {
    logger.error({ err }, 'could not register the slash commands; answering with the ones Discord has');
  }
}
