// The bot end to end: the real Bot and discord.js client against the loopback Discord,
// every body it sends checked against Discord's OpenAPI description and limits.
import {
  GatewayDispatchEvents,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
  type APIEmbed,
  type APIMessage,
} from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { help } from '../../commands/help.ts';
import { search } from '../../commands/search.ts';
import type { Command } from '../../src/commands/types.ts';
import { Bot } from '../../src/runtime/bot.ts';
import { readConfig } from '../../src/runtime/config.ts';
import { syncCommands } from '../../src/runtime/deploy.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import {
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_TITLE,
  MAX_EMBEDS,
  MAX_EMBEDS_TOTAL,
  MAX_MESSAGE_LENGTH,
} from '../../src/render/limits.ts';
import { fixedUser, startBot, type LogLine, type RunningBot, type StartBotOptions } from '../support/bot.ts';
import { builtInEngine, markdownArticle, tempCorpus } from '../support/corpus.ts';
import { MEMBER_PERMISSIONS, startLoopbackDiscord, type InteractionHandle } from '../support/discord/index.ts';

const EPHEMERAL = MessageFlags.Ephemeral;
const KDVR_URL =
  'http://kdvr.com/2017/08/28/denver-city-council-votes-to-implement-controversial-immigration-protections/';
const ADMIN = fixedUser('100000000000000001', 'admin');

/** Bots started by one test; each is checked for refused bodies and stopped after it. */
const started: RunningBot[] = [];
async function ownBot(options: StartBotOptions = {}): Promise<RunningBot> {
  const running = await startBot(options);
  started.push(running);
  return running;
}
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  const bots = started.splice(0);
  try {
    for (const b of bots) expect(b.discord.violations).toEqual([]);
  } finally {
    for (const b of bots) await b.stop();
    for (const c of cleanups.splice(0)) await c();
  }
});

/** A temp corpus removed after the test. */
async function corpus(files: Record<string, string>): Promise<string> {
  const made = await tempCorpus(files);
  cleanups.push(made.cleanup);
  return made.dir;
}

/** The message data of an interaction's callback (type 4 or 7). */
async function replyOf(handle: InteractionHandle): Promise<{ type: number; data: Record<string, any> }> {
  return (await handle.response()) as { type: number; data: Record<string, any> };
}

function embedOf(body: { embeds?: APIEmbed[] } | Record<string, any>): APIEmbed {
  const embed = (body.embeds as APIEmbed[] | undefined)?.[0];
  if (!embed) throw new Error(`no embed in ${JSON.stringify(body)}`);
  return embed;
}

