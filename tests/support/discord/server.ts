import { warmUpValidators } from './validate.ts';
// One HTTP server on an ephemeral loopback port carries both the REST API and the gateway
// (WebSocket upgrade), and the LoopbackDiscord object is what a test holds.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageType,
  OverwriteType,
  type APIApplicationCommand,
  type APIMessage,
  type APIUser,
  type GatewayInteractionCreateDispatchData,
  type GatewayMessageCreateDispatchData,
  type Snowflake,
} from 'discord-api-types/v10';
import { Gateway, shardOf, type GatewayLogEntry } from './gateway.ts';
import {
  THREAD_TYPES,
  guildChannel,
  interaction,
  message,
  user,
  type ChannelSpec,
  type GuildChannelType,
  type InteractionSpec,
} from './payloads.ts';
import { Rest, type RateLimitFault, type ServerErrorFault } from './rest.ts';
import { World, type InteractionRecord, type LoopbackDiscordOptions, type RecordedRequest } from './state.ts';

/** Discord's CDN hosts, where attachments are. */
const CDN_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];
/** Where the loopback serves its CDN's files. */
const CDN_PATH = '/cdn/';

/** What a test gets back from `discord.interaction()`: the payload sent and the bot's answers. */
export interface InteractionHandle {
  id: Snowflake;
  token: string;
  payload: GatewayInteractionCreateDispatchData;
  record: InteractionRecord;
  /** The accepted callback body (`{ type, data }`), once the bot has answered in time. */
  response(): Promise<Record<string, unknown>>;
  /** The bodies of the first `count` accepted edits of the bot's messages (editReply & co). */
  edits(count?: number): Promise<Record<string, unknown>[]>;
  /** The first `count` follow-up messages as Discord stored them. */
  followUps(count?: number): Promise<APIMessage[]>;
}

export interface MessageOptions {
  /** The author; the default member when omitted. */
  from?: APIUser;
  /** Prefix the content with the bot's mention and list it in `mentions`. */
  mentionBot?: boolean;
  /** Prefix the content with the bot's managed role (`<@&id>`, as Discord's picker often writes it) and list it in `mention_roles`. */
  mentionRole?: boolean;
  /** The channel or thread; the default channel when omitted. */
  channel?: Snowflake;
  /** A reply to this message; `ping` (ping-on-reply, Discord's default) lists its author in `mentions`. */
  replyTo?: { message: APIMessage; ping?: boolean };
  /** A system message of this type (e.g. MessageType.ThreadCreated) instead of a default one. */
  type?: MessageType;
}

/** A channel to make in the guild; threads need a parent (text, announcement, or forum for a post). */
export interface ChannelOptions {
  name?: string;
  parent?: Snowflake;
  /** Overwrites for the bot's role in this channel (a thread takes its parent's). */
  botAllow?: bigint;
  botDeny?: bigint;
}

/** Ways to make Discord misbehave on demand. */
export interface Faults {
  /** 429 with `retry_after` and the X-RateLimit-* headers for the next `count` matching requests. */
  rateLimit(fault: RateLimitFault): void;
  /** A 5xx for the next `count` matching requests. */
  serverError(fault: ServerErrorFault): void;
  /** Close the live gateway connection with `code` (4000 → resume; 4009 → session gone). */
  closeGateway(code: number, reason?: string): void;
  /** Leave the next `count` heartbeats unacknowledged (discord.js then reconnects and resumes). */
  withholdHeartbeatAcks(count?: number): void;
  /** Cut the TCP connection without a close frame. */
  dropConnection(): void;
  /** Op 7 RECONNECT. */
  reconnect(): void;
  /** Op 9 INVALID_SESSION, resumable or not. */
  invalidSession(resumable: boolean): void;
}

export class LoopbackDiscord {
  /** Pass as `new Client({ rest: { api: discord.restUrl } })`; discord.js appends `/v10`. */
  readonly restUrl: string;
  readonly gatewayUrl: string;
  readonly faults: Faults;
  private readonly rest: Rest;
  private readonly gateway: Gateway;

