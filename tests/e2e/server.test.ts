// The bot in a server as Discord runs one: permissions from roles and overwrites, real
// mentions, threads, forum posts, voice and announcement channels, two processes on one
// token, Discord's rate-limit signals, a clock that is off, and a graceful stop.
import {
  ChannelType,
  InteractionResponseType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits as P,
  type APIEmbed,
  type APIMessage,
} from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { help } from '../../commands/help.ts';
import type { Command } from '../../src/commands/types.ts';
import { fixedUser, startBot, type LogLine, type RunningBot, type StartBotOptions } from '../support/bot.ts';
import { markdownArticle, tempCorpus } from '../support/corpus.ts';
import type { LoopbackDiscord } from '../support/discord/index.ts';

const started: RunningBot[] = [];
const cleanups: Array<() => Promise<void>> = [];
async function ownBot(options: StartBotOptions = {}): Promise<RunningBot> {
  const running = await startBot(options);
  started.push(running);
  return running;
}
afterEach(async () => {
  // Bots joining another's loopback stop first; the owner closes the server.
  const bots = started.splice(0).reverse();
  try {
    for (const b of bots) expect(b.discord.violations).toEqual([]);
  } finally {
    for (const b of bots) await b.stop();
    for (const c of cleanups.splice(0)) await c();
  }
});

/** Resolves when `probe` holds, polling; fails after 3 s. */
async function until(what: string, probe: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function embedOf(body: { embeds?: APIEmbed[] } | Record<string, any>): APIEmbed {
  const embed = (body.embeds as APIEmbed[] | undefined)?.[0];
  if (!embed) throw new Error(`no embed in ${JSON.stringify(body)}`);
  return embed;
}
const plain = (s: string | undefined) => (s ?? '').replace(/\\(.)/g, '$1');
const warnings = (logs: LogLine[], msg: RegExp) => logs.filter((l) => l.level === 40 && msg.test(l.msg));
const botMessages = (d: LoopbackDiscord, channel = d.channelId) =>
  d.messagesIn(channel).filter((m) => m.author.id === d.bot.id);
const posts = (d: LoopbackDiscord, channel = d.channelId) =>
  d.requests.filter((r) => r.route === 'POST /channels/:channel/messages' && r.path.includes(`/${channel}/`));
/** The log's "message" lines (one per handled message, written when it is done). */
const handled = (b: RunningBot) => b.logs().filter((l) => l.msg === 'message');

/** A command that takes `ms` to answer. */
const slow = (ms: number): Command => ({
  definition: { name: 'slow', description: 'Answers after a while' },
  example: '/slow',
  async execute() {
    await new Promise((r) => setTimeout(r, ms));
    return { kind: 'notice', command: 'slow', title: 'Slow', items: [], message: 'worked out at last' };
  },
});

describe('bot permissions in a channel', () => {
  it('stays silent where it may not send, sends nothing there, and logs it once', async () => {
    const b = await ownBot();
    const d = b.discord;
    const muted = d.channel(ChannelType.GuildText, { botDeny: P.SendMessages });
    const hidden = d.channel(ChannelType.GuildText, { botDeny: P.ViewChannel });
    for (const channel of [muted, muted, hidden]) d.post('valles', { mentionBot: true, channel });
    // A mention in an open channel after them: answered, so the ones before were handled.
    await d.message('valles', { mentionBot: true });
    expect(posts(d, muted)).toEqual([]);
    expect(posts(d, hidden)).toEqual([]);
    const silent = warnings(b.logs(), /may not send messages/);
    expect(silent.map((l) => [l.channel, l.missing])).toEqual([
      [muted, ['SendMessages']],
      [hidden, ['ViewChannel']],
    ]);
  });

  it('answers in plain text, whole excerpts with their sources, where it may not embed', async () => {
    const b = await ownBot();
    const d = b.discord;
    const channel = d.channel(ChannelType.GuildText, { botDeny: P.EmbedLinks });
    const reply = await d.message('valles', { mentionBot: true, channel });
    expect(reply.embeds).toEqual([]);
    expect(reply.content.length).toBeLessThanOrEqual(2_000);
    expect(reply.content).toContain('**Valles**');
    expect(reply.content).toMatch(/\]\(<https?:\/\/[^>]+>\)/);
    expect(reply.message_reference?.message_id).toBeDefined();
  });

  it('sends without a reply reference where it may not read the history', async () => {
    const b = await ownBot();
    const d = b.discord;
    const channel = d.channel(ChannelType.GuildText, { botDeny: P.ReadMessageHistory });
    const reply = await d.message('valles', { mentionBot: true, channel });
    expect(embedOf(reply).description).toContain('**Valles**');
    expect(reply.message_reference).toBeUndefined();
  });

  it('answers a question deleted before the answer as a plain message (failIfNotExists: false)', async () => {
    const b = await ownBot({ commands: [help, slow(300)] });
    const d = b.discord;
    const question = d.post('slow', { mentionBot: true });
    d.deleteMessage(question.channel_id, question.id);
    await until('the answer', () => botMessages(d).length === 1);
    const [reply] = botMessages(d);
    expect(embedOf(reply!).description).toContain('worked out at last');
    expect(reply!.message_reference).toBeUndefined();
  });

  it('sends no apology after Discord refused the answer for permissions the bot had not heard of', async () => {
    const b = await ownBot({ commands: [help, slow(200)] });
    const d = b.discord;
    d.post('slow', { mentionBot: true });
    // Taken away while the answer is worked out, before the bot hears of it.
    d.overwriteForBot(d.channelId, { deny: P.SendMessages }, { tell: false });
    await until('the answer to be refused', () => handled(b).length === 1);
    expect(handled(b)[0]).toMatchObject({ outcome: 'forbidden' });
    expect(posts(d).map((r) => [r.status, (r.response as { code?: number }).code])).toEqual([[403, 50013]]);
  });
});

