// The loopback Discord, exercised by the real discord.js client over real sockets. The bot
// here is a throwaway: each test says how it answers, so what is tested is the server.
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  Routes,
  type GuildChannel,
  type Interaction,
  type Message,
  type MessageCreateOptions,
} from 'discord.js';
import { ChannelType, InteractionResponseType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackDiscord, type LoopbackDiscord } from '../support/discord/index.ts';

const NO_MENTIONS = { parse: [] };

/** A clock the test moves by hand; the server uses it for the 3 s and 15 min windows. */
const clock = { t: Date.parse('2026-07-01T12:00:00Z'), now: () => clock.t };

let discord: LoopbackDiscord;
let client: Client;
let onInteraction: (i: Interaction) => Promise<unknown>;
let onMessage: (m: Message) => Promise<unknown>;

function newClient(d: LoopbackDiscord): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // DM channels are not cached before their first message: without this partial discord.js drops DMs.
    partials: [Partials.Channel],
    rest: { api: d.restUrl },
  });
}

async function login(c: Client, token: string): Promise<void> {
  const ready = new Promise((resolve) => c.once(Events.ClientReady, resolve));
  await c.login(token);
  await ready;
}

function sendTo(m: Message, options: MessageCreateOptions): Promise<Message> {
  if (!m.channel.isSendable()) throw new Error(`cannot send in channel ${m.channelId}`);
  return m.channel.send(options);
}

