import {
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  PermissionFlagsBits,
  REST,
  Routes,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type JSONEncodable,
  type Message,
} from 'discord.js';
import { wantsPrivate } from '../commands/private.ts';
import type { Command, Options } from '../commands/types.ts';
import type { Answer } from '../answers/types.ts';
import { Pages, toDiscordPage, toDiscordText, type DiscordMessage } from '../render/discord.ts';
import type { Answering, Reload } from './answering.ts';
import type { Config } from './config.ts';
import type { ReloadResult } from './holder.ts';
import type { Logger } from './logger.ts';
import { PagingStore, parsePageButton } from './paging.ts';
import { RateLimiter } from './ratelimit.ts';

/** Discord drops an interaction not acknowledged within 3 s; answers later than this are deferred first. */
export const DEFER_AFTER_MS = 1_500;
/**
 * When an acknowledgement sent this long ago is still on its way (Discord, or the way to
 * it, is backed up: a burst, a cold start), a new command is acknowledged first (a
 * deferral costs one small request) and answered after: computing answers one after
 * another would hold back the acknowledgements of those waiting behind them. Under a
 * steady load that keeps up, acknowledgements come back sooner and answers go straight out.
 */
export const BACKED_UP_MS = 250;
/** A deferred answer waits for acknowledgements at most this long before it is computed anyway. */
export const MAX_ANSWER_WAIT_MS = 2_000;
/** Edits of deferred replies per second at most (interaction webhooks are outside the global limit). */
export const INTERACTION_WEBHOOKS_PER_SECOND = 500;
/** Paging buttons work this long, then are removed (the reply's token lasts 15 minutes). */
export const PAGING_TTL_MS = 10 * 60_000;
export const MAX_PAGING_SESSIONS = 5_000;
/** Interaction ids remembered to answer a redelivered one only once. */
const SEEN_INTERACTIONS = 10_000;

export interface BotOptions {
  config: Pick<Config, 'ADMIN_USER_IDS' | 'RATE_LIMIT_COMMANDS' | 'RATE_LIMIT_WINDOW_SECONDS' | 'DISCORD_API_URL'>;
  /** Where answers are worked out: an engine in this thread, or in a thread of its own. Destroying the bot closes it. */
  answering: Answering;
  /** The commands' definitions, for the checks made before answering (unknown, admin-only). */
  commands: readonly Command[];
  logger: Logger;
  /** How long paging buttons work (ms). */
  pagingTtlMs?: number;
  /** The REST base, e.g. a proxy's or the tests' loopback Discord (discord.js appends /v10). */
  restApi?: string | undefined;
  /** What an admin's reload runs instead of `answering.reload()`: under the sharding manager, every shard's. */
  reloadAll?: () => Promise<ReloadResult>;
}

/**
 * The Discord side of the bot: slash commands, autocomplete, paging buttons, direct
 * messages and mentions, all answered through `answering`. Every handler has one
 * catch-all that logs the error and answers with a short apology, and the bot goes on.
 */
