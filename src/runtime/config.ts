import { isIP } from 'node:net';
import { z } from 'zod';

const SNOWFLAKE = /^\d{17,20}$/;
const snowflake = (what: string) => z.string().regex(SNOWFLAKE, `${what} must be a Discord id (17 to 20 digits)`);
const blankIsMissing = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
const commaList = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

/**
 * The bot's configuration, read once from the environment. Every bad or missing key is
 * reported at once; no message ever repeats a value (the token least of all).
 */
export const ConfigSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    blankIsMissing,
    z
      .string({ error: 'DISCORD_TOKEN is missing: the bot token from the developer portal (Bot > Reset Token)' })
      .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, {
        error:
          'DISCORD_TOKEN does not look like a bot token (three dot-separated parts); copy it again from the developer portal',
      }),
  ),
  DISCORD_APPLICATION_ID: z.preprocess(
    blankIsMissing,
    z
      .string({
        error: 'DISCORD_APPLICATION_ID is missing: the Application ID from the developer portal (General Information)',
      })
      .regex(SNOWFLAKE, 'DISCORD_APPLICATION_ID must be a Discord id (17 to 20 digits)'),
  ),
  DEV_GUILD_ID: z.preprocess(blankIsMissing, snowflake('DEV_GUILD_ID').optional()),
  ADMIN_USER_IDS: z.preprocess(commaList, z.array(snowflake('each of ADMIN_USER_IDS'))),
  CORPUS_DIR: z.preprocess(blankIsMissing, z.string().optional()),
  DISCORD_API_URL: z.preprocess(
    blankIsMissing,
    z
      .url({ protocol: /^https?$/, error: 'DISCORD_API_URL must be an http(s) URL, e.g. https://discord.com/api' })
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(
    blankIsMissing,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  /** Commands one user may run per RATE_LIMIT_WINDOW_SECONDS. */
  RATE_LIMIT_COMMANDS: z.preprocess(
    blankIsMissing,
    z.coerce
      .number({ error: 'RATE_LIMIT_COMMANDS must be a whole number' })
      .int('RATE_LIMIT_COMMANDS must be a whole number')
      .min(1, 'RATE_LIMIT_COMMANDS must be at least 1')
      .default(8),
  ),
  RATE_LIMIT_WINDOW_SECONDS: z.preprocess(
    blankIsMissing,
    z.coerce
      .number({ error: 'RATE_LIMIT_WINDOW_SECONDS must be a number' })
      .positive('RATE_LIMIT_WINDOW_SECONDS must be positive')
      .default(20),
  ),
  /**
   * `coverage-bot sharded`: how many shards in all; Discord's recommendation when unset.
   * discord.js also reads it (with SHARDS) in each shard, to identify as [id, SHARD_COUNT].
   */
  SHARD_COUNT: z.preprocess(
    blankIsMissing,
    z.coerce
      .number({ error: 'SHARD_COUNT must be a whole number' })
      .int('SHARD_COUNT must be a whole number')
      .min(1, 'SHARD_COUNT must be at least 1')
      .optional(),
  ),
  /**
   * Where answers are worked out: `on`, an engine thread of its own (the main thread's heap
   * stays small, so collecting the engine's never stalls the gateway); `off`, the main
   * thread; `auto`, the engine thread for a corpus of 32 MB of article files or more.
   */
  ENGINE_THREAD: z.preprocess(
    (v) => (typeof v === 'string' ? blankIsMissing(v.trim().toLowerCase()) : v),
    z.enum(['auto', 'on', 'off'], { error: 'ENGINE_THREAD must be auto, on or off' }).default('auto'),
  ),
  /**
   * Hosts (names or IP addresses, comma-separated) on the host's own networks that adding
   * an article by link may fetch from: a newsroom's intranet. Every other private,
   * loopback or link-local address is refused; the cloud metadata address always is.
   */
  FETCH_ALLOW_PRIVATE_HOSTS: z.preprocess(
    commaList,
    z.array(
      z
        .string()
        .refine(
          (h) => HOST_NAME.test(h) || isIP(h.replace(/^\[(.*)\]$/, '$1')) !== 0,
          'each of FETCH_ALLOW_PRIVATE_HOSTS must be a host name or an IP address (no scheme, port or path), e.g. intranet.example,10.0.0.5',
        ),
    ),
  ),
  /** Register the slash commands at start-up when they differ from Discord's copy. */
  REGISTER_COMMANDS: z.preprocess(
    blankIsMissing,
    z.stringbool({ error: 'REGISTER_COMMANDS must be true or false' }).default(true),
  ),
});

export type Config = z.output<typeof ConfigSchema>;

/** The keys the command line reads on the host, where the bot's token is not needed. */
const LocalConfigSchema = ConfigSchema.pick({ CORPUS_DIR: true, FETCH_ALLOW_PRIVATE_HOSTS: true });
export type LocalConfig = z.output<typeof LocalConfigSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/**
 * Reads the configuration from `env`. On failure, `message` lists every problem, one a
 * line, naming the key and what to do; values are never echoed.
 */
export function readConfig(env: Record<string, string | undefined>): ConfigResult {
  return report(ConfigSchema.safeParse(env));
}

/** The part of the configuration the command line's corpus commands read (no token needed), reported as readConfig reports. */
export function readLocalConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: LocalConfig } | { ok: false; message: string } {
  return report(LocalConfigSchema.safeParse(env));
}

function report<T>(result: z.ZodSafeParseResult<T>): { ok: true; config: T } | { ok: false; message: string } {
  if (result.success) return { ok: true, config: result.data };
  const lines = result.error.issues.map((i) => `- ${i.message}`);
  return {
    ok: false,
    message: `The configuration has ${lines.length} problem${lines.length === 1 ? '' : 's'} (see .env.example):\n${lines.join('\n')}`,
  };
}
