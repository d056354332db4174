// What the loopback Discord remembers: who exists, what the bot registered and sent, every
// request, every rule broken, and the interactions still open for a response.
import { randomBytes } from 'node:crypto';
import type {
  APIApplicationCommand,
  APIAttachment,
  APIDMChannel,
  APIMessage,
  APIUser,
  InteractionType,
  Snowflake,
} from 'discord-api-types/v10';
import { ChannelType, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import {
  BOT_PERMISSIONS,
  MEMBER_PERMISSIONS,
  THREAD_TYPES,
  dmChannel,
  role,
  snowflakes,
  user,
  type AttachmentSpec,
  type ChannelSpec,
  type Place,
} from './payloads.ts';

const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);
/** What Discord takes away, in a channel where one cannot send, from what needs sending. */
const NEEDS_SENDING =
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.SendTTSMessages;

export interface RecordedRequest {
  method: string;
  /** The route template, e.g. `POST /interactions/:id/:token/callback`; '?' when unknown. */
  route: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** By the server's clock (`options.now`). */
  at: number;
  status: number;
  response: unknown;
  /** Files uploaded with a multipart/form-data request, as `files[n]` fields. */
  files?: UploadedFile[];
}

export interface UploadedFile {
  /** The form field, `files[n]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface Violation {
  route: string;
  operationId: string;
  /** Human-readable, e.g. `data/content: Must be 2000 or fewer in length (got 2001).` */
  reasons: string[];
  body: unknown;
}

export interface InteractionRecord {
  id: Snowflake;
  token: string;
  type: InteractionType;
  channelId: Snowflake;
  dispatchedAt: number;
  /** Accepted callback bodies: at most one, since a second is refused with 40060. */
  responses: Record<string, unknown>[];
  /** The message a button sat on, updated in place by a type 7 callback. */
  sourceMessage?: APIMessage;
  original?: APIMessage;
  edits: Record<string, unknown>[];
  followUps: APIMessage[];
}

export interface LoopbackDiscordOptions {
  /** The bot token the server accepts; a random one by default. */
  token?: string;
  applicationId?: Snowflake;
  /** HELLO's heartbeat_interval. Discord uses ~41 s; small values make zombie detection fast. */
  heartbeatIntervalMs?: number;
  /** How long after dispatch an interaction may be answered (Discord: 3 s). */
  interactionWindowMs?: number;
  /** How long an interaction token works for edits and follow-ups (Discord: 15 min). */
  interactionTokenTtlMs?: number;
  /** The clock for the windows above, timestamps and snowflakes; `Date.now` by default. */
  now?: () => number;
  /** How long `interaction().response()`, `dm()` and friends wait before failing. */
  waitTimeoutMs?: number;
  /** `GET /gateway/bot`'s recommended shard count (default 1). */
  shards?: number;
  /** `GET /gateway/bot`'s session_start_limit.max_concurrency (default 1). */
  maxConcurrency?: number;
}

export class World {
  readonly now: () => number;
  readonly nextId: () => Snowflake;
  token: string;
  readonly applicationId: Snowflake;
  readonly bot: APIUser;
  /** The default human who sends messages and triggers interactions. */
  readonly member: APIUser;
  readonly place: Place;
  readonly joinedAt: string;
  readonly interactionWindowMs: number;
  readonly interactionTokenTtlMs: number;
  readonly waitTimeoutMs: number;
  readonly shards: number;
  readonly maxConcurrency: number;

  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  globalCommands: APIApplicationCommand[] = [];
  readonly guildCommands = new Map<Snowflake, APIApplicationCommand[]>();
  /** Messages by channel id, in the order they were created. */
  readonly messages = new Map<Snowflake, APIMessage[]>();
  readonly users = new Map<Snowflake, APIUser>();
  readonly dmChannels = new Map<Snowflake, APIDMChannel>();
  readonly interactions = new Map<Snowflake, InteractionRecord>();
  /** The guild's channels and threads by id, the default text channel first. */
  readonly channels = new Map<Snowflake, ChannelSpec>();
  /** @everyone's guild-wide permissions. */
  everyonePermissions = MEMBER_PERMISSIONS;
  /** The bot's managed role (made when it joined) and what it grants guild-wide. */
  readonly botRoleId: Snowflake;
  botRolePermissions = BOT_PERMISSIONS;
  /** Nonces of the bot's messages, for `enforce_nonce`: nonce → message, with when it was made. */
  readonly nonces = new Map<string, { message: APIMessage; at: number }>();
  /** Discord's CDN: a file's path (`/attachments/<channel>/<id>/<name>`) → its bytes. */
  readonly cdn = new Map<string, { data: Buffer; contentType: string }>();
  private readonly waiters = new Map<() => void, (error: Error) => void>();

  constructor(options: LoopbackDiscordOptions) {
    this.now = options.now ?? Date.now;
    this.nextId = snowflakes(this.now);
    this.token = options.token ?? World.newToken();
    this.applicationId = options.applicationId ?? this.nextId();
    this.bot = user(this.applicationId, 'coverage-bot', true);
    this.member = user(this.nextId(), 'reader');
    this.place = { guildId: this.nextId(), channelId: this.nextId(), ownerId: this.member.id };
    this.joinedAt = this.timestamp();
    this.botRoleId = this.nextId();
    this.channels.set(this.place.channelId, {
      id: this.place.channelId,
      type: ChannelType.GuildText,
      name: 'general',
      overwrites: [],
    });
    for (const u of [this.bot, this.member]) this.users.set(u.id, u);
    this.interactionWindowMs = options.interactionWindowMs ?? 3_000;
    this.interactionTokenTtlMs = options.interactionTokenTtlMs ?? 15 * 60_000;
    this.waitTimeoutMs = options.waitTimeoutMs ?? 5_000;
    this.shards = options.shards ?? 1;
    this.maxConcurrency = options.maxConcurrency ?? 1;
  }