describe('bot: real mentions only', () => {
  it('answers a mention of its managed role', async () => {
    const b = await ownBot();
    const reply = await b.discord.message('valles', { mentionRole: true });
    expect(embedOf(reply).description).toContain('**Valles**');
  });

  it('ignores a reply to it that only pings it, and system messages, then answers a real mention', async () => {
    const b = await ownBot();
    const d = b.discord;
    const first = await d.message('valles', { mentionBot: true });
    d.post('thanks, that helps', { replyTo: { message: first, ping: true } });
    d.post(`<@${d.bot.id}> help`, { type: MessageType.ThreadCreated });
    const question = d.post('sources', { mentionBot: true });
    await until('the answer to the mention', () => botMessages(d).length === 2);
    // Messages are answered in order, so an answer to either of the two would have come first.
    expect(botMessages(d).map((m) => m.message_reference?.message_id)).toEqual([
      first.message_reference?.message_id,
      question.id,
    ]);
  });
});

describe('bot: threads, forum posts, voice and announcement channels', () => {
  const kinds = [
    ['a thread', (d: LoopbackDiscord) => d.channel(ChannelType.PublicThread, { parent: d.channelId })],
    ['a private thread', (d: LoopbackDiscord) => d.channel(ChannelType.PrivateThread, { parent: d.channelId })],
    [
      'a forum post',
      (d: LoopbackDiscord) => d.channel(ChannelType.PublicThread, { parent: d.channel(ChannelType.GuildForum) }),
    ],
    ["a voice channel's text chat", (d: LoopbackDiscord) => d.channel(ChannelType.GuildVoice)],
    ['an announcement channel', (d: LoopbackDiscord) => d.channel(ChannelType.GuildAnnouncement)],
    [
      'an announcement thread',
      (d: LoopbackDiscord) =>
        d.channel(ChannelType.AnnouncementThread, { parent: d.channel(ChannelType.GuildAnnouncement) }),
    ],
  ] as const;

  it.each(kinds)('answers mentions and slash commands in %s, and turns pages there', async (_, make) => {
    const b = await ownBot();
    const d = b.discord;
    const channel = make(d);
    const reply = await d.message('valles', { mentionBot: true, channel });
    expect(reply.channel_id).toBe(channel);
    expect(embedOf(reply).description).toContain('**Valles**');
    const handle = await d.interaction({ type: 'command', name: 'search', options: { query: 'immigration' }, channel });
    const { data } = (await handle.response()) as { data: Record<string, any> };
    expect(handle.record.original?.channel_id).toBe(channel);
    const next = (data.components as Array<{ components: Array<{ custom_id: string }> }>)[0]!.components[1]!;
    const message = handle.record.original as APIMessage;
    const press = await d.interaction({ type: 'button', customId: next.custom_id, message, channel });
    expect((await press.response()).type).toBe(InteractionResponseType.UpdateMessage);
    expect(embedOf(message).footer?.text).toMatch(/^Results 6–/);
  });

  it('stays silent in a thread where it may send in the channel but not in its threads', async () => {
    const b = await ownBot();
    const d = b.discord;
    const parent = d.channel(ChannelType.GuildText, { botDeny: P.SendMessagesInThreads });
    const thread = d.channel(ChannelType.PublicThread, { parent });
    d.post('valles', { mentionBot: true, channel: thread });
    await d.message('valles', { mentionBot: true, channel: parent });
    expect(posts(d, thread)).toEqual([]);
    expect(warnings(b.logs(), /may not send messages/)).toEqual([
      expect.objectContaining({ channel: thread, missing: ['SendMessagesInThreads'] }),
    ]);
  });
});