export class Bot {
  readonly client: Client;
  private readonly paging: PagingStore;
  private readonly hooks: REST;
  private readonly limiter: RateLimiter;
  private readonly seen = new Set<string>();
  /** Deferred answers waiting their turn (see inTurn), with when each was queued. */
  private readonly turns: Array<{ run: () => void; since: number }> = [];
  private draining = false;
  /** Acknowledgements on their way to Discord (they have 3 s, answers 15 minutes), each with when it was sent, oldest first. */
  private readonly acking = new Map<symbol, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: BotOptions) {
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      // Direct-message channels are not cached before their first message.
      partials: [Partials.Channel],
      allowedMentions: { parse: [], repliedUser: false },
      ...(opts.restApi && { rest: { api: opts.restApi } }),
    });
    this.hooks = new REST({
      globalRequestsPerSecond: INTERACTION_WEBHOOKS_PER_SECOND,
      ...(opts.restApi && { api: opts.restApi }),
    });
    this.paging = new PagingStore(opts.pagingTtlMs ?? PAGING_TTL_MS, MAX_PAGING_SESSIONS);
    this.limiter = new RateLimiter(opts.config.RATE_LIMIT_COMMANDS, opts.config.RATE_LIMIT_WINDOW_SECONDS * 1000);
    this.client.on(Events.InteractionCreate, (i) => void this.onInteraction(i));
    this.client.on(Events.MessageCreate, (m) => void this.onMessage(m));
    this.client.on(Events.ClientReady, (c) =>
      opts.logger.info({ user: c.user.tag, guilds: c.guilds.cache.size, shard: c.shard?.ids }, 'connected to Discord'),
    );
    this.client.on(Events.ShardResume, (id, replayed) =>
      opts.logger.info({ shard: id, replayed }, 'gateway session resumed'),
    );
    this.client.on(Events.ShardDisconnect, (ev, id) =>
      opts.logger.warn({ shard: id, code: ev.code }, 'gateway disconnected'),
    );
    this.client.on(Events.Error, (err) => opts.logger.error({ err }, 'discord.js error'));
  }

  async login(token: string): Promise<void> {
    await this.client.login(token);
  }

  async destroy(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.client.destroy();
    await this.opts.answering.close();
  }

  /**
   * Edits a deferred reply in. Discord does not count interaction webhooks against a bot's
   * global limit of 50 requests a second, but discord.js's REST queue does, which would
   * hold a burst's answers back for many seconds; so these edits, sent with the
   * interaction's own token and no bot token, go through a REST client of their own.
   */
  private async editOriginal(i: ChatInputCommandInteraction, message: DiscordMessage): Promise<void> {
    await this.hooks.patch(Routes.webhookMessage(i.applicationId, i.token), { body: message, auth: false });
  }

  /** For tests and the leak check: how much state the bot is holding. */
  get stateSize(): { paging: number; rateLimited: number; seen: number } {
    return { paging: this.paging.size, rateLimited: this.limiter.size, seen: this.seen.size };
  }

  /**
   * Runs `work` after the work queued before it, one piece per turn of the event loop,
   * and only while acknowledgements are not backed up (see backedUp; unless a piece has
   * waited MAX_ANSWER_WAIT_MS): a burst's acknowledgements, which Discord wants within
   * 3 s, go out before its answers, which may take 15 minutes.
   */
  private inTurn<T>(work: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        try {
          Promise.resolve(work()).then(resolve, reject);
        } catch (err) {
          reject(err);
        }
      };
      this.turns.push({ run, since: Date.now() });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => this.drainTurn());
      }
    });
  }

  /** Sends an interaction's first response (Discord's 3 s window), counted as in flight. */
  private async acknowledging<T>(send: () => Promise<T>): Promise<T> {
    const key = Symbol('ack');
    this.acking.set(key, Date.now());
    try {
      return await send();
    } finally {
      this.acking.delete(key);
    }
  }

  /** Whether an acknowledgement has been on its way for over BACKED_UP_MS. */
  private backedUp(): boolean {
    const oldest = this.acking.values().next().value;
    return oldest !== undefined && Date.now() - oldest > BACKED_UP_MS;
  }

  private drainTurn(): void {
    const next = this.turns[0];
    if (!next) {
      this.draining = false;
      return;
    }
    if (this.backedUp() && Date.now() - next.since < MAX_ANSWER_WAIT_MS) {
      // Let the acknowledgements through first; look again shortly.
      setTimeout(() => this.drainTurn(), 2).unref();
      return;
    }
    this.turns.shift();
    next.run();
    setImmediate(() => this.drainTurn());
  }

  private firstDelivery(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > SEEN_INTERACTIONS) this.seen.delete(this.seen.values().next().value!);
    return true;
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    if (!this.firstDelivery(interaction.id)) {
      this.opts.logger.warn({ interaction: interaction.id }, 'interaction delivered twice; answered once');
      return;
    }
    const started = Date.now();
    const log = { user: interaction.user.id, guild: interaction.guildId ?? undefined, interaction: interaction.id };
    let outcome = 'answered';
    let command = '';
    try {
      if (interaction.isChatInputCommand()) {
        command = interaction.commandName;
        outcome = await this.onCommand(interaction);
      } else if (interaction.isAutocomplete()) {
        command = `${interaction.commandName}:autocomplete`;
        await this.onAutocomplete(interaction);
      } else if (interaction.isButton()) {
        command = 'page';
        outcome = await this.onButton(interaction);
      } else {
        return;
      }
    } catch (err) {
      outcome = 'error';
      this.opts.logger.error({ ...log, command, err }, 'handler failed');
      await this.apologise(interaction).catch((e: unknown) =>
        this.opts.logger.warn({ ...log, err: e }, 'could not send the apology'),
      );
    }
    this.opts.logger.info({ ...log, command, latencyMs: Date.now() - started, outcome }, 'interaction');
  }

  private async apologise(interaction: Interaction): Promise<void> {
    const text = 'Sorry, something went wrong while answering. It has been logged; please try again.';
    const sorry = toDiscordText(text, { ephemeral: true });
    if (interaction.isAutocomplete()) return interaction.respond([]);
    if (!interaction.isRepliable()) return;
    // A deferred reply shows "thinking…" until it is edited: the apology replaces it.
    if (interaction.deferred && !interaction.replied) await interaction.editReply(asOptions(toDiscordText(text)));
    else if (interaction.replied) await interaction.followUp(asOptions(sorry));
    else await interaction.reply(asOptions(sorry));
  }

  private mayReload(userId: string, inGuild: boolean, permissions: { has(p: bigint): boolean } | null): boolean {
    if (this.opts.config.ADMIN_USER_IDS.includes(userId)) return true;
    return inGuild && permissions !== null && permissions.has(PermissionFlagsBits.ManageGuild);
  }

  /** An admin's reload: every shard's under a sharding manager, else this engine's. */
  private readonly adminReload: Reload = () => (this.opts.reloadAll ?? (() => this.opts.answering.reload()))();

  private async onCommand(i: ChatInputCommandInteraction): Promise<string> {
    const command = this.opts.commands.find((c) => c.definition.name === i.commandName);
    if (!command) {
      await i.reply(
        asOptions(
          toDiscordText(
            `This server has an old list of commands: /${i.commandName} is gone. /help lists the current ones.`,
            { ephemeral: true },
          ),
        ),
      );
      return 'unknown-command';
    }
    if (command.adminOnly) {
      // Discord's default_member_permissions are only a default that server admins can
      // change, so the bot checks who may reload on every call.
      if (!this.mayReload(i.user.id, i.inGuild(), i.memberPermissions)) {
        this.opts.logger.warn(
          { user: i.user.id, guild: i.guildId, command: command.definition.name },
          'admin command refused',
        );
        await i.reply(
          asOptions(
            toDiscordText(
              `Only the bot's admins${i.inGuild() ? ' and members who can manage this server' : ''} may use /${command.definition.name}.`,
              { ephemeral: true },
            ),
          ),
        );
        return 'refused';
      }
      await i.deferReply({ flags: 'Ephemeral' });
      const answer = await this.opts.answering.execute(command.definition.name, optionsOf(i), this.adminReload);
      await i.editReply(asOptions(toDiscordPage(new Pages(answer), 0)));
      return 'answered';
    }
    const limited = this.limiter.take(i.user.id);
    if (!limited.ok) {
      await this.acknowledging(() =>
        i.reply(asOptions(toDiscordText(rateLimitMessage(limited.retryAfterMs), { ephemeral: true }))),
      );
      return 'rate-limited';
    }
    // Late already (a slow gateway), or acknowledgements backed up (a burst, a slow
    // Discord)? Acknowledge first, and answer once they are no longer backed up.
    // `private:true` makes the reply the asker's alone (ephemeral), deferred or not.
    const ephemeral = wantsPrivate(optionsOf(i));
    const defer = () => i.deferReply(ephemeral ? { flags: 'Ephemeral' } : {});
    let deferred = this.backedUp() || Date.now() - i.createdTimestamp > DEFER_AFTER_MS;
    if (deferred) await this.acknowledging(defer);
    // Deferred answers wait their turn, one per turn of the event loop, so that the
    // acknowledgements of interactions still arriving go out first.
    const { answering } = this.opts;
    const name = command.definition.name;
    let answer: Answer;
    if (deferred) {
      answer = await this.inTurn(() => answering.execute(name, optionsOf(i)));
    } else {
      // An answer still being worked out DEFER_AFTER_MS after the interaction was made (an
      // engine thread busy collecting, or starting again) is acknowledged first.
      const working = answering.execute(name, optionsOf(i));
      const first = await orLate(working, i.createdTimestamp + DEFER_AFTER_MS - Date.now());
      if (first === LATE) {
        deferred = true;
        await this.acknowledging(defer);
        answer = await working;
      } else {
        answer = first;
      }
    }
    const message = this.firstPage(i.user.id, answer, (id) =>
      this.expireLater(id, () => i.editReply({ components: [] })),
    );
    if (deferred) await this.editOriginal(i, message);
    else await this.acknowledging(() => i.reply(asOptions(ephemeral ? { ...message, flags: EPHEMERAL } : message)));
    return deferred ? 'answered-deferred' : 'answered';
  }

  private firstPage(userId: string, answer: Answer, onSession: (id: string) => void): DiscordMessage {
    const { pages, session } = this.paging.open(userId, answer);
    if (session) onSession(session.id);
    return toDiscordPage(pages, 0, session?.id);
  }

  /** Removes the paging buttons when the session ends. */
  private expireLater(id: string, removeButtons: () => Promise<unknown>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.paging.delete(id);
      removeButtons().catch((err: unknown) => this.opts.logger.debug({ err }, 'could not remove expired buttons'));
    }, this.opts.pagingTtlMs ?? PAGING_TTL_MS);
    timer.unref();
    this.timers.add(timer);
  }

  private async onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const command = this.opts.commands.find((c) => c.definition.name === i.commandName);
    const focused = i.options.getFocused(true);
    const choices = command?.autocomplete
      ? await this.opts.answering.autocomplete(command.definition.name, focused.name, String(focused.value))
      : [];
    await i.respond(choices.slice(0, 25));
  }

  private async onButton(i: ButtonInteraction): Promise<string> {
    const target = parsePageButton(i.customId);
    if (!target) return 'ignored';
    const session = this.paging.get(target.id);
    if (!session) {
      await i.update({ components: [] });
      await i.followUp(
        asOptions(
          toDiscordText('These pages have expired. Run the command again for a fresh answer.', { ephemeral: true }),
        ),
      );
      return 'expired';
    }
    if (session.userId !== i.user.id) {
      this.opts.logger.info({ user: i.user.id, owner: session.userId }, 'page button pressed by someone else');
      await i.reply(
        asOptions(
          toDiscordText('Only the person who asked can turn these pages. Run the command yourself to get your own.', {
            ephemeral: true,
          }),
        ),
      );
      return 'refused';
    }
    await i.update(asOptions(toDiscordPage(session.pages, target.page, session.id)));
    return 'answered';
  }

  private async onMessage(message: Message): Promise<void> {
    if (message.author.bot || message.webhookId) return;
    const me = this.client.user;
    if (!me) return;
    const isDm = message.channel.type === ChannelType.DM;
    if (!isDm && !message.mentions.users.has(me.id)) return;
    const started = Date.now();
    const log = { user: message.author.id, guild: message.guildId ?? undefined, dm: isDm };
    let outcome = 'answered';
    try {
      const text = message.content.replace(new RegExp(`<@!?${me.id}>`, 'g'), ' ').trim();
      const limited = this.limiter.take(message.author.id);
      if (!limited.ok) {
        outcome = 'rate-limited';
        await message.reply(asOptions(toDiscordText(rateLimitMessage(limited.retryAfterMs))));
        return;
      }
      const line = text === '' ? '/help' : text;
      // In a direct message only the listed admins may reload; in a channel, also members
      // who can manage the server.
      const member = message.member?.permissions ?? null;
      const admin = this.mayReload(message.author.id, !isDm, member);
      // A message has no 3 s deadline: it waits its turn behind interactions' acknowledgements.
      const answered = await this.inTurn(() =>
        this.opts.answering.answerLine(line, admin ? this.adminReload : undefined),
      );
      if (!answered.ok) {
        outcome = 'not-understood';
        if (/admins/.test(answered.error)) this.opts.logger.warn({ ...log, line }, 'admin command refused');
        await message.reply(asOptions(toDiscordText(`${answered.error}\nWrite "help" to see what I can answer.`)));
        return;
      }
      let sessionId: string | undefined;
      const reply = this.firstPage(message.author.id, answered.answer, (id) => (sessionId = id));
      const sent = await message.reply(asOptions(reply));
      if (sessionId) this.expireLater(sessionId, () => sent.edit({ components: [] }));
    } catch (err) {
      outcome = 'error';
      this.opts.logger.error({ ...log, err }, 'message handler failed');
      await message
        .reply(
          asOptions(
            toDiscordText('Sorry, something went wrong while answering. It has been logged; please try again.'),
          ),
        )
        .catch(() => undefined);
    } finally {
      this.opts.logger.info({ ...log, command: 'message', latencyMs: Date.now() - started, outcome }, 'message');
    }
  }
}

