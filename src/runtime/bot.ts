import {
  ChannelType,
  Client,
  DiscordAPIError,
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
import { Pages, toDiscordPage, toDiscordText, toPlainText, type DiscordMessage } from '../render/discord.ts';
import type { Answering, Reload } from './answering.ts';
import type { Config } from './config.ts';
import type { ReloadResult } from './holder.ts';
import type { Logger } from './logger.ts';
import { PagingStore, parsePageButton } from './paging.ts';
import { RateLimiter } from './ratelimit.ts';
import { PictureMaker } from './pictures.ts';
import type { Picture } from '../render/picture/index.ts';
import { Curation, reloadHoldingCorpus, type CurationOptions } from './curation.ts';

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
/** The bot's own recent messages remembered, to notice another process answering with the same token. */
const OWN_MESSAGES = 10_000;
/** On SIGTERM, answers in progress get this long to finish before the gateway closes. */
export const SHUTDOWN_GRACE_MS = 5_000;
/**
 * Discord bans an address for a while after 10,000 invalid requests (401, 403, 429) in
 * 10 minutes; discord.js warns after every this many of them.
 */
export const INVALID_REQUEST_WARNING_EVERY = 500;
/**
 * Discord's codes for a message refused for the bot's permissions: Missing Access, Missing
 * Permissions, and a reply without Read Message History. Sending an apology after one would
 * be a second forbidden request.
 */
const FORBIDDEN = new Set([50001, 50013, 160002]);
/** The interaction was acknowledged already (by another process with this token) or is gone. */
const ALREADY_ACKNOWLEDGED = 40060;
const UNKNOWN_INTERACTION = 10062;
const discordCode = (err: unknown): number | undefined =>
  err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : undefined;

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
  /** `false` sends answers without pictures (timelines, trends); by default they follow the text. */
  pictures?: boolean;
  /** Log a warning after every this many invalid requests (401, 403, 429); INVALID_REQUEST_WARNING_EVERY by default. */
  invalidRequestWarningInterval?: number;
  /** How /corpus fetches pages and attachments (FETCH_ALLOW_PRIVATE_HOSTS, timeouts, caps). */
  curation?: Pick<
    CurationOptions,
    'fetch' | 'download' | 'maxAttachmentBytes' | 'attachmentTimeoutMs' | 'previewTtlMs' | 'lock' | 'step'
  >;
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
  /** Draws the pictures that follow timelines and trends (absent with `pictures: false`). */
  private readonly pictures: PictureMaker | undefined;
  private readonly seen = new Set<string>();
  /** Deferred answers waiting their turn (see inTurn), with when each was queued. */
  private readonly turns: Array<{ run: () => void; since: number }> = [];
  private draining = false;
  /** Acknowledgements on their way to Discord (they have 3 s, answers 15 minutes), each with when it was sent, oldest first. */
  private readonly acking = new Map<symbol, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Handlers running now (interactions and messages), which a shutdown lets finish. */
  private inFlight = 0;
  private readonly idle = new Set<() => void>();
  /**
   * The bot's own messages seen on the gateway that answer a message (their nonce is the
   * question's id): question id → when this process saw the answer arrive. A second process
   * on the same token answers the same questions; this is how one notices the other.
   */
  private readonly answeredSeen = new Map<string, number>();
  /** Own message ids seen on the gateway → when. */
  private readonly ownSeen = new Map<string, number>();
  /** Channels where the bot may not send, already logged. */
  private readonly silentIn = new Set<string>();
  /** The corpus commands (/corpus, "Add to coverage"), run here in the runtime. */
  private readonly curation: Curation;

  constructor(private readonly opts: BotOptions) {
    this.pictures = opts.pictures === false ? undefined : new PictureMaker(opts.logger);
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      // Direct-message channels are not cached before their first message.
      partials: [Partials.Channel],
      allowedMentions: { parse: [], repliedUser: false },
      // A question deleted before its answer is sent gets the answer as a plain message.
      failIfNotExists: false,
      rest: {
        invalidRequestWarningInterval: opts.invalidRequestWarningInterval ?? INVALID_REQUEST_WARNING_EVERY,
        ...(opts.restApi && { api: opts.restApi }),
      },
    });
    this.hooks = new REST({
      globalRequestsPerSecond: INTERACTION_WEBHOOKS_PER_SECOND,
      invalidRequestWarningInterval: opts.invalidRequestWarningInterval ?? INVALID_REQUEST_WARNING_EVERY,
      ...(opts.restApi && { api: opts.restApi }),
    });
    // Discord's signals, which come before a ban: every rate limit met, with its route, and
    // the count of invalid requests in Discord's 10-minute window.
    for (const rest of [this.client.rest, this.hooks]) {
      rest.on('rateLimited', (info) =>
        opts.logger.warn(
          {
            route: info.route,
            method: info.method,
            global: info.global,
            scope: info.scope,
            retryAfterMs: info.retryAfter,
            limit: info.limit,
          },
          'Discord rate limit hit',
        ),
      );
      rest.on('invalidRequestWarning', (info) =>
        opts.logger.warn(
          { invalidRequests: info.count, windowEndsInMs: info.remainingTime },
          'invalid requests to Discord (401, 403, 429) are adding up; at 10,000 in 10 minutes Discord bans this address',
        ),
      );
    }
    this.paging = new PagingStore(opts.pagingTtlMs ?? PAGING_TTL_MS, MAX_PAGING_SESSIONS);
    this.curation = new Curation({
      ...opts.curation,
      corpusDir: opts.answering.corpusDir,
      // Called with the corpus folder's lock held: the reload that does not take it.
      reload: () => this.reloadEverywhere(),
      mayCurate: (i) => this.mayReload(i.user.id, i.inGuild(), i.memberPermissions),
      logger: opts.logger,
    });
    this.limiter = new RateLimiter(opts.config.RATE_LIMIT_COMMANDS, opts.config.RATE_LIMIT_WINDOW_SECONDS * 1000);
    this.client.on(Events.InteractionCreate, (i) => void this.tracked(() => this.onInteraction(i)));
    this.client.on(Events.MessageCreate, (m) => void this.tracked(() => this.onMessage(m)));
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

  /** Lets the answers in progress finish (at most `graceMs`), then destroys the bot. */
  async shutdown(graceMs = SHUTDOWN_GRACE_MS): Promise<{ unfinished: number }> {
    const unfinished = await this.drain(graceMs);
    await this.destroy();
    return { unfinished };
  }

  /**
   * Resolves when no answer is in progress, or after `graceMs`, with how many still are.
   * Events arriving meanwhile are still answered: the gateway stays open.
   */
  async drain(graceMs = SHUTDOWN_GRACE_MS): Promise<number> {
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      let done: (() => void) | undefined;
      await new Promise<void>((resolve) => {
        done = resolve;
        this.idle.add(resolve);
        timer = setTimeout(resolve, graceMs);
      });
      clearTimeout(timer);
      if (done) this.idle.delete(done);
    }
    return this.inFlight;
  }

  /** Counts `work` as in progress for shutdown. */
  private async tracked(work: () => Promise<void>): Promise<void> {
    this.inFlight++;
    try {
      await work();
    } finally {
      if (--this.inFlight === 0) for (const resolve of [...this.idle]) resolve();
    }
  }

  async destroy(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.curation.close();
    await this.client.destroy();
    await this.opts.answering.close();
    await this.pictures?.close();
  }

  /**
   * Sends an answer's picture as a message of its own under the text answer, once the
   * text is out (drawing never delays an acknowledgement): the PNG attached with its alt
   * text, shown by an embed that points at it. Where the bot may not attach files or embed
   * links, the picture thread is busy, or acknowledgements are backed up (a burst), the
   * answer stays text only. It is sent in turn
   * (after the acknowledgements of a burst) and, for an interaction, through the interaction
   * webhooks' own REST client, so uploads never queue in front of acknowledgements.
   */
  private async followWithPicture(
    answer: Answer,
    allowed: { has(p: bigint): boolean } | null,
    send: (picture: Picture) => Promise<unknown>,
  ): Promise<void> {
    if (!this.pictures || !PictureMaker.has(answer)) return;
    if (this.backedUp()) {
      // Acknowledgements are late already: a picture is an extra, and waits for nothing.
      this.opts.logger.debug({ command: answer.command }, 'picture not sent: acknowledgements backed up');
      return;
    }
    if (allowed && !(allowed.has(PermissionFlagsBits.AttachFiles) && allowed.has(PermissionFlagsBits.EmbedLinks))) {
      this.opts.logger.debug({ command: answer.command }, 'picture not sent: no Attach Files or Embed Links here');
      return;
    }
    try {
      const picture = await this.pictures.render(answer);
      if (picture) await this.inTurn(() => send(picture));
    } catch (err) {
      this.opts.logger.warn({ err, command: answer.command }, 'picture not sent');
    }
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

  /** Handlers running now (interactions and messages). */
  get busy(): number {
    return this.inFlight;
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
    // The 3 s Discord gives are measured from here, on this host's clock (see onCommand).
    const started = Date.now();
    const log = { user: interaction.user.id, guild: interaction.guildId ?? undefined, interaction: interaction.id };
    let outcome = 'answered';
    let command = '';
    try {
      if (this.curation.handles(interaction)) {
        command = this.curation.nameOf(interaction);
        outcome = await this.curation.handle(interaction);
      } else if (interaction.isChatInputCommand()) {
        command = interaction.commandName;
        outcome = await this.onCommand(interaction, started);
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
      const code = discordCode(err);
      if (code === ALREADY_ACKNOWLEDGED) {
        // Discord gives each interaction to every connection on the token and takes one
        // acknowledgement: another process answered this one. An apology would fail too.
        outcome = 'answered-elsewhere';
        this.opts.logger.warn(
          { ...log, command, code },
          'interaction already acknowledged: another process is running with this bot token (run one per token)',
        );
      } else if (code === UNKNOWN_INTERACTION) {
        outcome = 'expired';
        this.opts.logger.warn({ ...log, command, code }, 'interaction expired before it was acknowledged');
      } else {
        outcome = 'error';
        this.opts.logger.error({ ...log, command, err }, 'handler failed');
        await this.apologise(interaction).catch((e: unknown) =>
          this.opts.logger.warn({ ...log, err: e }, 'could not send the apology'),
        );
      }
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

  /** Every shard's reload under a sharding manager, else this engine's. */
  private readonly reloadEverywhere: Reload = () => (this.opts.reloadAll ?? (() => this.opts.answering.reload()))();

  /** An admin's reload: reloadEverywhere, after any change of the corpus folder in progress. */
  private readonly adminReload: Reload = () =>
    reloadHoldingCorpus(
      this.opts.answering.corpusDir,
      this.reloadEverywhere,
      async () => (await this.opts.answering.size()).articles,
      this.opts.curation?.lock,
    )();

  private async onCommand(i: ChatInputCommandInteraction, arrived: number): Promise<string> {
    const command = this.opts.commands.find((c) => c.definition.name === i.commandName);
    if (!command) {
      const where = i.inGuild() ? 'This server has' : 'Discord has';
      await i.reply(
        asOptions(
          toDiscordText(
            `${where} an old list of my commands: /${i.commandName} is gone. /help lists the current ones.`,
            {
              ephemeral: true,
            },
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
      // An interaction must be acknowledged: each is told (ephemerally), and counts as told.
      this.limiter.tell(i.user.id, limited.retryAfterMs);
      await this.acknowledging(() =>
        i.reply(asOptions(toDiscordText(rateLimitMessage(limited.retryAfterMs), { ephemeral: true }))),
      );
      return 'rate-limited';
    }
    // Discord's 3 s run from when it made the interaction. This host's clock may be seconds
    // off Discord's, so they are counted from when the interaction arrived here, or from
    // its snowflake's time if that is earlier (a slow gateway): a clock behind Discord's
    // makes the snowflake look younger than it is, and is ignored; one ahead only makes the
    // bot defer sooner.
    const madeAt = Math.min(arrived, i.createdTimestamp);
    // Late already, or acknowledgements backed up (a burst, a slow Discord)? Acknowledge
    // first, and answer once they are no longer backed up.
    // `private:true` makes the reply the asker's alone (ephemeral), deferred or not.
    const ephemeral = wantsPrivate(optionsOf(i));
    const defer = () => i.deferReply(ephemeral ? { flags: 'Ephemeral' } : {});
    let deferred = this.backedUp() || Date.now() - madeAt > DEFER_AFTER_MS;
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
      const first = await orLate(working, madeAt + DEFER_AFTER_MS - Date.now());
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
    void this.followWithPicture(answer, i.inGuild() ? i.appPermissions : null, (p) =>
      this.hooks.post(Routes.webhook(i.applicationId, i.token), {
        auth: false,
        query: new URLSearchParams({ wait: 'true' }),
        body: {
          ...pictureBody(p),
          ...(ephemeral && { flags: EPHEMERAL }),
        },
        files: [{ name: p.name, data: p.png, contentType: 'image/png' }],
      }),
    );
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

  /**
   * A direct message, or a channel message that mentions the bot itself (`<@id>`) or its
   * own managed role (`<@&id>`, which Discord's mention picker often writes). Replies that
   * only ping the bot, system messages, other bots and webhooks are not requests, nor is a
   * blank channel message (Discord blanks what the bot may not read).
   */
  private async onMessage(message: Message): Promise<void> {
    const me = this.client.user;
    if (!me) return;
    if (message.author.id === me.id) return this.noteOwn(message);
    if (message.author.bot || message.webhookId || message.system) return;
    const isDm = message.channel.type === ChannelType.DM;
    const role = message.guild?.roles.botRoleFor(me)?.id;
    const mention = new RegExp(`<@!?${me.id}>${role ? `|<@&${role}>` : ''}`, 'g');
    if (!isDm && !mention.test(message.content)) return;
    const started = Date.now();
    const log = { user: message.author.id, guild: message.guildId ?? undefined, dm: isDm, message: message.id };
    const can = this.sendingIn(message);
    if (!can.send) {
      // Nothing may be said there: a request would only be refused (and counted by Discord).
      if (!this.silentIn.has(message.channelId)) {
        this.silentIn.add(message.channelId);
        this.opts.logger.warn(
          { ...log, channel: message.channelId, missing: can.missing },
          'mentioned in a channel where the bot may not send messages; staying silent there',
        );
      }
      return;
    }
    let outcome = 'answered';
    try {
      const text = message.content.replace(mention, ' ').trim();
      const limited = this.limiter.take(message.author.id);
      if (!limited.ok) {
        // Once per window; after that, silence until it resets, so a flood gets one reply.
        const tell = this.limiter.tell(message.author.id, limited.retryAfterMs);
        outcome = tell ? 'rate-limited' : 'rate-limited-quiet';
        if (tell) await this.send(message, toDiscordText(rateLimitMessage(limited.retryAfterMs)), can);
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
        await this.send(message, toDiscordText(`${answered.error}\nWrite "help" to see what I can answer.`), can);
        return;
      }
      const answer = answered.answer;
      if (!isDm && answer.command === 'reload' && answer.title !== 'Corpus reloaded') {
        // A refused reload lists the corpus's files and their problems: for the admin, not the channel.
        outcome = 'reload-report-by-dm';
        const sentPrivately = await message.author
          .send(asOptions(toDiscordPage(new Pages(answer), 0)))
          .then(() => true)
          .catch(() => false);
        const note = sentPrivately
          ? `${answer.title}: I sent you the report in a direct message.`
          : `${answer.title}, and I could not send you the report in a direct message. Use /reload: its answer is shown only to you.`;
        await this.send(message, toDiscordText(note), can);
        return;
      }
      let sessionId: string | undefined;
      const reply = this.firstPage(message.author.id, answer, (id) => (sessionId = id));
      const sent = await this.send(message, reply, can);
      if (sessionId && sent) this.expireLater(sessionId, () => sent.edit({ components: [] }));
      const channel = message.channel;
      if (sent && channel.isSendable()) {
        const self = message.guild?.members.me;
        const here = self && 'permissionsFor' in channel ? channel.permissionsFor(self) : null;
        // Its own nonce, so that a second process on the token cannot post it twice either.
        void this.followWithPicture(answer, here, (p) =>
          channel.send({
            embeds: pictureBody(p).embeds,
            files: [{ attachment: p.png, name: p.name, description: p.alt }],
            allowedMentions: { parse: [] },
            nonce: `p${message.id}`,
            enforceNonce: true,
          }),
        );
      }
    } catch (err) {
      const code = discordCode(err);
      if (code !== undefined && FORBIDDEN.has(code)) {
        // Refused for permissions the cache did not show: an apology would be refused too.
        outcome = 'forbidden';
        this.opts.logger.warn(
          { ...log, code, channel: message.channelId },
          'Discord refused the answer for permissions',
        );
        return;
      }
      outcome = 'error';
      this.opts.logger.error({ ...log, err }, 'message handler failed');
      await this.send(
        message,
        toDiscordText('Sorry, something went wrong while answering. It has been logged; please try again.'),
        can,
      ).catch(() => undefined);
    } finally {
      this.opts.logger.info({ ...log, command: 'message', latencyMs: Date.now() - started, outcome }, 'message');
    }
  }

  /**
   * What the bot may do where `message` was said, from the cached roles and overwrites:
   * send at all (View Channel, and Send Messages, or Send Messages in Threads in a thread),
   * embed (Embed Links), and reply (Read Message History). A DM allows everything.
   */
  private sendingIn(message: Message): { send: boolean; embed: boolean; reply: boolean; missing: string[] } {
    const channel = message.channel;
    if (!message.inGuild() || channel.isDMBased()) return { send: true, embed: true, reply: true, missing: [] };
    const me = message.guild.members.me;
    const perms = me ? channel.permissionsFor(me) : null;
    // Not cached (yet): try, and let Discord say.
    if (!perms) return { send: true, embed: true, reply: true, missing: [] };
    const sendFlag = channel.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
    const missing: string[] = [];
    if (!perms.has(PermissionFlagsBits.ViewChannel)) missing.push('ViewChannel');
    if (!perms.has(sendFlag)) missing.push(channel.isThread() ? 'SendMessagesInThreads' : 'SendMessages');
    return {
      send: missing.length === 0,
      embed: perms.has(PermissionFlagsBits.EmbedLinks),
      reply: perms.has(PermissionFlagsBits.ReadMessageHistory),
      missing,
    };
  }

  /**
   * Answers `question` with `body`: as a reply when the bot may read the channel's history
   * (else as a plain message), as text when it may not embed. The question's id is the
   * nonce, enforced, so that of two processes on one token answering it Discord creates
   * one message; an answer seen from another process first is not sent again. Returns the
   * message, or undefined when another process had answered.
   */
  private async send(
    question: Message,
    body: DiscordMessage,
    can: { embed: boolean; reply: boolean },
  ): Promise<Message | undefined> {
    if (this.answeredSeen.has(question.id)) {
      this.opts.logger.warn(
        { message: question.id, channel: question.channelId },
        'another process answered this message first: more than one is running with this bot token (run one per token)',
      );
      return undefined;
    }
    const options = {
      ...asOptions(can.embed ? body : toPlainText(body)),
      nonce: question.id,
      enforceNonce: true,
    };
    const since = Date.now();
    const sent = can.reply
      ? await question.reply({ ...options, failIfNotExists: false })
      : question.channel.isSendable()
        ? await question.channel.send(options)
        : undefined;
    // Discord handed back a message made before this request: another process's answer.
    const seenAt = sent && this.ownSeen.get(sent.id);
    if (seenAt !== undefined && seenAt < since) {
      this.opts.logger.warn(
        { message: question.id, channel: question.channelId },
        'another process answered this message first: more than one is running with this bot token (run one per token)',
      );
    }
    return sent;
  }

  /** The bot's own message on the gateway: remembered, to notice another process answering. */
  private noteOwn(message: Message): void {
    const now = Date.now();
    remember(this.ownSeen, message.id, now);
    if (message.nonce !== null && message.nonce !== undefined) remember(this.answeredSeen, String(message.nonce), now);
  }
}

function remember(map: Map<string, number>, key: string, value: number): void {
  map.set(key, value);
  if (map.size > OWN_MESSAGES) map.delete(map.keys().next().value!);
}

/** A picture's message body (REST's shape): an embed that shows the upload, with its alt text. */
function pictureBody(p: Picture) {
  return {
    embeds: [{ image: { url: `attachment://${p.name}` }, color: 0x2b6cb0 }],
    attachments: [{ id: '0', filename: p.name, description: p.alt }],
    allowed_mentions: { parse: [] as string[] },
  };
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
