// Gateway and REST payloads, shaped as Discord sends them and typed by discord-api-types so
// a missing field is a compile error here rather than a silent drop inside discord.js.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  ComponentType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataOption,
  type APIAttachment,
  type APIChannel,
  type APIDMChannel,
  type APITextChannel,
  type ChannelFlags,
  type GuildMemberFlags,
  type RoleFlags,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIOverwrite,
  type APIRole,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayInteractionCreateDispatchData,
  type Snowflake,
} from 'discord-api-types/v10';

const DISCORD_EPOCH = 1_420_070_400_000n;

/** Snowflakes that sort by the (test-controlled) clock, unique within one server. */
export function snowflakes(now: () => number): () => Snowflake {
  let increment = 0n;
  return () => String(((BigInt(Math.floor(now())) - DISCORD_EPOCH) << 22n) | (increment++ & 0xfffn));
}

/** What an ordinary member can do in the channel: no Manage Server, no Administrator. */
export const MEMBER_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.AddReactions;

/**
 * What the bot's managed role grants by default: the permissions the README's invite URL
 * asks for. Tests take them away (guild-wide or per channel) to see what the bot does.
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory;

/** The bot's own permissions in the default channel with the default roles (`app_permissions`). */
export const APP_PERMISSIONS = MEMBER_PERMISSIONS | BOT_PERMISSIONS;

export function user(id: Snowflake, username: string, bot = false): APIUser {
  return { id, username, discriminator: '0', global_name: username, avatar: null, ...(bot && { bot: true }) };
}

export interface Place {
  guildId: Snowflake;
  channelId: Snowflake;
  ownerId: Snowflake;
}

/** The guild channel types the loopback models; threads have a parent. */
export type GuildChannelType =
  | ChannelType.GuildText
  | ChannelType.GuildVoice
  | ChannelType.GuildAnnouncement
  | ChannelType.AnnouncementThread
  | ChannelType.PublicThread
  | ChannelType.PrivateThread
  | ChannelType.GuildForum;

export const THREAD_TYPES: readonly ChannelType[] = [
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
];

/** A guild channel as the loopback keeps it: enough for GUILD_CREATE, CHANNEL_CREATE and permissions. */
export interface ChannelSpec {
  id: Snowflake;
  type: GuildChannelType;
  name: string;
  /** A thread's channel (text, announcement or forum); threads take their parent's overwrites. */
  parentId?: Snowflake;
  overwrites: APIOverwrite[];
  ownerId?: Snowflake;
}

/** The channel object Discord sends for `c` (GUILD_CREATE's channels and threads, CHANNEL_CREATE, THREAD_CREATE). */
export function guildChannel(c: ChannelSpec, guildId: Snowflake, at: string): APIChannel {
  const base = {
    id: c.id,
    type: c.type,
    guild_id: guildId,
    name: c.name,
    flags: 0 as ChannelFlags,
  };
  if (THREAD_TYPES.includes(c.type)) {
    return {
      ...base,
      parent_id: c.parentId ?? null,
      owner_id: c.ownerId,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: at,
        locked: false,
        create_timestamp: at,
        ...(c.type === ChannelType.PrivateThread && { invitable: true }),
      },
    } as APIChannel;
  }
  const guildBase = { ...base, position: 0, permission_overwrites: c.overwrites, nsfw: false, parent_id: null };
  switch (c.type) {
    case ChannelType.GuildVoice:
      return {
        ...guildBase,
        bitrate: 64_000,
        user_limit: 0,
        rtc_region: null,
        last_message_id: null,
        rate_limit_per_user: 0,
      } as APIChannel;
    case ChannelType.GuildForum:
      return {
        ...guildBase,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
        available_tags: [],
        default_reaction_emoji: null,
        default_thread_rate_limit_per_user: 0,
        default_sort_order: null,
        default_forum_layout: 0,
      } as unknown as APIChannel;
    default:
      return { ...guildBase, topic: null, last_message_id: null, rate_limit_per_user: 0 } as APIChannel;
  }
}

/** The default channel: #general, a text channel with no overwrites. */
export function textChannel(place: Place): APITextChannel {
  return guildChannel(
    { id: place.channelId, type: ChannelType.GuildText, name: 'general', overwrites: [] },
    place.guildId,
    new Date(0).toISOString(),
  ) as APITextChannel;
}

export function dmChannel(id: Snowflake, recipient: APIUser): APIDMChannel {
  return {
    id,
    type: ChannelType.DM,
    name: null,
    recipients: [recipient],
    last_message_id: null,
    flags: 0 as ChannelFlags,
  };
}

export function role(id: Snowflake, name: string, permissions: bigint, botId?: Snowflake): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: botId ? 1 : 0,
    permissions: String(permissions),
    // A bot's own role is made when it joins, managed by its integration, and mentionable as <@&id>.
    managed: botId !== undefined,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...(botId && { tags: { bot_id: botId } }),
  };
}