describe('bot: two processes on one token', () => {
  it('acknowledges an interaction once, logs the 40060 as another process, and sends no apology', async () => {
    const a = await ownBot();
    const b = await ownBot({ joining: a.discord });
    const d = a.discord;
    expect(d.connections()).toBe(2);
    const handle = await d.interaction({ type: 'command', name: 'help' });
    await handle.response();
    const elsewhere = () =>
      [...a.logs(), ...b.logs()].filter((l) => l.msg === 'interaction' && l.outcome === 'answered-elsewhere');
    await until('the second process to give up', () => elsewhere().length === 1);
    expect(warnings([...a.logs(), ...b.logs()], /another process is running with this bot token/)).toHaveLength(1);
    const callbacks = d.requests.filter((r) => r.route === 'POST /interactions/:id/:token/callback');
    expect(callbacks.map((r) => r.status).sort()).toEqual([204, 400]);
    expect(handle.record.followUps).toEqual([]);
    expect(handle.record.responses).toHaveLength(1);
  });

  it('answers a mention once between them', async () => {
    const a = await ownBot();
    const b = await ownBot({ joining: a.discord });
    const d = a.discord;
    const question = d.post('valles', { mentionBot: true });
    await until('both to handle it', () => handled(a).length === 1 && handled(b).length === 1);
    expect(botMessages(d).filter((m) => m.message_reference?.message_id === question.id)).toHaveLength(1);
  });

  it('does not answer a DM another process answered first, and warns', async () => {
    const b = await ownBot({ commands: [help, slow(300)] });
    const d = b.discord;
    const reader = d.user('reader2');
    const question = d.postDm(reader, 'slow');
    // The other process, quicker, answers with the question's id as nonce, as the bot does.
    await d.sendAsBot(question.channel_id, { content: 'answered elsewhere', nonce: question.id, enforce_nonce: true });
    await until('the bot to handle it', () => handled(b).length === 1);
    expect(botMessages(d, question.channel_id).map((m) => m.content)).toEqual(['answered elsewhere']);
    expect(warnings(b.logs(), /another process answered this message first/)).toHaveLength(1);
  });
});