/** Resolves when `probe` holds, polling; fails after `ms`. */
async function until(what: string, probe: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The ids of the articles the bot answers from now (its engine may be in another thread). */
async function articleIds(b: RunningBot): Promise<string[]> {
  const answer = await b.answering.execute('sources', {});
  return (answer.items as Array<{ source: { id: string } }>).map((i) => i.source.id).sort();
}

/** Markdown-escaped text as the reader sees it. */
const plain = (s: string | undefined) => (s ?? '').replace(/\\(.)/g, '$1');
const warnings = (logs: LogLine[], msg: string) => logs.filter((l) => l.level === 40 && l.msg === msg);
const callbacksFor = (b: RunningBot, id: string) =>
  b.discord.requests.filter((r) => r.route === 'POST /interactions/:id/:token/callback' && r.path.includes(`/${id}/`));

/** Every Discord limit a message body must keep. */
function expectWithinLimits(body: Record<string, any>): void {
  const embeds = (body.embeds ?? []) as APIEmbed[];
  expect(String(body.content ?? '').length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  expect(embeds.length).toBeLessThanOrEqual(MAX_EMBEDS);
  let total = 0;
  for (const e of embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(MAX_EMBED_TITLE);
    expect((e.description ?? '').length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
    total +=
      (e.title ?? '').length +
      (e.description ?? '').length +
      (e.footer?.text ?? '').length +
      (e.author?.name ?? '').length;
    for (const f of e.fields ?? []) total += f.name.length + f.value.length;
  }
  expect(total).toBeLessThanOrEqual(MAX_EMBEDS_TOTAL);
}

describe('bot on the built-in coverage', () => {
  // One bot for the read-only questions; its clock can be moved back to make an interaction late.
  const clock = { skew: 0 };
  let b: RunningBot;
  beforeAll(async () => {
    b = await startBot({ discord: { now: () => Date.now() + clock.skew } });
  });
  afterEach(() => {
    clock.skew = 0;
    expect(b.discord.violations).toEqual([]);
  });
  afterAll(async () => {
    await b?.stop();
  });

  const command = (
    name: string,
    options?: Record<string, string>,
    extra: Partial<Parameters<RunningBot['discord']['interaction']>[0]> = {},
  ) =>
    b.discord.interaction({ type: 'command', name, ...(options && { options }), ...extra } as Parameters<
      RunningBot['discord']['interaction']
    >[0]);

  it('answers from an engine where this test project puts it (vitest.config.ts runs this file both ways)', ({
    task,
  }) => {
    expect(b.answering.where).toBe(task.file.projectName === 'engine-thread' ? 'engine thread' : 'this thread');
  });

  it('answers /search detainer requests with the KDVR passage first, matches in bold, the source linked', async () => {
    const { type, data } = await replyOf(await command('search', { query: 'detainer requests' }));
    expect(type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(data.allowed_mentions).toMatchObject({ parse: [] });
    const embed = embedOf(data);
    expect(embed.title).toContain('detainer requests');
    const first = embed.description!.split('\n\n')[0]!;
    expect(first).toContain('**detainer** **requests**');
    expect(first).toContain(`[Denver City Council passes controversial immigration protections](<${KDVR_URL}>)`);
  });

  it('lists the 5 sources', async () => {
    const { data } = await replyOf(await command('sources'));
    const embed = embedOf(data);
    expect(embed.title).toMatch(/\b5 articles\b/);
    expect(embed.description!.match(/\]\(<https?:/g)).toHaveLength(5);
    expect(data.allowed_mentions).toMatchObject({ parse: [] });
  });

  it('lists every command in /help', async () => {
    const { data } = await replyOf(await command('help'));
    const text = embedOf(data).description!;
    for (const c of commands) expect(text).toContain(`/${c.definition.name}`);
    // The admins' commands, registered apart from the list, are named too.
    expect(JSON.stringify(data)).toContain('Admins keep the coverage with /corpus');
  });

  it('pings nobody for /search @everyone', async () => {
    const { data } = await replyOf(await command('search', { query: '@everyone <@&123456789012345678> @here' }));
    expect(data.allowed_mentions).toEqual(expect.objectContaining({ parse: [] }));
    const shown = JSON.stringify([data.content ?? '', embedOf(data).title, embedOf(data).description]);
    expect(shown).not.toMatch(/@everyone|@here|<@&/);
    expect(embedOf(data).title).toContain('@\u200Beveryone');
    expect(embedOf(data).title).toContain('@\u200Bhere');
  });

  it('keeps every reply within Discord limits over a few dozen queries, and says how many pages there are', async () => {
    const engine = await builtInEngine();
    const words = [...new Set(engine.articles.flatMap((a) => a.text.toLowerCase().match(/[a-z]{5,}/g) ?? []))];
    const step = Math.floor(words.length / 30);
    const queries = [
      ...words.filter((_, i) => i % step === 0).slice(0, 30),
      'immigration',
      'denver mayor hancock ordinance ice',
      'the',
    ];
    let paged = 0;
    for (const query of queries) {
      const { data } = await replyOf(await command('search', { query }));
      expectWithinLimits(data);
      const footer = embedOf(data).footer?.text;
      if (data.components.length > 0) {
        paged++;
        expect(footer).toMatch(/^Results 1–\d+ of \d+$/);
      }
    }
    expect(paged).toBeGreaterThan(0);
  });

  it('offers topics from the index while /search query is typed', async () => {
    const handle = await b.discord.interaction({
      type: 'autocomplete',
      name: 'search',
      focused: 'query',
      options: { query: 'immig' },
    });
    const { type, data } = await replyOf(handle);
    expect(type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = data.choices as Array<{ name: string; value: string }>;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.some((c) => c.value.startsWith('immigra'))).toBe(true);
    const long = await replyOf(
      await b.discord.interaction({
        type: 'autocomplete',
        name: 'search',
        focused: 'query',
        options: { query: 'immigration '.repeat(16) },
      }),
    );
    for (const c of long.data.choices as Array<{ name: string; value: string }>) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('answers direct messages: a command with or without the slash, and a plain question', async () => {
    const reader = b.discord.user('dm-reader');
    const valles = await b.discord.dm(reader, 'search valles');
    expect(embedOf(valles).description).toContain('**Valles**');
    expect(embedOf(await b.discord.dm(reader, '/sources')).title).toMatch(/5 articles/);
    expect(embedOf(await b.discord.dm(reader, 'help')).description).toContain('/search');
    // A plain question is answered by /ask (tests/e2e/ask.test.ts has the answers).
    const question = await b.discord.dm(reader, 'what is the ordinance?');
    expect(plain(embedOf(question).title)).toBe('Ask: what is the ordinance?');
    expect(embedOf(question).description).toMatch(/^__\*\*Answer\*\*__|^The coverage does not say/);
    // A question that starts with a command's name is still a question.
    expect(plain(embedOf(await b.discord.dm(reader, 'help me find the ordinance')).title)).toBe(
      'Search: help me find the ordinance',
    );
    expect(embedOf(await b.discord.dm(reader, '?')).description).toContain('/search');
  });

  it('answers a mention in a server channel the same way', async () => {
    const reply = await b.discord.message('valles', { mentionBot: true });
    expect(reply.author.id).toBe(b.discord.bot.id);
    expect(embedOf(reply).description).toContain('**Valles**');
    expect(embedOf(await b.discord.message('', { mentionBot: true })).description).toContain('/sources');
  });

  it('answers a command Discord still has but the bot no longer does with an ephemeral pointer to /help', async () => {
    const { data } = await replyOf(await command('gone'));
    expect(data).toMatchObject({ flags: EPHEMERAL, content: expect.stringContaining('/help') });
  });

  it('answers an INTERACTION_CREATE delivered twice only once', async () => {
    const handle = await command('help');
    b.discord.dispatch(GatewayDispatchEvents.InteractionCreate, handle.payload);
    await handle.response();
    await until('the redelivery to be noticed', () =>
      b.logs().some((l) => l.msg === 'interaction delivered twice; answered once' && l.interaction === handle.id),
    );
    expect(callbacksFor(b, handle.id)).toHaveLength(1);
    expect(handle.record.responses).toHaveLength(1);
  });

  it('defers an interaction that arrives late, then edits the answer in', async () => {
    // The interaction's id (its snowflake) says it was created 2 s before the bot sees it.
    clock.skew = -2_000;
    const handle = await command('search', { query: 'detainer requests' });
    clock.skew = 0;
    expect((await handle.response()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const [edit] = await handle.edits();
    expect(embedOf(edit!).description).toContain('**detainer**');
    expect(
      b.discord.requests.some(
        (r) => r.route === 'PATCH /webhooks/:app/:token/messages/@original' && r.path.includes(handle.token),
      ),
    ).toBe(true);
  });

  it('registers the commands once, and again only when a definition changed', async () => {
    const d = b.discord;
    const target = { token: d.token, applicationId: d.applicationId, guildId: d.guildId, restApi: d.restUrl };
    const puts = () => d.requests.filter((r) => r.route === 'PUT /applications/:app/guilds/:guild/commands').length;
    expect(await syncCommands(commands, target)).toEqual({ changed: true, count: commands.length, clearedGuilds: [] });
    expect(puts()).toBe(1);
    expect(d.commands(d.guildId).map((c) => c.name)).toEqual(commands.map((c) => c.definition.name));
    expect(await syncCommands(commands, target)).toMatchObject({ changed: false });
    expect(puts()).toBe(1);
    const renamed: Command = {
      ...search,
      definition: { ...search.definition, description: 'Find passages, word for word' },
    };
    const edited = commands.map((c) => (c === search ? renamed : c));
    expect(await syncCommands(edited, target)).toMatchObject({ changed: true });
    expect(puts()).toBe(2);
    // Discord keeps a server's copy without `contexts`: none is sent, so a restart sees no change.
    expect(d.commands(d.guildId)[0]).not.toHaveProperty('contexts');
    expect(await syncCommands(edited, target)).toMatchObject({ changed: false });
    expect(puts()).toBe(2);
    // Globally too (the route without a guild), where the old server copies are removed,
    // or that server would list every command twice.
    const global = { ...target, guildId: undefined };
    expect(await syncCommands(commands, global)).toMatchObject({ changed: true, clearedGuilds: [d.guildId] });
    expect(d.commands(d.guildId)).toEqual([]);
    expect(d.commands()[0]).toMatchObject({ contexts: [0, 1], integration_types: [0] });
    expect(await syncCommands(commands, global)).toMatchObject({ changed: false });
    expect(d.requests.filter((r) => r.route === 'PUT /applications/:app/commands')).toHaveLength(1);
  });
});

describe('bot: article text', () => {
  it('shows * and _ from an article as characters, in the excerpt and the title', async () => {
    const dir = await corpus({
      'a.md': markdownArticle(
        { title: '"The *real* story"' },
        'Denver passed an ordinance Monday with *stars* and _under_ in the minutes.\n',
      ),
    });
    const b = await ownBot({ corpusDir: dir });
    const { data } = await replyOf(
      await b.discord.interaction({ type: 'command', name: 'search', options: { query: 'ordinance' } }),
    );
    const text = embedOf(data).description!;
    expect(text).toContain('\\*stars\\*');
    expect(text).toContain('\\_under\\_');
    expect(text).toContain('[The \\*real\\* story](<https://example.com/test>)');
  });

  it('keeps every page within Discord limits for hostile articles: long titles, Markdown everywhere, shared passages', async () => {
    const marks = '*_~`|>#-[]()<:@'.repeat(30);
    const shared = `The zanzibar ${marks} committee met.\n\n${`Zanzibar ${marks.slice(0, 300)} again. `.repeat(8)}\n`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      files[`${i}.md`] = markdownArticle(
        {
          id: `a${i}`,
          title: JSON.stringify(`${i} ${marks}`.slice(0, 500)),
          outlet: JSON.stringify(marks.slice(0, 200)),
          url: `https://example.com/${'x'.repeat(1_500)}/${i}`,
        },
        `${shared}Only in ${i}: zanzibar ${'*word* '.repeat(200)}.\n`,
      );
    }
    const b = await ownBot({ corpusDir: await corpus(files) });
    expect(await articleIds(b)).toHaveLength(12);
    for (const name of ['sources', 'help'])
      expectWithinLimits((await replyOf(await b.discord.interaction({ type: 'command', name }))).data);
    const handle = await b.discord.interaction({
      type: 'command',
      name: 'search',
      options: { query: 'zanzibar committee' },
    });
    const { data } = await replyOf(handle);
    expectWithinLimits(data);
    const [, firstShown, total] = /^Results 1–(\d+) of (\d+)$/.exec(embedOf(data).footer?.text ?? '')!.map(Number);
    expect(firstShown).toBeLessThan(total!);
    const message = handle.record.original as APIMessage;
    const buttons = () =>
      (message.components?.[0] as { components: Array<{ custom_id: string; disabled?: boolean }> }).components;
    // Turn pages until every result has been shown: each page starts where the last ended.
    let shown = firstShown!;
    let turns = 0;
    while (shown < total!) {
      expect(buttons()[1]!.disabled).toBe(false);
      await (await b.discord.interaction({ type: 'button', customId: buttons()[1]!.custom_id, message })).response();
      expectWithinLimits(message);
      const [, from, to, of] = /^Results (\d+)–(\d+) of (\d+)$/.exec(embedOf(message).footer?.text ?? '')!.map(Number);
      expect([from, of]).toEqual([shown + 1, total]);
      expect(to).toBeGreaterThanOrEqual(from!);
      shown = to!;
      turns++;
    }
    expect(turns).toBeGreaterThan(0);
    expect(buttons()[1]!.disabled).toBe(true);
  });
});

describe('bot: paging', () => {
  it('turns pages for the asker only, and removes the buttons when the pages expire', async () => {
    const b = await ownBot({ pagingTtlMs: 1_000 });
    const handle = await b.discord.interaction({ type: 'command', name: 'search', options: { query: 'immigration' } });
    const { data } = await replyOf(handle);
    const [row] = data.components as Array<{
      components: Array<{ label: string; custom_id: string; disabled?: boolean }>;
    }>;
    expect(row!.components.map((c) => [c.label, c.disabled])).toEqual([
      ['Previous', true],
      ['Next', false],
    ]);
    const [, shown, total] = /^Results 1–(\d+) of (\d+)$/.exec(embedOf(data).footer!.text)!.map(Number);
    expect(shown).toBeLessThan(total!);
    const message = handle.record.original as APIMessage;
    const next = row!.components[1]!.custom_id;

    const press = await b.discord.interaction({ type: 'button', customId: next, message });
    expect((await press.response()).type).toBe(InteractionResponseType.UpdateMessage);
    expect(embedOf(message).footer?.text).toMatch(new RegExp(`^Results ${shown! + 1}–\\d+ of ${total}$`));

    const stranger = b.discord.user('stranger');
    const theirs = await replyOf(
      await b.discord.interaction({ type: 'button', customId: next, message, user: stranger }),
    );
    expect(theirs).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { flags: EPHEMERAL },
    });
    expect(theirs.data.content).toMatch(/Only the person who asked/);
    expect(embedOf(message).footer?.text).toMatch(new RegExp(`^Results ${shown! + 1}–`));

    const removed = await b.discord.waitForRequest('PATCH /webhooks/:app/:token/messages/@original');
    expect(removed.body).toMatchObject({ components: [] });
    expect(message.components).toEqual([]);

    const late = await b.discord.interaction({ type: 'button', customId: next, message });
    const [followUp] = await late.followUps();
    expect(followUp!.content).toMatch(/expired/);
    expect(followUp!.flags! & EPHEMERAL).toBe(EPHEMERAL);
  });
});

describe('bot: /reload', () => {
  const NEW = markdownArticle(
    { id: 'new-article', title: 'Zanzibar council news', url: 'https://example.com/new' },
    'The zanzibar committee met on Tuesday.\n',
  );
  async function reloadable(config: StartBotOptions['config'] = {}) {
    const dir = await corpus({ 'a.md': markdownArticle() });
    const b = await ownBot({ corpusDir: dir, config: { ADMIN_USER_IDS: [ADMIN.id], ...config } });
    return { dir, b };
  }
  const write = async (dir: string, name: string, body: string) =>
    (await import('node:fs/promises')).writeFile(`${dir}/${name}`, body);

  it.each([
    ['a listed admin in a DM', { in: 'dm', user: ADMIN }],
    ['a server member with Manage Server', { permissions: MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild }],
  ] as const)('reloads for %s: deferred, ephemeral, lists what was added, and /search finds it', async (_, who) => {
    const { dir, b } = await reloadable();
    await write(dir, 'b.md', NEW);
    const handle = await b.discord.interaction({ type: 'command', name: 'reload', ...who });
    expect(await handle.response()).toMatchObject({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: EPHEMERAL },
    });
    const [edit] = await handle.edits();
    expect(plain(embedOf(edit!).description)).toContain('Added (1): new-article');
    expect(handle.record.original!.flags! & EPHEMERAL).toBe(EPHEMERAL);
    const found = await replyOf(
      await b.discord.interaction({ type: 'command', name: 'search', options: { query: 'zanzibar' } }),
    );
    expect(embedOf(found.data).description).toContain('[Zanzibar council news](<https://example.com/new>)');
  });

  it.each([
    ['a member without Manage Server', { permissions: MEMBER_PERMISSIONS }],
    ['a non-admin in a DM', { in: 'dm' }],
    ['a member who names an admin in the options', { permissions: MEMBER_PERMISSIONS, options: { user: ADMIN.id } }],
  ] as const)('refuses %s, ephemerally, logs it, and changes nothing', async (_, who) => {
    const { dir, b } = await reloadable();
    const before = await articleIds(b);
    await write(dir, 'b.md', NEW);
    const reader = b.discord.user('reader2');
    const { type, data } = await replyOf(
      await b.discord.interaction({ type: 'command', name: 'reload', user: reader, ...who }),
    );
    expect(type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/^Only the bot's admins/);
    expect(warnings(b.logs(), 'admin command refused')).toEqual([
      expect.objectContaining({ user: reader.id, command: 'reload' }),
    ]);
    expect(await articleIds(b)).toEqual(before);
  });

  it('refuses a DM "reload" from a non-admin and reloads for a listed admin', async () => {
    const { dir, b } = await reloadable();
    const before = await articleIds(b);
    await write(dir, 'b.md', NEW);
    const refused = await b.discord.dm(b.discord.user('reader2'), 'reload');
    expect(refused.content).toMatch(/Only the bot's admins may use \/reload/);
    expect(warnings(b.logs(), 'admin command refused')).toHaveLength(1);
    expect(await articleIds(b)).toEqual(before);
    const done = await b.discord.dm(ADMIN, 'reload');
    expect(plain(embedOf(done).description)).toContain('Added (1): new-article');
    expect(await articleIds(b)).toContain('new-article');
  });

  it('refuses a mention "reload" from a member without Manage Server, and reloads for the server owner', async () => {
    const { dir, b } = await reloadable({ ADMIN_USER_IDS: [] });
    await write(dir, 'b.md', NEW);
    const refused = await b.discord.message('reload', { mentionBot: true, from: b.discord.user('member') });
    expect(refused.content).toMatch(/Only the bot's admins may use \/reload/);
    expect(await articleIds(b)).toHaveLength(1);
    // The loopback's default member owns the server, and owners have every permission.
    const done = await b.discord.message('reload', { mentionBot: true });
    expect(plain(embedOf(done).description)).toContain('Added (1): new-article');
  });

  it('refuses a broken corpus, naming the file and the problem, and keeps answering from the old one', async () => {
    const { dir, b } = await reloadable();
    await write(
      dir,
      'b.md',
      markdownArticle({ id: 'broken', published: '2017-02-30' }, 'The zanzibar committee met.\n'),
    );
    await write(dir, 'c.md', '---\ntitle: [unclosed\n---\nzanzibar text\n');
    const handle = await b.discord.interaction({ type: 'command', name: 'reload', in: 'dm', user: ADMIN });
    const [edit] = await handle.edits();
    const text = plain(embedOf(edit!).description);
    expect(embedOf(edit!).title).toBe('Reload refused');
    expect(text).toMatch(/^- b\.md: .*"2017-02-30"/m);
    expect(text).toMatch(/^- c\.md:(\d+:)? front matter is not valid YAML/m);
    expect(text).toContain('keeps answering from the 1 articles it had');
    const old = await replyOf(
      await b.discord.interaction({ type: 'command', name: 'search', options: { query: 'ordinance' } }),
    );
    expect(embedOf(old.data).description).toContain('**ordinance**');
    const missing = await replyOf(
      await b.discord.interaction({ type: 'command', name: 'search', options: { query: 'zanzibar' } }),
    );
    expect(embedOf(missing.data).description).toMatch(/^Nothing in the coverage matches/);
  });
});

describe('bot: rate limits and errors', () => {
  const boom: Command = {
    definition: { name: 'boom', description: 'Always fails' },
    example: '/boom',
    execute() {
      throw new Error('boom: the engine caught fire');
    },
  };

  it('tells a user over the limit when to try again, and still answers another user', async () => {
    const b = await ownBot({ config: { RATE_LIMIT_COMMANDS: 3, RATE_LIMIT_WINDOW_SECONDS: 60 } });
    for (let i = 0; i < 3; i++) {
      expect((await replyOf(await b.discord.interaction({ type: 'command', name: 'help' }))).data.flags ?? 0).toBe(0);
    }
    const { data } = await replyOf(await b.discord.interaction({ type: 'command', name: 'help' }));
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/try again in (59|60) seconds/);
    const other = await replyOf(
      await b.discord.interaction({ type: 'command', name: 'help', user: b.discord.user('other') }),
    );
    expect(embedOf(other.data).description).toContain('/search');
  });

  it('tells a user flooding DMs and mentions once per window, then stays silent until it resets', async () => {
    const b = await ownBot({ config: { RATE_LIMIT_COMMANDS: 2, RATE_LIMIT_WINDOW_SECONDS: 60 } });
    const reader = b.discord.user('flooder');
    for (let i = 0; i < 2; i++) expect(embedOf(await b.discord.dm(reader, 'help')).description).toContain('/search');
    expect((await b.discord.dm(reader, 'help')).content).toMatch(/try again in (59|60) seconds/);
    // Mentions count against the same limit, and the user has been told.
    for (let i = 0; i < 3; i++) b.discord.post('help', { mentionBot: true, from: reader });
    for (let i = 0; i < 3; i++) void b.discord.dm(reader, 'help').catch(() => undefined);
    const quiet = () => b.logs().filter((l) => l.msg === 'message' && l.outcome === 'rate-limited-quiet').length;
    await until('the flood to be handled', () => quiet() === 6);
    const notices = (channel: string) =>
      b.discord.messagesIn(channel).filter((m) => m.author.id === b.discord.bot.id && /try again/.test(m.content));
    expect(notices(b.discord.channelId)).toHaveLength(0);
    expect(notices(b.discord.dmChannelOf(reader))).toHaveLength(1);
  });

  it('apologises for a failing handler, logs the details, and answers the next command', async () => {
    const b = await ownBot({ commands: [search, help, boom] });
    const { data } = await replyOf(await b.discord.interaction({ type: 'command', name: 'boom' }));
    expect(data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^Sorry, something went wrong/) });
    expect(data.content.length).toBeLessThan(200);
    const failed = b.logs().find((l) => l.level === 50 && l.msg === 'handler failed');
    expect(failed).toMatchObject({ command: 'boom', err: { message: 'boom: the engine caught fire' } });
    const next = await replyOf(await b.discord.interaction({ type: 'command', name: 'help' }));
    expect(embedOf(next.data).description).toContain('/boom');
  });
  it('resolves the "thinking" message with the apology when a deferred answer fails', async () => {
    const clock = { skew: 0 };
    const b = await ownBot({ commands: [help, boom], discord: { now: () => Date.now() + clock.skew } });
    clock.skew = -2_000; // late, so the bot defers before it runs the command
    const handle = await b.discord.interaction({ type: 'command', name: 'boom' });
    clock.skew = 0;
    expect((await handle.response()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    await until('the apology', () => handle.record.edits.length + handle.record.followUps.length > 0);
    const original = handle.record.original!;
    expect(original.flags! & MessageFlags.Loading).toBe(0);
    expect(original.content).toMatch(/^Sorry, something went wrong/);
  });
});

describe('bot: an answer that takes long', () => {
  const slow: Command = {
    definition: { name: 'slow', description: 'Answers after half a second' },
    example: '/slow',
    async execute() {
      await new Promise((r) => setTimeout(r, 500));
      return { kind: 'notice', command: 'slow', title: 'Slow', items: [], message: 'worked out at last' };
    },
  };

  it('is acknowledged first when it is not ready 1.5 s after the interaction was made, then edited in', async () => {
    const clock = { skew: 0 };
    const b = await ownBot({ commands: [help, slow], discord: { now: () => Date.now() + clock.skew } });
    // In time: answered in one reply.
    const direct = await replyOf(await b.discord.interaction({ type: 'command', name: 'slow' }));
    expect(direct.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(embedOf(direct.data).description).toContain('worked out at last');
    // Made 1.2 s ago, so not deferred up front; the answer would come 0.2 s after the 1.5 s mark.
    clock.skew = -1_200;
    const handle = await b.discord.interaction({ type: 'command', name: 'slow' });
    clock.skew = 0;
    expect((await handle.response()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const [edit] = await handle.edits();
    expect(embedOf(edit!).description).toContain('worked out at last');
    const outcomes = () =>
      b
        .logs()
        .filter((l) => l.msg === 'interaction' && l.command === 'slow')
        .map((l) => l.outcome);
    await until('the log line', () => outcomes().length === 2);
    expect(outcomes()).toEqual(['answered', 'answered-deferred']);
  });
});

describe('the token stays secret', () => {
  it('never appears in the log when login fails', async () => {
    const discord = await startLoopbackDiscord();
    const wrong = 'MTAwMDAwMDAwMDAwMDAwMDAx.wrong.not-the-token-at-all';
    const raw: string[] = [];
    const logger = createLogger('trace', [wrong], { write: (line: string) => void raw.push(line) });
    const engine = await builtInEngine();
    const { EngineHolder } = await import('../../src/runtime/holder.ts');
    const { LocalAnswering } = await import('../../src/runtime/answering.ts');
    const bot = new Bot({
      config: {
        ADMIN_USER_IDS: [],
        RATE_LIMIT_COMMANDS: 5,
        RATE_LIMIT_WINDOW_SECONDS: 10,
        DISCORD_API_URL: discord.restUrl,
      },
      answering: new LocalAnswering(new EngineHolder(engine, '.'), commands),
      commands,
      logger,
      restApi: discord.restUrl,
    });
    try {
      // As runBot does, plus the worst case: an error (and a field) that quote the token.
      const err = await bot.login(wrong).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      logger.fatal({ err }, 'could not connect to Discord');
      logger.error(
        { err: new Error(`401 for Bot ${wrong}`), token: wrong, headers: { authorization: `Bot ${wrong}` } },
        `login with ${wrong} failed`,
      );
    } finally {
      await bot.destroy();
      await discord.close();
    }
    expect(raw.length).toBeGreaterThanOrEqual(2);
    expect(raw.join('')).not.toContain(wrong);
    expect(raw.join('')).not.toContain('not-the-token-at-all');
  });

  it('is never repeated by readConfig, wherever it was put', () => {
    const token = 'MTAwMDAwMDAwMDAwMDAwMDAx.secretpart.zzzz-yyyy';
    for (const env of [
      { DISCORD_TOKEN: `${token} `, DISCORD_APPLICATION_ID: 'x', LOG_LEVEL: 'loud' },
      { DISCORD_TOKEN: 'token with spaces secretpart', DISCORD_APPLICATION_ID: token },
      {
        DISCORD_TOKEN: token,
        DISCORD_APPLICATION_ID: '123',
        ADMIN_USER_IDS: token,
        DISCORD_API_URL: token,
        RATE_LIMIT_COMMANDS: token,
      },
    ]) {
      const read = readConfig(env);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.message).not.toMatch(/secretpart|zzzz/);
    }
  });
});