export interface GuildContents {
  roles: APIRole[];
  channels: APIChannel[];
  threads: APIChannel[];
  botRoles: Snowflake[];
}

/** GUILD_CREATE for the loopback guild; discord.js caches its roles, channels and threads from it. */
export function guildCreate(
  place: Place,
  bot: APIUser,
  joinedAt: string,
  contents: GuildContents,
): GatewayGuildCreateDispatchData {
  return {
    id: place.guildId,
    name: 'Loopback Guild',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: place.ownerId,
    region: 'us-east',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: contents.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [
      {
        user: bot,
        roles: contents.botRoles,
        joined_at: joinedAt,
        deaf: false,
        mute: false,
        flags: 0 as GuildMemberFlags,
      },
    ],
    channels: contents.channels as GatewayGuildCreateDispatchData['channels'],
    threads: contents.threads as GatewayGuildCreateDispatchData['threads'],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function member(of: APIUser, permissions: bigint, joinedAt: string): APIInteractionGuildMember {
  return {
    user: of,
    roles: [],
    joined_at: joinedAt,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    permissions: String(permissions),
  };
}

export interface MessageFields {
  id: Snowflake;
  channelId: Snowflake;
  author: APIUser;
  timestamp: string;
  body: Record<string, unknown>;
  webhookId?: Snowflake;
}

/** A message object as Discord returns it from a create/edit, built from the request body. */
export function message(f: MessageFields): APIMessage {
  const b = f.body;
  return {
    id: f.id,
    channel_id: f.channelId,
    type: MessageType.Default,
    author: f.author,
    content: typeof b.content === 'string' ? b.content : '',
    timestamp: f.timestamp,
    edited_timestamp: null,
    tts: b.tts === true,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: Array.isArray(b.embeds) ? b.embeds : [],
    components: Array.isArray(b.components) ? b.components : [],
    pinned: false,
    flags: typeof b.flags === 'number' ? b.flags : 0,
    ...(f.webhookId && { webhook_id: f.webhookId, application_id: f.webhookId }),
  };
}

/** Where an interaction happens and who triggers it; the defaults are a plain member in the guild. */
export interface InteractionContext {
  user?: APIUser;
  /** 'guild' (default) sends `member` with permissions; 'dm' sends `user` and a DM channel. */
  in?: 'guild' | 'dm';
  /** The member's permissions in the channel (guild only); e.g. `MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild`. */
  permissions?: bigint;
  locale?: Locale;
  /** The guild channel (or thread) it happens in; the default channel when omitted. */
  channel?: Snowflake;
}

export type OptionValues = Record<string, string | number | boolean>;

/** A file a user attaches to an attachment option, as Discord's CDN then holds it. */
export interface AttachmentSpec {
  filename: string;
  data: Buffer;
  contentType?: string;
  /** The size Discord reports; the data's length unless a test says otherwise. */
  size?: number;
}

export type InteractionSpec = InteractionContext &
  (
    | {
        type: 'command';
        name: string;
        /** The subcommand the options belong to (`/corpus add url:…` → `add`). */
        subcommand?: string;
        options?: OptionValues | APIApplicationCommandInteractionDataOption[];
        /** Attachment options by name: uploaded to the CDN and listed in `data.resolved.attachments`. */
        attachments?: Record<string, AttachmentSpec>;
      }
    | { type: 'autocomplete'; name: string; subcommand?: string; focused: string; options?: OptionValues }
    | { type: 'button'; customId: string; message: APIMessage }
    /** A message command (Apps → the command, on `target`): type 2, data.type 3, the message in data.resolved. */
    | { type: 'messageCommand'; name: string; target: APIMessage }
    /**
     * A modal submitted: its custom_id and each text input's custom_id → value. `message` is
     * the message whose component opened the modal (Discord sends it; only then may the
     * response update that message).
     */
    | { type: 'modal'; customId: string; fields: Record<string, string>; message?: APIMessage }
  );

export interface Surroundings {
  id: Snowflake;
  token: string;
  applicationId: Snowflake;
  place: Place;
  user: APIUser;
  dmChannel: APIDMChannel;
  /** The guild channel it happens in, as Discord sends it. */
  guildChannel: APIChannel;
  /** The bot's permissions there, computed from roles and overwrites. */
  appPermissions: bigint;
  command?: APIApplicationCommand;
  joinedAt: string;
  /** The attachments of the command's attachment options, as the CDN holds them. */
  attachments?: Record<string, APIAttachment>;
}

const OPTION_TYPES = {
  string: ApplicationCommandOptionType.String,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
} as const;

// Options are typed from the registered definition when there is one, otherwise from the JS
// value. Under a subcommand, Discord nests them in one option of type 1 named after it.
function options(
  values: OptionValues | APIApplicationCommandInteractionDataOption[] | undefined,
  command: APIApplicationCommand | undefined,
  focused?: string,
  subcommand?: string,
  attachments: Record<string, APIAttachment> = {},
): APIApplicationCommandInteractionDataOption[] {
  if (subcommand !== undefined) {
    const declared = command?.options?.find((o) => o.name === subcommand);
    if (command && declared?.type !== ApplicationCommandOptionType.Subcommand)
      throw new Error(`loopback discord: /${command.name} has no subcommand ${subcommand}`);
    const inner = options(
      values,
      declared && 'options' in declared ? ({ options: declared.options } as APIApplicationCommand) : undefined,
      focused,
      undefined,
      attachments,
    );
    return [{ name: subcommand, type: ApplicationCommandOptionType.Subcommand, options: inner } as never];
  }
  if (Array.isArray(values)) return values;
  const files = Object.entries(attachments).map(
    ([name, a]) => ({ name, type: ApplicationCommandOptionType.Attachment, value: a.id }) as never,
  );
  return [
    ...files,
    ...Object.entries(values ?? {}).map(([name, value]) => {
      const declared = command?.options?.find((o) => o.name === name)?.type;
      const type = declared ?? OPTION_TYPES[typeof value as keyof typeof OPTION_TYPES];
      return {
        name,
        type,
        value,
        ...(name === focused && { focused: true }),
      } as APIApplicationCommandInteractionDataOption;
    }),
  ];
}

/** An INTERACTION_CREATE payload with everything discord.js reads unconditionally. */
export function interaction(spec: InteractionSpec, s: Surroundings): GatewayInteractionCreateDispatchData {
  const inGuild = (spec.in ?? 'guild') === 'guild';
  const channel: APIChannel = inGuild ? s.guildChannel : s.dmChannel;
  const base = {
    id: s.id,
    application_id: s.applicationId,
    token: s.token,
    version: 1 as const,
    locale: spec.locale ?? Locale.EnglishUS,
    // In the bot's DM Discord sends the permissions a DM allows; the bot reads only guild ones.
    app_permissions: String(inGuild ? s.appPermissions : APP_PERMISSIONS),
    // discord.js calls entitlements.reduce() and Object.entries(authorizing_integration_owners).
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
    channel,
    channel_id: channel.id,
    ...(inGuild
      ? {
          guild_id: s.place.guildId,
          guild: { id: s.place.guildId, features: [], locale: Locale.EnglishUS },
          guild_locale: Locale.EnglishUS,
          member: member(s.user, spec.permissions ?? MEMBER_PERMISSIONS, s.joinedAt),
          context: InteractionContextType.Guild,
          authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: s.place.guildId },
        }
      : {
          user: s.user,
          context: InteractionContextType.BotDM,
          // Discord documents "0" as the guild-install owner for the app's own bot DM.
          authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: '0' },
        }),
  };
  switch (spec.type) {
    case 'command':
    case 'autocomplete':
      return {
        ...base,
        type:
          spec.type === 'command' ? InteractionType.ApplicationCommand : InteractionType.ApplicationCommandAutocomplete,
        data: {
          id: s.command?.id ?? '0',
          name: spec.name,
          type: ApplicationCommandType.ChatInput,
          options: options(
            spec.options,
            s.command,
            spec.type === 'autocomplete' ? spec.focused : undefined,
            spec.subcommand,
            s.attachments,
          ),
          ...(s.attachments &&
            Object.keys(s.attachments).length > 0 && {
              resolved: { attachments: Object.fromEntries(Object.values(s.attachments).map((a) => [a.id, a])) },
            }),
          ...(s.command?.guild_id && { guild_id: s.command.guild_id }),
        },
      } as GatewayInteractionCreateDispatchData;
    case 'messageCommand':
      return {
        ...base,
        type: InteractionType.ApplicationCommand,
        data: {
          id: s.command?.id ?? '0',
          name: spec.name,
          type: ApplicationCommandType.Message,
          target_id: spec.target.id,
          resolved: { messages: { [spec.target.id]: spec.target } },
          ...(s.command?.guild_id && { guild_id: s.command.guild_id }),
        },
      } as GatewayInteractionCreateDispatchData;
    case 'modal':
      return {
        ...base,
        type: InteractionType.ModalSubmit,
        ...(spec.message && { message: spec.message }),
        data: {
          custom_id: spec.customId,
          components: Object.entries(spec.fields).map(([customId, value]) => ({
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.TextInput, custom_id: customId, value }],
          })),
        },
      } as GatewayInteractionCreateDispatchData;
    case 'button':
      return {
        ...base,
        type: InteractionType.MessageComponent,
        // discord.js builds a Message from this unconditionally.
        message: spec.message,
        data: { custom_id: spec.customId, component_type: ComponentType.Button },
      } as GatewayInteractionCreateDispatchData;
  }
}
