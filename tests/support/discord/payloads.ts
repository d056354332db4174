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
  type APIChannel,
  type APIDMChannel,
  type APITextChannel,
  type ChannelFlags,
  type GuildMemberFlags,
  type RoleFlags,
  type APIInteractionGuildMember,
  type APIMessage,
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

/** The bot's own permissions in the channel (`app_permissions`). */
export const APP_PERMISSIONS = MEMBER_PERMISSIONS | PermissionFlagsBits.UseExternalEmojis;

export function user(id: Snowflake, username: string, bot = false): APIUser {
  return { id, username, discriminator: '0', global_name: username, avatar: null, ...(bot && { bot: true }) };
}

export interface Place {
  guildId: Snowflake;
  channelId: Snowflake;
  ownerId: Snowflake;
}

export function textChannel(place: Place): APITextChannel {
  return {
    id: place.channelId,
    type: ChannelType.GuildText,
    guild_id: place.guildId,
    name: 'general',
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    parent_id: null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
  };
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

/** GUILD_CREATE for a one-channel guild; discord.js caches the channel from it. */
export function guildCreate(place: Place, bot: APIUser, joinedAt: string): GatewayGuildCreateDispatchData {
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
    roles: [
      {
        id: place.guildId, // @everyone shares the guild's id
        name: '@everyone',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: String(MEMBER_PERMISSIONS),
        managed: false,
        mentionable: false,
        flags: 0 as RoleFlags,
      },
    ],
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
    members: [{ user: bot, roles: [], joined_at: joinedAt, deaf: false, mute: false, flags: 0 as GuildMemberFlags }],
    channels: [textChannel(place)],
    threads: [],
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
  /** The bot's own permissions in the channel (`app_permissions`); APP_PERMISSIONS by default. */
  appPermissions?: bigint;
  locale?: Locale;
}

export type OptionValues = Record<string, string | number | boolean>;

export type InteractionSpec = InteractionContext &
  (
    | { type: 'command'; name: string; options?: OptionValues | APIApplicationCommandInteractionDataOption[] }
    | { type: 'autocomplete'; name: string; focused: string; options?: OptionValues }
    | { type: 'button'; customId: string; message: APIMessage }
  );

export interface Surroundings {
  id: Snowflake;
  token: string;
  applicationId: Snowflake;
  place: Place;
  user: APIUser;
  dmChannel: APIDMChannel;
  command?: APIApplicationCommand;
  joinedAt: string;
}

const OPTION_TYPES = {
  string: ApplicationCommandOptionType.String,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
} as const;

// Options are typed from the registered definition when there is one, otherwise from the JS value.
function options(
  values: OptionValues | APIApplicationCommandInteractionDataOption[] | undefined,
  command: APIApplicationCommand | undefined,
  focused?: string,
): APIApplicationCommandInteractionDataOption[] {
  if (Array.isArray(values)) return values;
  return Object.entries(values ?? {}).map(([name, value]) => {
    const declared = command?.options?.find((o) => o.name === name)?.type;
    const type = declared ?? OPTION_TYPES[typeof value as keyof typeof OPTION_TYPES];
    return {
      name,
      type,
      value,
      ...(name === focused && { focused: true }),
    } as APIApplicationCommandInteractionDataOption;
  });
}

/** An INTERACTION_CREATE payload with everything discord.js reads unconditionally. */
export function interaction(spec: InteractionSpec, s: Surroundings): GatewayInteractionCreateDispatchData {
  const inGuild = (spec.in ?? 'guild') === 'guild';
  const channel: APIChannel = inGuild ? textChannel(s.place) : s.dmChannel;
  const base = {
    id: s.id,
    application_id: s.applicationId,
    token: s.token,
    version: 1 as const,
    locale: spec.locale ?? Locale.EnglishUS,
    app_permissions: String(spec.appPermissions ?? APP_PERMISSIONS),
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
          options: options(spec.options, s.command, spec.type === 'autocomplete' ? spec.focused : undefined),
          ...(s.command?.guild_id && { guild_id: s.command.guild_id }),
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