/** A promise with its resolve exposed, to hold the bot until the test has moved the clock. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

beforeEach(async () => {
  discord = await startLoopbackDiscord({ heartbeatIntervalMs: 300, now: clock.now });
  onInteraction = async () => {};
  onMessage = async () => {};
  client = newClient(discord);
  client.on(Events.InteractionCreate, (i) => void onInteraction(i));
  client.on(Events.MessageCreate, (m) => void (m.author.bot ? undefined : onMessage(m)));
  await login(client, discord.token);
});

afterEach(async () => {
  try {
    expect(discord.violations).toEqual([]);
  } finally {
    await client.destroy();
    await discord.close();
  }
});

describe('loopback discord: gateway', () => {
  it('brings the real client to ready with the bot user and the guild', () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(discord.bot.id);
    expect(client.guilds.cache.get(discord.guildId)?.channels.cache.has(discord.channelId)).toBe(true);
    expect(discord.requests.map((r) => `${r.route} ${r.status}`)).toEqual(['GET /gateway/bot 200']);
    expect(discord.gatewayLog.map((e) => e.kind)).toEqual(['connect', 'identify', 'ready']);
  });

  it('refuses a wrong token on REST, so login rejects', async () => {
    const other = newClient(discord);
    try {
      await expect(other.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
      expect(discord.requests.at(-1)).toMatchObject({ route: 'GET /gateway/bot', status: 401 });
    } finally {
      await other.destroy();
    }
  });

  it('closes IDENTIFY with 4004 when the token was reset after /gateway/bot, and login rejects', async () => {
    await client.destroy();
    const since = discord.requests.length;
    const logSince = discord.gatewayLog.length;
    client = newClient(discord);
    const attempt = client.login(discord.token);
    await discord.waitForRequest('GET /gateway/bot', since);
    discord.resetToken();
    await expect(attempt).rejects.toThrow('Authentication failed');
    expect(discord.gatewayLog.slice(logSince)).toContainEqual(
      expect.objectContaining({ kind: 'close', by: 'discord', code: 4004 }),
    );
  });

  it('resumes after withheld heartbeat ACKs and still answers the next command', async () => {
    const since = discord.gatewayLog.length;
    discord.faults.withholdHeartbeatAcks(1);
    await discord.waitForGateway('resumed', since);
    expect(discord.gatewayLog.slice(since).map((e) => e.kind)).not.toContain('identify');
    onInteraction = async (i) =>
      i.isChatInputCommand() && i.reply({ content: 'still here', allowedMentions: NO_MENTIONS });
    const handle = await discord.interaction({ type: 'command', name: 'ping' });
    expect(await handle.response()).toMatchObject({ data: { content: 'still here' } });
  });

  it('replays an event dispatched while the connection was down', async () => {
    onInteraction = async (i) =>
      i.isChatInputCommand() && i.reply({ content: 'replayed', allowedMentions: NO_MENTIONS });
    const since = discord.gatewayLog.length;
    discord.faults.dropConnection();
    const handle = await discord.interaction({ type: 'command', name: 'ping' });
    expect(await handle.response()).toMatchObject({ data: { content: 'replayed' } });
    expect(discord.gatewayLog.slice(since).map((e) => e.kind)).toContain('resumed');
  });

  it.each([
    ['op 7 RECONNECT', () => discord.faults.reconnect()],
    ['close code 4000', () => discord.faults.closeGateway(4000, 'Unknown error')],
    ['a resumable op 9 INVALID_SESSION', () => discord.faults.invalidSession(true)],
  ])('resumes rather than re-identifies after %s', async (_, fault) => {
    const since = discord.gatewayLog.length;
    fault();
    await discord.waitForGateway('resumed', since);
    expect(discord.gatewayLog.slice(since).map((e) => e.kind)).not.toContain('identify');
  });

  it('blanks guild messages that do not mention the bot, as Discord does without MessageContent', async () => {
    onMessage = async (m) => m.inGuild() && sendTo(m, { content: `saw "${m.content}"`, allowedMentions: NO_MENTIONS });
    expect(await discord.message('plain words')).toMatchObject({ content: 'saw ""' });
    expect(await discord.message('hello', { mentionBot: true })).toMatchObject({
      content: `saw "<@${discord.bot.id}> hello"`,
    });
  });
});

describe('loopback discord: interactions', () => {
  it('takes a reply to a slash command', async () => {
    const answered = gate<string | undefined>();
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      const who = i.options.getString('who');
      const callback = await i.reply({ content: `hello ${who}`, allowedMentions: NO_MENTIONS, withResponse: true });
      answered.open(callback.resource?.message?.content);
    };
    const handle = await discord.interaction({ type: 'command', name: 'greet', options: { who: 'world' } });
    expect(await answered.promise).toBe('hello world'); // discord.js parsed the with_response body
    expect(await handle.response()).toEqual({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: expect.objectContaining({ content: 'hello world' }),
    });
    expect(handle.record.original?.content).toBe('hello world');
  });

  it('takes deferReply then editReply, clearing the loading state', async () => {
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: 'done thinking', allowedMentions: NO_MENTIONS });
    };
    const handle = await discord.interaction({ type: 'command', name: 'slow' });
    expect((await handle.response()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect((await handle.edits())[0]).toMatchObject({ content: 'done thinking' });
    expect(handle.record.original).toMatchObject({ content: 'done thinking', flags: 0 });
  });

  it('takes a follow-up after the reply', async () => {
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'first', allowedMentions: NO_MENTIONS });
      await i.followUp({ content: 'second', allowedMentions: NO_MENTIONS });
    };
    const handle = await discord.interaction({ type: 'command', name: 'two', in: 'dm' });
    const [followUp] = await handle.followUps();
    expect(followUp).toMatchObject({ content: 'second', channel_id: handle.payload.channel?.id });
  });

  it('passes member permissions in a guild and the user in a DM', async () => {
    const seen: Array<[boolean, boolean | undefined]> = [];
    onInteraction = async (i) => {
      seen.push([i.inGuild(), i.memberPermissions?.has('ManageGuild')]);
      if (i.isChatInputCommand()) await i.reply({ content: 'ok', allowedMentions: NO_MENTIONS });
    };
    await (await discord.interaction({ type: 'command', name: 'admin', permissions: 1n << 5n })).response();
    await (await discord.interaction({ type: 'command', name: 'admin' })).response();
    await (await discord.interaction({ type: 'command', name: 'admin', in: 'dm' })).response();
    expect(seen).toEqual([
      [true, true],
      [true, false],
      [false, undefined],
    ]);
  });

  it('takes autocomplete choices', async () => {
    onInteraction = async (i) =>
      i.isAutocomplete() && i.respond([{ name: `${i.options.getFocused()}tion`, value: 'election' }]);
    const handle = await discord.interaction({
      type: 'autocomplete',
      name: 'search',
      focused: 'query',
      options: { query: 'elec' },
    });
    expect(await handle.response()).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [{ name: 'election', value: 'election' }] },
    });
  });

  it('dispatches a button press on the bot message and takes an update', async () => {
    onInteraction = async (i) => {
      if (i.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary),
        );
        await i.reply({ content: 'page 1', components: [row], allowedMentions: NO_MENTIONS });
      } else if (i.isButton()) {
        await i.update({ content: `page 2 via ${i.customId}`, components: [] });
      }
    };
    const command = await discord.interaction({ type: 'command', name: 'pages' });
    await command.response();
    const message = command.record.original;
    if (!message) throw new Error('no original message');
    const press = await discord.interaction({ type: 'button', customId: 'more', message });
    expect((await press.response()).type).toBe(InteractionResponseType.UpdateMessage);
    expect(message).toMatchObject({ content: 'page 2 via more', components: [] });
  });

  it('sends subcommand options, attachments in data.resolved, and focused options under a subcommand', async () => {
    const seen: string[] = [];
    onInteraction = async (i) => {
      if (i.isAutocomplete()) {
        seen.push(`${i.options.getSubcommand()} ${i.options.getFocused(true).name}=${i.options.getFocused()}`);
        await i.respond([{ name: 'one', value: 'one' }]);
      } else if (i.isChatInputCommand()) {
        const file = i.options.getAttachment('file');
        seen.push(`${i.options.getSubcommand()} ${file?.name} ${file?.size} ${new URL(file!.url).host}`);
        const bytes = Buffer.from(await (await fetch(discord.cdnUrl(file!.url))).arrayBuffer());
        await i.reply({ content: bytes.toString('utf8'), allowedMentions: NO_MENTIONS });
      }
    };
    const typed = await discord.interaction({
      type: 'autocomplete',
      name: 'corpus',
      subcommand: 'remove',
      focused: 'id',
      options: { id: 'den' },
    });
    expect(await typed.response()).toMatchObject({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
    });
    const data = Buffer.from('---\nid: x\n---\ntext\n');
    const handle = await discord.interaction({
      type: 'command',
      name: 'corpus',
      subcommand: 'add',
      attachments: { file: { filename: 'x.md', data, contentType: 'text/markdown' } },
    });
    expect(await handle.response()).toMatchObject({ data: { content: data.toString('utf8') } });
    expect(seen).toEqual(['remove id=den', `add x.md ${data.length} cdn.discordapp.com`]);
  });

  it('sends a message command with its target message, and a modal submit; refuses a modal answering a modal', async () => {
    const target = discord.post('see https://news.example/story');
    const outcome = gate<unknown>();
    onInteraction = async (i) => {
      if (i.isMessageContextMenuCommand()) {
        await i.showModal({
          toJSON: () => ({
            custom_id: 'ask',
            title: 'A date',
            components: [
              { type: 1, components: [{ type: 4, custom_id: 'day', style: 1, label: `for ${i.targetMessage.id}` }] },
            ],
          }),
        } as never);
      } else if (i.isModalSubmit()) {
        // A second modal is not a valid answer to a modal submit.
        await client.rest
          .post(Routes.interactionCallback(i.id, i.token), {
            body: {
              type: 9,
              data: {
                custom_id: 'again',
                title: 'Again',
                components: [{ type: 1, components: [{ type: 4, custom_id: 'd', style: 1, label: 'Day' }] }],
              },
            },
            auth: false,
          })
          .then(outcome.open, outcome.open);
        await i.reply({ content: `day ${i.fields.getTextInputValue('day')}`, allowedMentions: NO_MENTIONS });
      }
    };
    const command = await discord.interaction({ type: 'messageCommand', name: 'Add to coverage', target });
    expect(await command.response()).toMatchObject({
      type: InteractionResponseType.Modal,
      data: { components: [{ components: [{ label: `for ${target.id}` }] }] },
    });
    const submit = await discord.interaction({ type: 'modal', customId: 'ask', fields: { day: '2024-03-18' } });
    expect(await outcome.promise).toMatchObject({ status: 400, code: 50035 });
    expect(await submit.response()).toMatchObject({ data: { content: 'day 2024-03-18' } });
    expect(discord.violations.splice(0)).toEqual([
      expect.objectContaining({ reasons: ['type: callback type 9 is not valid for interaction type 5'] }),
    ]);
  });

  it('refuses a modal whose title is over 45 characters, and an update to a modal not opened from a message', async () => {
    const outcomes: unknown[] = [];
    onInteraction = async (i) => {
      if (i.isChatInputCommand()) {
        const body = {
          type: 9,
          data: {
            custom_id: 'm',
            title: 't'.repeat(46),
            components: [{ type: 1, components: [{ type: 4, custom_id: 'd', style: 1, label: 'Day' }] }],
          },
        };
        outcomes.push(
          await client.rest.post(Routes.interactionCallback(i.id, i.token), { body, auth: false }).catch((e) => e),
        );
        await i.reply({ content: 'ok', allowedMentions: NO_MENTIONS });
      } else if (i.isModalSubmit()) {
        outcomes.push(
          await client.rest
            .post(Routes.interactionCallback(i.id, i.token), { body: { type: 6 }, auth: false })
            .catch((e) => e),
        );
        await i.reply({ content: 'ok', allowedMentions: NO_MENTIONS });
      }
    };
    await (await discord.interaction({ type: 'command', name: 'x' })).response();
    await (await discord.interaction({ type: 'modal', customId: 'm', fields: { d: '1' } })).response();
    expect(outcomes).toMatchObject([
      { status: 400, code: 50035 },
      { status: 400, code: 50035 },
    ]);
    expect(discord.violations.splice(0).map((v) => v.reasons)).toEqual([
      [expect.stringContaining('data/title')],
      ['type: callback type 6 updates a message, and this modal was not opened from one'],
    ]);
  });

  it('refuses an answer more than 3 s after dispatch with 10062', async () => {
    const hold = gate();
    const outcome = gate<unknown>();
    onInteraction = async (i) => {
      await hold.promise;
      if (i.isChatInputCommand())
        await i.reply({ content: 'late', allowedMentions: NO_MENTIONS }).then(outcome.open, outcome.open);
    };
    await discord.interaction({ type: 'command', name: 'slow' });
    clock.t += 3_001;
    hold.open();
    expect(await outcome.promise).toMatchObject({ code: 10062, status: 404 });
  });

  it('refuses a second answer with 40060', async () => {
    const outcome = gate<unknown>();
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'once', allowedMentions: NO_MENTIONS });
      // discord.js guards reply() twice locally, so go around it as a second process would.
      await client.rest
        .post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: 'twice' } }, auth: false })
        .then(outcome.open, outcome.open);
    };
    const handle = await discord.interaction({ type: 'command', name: 'ping' });
    expect(await outcome.promise).toMatchObject({ code: 40060, status: 400 });
    expect(handle.record.responses).toHaveLength(1);
  });

  it('refuses a follow-up once the interaction token has expired (15 min)', async () => {
    const hold = gate();
    const outcome = gate<unknown>();
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'now', allowedMentions: NO_MENTIONS });
      await hold.promise;
      await i.followUp({ content: 'much later', allowedMentions: NO_MENTIONS }).then(outcome.open, outcome.open);
    };
    const handle = await discord.interaction({ type: 'command', name: 'ping' });
    await handle.response();
    clock.t += 15 * 60_000 + 1;
    hold.open();
    expect(await outcome.promise).toMatchObject({ code: 50027, status: 401 });
    expect(handle.record.followUps).toEqual([]);
  });
});

describe('loopback discord: REST rules and faults', () => {
  it('answers a DM through POST /channels/{id}/messages', async () => {
    onMessage = async (m) => !m.inGuild() && sendTo(m, { content: `echo: ${m.content}`, allowedMentions: NO_MENTIONS });
    const reader = discord.user('dm-reader');
    const reply = await discord.dm(reader, 'what happened?');
    expect(reply).toMatchObject({ content: 'echo: what happened?', author: { id: discord.bot.id } });
    expect(discord.requests.at(-1)).toMatchObject({ route: 'POST /channels/:channel/messages', status: 200 });
  });

  it('opens a DM channel for author.send (POST /users/@me/channels)', async () => {
    onMessage = async (m) => m.inGuild() && m.author.send({ content: 'in private', allowedMentions: NO_MENTIONS });
    // message() waits for a reply in the guild channel, which never comes: the answer goes to a DM.
    void discord.message('tell me privately', { mentionBot: true }).catch(() => undefined);
    const sent = await discord.waitForRequest('POST /channels/:channel/messages');
    expect(discord.requests.map((r) => r.route)).toContain('POST /users/@me/channels');
    expect(sent).toMatchObject({
      status: 200,
      response: { content: 'in private', channel_id: expect.not.stringMatching(discord.channelId) },
    });
  });

  it('retries a 429 on the callback route and the reply still arrives', async () => {
    const started = performance.now();
    discord.faults.rateLimit({ route: 'POST /interactions/:id/:token/callback', retryAfterMs: 200 });
    onInteraction = async (i) =>
      i.isChatInputCommand() && i.reply({ content: 'patient', allowedMentions: NO_MENTIONS });
    const handle = await discord.interaction({ type: 'command', name: 'ping' });
    expect(await handle.response()).toMatchObject({ data: { content: 'patient' } });
    const statuses = discord.requests
      .filter((r) => r.route === 'POST /interactions/:id/:token/callback')
      .map((r) => r.status);
    expect(statuses).toEqual([429, 204]);
    // @discordjs/rest waited retry_after (plus its 50 ms offset) before trying again.
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('retries 5xx answers and the DM reply still arrives', async () => {
    discord.faults.serverError({ route: 'POST /channels/:channel/messages', count: 2, status: 502 });
    onMessage = async (m) => !m.inGuild() && sendTo(m, { content: 'eventually', allowedMentions: NO_MENTIONS });
    expect(await discord.dm(discord.member, 'hi')).toMatchObject({ content: 'eventually' });
    const statuses = discord.requests
      .filter((r) => r.route === 'POST /channels/:channel/messages')
      .map((r) => r.status);
    expect(statuses).toEqual([502, 502, 200]);
  });

  it('rejects content over 2,000 characters with 50035 and records why', async () => {
    const outcome = gate<unknown>();
    onInteraction = async (i) =>
      i.isChatInputCommand() &&
      i.reply({ content: 'x'.repeat(2_001), allowedMentions: NO_MENTIONS }).then(outcome.open, outcome.open);
    await discord.interaction({ type: 'command', name: 'long' });
    const error = await outcome.promise;
    expect(error).toMatchObject({ code: 50035, status: 400 });
    expect(String(error)).toContain('data.content[BASE_TYPE_MAX_LENGTH]');
    expect(discord.violations.splice(0)).toEqual([
      expect.objectContaining({
        operationId: 'create_interaction_response',
        reasons: [expect.stringContaining('data/content: must NOT have more than 2000 characters')],
      }),
    ]);
  });

  it('rejects embeds totalling over 6,000 characters, which the spec alone allows', async () => {
    const outcome = gate<unknown>();
    onMessage = async (m) =>
      sendTo(m, {
        embeds: [{ description: 'a'.repeat(4_000) }, { description: 'b'.repeat(2_001) }],
        allowedMentions: NO_MENTIONS,
      }).then(outcome.open, outcome.open);
    void discord.dm(discord.member, 'long please').catch(() => undefined);
    expect(await outcome.promise).toMatchObject({ code: 50035 });
    expect(discord.violations.splice(0)).toEqual([
      expect.objectContaining({
        operationId: 'create_message',
        reasons: ['embeds: Embed size exceeds maximum size of 6000 (got 6001).'],
      }),
    ]);
  });

  it('takes a message command named with capitals and spaces; refuses one with a description, and mixed subcommands', async () => {
    const rest = client.rest;
    const put = (body: unknown[]) =>
      rest.put(Routes.applicationGuildCommands(discord.applicationId, discord.guildId), { body }).catch((e) => e);
    await put([{ type: 3, name: 'Add to coverage' }]);
    expect(discord.commands(discord.guildId).map((c) => [c.type, c.name])).toEqual([[3, 'Add to coverage']]);
    expect(await put([{ type: 3, name: 'Add to coverage', description: 'Adds it' }])).toMatchObject({ code: 50035 });
    const mixed = {
      name: 'corpus',
      description: 'Corpus',
      options: [
        { type: 1, name: 'list', description: 'List' },
        { type: 3, name: 'id', description: 'Id' },
      ],
    };
    expect(await put([mixed])).toMatchObject({ code: 50035 });
    expect(discord.violations.splice(0).map((v) => v.reasons)).toEqual([
      ['0/description: User and message commands cannot have a description.'],
      ['0/options: Sub-command and sub-command group option types are mutually exclusive to all other types.'],
    ]);
  });

  it('stores guild commands from PUT, serves them on GET, and rejects an uppercase name', async () => {
    const application = client.application;
    if (!application) throw new Error('no application');
    await application.commands.set([{ name: 'search', description: 'Search the coverage' }], discord.guildId);
    const fetched = await application.commands.fetch({ guildId: discord.guildId });
    expect(fetched.map((c) => c.name)).toEqual(['search']);
    expect(discord.commands(discord.guildId)).toHaveLength(1);
    await expect(application.commands.set([{ name: 'Search', description: 'Bad' }])).rejects.toMatchObject({
      code: 50035,
    });
    expect(discord.violations.splice(0)).toEqual([
      expect.objectContaining({
        operationId: 'bulk_set_application_commands',
        reasons: [expect.stringContaining('"Search" is invalid')],
      }),
    ]);
  });
});

describe('loopback discord: a real server (permissions, channel types, two connections)', () => {
  const rest = () => client.rest;
  /** POST /channels/:id/messages straight through discord.js's REST client; resolves with the Discord error code or the message. */
  const post = (channelId: string, body: Record<string, unknown>) =>
    rest()
      .post(Routes.channelMessages(channelId), { body: { allowed_mentions: NO_MENTIONS, ...body } })
      .then(
        (m) => m as { id: string; embeds: unknown[]; message_reference?: unknown },
        (e: { code?: number }) => e.code,
      );
  const embed = { title: 'An embed', description: 'text' };

  it('computes the bot permissions as discord.js does, from roles and overwrites, and refuses as Discord does', async () => {
    const P = PermissionFlagsBits;
    const hidden = discord.channel(ChannelType.GuildText, { botDeny: P.ViewChannel });
    const muted = discord.channel(ChannelType.GuildText, { botDeny: P.SendMessages });
    const noEmbeds = discord.channel(ChannelType.GuildText, { botDeny: P.EmbedLinks });
    const noHistory = discord.channel(ChannelType.GuildText, { botDeny: P.ReadMessageHistory });
    const forum = discord.channel(ChannelType.GuildForum);
    const post1 = discord.channel(ChannelType.PublicThread, { parent: forum });
    const threadless = discord.channel(ChannelType.GuildText, { botDeny: P.SendMessagesInThreads });
    const thread = discord.channel(ChannelType.PublicThread, { parent: threadless });
    const voice = discord.channel(ChannelType.GuildVoice);
    const news = discord.channel(ChannelType.GuildAnnouncement);
    await until('the channels to be cached', () => client.channels.cache.has(news));
    const me = client.guilds.cache.get(discord.guildId)!.members.me!;
    // discord.js applies none of the implicit rules (nothing without View Channel, no Embed
    // Links where one cannot send): compare what it computes before them.
    const read = P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.ReadMessageHistory | P.EmbedLinks;
    for (const id of [discord.channelId, hidden, muted, noEmbeds, noHistory, forum, post1, threadless, thread, voice]) {
      const channel = client.channels.cache.get(id) as GuildChannel;
      const theirs = channel.permissionsFor(me).bitfield;
      const ours = discord.botPermissions(id);
      const mask = ours & (channel.isThread() ? P.SendMessagesInThreads : P.SendMessages) ? read : read & ~P.EmbedLinks;
      if (ours & P.ViewChannel) expect([id, theirs & mask]).toEqual([id, ours & mask]);
      else expect(theirs & P.ViewChannel).toBe(0n);
    }
    expect(await post(hidden, { content: 'x' })).toBe(50001);
    expect(await post(muted, { content: 'x' })).toBe(50013);
    expect(await post(forum, { content: 'x' })).toBe(50008);
    expect(await post(thread, { content: 'x' })).toBe(50013);
    expect(await post(threadless, { content: 'x' })).toMatchObject({ id: expect.any(String) });
    for (const id of [post1, voice, news])
      expect(await post(id, { content: 'x' })).toMatchObject({ id: expect.any(String) });
    // Without Embed Links the embeds are dropped, and a message of embeds alone is empty.
    expect(await post(noEmbeds, { content: 'text', embeds: [embed] })).toMatchObject({ embeds: [] });
    expect(await post(noEmbeds, { embeds: [embed] })).toBe(50006);
    // A reply needs Read Message History, and the message it answers.
    const question = discord.post('a question', { channel: noHistory });
    expect(await post(noHistory, { content: 'x', message_reference: { message_id: question.id } })).toBe(160002);
    expect(await post(discord.channelId, { content: 'x', message_reference: { message_id: '1' } })).toBe(50035);
    const unreferenced = await post(discord.channelId, {
      content: 'x',
      message_reference: { message_id: '1', fail_if_not_exists: false },
    });
    expect(unreferenced).toMatchObject({ id: expect.any(String) });
    expect((unreferenced as { message_reference?: unknown }).message_reference).toBeUndefined();
  });

  it('returns the first message again for a nonce sent twice with enforce_nonce', async () => {
    const first = await post(discord.channelId, { content: 'once', nonce: '12345', enforce_nonce: true });
    const second = await post(discord.channelId, { content: 'twice', nonce: '12345', enforce_nonce: true });
    expect(second).toEqual(first);
    expect(discord.messagesIn().filter((m) => m.author.id === discord.bot.id)).toHaveLength(1);
  });

  it('keeps the content of a message that mentions the bot by its managed role, and lists the role', async () => {
    const seen: Array<[string, string[]]> = [];
    onMessage = async (m) => void seen.push([m.content, [...m.mentions.roles.keys()]]);
    discord.post('by role', { mentionRole: true });
    await until('the message', () => seen.length === 1);
    expect(seen[0]).toEqual([`<@&${discord.botRoleId}> by role`, [discord.botRoleId]]);
    const role = client.guilds.cache.get(discord.guildId)!.roles.botRoleFor(client.user!);
    expect(role?.id).toBe(discord.botRoleId);
  });

  it('sends every event to two connections identified with one token, and acknowledges an interaction once', async () => {
    const second = newClient(discord);
    try {
      await login(second, discord.token);
      expect(discord.connections()).toBe(2);
      const codes: Array<number | string> = [];
      const answer = async (i: Interaction) => {
        if (!i.isChatInputCommand()) return;
        await i.reply({ content: 'mine', allowedMentions: NO_MENTIONS }).then(
          () => codes.push('ok'),
          (e: { code?: number }) => codes.push(e.code ?? 'error'),
        );
      };
      onInteraction = answer;
      second.on(Events.InteractionCreate, (i) => void answer(i));
      const handle = await discord.interaction({ type: 'command', name: 'ping' });
      await until('both answers', () => codes.length === 2);
      expect(codes.sort()).toEqual([40060, 'ok']);
      expect(handle.record.responses).toHaveLength(1);
    } finally {
      await second.destroy();
    }
    await until('one connection', () => discord.connections() === 1);
  });
});

/** Resolves when `probe` holds, polling; fails after 3 s. */
async function until(what: string, probe: () => boolean): Promise<void> {
  const end = Date.now() + 3_000;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