describe("bot: Discord's signals, the clock, and stopping", () => {
  it('logs a rate limit with its route, and the invalid requests adding up', async () => {
    const b = await ownBot({ invalidRequestWarningInterval: 1 });
    b.discord.faults.rateLimit({ route: 'POST /channels/:channel/messages', retryAfterMs: 50 });
    await b.discord.message('valles', { mentionBot: true });
    // discord.js may report the same limit again while it waits for the bucket to reset.
    const limited = warnings(b.logs(), /^Discord rate limit hit$/);
    expect(limited.length).toBeGreaterThan(0);
    for (const l of limited) expect(l).toMatchObject({ route: '/channels/:id/messages', method: 'POST' });
    // @discordjs/rest counts invalid requests for the whole process (other tests' too).
    const invalid = warnings(b.logs(), /invalid requests to Discord/);
    expect(invalid.length).toBeGreaterThan(0);
    expect(invalid[0]!.invalidRequests).toBeGreaterThanOrEqual(1);
  });

  it("counts Discord's 3 s from when the interaction arrived, with a host clock 2 s behind Discord's", async () => {
    // Discord's clock (the loopback's, and the snowflakes') is 2 s ahead of this host's.
    const b = await ownBot({ commands: [help, slow(3_200)], discord: { now: () => Date.now() + 2_000 } });
    const handle = await b.discord.interaction({ type: 'command', name: 'slow' });
    expect((await handle.response()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const [edit] = await handle.edits();
    expect(embedOf(edit!).description).toContain('worked out at last');
  });

  it('lets an answer in progress finish before it closes the gateway', async () => {
    const b = await ownBot({ commands: [help, slow(400)] });
    const d = b.discord;
    const handle = await d.interaction({ type: 'command', name: 'slow' });
    await until('the bot to start on it', () => b.bot.busy > 0);
    const closing = b.bot.shutdown(5_000);
    await handle.response();
    expect(await closing).toEqual({ unfinished: 0 });
    const answered = d.requests.find((r) => r.route === 'POST /interactions/:id/:token/callback')!;
    const closed = d.gatewayLog.find((e) => e.kind === 'close' && e.by === 'bot')!;
    expect(closed.at).toBeGreaterThanOrEqual(answered.at);
  });
});

describe('bot: words that fit where they are said', () => {
  it('says "Discord has an old list" for a gone command in a DM, "This server" in a server', async () => {
    const b = await ownBot();
    const inDm = (await (await b.discord.interaction({ type: 'command', name: 'gone', in: 'dm' })).response()) as {
      data: { content: string; flags: number };
    };
    expect(inDm.data.content).toMatch(/^Discord has an old list of my commands: \/gone is gone/);
    expect(inDm.data.flags).toBe(MessageFlags.Ephemeral);
    const inServer = (await (await b.discord.interaction({ type: 'command', name: 'gone' })).response()) as {
      data: { content: string };
    };
    expect(inServer.data.content).toMatch(/^This server has an old list of my commands/);
  });

  it("sends a refused reload's report to the admin by DM, and says only that in the channel", async () => {
    const made = await tempCorpus({ 'a.md': markdownArticle() });
    cleanups.push(made.cleanup);
    const admin = fixedUser('100000000000000001', 'admin');
    const b = await ownBot({ corpusDir: made.dir, config: { ADMIN_USER_IDS: [admin.id] } });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${made.dir}/c.md`, '---\ntitle: [unclosed\n---\nzanzibar text\n');
    const dm = b.discord.dmReplyTo(admin);
    const reply = await b.discord.message('reload', { mentionBot: true, from: admin });
    expect(reply.content).toBe('Reload refused: I sent you the report in a direct message.');
    expect(JSON.stringify(reply)).not.toContain('c.md');
    const report = await dm;
    expect(plain(embedOf(report).description)).toMatch(/^- c\.md:/m);
  });
});