const LATE = Symbol('late');
const EPHEMERAL = 1 << 6;

/** `work`'s value, or LATE if it takes longer than `ms`. */
function orLate<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), Math.max(0, ms))));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The slash command's options as text, by name. */
function optionsOf(i: ChatInputCommandInteraction): Options {
  const out: Options = {};
  for (const o of i.options.data) if (o.value !== undefined && o.value !== null) out[o.name] = String(o.value);
  return out;
}

function rateLimitMessage(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return `You're asking faster than I can keep up with. Please try again in ${s} second${s === 1 ? '' : 's'}.`;
}

/**
 * Data already in Discord's shape, handed to discord.js as it is. Plain objects would go
 * through its jsonTransformer, which rebuilds every embed and row key by key to make
 * camelCase keys snake_case: work on every reply for keys that are snake_case already.
 */
const asIs = <T>(data: T): JSONEncodable<T> => ({ toJSON: () => data });

/** Our REST-shaped body as discord.js options. */
function asOptions(m: DiscordMessage) {
  return {
    ...(m.content !== undefined && { content: m.content }),
    embeds: m.embeds.map(asIs),
    components: m.components.map(asIs),
    allowedMentions: { parse: [], repliedUser: false },
    ...(m.flags !== undefined && { flags: m.flags }),
  };
}
