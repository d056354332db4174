// Discord's HTTP API under /api/v10: the routes a bot needs, Discord's interaction rules,
// validation of every body, and rate limits / server errors on demand.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ChannelType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIMessage,
  type RESTGetAPIGatewayBotResult,
} from 'discord-api-types/v10';
import { message } from './payloads.ts';
import type { InteractionRecord, UploadedFile, World } from './state.ts';
import { checkBody, multipartFileFields, toDiscordErrors } from './validate.ts';

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Context {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** Files uploaded with the body (multipart/form-data). */
  files: UploadedFile[];
}

/** Discord's upload limit for a bot's message in a server without boosts: 10 MiB in all. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

interface Route {
  method: string;
  template: string;
  /** The operation in Discord's OpenAPI description whose requestBody the body must satisfy. */
  operationId?: string;
  /** Whether the route needs `Authorization: Bot <token>` (interaction webhooks do not). */
  auth: boolean;
  handle: (ctx: Context) => Reply;
}

/** Answer the next `count` requests to `route` (e.g. `POST /channels/:id/messages`, or `*`) with 429. */
export interface RateLimitFault {
  route: string;
  count?: number;
  retryAfterMs?: number;
  /** A global limit sets `X-RateLimit-Global`, which stalls every route in discord.js. */
  global?: boolean;
}

/** Answer the next `count` requests to `route` with a 5xx (discord.js retries up to 3 times). */
export interface ServerErrorFault {
  route: string;
  count?: number;
  status?: number;
}

type Fault = { route: string; remaining: number; reply: () => Reply };

const error = (status: number, code: number, text: string, extra?: object): Reply => ({
  status,
  body: { message: text, code, ...extra },
});
const UNKNOWN_INTERACTION = error(404, 10062, 'Unknown interaction');
const ALREADY_ACKNOWLEDGED = error(400, 40060, 'Interaction has already been acknowledged.');
const INVALID_WEBHOOK_TOKEN = error(401, 50027, 'Invalid Webhook Token');
const UNKNOWN_WEBHOOK = error(404, 10015, 'Unknown Webhook');
const UNKNOWN_MESSAGE = error(404, 10008, 'Unknown Message');
const MISSING_ACCESS = error(403, 50001, 'Missing Access');
const EMPTY_MESSAGE = error(400, 50006, 'Cannot send an empty message');
const MISSING_PERMISSIONS = error(403, 50013, 'Missing Permissions');
const NOT_TEXT = error(400, 50008, 'Cannot send messages in a non-text channel');
const REPLY_WITHOUT_HISTORY = error(400, 160002, 'Cannot reply without permission to read message history');
const UNKNOWN_REFERENCE = error(400, 50035, 'Invalid Form Body', {
  errors: {
    message_reference: {
      _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }],
    },
  },
});
/** How long Discord remembers a nonce for `enforce_nonce` ("the past few minutes"). */
const NONCE_MEMORY_MS = 5 * 60_000;
const ok = (body?: unknown): Reply => (body === undefined ? { status: 204 } : { status: 200, body });

// Which callback types Discord accepts for which interaction types.
const CALLBACKS: Partial<Record<InteractionType, InteractionResponseType[]>> = {
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  // A modal submit may not be answered with another modal ("not available for MODAL_SUBMIT
  // and PING interactions"); it may update the message only when a component on that
  // message opened the modal (checked in callback()).
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};
const UPDATES: readonly InteractionResponseType[] = [
  InteractionResponseType.DeferredMessageUpdate,
  InteractionResponseType.UpdateMessage,
];

type Body = Record<string, unknown>;
const ALL = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);
const asBody = (v: unknown): Body => (typeof v === 'object' && v !== null ? (v as Body) : {});
const isEmpty = (b: Body, files: readonly UploadedFile[] = []) =>
  files.length === 0 &&
  !b.content &&
  !(Array.isArray(b.embeds) && b.embeds.length) &&
  !(Array.isArray(b.components) && b.components.length) &&
  !b.poll &&
  !(Array.isArray(b.sticker_ids) && b.sticker_ids.length);

export class Rest {
  private readonly faults: Fault[] = [];
  private readonly routes: Route[];