  constructor(
    private readonly world: World,
    private readonly server: Server,
    heartbeatIntervalMs: number,
  ) {
    const { port } = server.address() as AddressInfo;
    this.restUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.rest = new Rest(
      world,
      () => this.gatewayUrl,
      (m) => this.echo(m),
    );
    this.gateway = new Gateway(world, heartbeatIntervalMs, () => this.gatewayUrl);
    // A client that hangs up mid-body just loses its request.
    server.on('request', (req, res) => {
      if (req.url?.startsWith(CDN_PATH)) return this.serveCdn(req.url.slice(CDN_PATH.length - 1), res);
      void this.rest.handle(req, res).catch(() => res.destroy());
    });
    server.on('upgrade', (req, socket, head) => this.gateway.upgrade(req, socket, head));
    const gateway = this.gateway;
    this.faults = {
      rateLimit: (fault) => this.rest.rateLimit(fault),
      serverError: (fault) => this.rest.serverError(fault),
      closeGateway: (code, reason) => gateway.closeWith(code, reason),
      withholdHeartbeatAcks: (count = 1) => gateway.withholdHeartbeatAcks(count),
      dropConnection: () => gateway.drop(),
      reconnect: () => gateway.reconnect(),
      invalidSession: (resumable) => gateway.invalidSession(resumable),
    };
  }

  get token(): string {
    return this.world.token;
  }

  /**
   * Where this loopback serves a file of Discord's CDN (`https://cdn.discordapp.com/…` or
   * `https://media.discordapp.net/…`, as attachments' `url` and `proxy_url` give): a test's
   * download function fetches from here what the bot asked of the CDN.
   */
  cdnUrl(url: string): string {
    const u = new URL(url);
    if (u.protocol !== 'https:' || !CDN_HOSTS.includes(u.hostname))
      throw new Error(`loopback discord: ${url} is not on Discord's CDN`);
    return `${this.restUrl.replace(/\/api$/, '')}${CDN_PATH.slice(0, -1)}${u.pathname}`;
  }

  private serveCdn(pathname: string, res: import('node:http').ServerResponse): void {
    const file = this.world.cdn.get(decodeURIComponent(pathname.split('?')[0] ?? ''));
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': String(file.data.length) });
    res.end(file.data);
  }
  get applicationId(): Snowflake {
    return this.world.applicationId;
  }
  get guildId(): Snowflake {
    return this.world.place.guildId;
  }
  get channelId(): Snowflake {
    return this.world.place.channelId;
  }
  /** The bot's managed role, made when it joined the guild. */
  get botRoleId(): Snowflake {
    return this.world.botRoleId;
  }
  /** How many gateway connections receive the guild's events (two processes on one token: 2). */
  connections(shard = 0): number {
    return this.gateway.connections(shard);
  }
  /** The messages of a channel, in order. */
  messagesIn(channelId: Snowflake = this.channelId): readonly APIMessage[] {
    return this.world.messages.get(channelId) ?? [];
  }
  /** A user deletes a message (MESSAGE_DELETE). */
  deleteMessage(channelId: Snowflake, messageId: Snowflake): void {
    const w = this.world;
    w.messages.set(
      channelId,
      (w.messages.get(channelId) ?? []).filter((m) => m.id !== messageId),
    );
    const inGuild = !w.isDm(channelId);
    this.gateway.dispatch(
      GatewayDispatchEvents.MessageDelete,
      { id: messageId, channel_id: channelId, ...(inGuild && { guild_id: w.place.guildId }) },
      inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages,
      inGuild ? this.shardOf() : 0,
    );
  }

  /** A DM from `from` to the bot, returned as stored, without waiting for a reply. */
  postDm(from: APIUser, content: string): APIMessage {
    this.world.users.set(from.id, from);
    const sent = this.sendMessage(this.world.dmWith(from).id, from, content, [], ChannelType.DM);
    if (!sent) throw new Error('loopback discord: the bot did not ask for the DirectMessages intent');
    return sent;
  }