  static newToken(): string {
    return `loopback.${randomBytes(18).toString('base64url')}`;
  }

  timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  /** The one DM channel between the bot and `recipient`, as Discord keeps a stable one per pair. */
  dmWith(recipient: APIUser): APIDMChannel {
    let channel = this.dmChannels.get(recipient.id);
    if (!channel) {
      channel = dmChannel(this.nextId(), recipient);
      this.dmChannels.set(recipient.id, channel);
    }
    return channel;
  }

  channelExists(id: Snowflake): boolean {
    return this.channels.has(id) || this.isDm(id);
  }

  isDm(id: Snowflake): boolean {
    return [...this.dmChannels.values()].some((c) => c.id === id);
  }

  isThread(id: Snowflake): boolean {
    const c = this.channels.get(id);
    return c !== undefined && THREAD_TYPES.includes(c.type);
  }

  /** The guild's roles as Discord lists them: @everyone (the guild's id) and the bot's managed role. */
  roles() {
    return [
      role(this.place.guildId, '@everyone', this.everyonePermissions),
      role(this.botRoleId, this.bot.username, this.botRolePermissions, this.bot.id),
    ];
  }

  /**
   * The bot's permissions in a guild channel, computed as Discord documents it: @everyone's
   * and its roles' guild permissions (Administrator: everything), then the channel's
   * overwrites (a thread takes its parent's): @everyone's, the roles' denies then allows, the
   * member's own; then the implicit rules: no View Channel, nothing at all; unable to send
   * (Send Messages, or Send Messages in Threads in a thread), no Embed Links, Attach Files,
   * Mention Everyone or TTS either.
   */
  botPermissionsIn(channelId: Snowflake): bigint {
    const channel = this.channels.get(channelId);
    if (!channel) return 0n;
    let perms = this.everyonePermissions | this.botRolePermissions;
    if (perms & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
    const source = channel.parentId && this.isThread(channelId) ? this.channels.get(channel.parentId) : channel;
    const overwrites = source?.overwrites ?? [];
    const everyone = overwrites.find((o) => o.id === this.place.guildId && o.type === OverwriteType.Role);
    if (everyone) perms = (perms & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
    let deny = 0n;
    let allow = 0n;
    for (const o of overwrites)
      if (o.type === OverwriteType.Role && o.id === this.botRoleId) {
        deny |= BigInt(o.deny);
        allow |= BigInt(o.allow);
      }
    perms = (perms & ~deny) | allow;
    const own = overwrites.find((o) => o.id === this.bot.id && o.type === OverwriteType.Member);
    if (own) perms = (perms & ~BigInt(own.deny)) | BigInt(own.allow);
    if (!(perms & PermissionFlagsBits.ViewChannel)) return 0n;
    const send = this.isThread(channelId)
      ? PermissionFlagsBits.SendMessagesInThreads
      : PermissionFlagsBits.SendMessages;
    if (!(perms & send)) perms &= ~NEEDS_SENDING;
    return perms;
  }

  /**
   * A user's upload for an attachment option: on the CDN, and the attachment object
   * Discord puts in the interaction's `resolved.attachments` (url on cdn.discordapp.com,
   * proxy_url on media.discordapp.net, size in bytes).
   */
  upload(channelId: Snowflake, a: AttachmentSpec): APIAttachment {
    const id = this.nextId();
    const contentType = a.contentType ?? 'application/octet-stream';
    const pathname = `/attachments/${channelId}/${id}/${a.filename}`;
    this.cdn.set(pathname, { data: a.data, contentType });
    const url = `https://cdn.discordapp.com${pathname}?ex=0&is=0&hm=0`;
    return {
      id,
      filename: a.filename,
      size: a.size ?? a.data.length,
      url,
      proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
      content_type: contentType,
    };
  }

  addMessage(message: APIMessage): APIMessage {
    const list = this.messages.get(message.channel_id) ?? [];
    list.push(message);
    this.messages.set(message.channel_id, list);
    return message;
  }

  /** Tell pending waits that something happened (a request was answered, an event sent). */
  changed(): void {
    for (const check of [...this.waiters.keys()]) check();
  }

  /** Resolves with the first non-undefined `probe()` result, re-checked after every change. */
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = this.waitTimeoutMs): Promise<T> {
    return new Promise((resolve, reject) => {
      const settle = (error?: Error, value?: T) => {
        this.waiters.delete(check);
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(value as T);
      };
      const check = () => {
        const value = probe();
        if (value !== undefined) settle(undefined, value);
      };
      const timer = setTimeout(
        () => settle(new Error(`loopback discord: timed out after ${timeoutMs} ms waiting for ${what}`)),
        timeoutMs,
      );
      this.waiters.set(check, settle);
      check();
    });
  }

  /** Fail every pending wait, so a closed server leaves no timers behind. */
  abandonWaits(): void {
    for (const settle of [...this.waiters.values()]) settle(new Error('loopback discord: closed while waiting'));
  }
}