  constructor(
    private readonly world: World,
    private readonly gatewayUrl: () => string,
    /** Tells the gateway about a message the bot created (MESSAGE_CREATE goes to the bot too). */
    private readonly created: (message: APIMessage) => void = () => undefined,
  ) {
    this.routes = this.table();
  }

  rateLimit({ route, count = 1, retryAfterMs = 100, global = false }: RateLimitFault): void {
    const seconds = retryAfterMs / 1_000;
    this.faults.push({
      route,
      remaining: count,
      reply: () => ({
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: seconds, global },
        // Discord rounds Retry-After up to whole seconds; @discordjs/rest reads it as a number,
        // so the exact fraction keeps tests fast without changing what it does with it.
        headers: {
          'Retry-After': String(seconds),
          'X-RateLimit-Limit': '5',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset-After': String(seconds),
          'X-RateLimit-Bucket': `loopback-${route}`,
          'X-RateLimit-Scope': global ? 'global' : 'user',
          ...(global && { 'X-RateLimit-Global': 'true' }),
        },
      }),
    });
  }

  serverError({ route, count = 1, status = 500 }: ServerErrorFault): void {
    this.faults.push({ route, remaining: count, reply: () => error(status, 0, `${status}: Server Error`) });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    const bytes = await readBody(req);
    const type = req.headers['content-type'] ?? '';
    // A multipart body (a message with files) carries the JSON body in `payload_json` and
    // each file as `files[n]`, as Discord's reference says.
    const form = type.startsWith('multipart/form-data') ? await readForm(bytes, type) : undefined;
    const raw = form ? form.payload : bytes.toString('utf8');
    const files = form?.files ?? [];
    let body: unknown;
    let routeName = '?';
    let reply: Reply;
    try {
      const found = this.match(method, url.pathname);
      if (!found) {
        reply = error(404, 0, '404: Not Found');
      } else {
        const { route, params } = found;
        routeName = `${route.method} ${route.template}`;
        reply = form?.error
          ? this.refuseForm(route, routeName, form.error)
          : this.run(route, routeName, req, raw, files, params, query, (parsed) => (body = parsed));
      }
    } catch (e) {
      // A bug in the loopback itself: answer like Discord's 500 and keep the reason visible.
      reply = error(500, 0, `loopback discord: ${(e as Error).stack ?? String(e)}`);
    }
    this.world.requests.push({
      method,
      route: routeName,
      path: url.pathname,
      query,
      body,
      at: this.world.now(),
      status: reply.status,
      response: reply.body,
      ...(files.length > 0 && { files }),
    });
    res.writeHead(reply.status, {
      ...(reply.body !== undefined && { 'Content-Type': 'application/json' }),
      ...reply.headers,
    });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    this.world.changed();
  }

  private run(
    route: Route,
    routeName: string,
    req: IncomingMessage,
    raw: string,
    files: UploadedFile[],
    params: Record<string, string>,
    query: Record<string, string>,
    keep: (body: unknown) => void,
  ): Reply {
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return error(400, 50109, 'The request body contains invalid JSON.');
      }
    }
    keep(body);
    const fault = this.faults.find((f) => f.remaining > 0 && (f.route === '*' || f.route === routeName));
    if (fault) {
      fault.remaining--;
      return fault.reply();
    }
    if (route.auth && req.headers.authorization !== `Bot ${this.world.token}`) {
      return error(401, 0, '401: Unauthorized');
    }
    if (route.operationId && body !== undefined) {
      const problems = checkBody(route.operationId, body);
      if (problems.length > 0) {
        this.world.violations.push({
          route: routeName,
          operationId: route.operationId,
          reasons: problems.map((p) => `${p.path.join('/') || '(body)'}: ${p.message}`),
          body,
        });
        return error(400, 50035, 'Invalid Form Body', { errors: toDiscordErrors(problems) });
      }
    }
    if (files.length > 0) {
      const problems = this.checkFiles(route, body, files);
      if (problems.length > 0) {
        this.world.violations.push({ route: routeName, operationId: route.operationId ?? '', reasons: problems, body });
        return problems.some((p) => p.startsWith('too large'))
          ? error(413, 40005, 'Request entity too large')
          : error(400, 50035, 'Invalid Form Body', { reasons: problems });
      }
    }
    return route.handle({ params, query, body, files });
  }

  /** A multipart body Discord would not read at all. */
  private refuseForm(route: Route, routeName: string, reason: string): Reply {
    this.world.violations.push({
      route: routeName,
      operationId: route.operationId ?? '',
      reasons: [reason],
      body: undefined,
    });
    return error(400, 50035, reason);
  }

  /**
   * The files of a multipart body against Discord's rules: only the `files[n]` fields the
   * operation's multipart schema lists, at most 10 MiB in all, and every entry of the
   * body's `attachments` that names an upload by id names one that was sent.
   */
  private checkFiles(route: Route, body: unknown, files: UploadedFile[]): string[] {
    const allowed = route.operationId ? multipartFileFields(route.operationId) : [];
    const problems: string[] = [];
    if (allowed.length === 0) problems.push(`${route.template} takes no files`);
    for (const f of files)
      if (!allowed.includes(f.field)) problems.push(`${f.field}: not a files[n] field of this operation`);
    const size = files.reduce((n, f) => n + f.data.length, 0);
    if (size > MAX_UPLOAD_BYTES) problems.push(`too large: ${size} bytes of files, more than ${MAX_UPLOAD_BYTES}`);
    const attachments = asBody(body).attachments;
    if (Array.isArray(attachments)) {
      for (const [k, a] of attachments.entries()) {
        const id = String(asBody(a).id);
        if (/^\d+$/.test(id) && id.length < 3 && !files.some((f) => f.field === `files[${id}]`))
          problems.push(`attachments/${k}/id: no files[${id}] was uploaded`);
      }
    }
    return problems;
  }

  private match(method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
    const prefix = '/api/v10/';
    if (!pathname.startsWith(prefix)) return undefined;
    const parts = pathname.slice(prefix.length).split('/').map(decodeURIComponent);
    for (const route of this.routes) {
      const pattern = route.template.slice(1).split('/');
      if (route.method !== method || pattern.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const fits = pattern.every((p, i) => {
        const part = parts[i] ?? '';
        if (p.startsWith(':')) params[p.slice(1)] = part;
        return p.startsWith(':') || p === part;
      });
      if (fits) return { route, params };
    }
    return undefined;
  }

  private table(): Route[] {
    const w = this.world;
    const route = (
      method: string,
      template: string,
      auth: boolean,
      operationId: string | undefined,
      handle: Route['handle'],
    ) => ({ method, template, auth, operationId, handle }) satisfies Route;
    const app = (ctx: Context, then: () => Reply) => (ctx.params.app === w.applicationId ? then() : MISSING_ACCESS);
    const guild = (ctx: Context, then: () => Reply) =>
      app(ctx, () => (ctx.params.guild === w.place.guildId ? then() : MISSING_ACCESS));

    return [
      route('GET', '/gateway/bot', true, 'get_bot_gateway', () =>
        ok({
          url: this.gatewayUrl(),
          shards: w.shards,
          session_start_limit: {
            total: 1_000,
            remaining: 999,
            reset_after: 14_400_000,
            max_concurrency: w.maxConcurrency,
          },
        } satisfies RESTGetAPIGatewayBotResult),
      ),
      route('GET', '/applications/:app/commands', true, undefined, (ctx) => app(ctx, () => ok(w.globalCommands))),
      route('PUT', '/applications/:app/commands', true, 'bulk_set_application_commands', (ctx) =>
        app(ctx, () => ok((w.globalCommands = this.registered(ctx.body, w.globalCommands)))),
      ),
      route('GET', '/applications/:app/guilds/:guild/commands', true, undefined, (ctx) =>
        guild(ctx, () => ok(w.guildCommands.get(w.place.guildId) ?? [])),
      ),
      route('PUT', '/applications/:app/guilds/:guild/commands', true, 'bulk_set_guild_application_commands', (ctx) =>
        guild(ctx, () => {
          const commands = this.registered(ctx.body, w.guildCommands.get(w.place.guildId) ?? [], w.place.guildId);
          w.guildCommands.set(w.place.guildId, commands);
          return ok(commands);
        }),
      ),
      route('POST', '/interactions/:id/:token/callback', false, 'create_interaction_response', (ctx) =>
        this.callback(ctx),
      ),
      route('GET', '/webhooks/:app/:token/messages/@original', false, undefined, (ctx) =>
        this.webhook(ctx, (rec) => (rec.original ? ok(rec.original) : UNKNOWN_MESSAGE)),
      ),
      route('PATCH', '/webhooks/:app/:token/messages/@original', false, 'update_original_webhook_message', (ctx) =>
        this.webhook(ctx, (rec) => this.edit(rec, rec.original, asBody(ctx.body))),
      ),
      route('DELETE', '/webhooks/:app/:token/messages/@original', false, undefined, (ctx) =>
        this.webhook(ctx, (rec) => {
          if (!rec.original) return UNKNOWN_MESSAGE;
          const list = w.messages.get(rec.channelId) ?? [];
          w.messages.set(
            rec.channelId,
            list.filter((m) => m !== rec.original),
          );
          rec.original = undefined;
          return ok();
        }),
      ),
      route('PATCH', '/webhooks/:app/:token/messages/:message', false, 'update_webhook_message', (ctx) =>
        this.webhook(ctx, (rec) =>
          this.edit(
            rec,
            [rec.original, ...rec.followUps].find((m) => m?.id === ctx.params.message),
            asBody(ctx.body),
          ),
        ),
      ),
      route('POST', '/webhooks/:app/:token', false, 'execute_webhook', (ctx) =>
        this.webhook(ctx, (rec) => {
          const body = asBody(ctx.body);
          if (isEmpty(body, ctx.files)) return EMPTY_MESSAGE;
          const sent = w.addMessage(this.botMessage(rec.channelId, body, true, ctx.files));
          rec.followUps.push(sent);
          // Without ?wait=true Discord answers 204 and the sender never sees the message.
          return ctx.query.wait === 'true' ? ok(sent) : ok();
        }),
      ),
      route('POST', '/channels/:channel/messages', true, 'create_message', (ctx) =>
        this.createMessage(ctx.params.channel ?? '', asBody(ctx.body), ctx.files),
      ),
      // The guilds the bot is in (the loopback has one), as partial guilds.
      route('GET', '/users/@me/guilds', true, undefined, () =>
        ok([
          {
            id: w.place.guildId,
            name: 'Loopback Guild',
            icon: null,
            banner: null,
            owner: false,
            permissions: String(w.everyonePermissions | w.botRolePermissions),
            features: [],
          },
        ]),
      ),
      route('POST', '/users/@me/channels', true, 'create_dm', (ctx) => {
        const recipient = w.users.get(String(asBody(ctx.body).recipient_id));
        return recipient ? ok(w.dmWith(recipient)) : error(400, 50033, 'Invalid Recipient(s)');
      }),
    ];
  }

  // Discord keeps a command's id when a bulk overwrite carries the same name and type.
  // `contexts` and `integration_types` are for global commands only: a guild's copy is
  // stored without them, whatever the request said.
  private registered(body: unknown, previous: APIApplicationCommand[], guildId?: string): APIApplicationCommand[] {
    const w = this.world;
    return (Array.isArray(body) ? body : []).map((raw) => {
      const { contexts, integration_types, ...rest } = asBody(raw);
      const c = guildId ? rest : { ...rest, contexts, integration_types };
      const type = (c.type as number | undefined) ?? 1;
      const old = previous.find((p) => p.name === c.name && p.type === type);
      return {
        default_member_permissions: null,
        nsfw: false,
        description: '',
        ...c,
        type,
        id: old?.id ?? w.nextId(),
        application_id: w.applicationId,
        version: w.nextId(),
        ...(guildId && { guild_id: guildId }),
      } as APIApplicationCommand;
    });
  }

  /**
   * POST /channels/:id/messages as Discord answers it: 10003 for an unknown channel; in a
   * guild, 50001 without View Channel, 50008 in a forum (posts are threads), 50013 without
   * Send Messages (Send Messages in Threads in a thread); embeds dropped without Embed Links
   * (50006 if nothing is left); a reply needs Read Message History (160002) and a message
   * to refer to (50035 unless `fail_if_not_exists` is false, when it is sent as no reply);
   * with `enforce_nonce`, a nonce used in the last minutes returns that message again;
   * files need Attach Files (50013).
   */
  private createMessage(channelId: string, body: Body, files: UploadedFile[] = []): Reply {
    const w = this.world;
    if (!w.channelExists(channelId)) return error(404, 10003, 'Unknown Channel');
    const inGuild = !w.isDm(channelId);
    const perms = inGuild ? w.botPermissionsIn(channelId) : ALL;
    if (inGuild) {
      if (!(perms & PermissionFlagsBits.ViewChannel)) return MISSING_ACCESS;
      if (w.channels.get(channelId)?.type === ChannelType.GuildForum) return NOT_TEXT;
      const send = w.isThread(channelId) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
      if (!(perms & send)) return MISSING_PERMISSIONS;
      if (files.length > 0 && !(perms & PermissionFlagsBits.AttachFiles)) return MISSING_PERMISSIONS;
    }
    const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? String(body.nonce) : undefined;
    if (nonce !== undefined && body.enforce_nonce === true) {
      const seen = w.nonces.get(`${channelId}:${nonce}`);
      if (seen && w.now() - seen.at < NONCE_MEMORY_MS) return ok(seen.message);
    }
    let sent = body;
    if (Array.isArray(body.embeds) && body.embeds.length > 0 && !(perms & PermissionFlagsBits.EmbedLinks)) {
      sent = { ...sent, embeds: [] };
    }
    if (isEmpty(sent, files)) return EMPTY_MESSAGE;
    const ref = asBody(body.message_reference);
    let reference: APIMessage['message_reference'];
    if (typeof ref.message_id === 'string') {
      if (inGuild && !(perms & PermissionFlagsBits.ReadMessageHistory)) return REPLY_WITHOUT_HISTORY;
      const target = w.messages.get(channelId)?.find((m) => m.id === ref.message_id);
      if (target)
        reference = { message_id: target.id, channel_id: channelId, ...(inGuild && { guild_id: w.place.guildId }) };
      else if (ref.fail_if_not_exists !== false) return UNKNOWN_REFERENCE;
    }
    const made = w.addMessage({
      ...this.botMessage(channelId, sent, false, files),
      ...(reference && { type: MessageType.Reply, message_reference: reference }),
      ...(nonce !== undefined && { nonce }),
    });
    if (nonce !== undefined) w.nonces.set(`${channelId}:${nonce}`, { message: made, at: w.now() });
    this.created(made);
    return ok(made);
  }

  private botMessage(channelId: string, body: Body, viaWebhook: boolean, files: UploadedFile[] = []): APIMessage {
    const w = this.world;
    const sent = message({
      id: w.nextId(),
      channelId,
      author: w.bot,
      timestamp: w.timestamp(),
      body,
      ...(viaWebhook && { webhookId: w.applicationId }),
    });
    if (files.length === 0) return sent;
    // Each upload becomes an attachment on Discord's CDN; `attachment://name` in an embed
    // then points at it.
    const described = Array.isArray(body.attachments) ? body.attachments.map(asBody) : [];
    sent.attachments = files.map((f) => {
      const n = f.field.slice(6, -1);
      const meta = described.find((a) => String(a.id) === n);
      const filename = typeof meta?.filename === 'string' ? meta.filename : f.filename;
      const id = w.nextId();
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${filename}`;
      return {
        id,
        filename,
        size: f.data.length,
        url,
        proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
        content_type: f.contentType,
        ...(typeof meta?.description === 'string' && { description: meta.description }),
      };
    });
    for (const embed of sent.embeds) {
      const image = embed.image;
      const named =
        image?.url.startsWith('attachment://') &&
        sent.attachments.find((a) => `attachment://${a.filename}` === image.url);
      if (image && named) embed.image = { ...image, url: named.url, proxy_url: named.proxy_url };
    }
    return sent;
  }

  private callback(ctx: Context): Reply {
    const w = this.world;
    const rec = w.interactions.get(ctx.params.id ?? '');
    if (!rec || rec.token !== ctx.params.token) return UNKNOWN_INTERACTION;
    if (w.now() - rec.dispatchedAt > w.interactionWindowMs) return UNKNOWN_INTERACTION;
    if (rec.responses.length > 0) return ALREADY_ACKNOWLEDGED;
    const body = asBody(ctx.body);
    const data = asBody(body.data);
    const type = body.type as InteractionResponseType;
    const updatesNothing = rec.type === InteractionType.ModalSubmit && UPDATES.includes(type) && !rec.sourceMessage;
    if (!CALLBACKS[rec.type]?.includes(type) || updatesNothing) {
      const reason = updatesNothing
        ? `type: callback type ${type} updates a message, and this modal was not opened from one`
        : `type: callback type ${type} is not valid for interaction type ${rec.type}`;
      w.violations.push({
        route: 'POST /interactions/:id/:token/callback',
        operationId: 'create_interaction_response',
        reasons: [reason],
        body,
      });
      return error(400, 50035, 'Invalid Form Body', {
        errors: { type: { _errors: [{ code: 'INTERACTION_CALLBACK_TYPE_INVALID', message: reason }] } },
      });
    }
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        if (isEmpty(data)) return EMPTY_MESSAGE;
        rec.original = w.addMessage(this.botMessage(rec.channelId, data, true));
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        // "Bot is thinking...": a loading message, ephemeral when the defer asked for it.
        const flags = MessageFlags.Loading | ((data.flags as number | undefined) ?? 0);
        rec.original = w.addMessage(this.botMessage(rec.channelId, { flags }, true));
        break;
      }
      case InteractionResponseType.UpdateMessage:
        if (rec.sourceMessage)
          Object.assign(rec.sourceMessage, pickMessageFields(data), { edited_timestamp: w.timestamp() });
        rec.original = rec.sourceMessage;
        break;
      case InteractionResponseType.DeferredMessageUpdate:
        rec.original = rec.sourceMessage;
        break;
      default:
        break;
    }
    rec.responses.push(body);
    if (ctx.query.with_response !== 'true') return ok();
    const original = rec.original;
    return ok({
      interaction: {
        id: rec.id,
        type: rec.type,
        ...(original && {
          response_message_id: original.id,
          response_message_loading: Boolean(original.flags && original.flags & MessageFlags.Loading),
          response_message_ephemeral: Boolean(original.flags && original.flags & MessageFlags.Ephemeral),
        }),
      },
      resource: { type, ...(original && { message: original }) },
    });
  }

  private webhook(ctx: Context, then: (rec: InteractionRecord) => Reply): Reply {
    const w = this.world;
    if (ctx.params.app !== w.applicationId) return UNKNOWN_WEBHOOK;
    const rec = [...w.interactions.values()].find((r) => r.token === ctx.params.token);
    if (!rec || w.now() - rec.dispatchedAt > w.interactionTokenTtlMs) return INVALID_WEBHOOK_TOKEN;
    // Until the interaction is answered there is no webhook to edit or follow up on.
    if (rec.responses.length === 0) return UNKNOWN_WEBHOOK;
    return then(rec);
  }

  private edit(rec: InteractionRecord, target: APIMessage | undefined, body: Body): Reply {
    if (!target) return UNKNOWN_MESSAGE;
    const flags = (target.flags ?? 0) & ~MessageFlags.Loading;
    Object.assign(target, pickMessageFields(body), { flags, edited_timestamp: this.world.timestamp() });
    rec.edits.push(body);
    return ok(target);
  }
}

function pickMessageFields(body: Body): Partial<APIMessage> {
  const keys = ['content', 'embeds', 'components'] as const;
  return Object.fromEntries(keys.filter((k) => k in body).map((k) => [k, body[k] ?? (k === 'content' ? '' : [])]));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A multipart/form-data body: its `payload_json`, its files, or why it cannot be read. */
async function readForm(
  bytes: Buffer,
  type: string,
): Promise<{ payload: string; files: UploadedFile[]; error?: string }> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
  } catch (e) {
    return { payload: '', files: [], error: `multipart/form-data body could not be read: ${(e as Error).message}` };
  }
  const files: UploadedFile[] = [];
  let payload = '';
  const others: string[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value !== 'string') {
      files.push({
        field,
        filename: value.name,
        contentType: value.type,
        data: Buffer.from(await value.arrayBuffer()),
      });
    } else if (field === 'payload_json') payload = value;
    else others.push(field);
  }
  const error =
    others.length > 0 ? `multipart fields other than payload_json and files[n]: ${others.join(', ')}` : undefined;
  return { payload, files, ...(error && { error }) };
}