  /** Resolves with the bot's next message in its DM with `recipient`. */
  dmReplyTo(recipient: APIUser): Promise<APIMessage> {
    this.world.users.set(recipient.id, recipient);
    return this.nextBotMessage(this.world.dmWith(recipient).id, `a DM to ${recipient.username}`);
  }

  /** POST /channels/:id/messages with the bot's token, as another process on the same token would. */
  async sendAsBot(channelId: Snowflake, body: Record<string, unknown>): Promise<APIMessage> {
    const res = await fetch(`${this.restUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bot ${this.world.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ allowed_mentions: { parse: [] }, ...body }),
    });
    if (!res.ok) throw new Error(`loopback discord: sendAsBot got ${res.status} ${await res.text()}`);
    return (await res.json()) as APIMessage;
  }

  /** The id of the DM channel between the bot and `recipient`. */
  dmChannelOf(recipient: APIUser): Snowflake {
    return this.world.dmWith(recipient).id;
  }
  /** The bot's permissions in a channel, as Discord computes them from roles and overwrites. */
  botPermissions(channelId: Snowflake = this.channelId): bigint {
    return this.world.botPermissionsIn(channelId);
  }

  /**
   * What the bot's managed role grants guild-wide (an admin editing the role); sends
   * GUILD_ROLE_UPDATE unless `tell` is false (the event still on its way: a race).
   */
  setBotRolePermissions(permissions: bigint, { tell = true } = {}): void {
    const w = this.world;
    w.botRolePermissions = permissions;
    if (!tell) return;
    const updated = w.roles().find((r) => r.id === w.botRoleId);
    this.gateway.dispatch(
      GatewayDispatchEvents.GuildRoleUpdate,
      { guild_id: w.place.guildId, role: updated },
      GatewayIntentBits.Guilds,
      this.shardOf(),
    );
  }

  /**
   * Sets the bot role's overwrite in a channel (not a thread: threads take their parent's);
   * sends CHANNEL_UPDATE unless `tell` is false (the event still on its way: a race).
   */
  overwriteForBot(
    channelId: Snowflake,
    { allow = 0n, deny = 0n }: { allow?: bigint; deny?: bigint },
    { tell = true } = {},
  ): void {
    const w = this.world;
    const c = w.channels.get(channelId);
    if (!c || w.isThread(channelId)) throw new Error('loopback discord: overwrites are set on a channel, not a thread');
    c.overwrites = [
      ...c.overwrites.filter((o) => o.id !== w.botRoleId),
      { id: w.botRoleId, type: OverwriteType.Role, allow: String(allow), deny: String(deny) },
    ];
    if (!tell) return;
    this.gateway.dispatch(
      GatewayDispatchEvents.ChannelUpdate,
      guildChannel(c, w.place.guildId, w.joinedAt),
      GatewayIntentBits.Guilds,
      this.shardOf(),
    );
  }

  /**
   * Makes a channel in the guild and tells the bot (CHANNEL_CREATE; THREAD_CREATE for a
   * thread, which Discord sends to those who can see it). Returns its id.
   */
  channel(type: GuildChannelType, options: ChannelOptions = {}): Snowflake {
    const w = this.world;
    const thread = THREAD_TYPES.includes(type);
    if (thread && !options.parent) throw new Error('loopback discord: a thread needs a parent channel');
    const id = w.nextId();
    const spec: ChannelSpec = {
      id,
      type,
      name: options.name ?? `${ChannelType[type]}-${id.slice(-4)}`.toLowerCase(),
      overwrites:
        options.botAllow || options.botDeny
          ? [
              {
                id: w.botRoleId,
                type: OverwriteType.Role,
                allow: String(options.botAllow ?? 0n),
                deny: String(options.botDeny ?? 0n),
              },
            ]
          : [],
      ...(thread && { parentId: options.parent, ownerId: w.member.id }),
    };
    w.channels.set(id, spec);
    const payload = guildChannel(spec, w.place.guildId, w.timestamp());
    this.gateway.dispatch(
      thread ? GatewayDispatchEvents.ThreadCreate : GatewayDispatchEvents.ChannelCreate,
      thread ? { ...payload, newly_created: true } : payload,
      GatewayIntentBits.Guilds,
      this.shardOf(),
    );
    return id;
  }
  get bot(): APIUser {
    return this.world.bot;
  }
  /** The default human: the guild's owner and the author of DMs and interactions. */
  get member(): APIUser {
    return this.world.member;
  }
  /** Every REST request, in arrival order, with the route template, body, status and answer. */
  get requests(): readonly RecordedRequest[] {
    return this.world.requests;
  }
  /** Bodies Discord would refuse (spec or documented limits); expect `[]` in afterEach. */
  get violations() {
    return this.world.violations;
  }
  get gatewayLog(): readonly GatewayLogEntry[] {
    return this.gateway.log;
  }

  /** The commands last PUT for the application (or for the guild). */
  commands(guildId?: Snowflake): APIApplicationCommand[] {
    return guildId ? (this.world.guildCommands.get(guildId) ?? []) : this.world.globalCommands;
  }

  /** Invalidate the token (Developer Portal → Reset Token) and return the new one. */
  resetToken(): string {
    this.world.token = World.newToken();
    return this.world.token;
  }

  /** A user Discord knows (needed before a bot can open a DM with them). */
  user(username: string): APIUser {
    const created = user(this.world.nextId(), username);
    this.world.users.set(created.id, created);
    return created;
  }

  /** The shard that receives `guildId`'s events, given the shard count the bot identified with. */
  shardOf(guildId: Snowflake = this.world.place.guildId): number {
    return shardOf(guildId, this.gateway.shardCount);
  }

  /**
   * Dispatch INTERACTION_CREATE for a slash command, an autocomplete or a button press: to
   * `shard` when given, else where Discord sends it (the guild's shard; DMs to shard 0).
   */
  async interaction(spec: InteractionSpec, { shard }: { shard?: number } = {}): Promise<InteractionHandle> {
    const w = this.world;
    const from = spec.user ?? w.member;
    w.users.set(from.id, from);
    const inGuild = (spec.in ?? 'guild') === 'guild';
    const name = spec.type === 'button' || spec.type === 'modal' ? undefined : spec.name;
    const registered = [...(inGuild ? this.commands(w.place.guildId) : []), ...w.globalCommands];
    const channelId = spec.channel ?? w.place.channelId;
    const channel = w.channels.get(channelId);
    if (inGuild && !channel) throw new Error(`loopback discord: no channel ${channelId}`);
    const id = w.nextId();
    const token = `interaction.${id}.${World.newToken()}`;
    // Files given to attachment options are on Discord's CDN before the interaction is sent.
    const attachments =
      spec.type === 'command' && spec.attachments
        ? Object.fromEntries(
            Object.entries(spec.attachments).map(([option, a]) => [option, w.upload(channelId, a)] as const),
          )
        : undefined;
    const payload = interaction(spec, {
      id,
      token,
      applicationId: w.applicationId,
      place: w.place,
      user: from,
      dmChannel: w.dmWith(from),
      guildChannel: guildChannel(channel ?? w.channels.get(w.place.channelId)!, w.place.guildId, w.joinedAt),
      appPermissions: w.botPermissionsIn(channelId),
      command: registered.find((c) => c.name === name),
      joinedAt: w.joinedAt,
      ...(attachments && { attachments }),
    });
    const record: InteractionRecord = {
      id,
      token,
      type: payload.type,
      channelId: payload.channel?.id ?? channelId,
      dispatchedAt: w.now(),
      responses: [],
      edits: [],
      followUps: [],
      ...(spec.type === 'button' && { sourceMessage: spec.message }),
      ...(spec.type === 'modal' && spec.message && { sourceMessage: spec.message }),
    };
    w.interactions.set(id, record);
    this.gateway.dispatch(
      GatewayDispatchEvents.InteractionCreate,
      payload,
      undefined,
      shard ?? (inGuild ? this.shardOf() : 0),
    );
    const what = `${spec.type} ${name ?? (spec.type === 'button' || spec.type === 'modal' ? spec.customId : '')}`;
    return {
      id,
      token,
      payload,
      record,
      response: () => w.waitFor(`a response to ${what}`, () => record.responses[0]),
      edits: (count = 1) =>
        w.waitFor(`${count} edit(s) for ${what}`, () => (record.edits.length >= count ? record.edits : undefined)),
      followUps: (count = 1) =>
        w.waitFor(`${count} follow-up(s) for ${what}`, () =>
          record.followUps.length >= count ? record.followUps : undefined,
        ),
    };
  }

  /** A DM from `from` to the bot; resolves with the bot's next message in that DM channel. */
  async dm(from: APIUser, content: string): Promise<APIMessage> {
    this.world.users.set(from.id, from);
    const channel = this.world.dmWith(from);
    const reply = this.nextBotMessage(channel.id, `a reply to the DM "${content.slice(0, 40)}"`);
    if (!this.sendMessage(channel.id, from, content, [], ChannelType.DM)) {
      throw new Error(
        'loopback discord: the bot did not ask for the DirectMessages intent, so Discord sends it no DMs',
      );
    }
    return reply;
  }

  /**
   * A message in a guild channel (the default one unless `channel`); resolves with the
   * bot's next message in that channel. `post()` is the same without waiting for a reply.
   */
  async message(content: string, options: MessageOptions = {}): Promise<APIMessage> {
    const channelId = options.channel ?? this.channelId;
    const reply = this.nextBotMessage(channelId, `a reply to the message "${content.slice(0, 40)}"`);
    this.post(content, options);
    return reply;
  }

  /** Posts a message in a guild channel as `from` and returns it as Discord stored it. */
  post(
    content: string,
    { from = this.world.member, mentionBot = false, mentionRole = false, channel, replyTo, type }: MessageOptions = {},
  ): APIMessage {
    const w = this.world;
    const channelId = channel ?? this.channelId;
    if (!w.channels.has(channelId)) throw new Error(`loopback discord: no channel ${channelId}`);
    const prefix = `${mentionBot ? `<@${w.bot.id}> ` : ''}${mentionRole ? `<@&${w.botRoleId}> ` : ''}`;
    const mentions = [
      ...(mentionBot ? [w.bot] : []),
      ...(replyTo?.ping !== false && replyTo && replyTo.message.author.id !== from.id ? [replyTo.message.author] : []),
    ];
    const sent = this.sendMessage(channelId, from, prefix + content, mentions, ChannelType.GuildText, {
      ...(mentionRole && { mention_roles: [w.botRoleId] }),
      ...(replyTo && {
        type: MessageType.Reply,
        message_reference: { message_id: replyTo.message.id, channel_id: channelId, guild_id: w.place.guildId },
        referenced_message: replyTo.message,
      }),
      ...(type !== undefined && { type }),
    });
    if (!sent) throw new Error('loopback discord: the bot did not ask for the GuildMessages intent');
    return sent;
  }

  /** Any gateway event, raw, to `shard` (default 0); false when the bot's intents exclude it. */
  dispatch(t: GatewayDispatchEvents, d: unknown, requiredIntent?: number, shard = 0): boolean {
    return this.gateway.dispatch(t, d, requiredIntent, shard);
  }

  /** Resolves with the first gateway log entry of `kind` at index `since` or later. */
  waitForGateway(kind: GatewayLogEntry['kind'], since = 0): Promise<GatewayLogEntry> {
    return this.world.waitFor(`gateway ${kind}`, () => this.gateway.log.slice(since).find((e) => e.kind === kind));
  }

  /** Resolves with the first request to `route` (e.g. `GET /gateway/bot`) at index `since` or later. */
  waitForRequest(route: string, since = 0): Promise<RecordedRequest> {
    return this.world.waitFor(`a request to ${route}`, () =>
      this.world.requests.slice(since).find((r) => r.route === route),
    );
  }

  /** Stop everything: sockets, server, pending waits. Destroy the discord.js client first. */
  async close(): Promise<void> {
    this.world.abandonWaits();
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Dispatches a message by a user; returns it, or undefined when the bot's intents exclude it. */
  private sendMessage(
    channelId: Snowflake,
    from: APIUser,
    content: string,
    mentions: APIUser[],
    type: ChannelType.DM | ChannelType.GuildText,
    extra: Partial<APIMessage> = {},
  ): APIMessage | undefined {
    const w = this.world;
    const inGuild = type === ChannelType.GuildText;
    const sent = w.addMessage({
      ...message({ id: w.nextId(), channelId, author: from, timestamp: w.timestamp(), body: { content } }),
      mentions,
      ...extra,
    });
    // Without the privileged MessageContent intent Discord blanks guild messages that don't
    // mention the bot (by its user or its own role): content, embeds, attachments, components.
    const shard = inGuild ? this.shardOf() : 0;
    const mentioned = mentions.some((u) => u.id === w.bot.id) || (sent.mention_roles ?? []).includes(w.botRoleId);
    const blank =
      inGuild && !mentioned && ((this.gateway.intents(shard) ?? 0) & GatewayIntentBits.MessageContent) === 0;
    const event = this.event(sent, blank);
    const delivered = this.gateway.dispatch(
      GatewayDispatchEvents.MessageCreate,
      event,
      inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages,
      shard,
    );
    return delivered ? sent : undefined;
  }

  /** MESSAGE_CREATE's data for a stored message. */
  private event(sent: APIMessage, blank = false): GatewayMessageCreateDispatchData {
    const w = this.world;
    const inGuild = !w.isDm(sent.channel_id);
    const author = sent.author.id === w.bot.id ? [w.botRoleId] : [];
    return {
      ...sent,
      ...(blank && { content: '', embeds: [], components: [], attachments: [] }),
      // discord.js resolves the channel of an uncached DM from channel_type (with Partials.Channel).
      channel_type: inGuild ? (w.channels.get(sent.channel_id)?.type ?? ChannelType.GuildText) : ChannelType.DM,
      ...(inGuild && {
        guild_id: w.place.guildId,
        member: { roles: author, joined_at: w.joinedAt, deaf: false, mute: false, flags: 0 as never },
      }),
    } as GatewayMessageCreateDispatchData;
  }

  /** The bot's own messages come back to it as MESSAGE_CREATE, as Discord sends them to every connection. */
  private echo(sent: APIMessage): void {
    const inGuild = !this.world.isDm(sent.channel_id);
    this.gateway.dispatch(
      GatewayDispatchEvents.MessageCreate,
      this.event(sent),
      inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages,
      inGuild ? this.shardOf() : 0,
    );
  }

  private nextBotMessage(channelId: Snowflake, what: string): Promise<APIMessage> {
    const before = this.world.messages.get(channelId)?.length ?? 0;
    return this.world.waitFor(what, () =>
      this.world.messages
        .get(channelId)
        ?.slice(before)
        .find((m) => m.author.id === this.world.bot.id),
    );
  }
}

/** Start a Discord on 127.0.0.1 (ephemeral port). Always `await discord.close()` after the client is destroyed. */
export async function startLoopbackDiscord(options: LoopbackDiscordOptions = {}): Promise<LoopbackDiscord> {
  warmUpValidators();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return new LoopbackDiscord(new World(options), server, options.heartbeatIntervalMs ?? 1_000);
}
