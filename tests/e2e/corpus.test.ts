// Admins curate the coverage from Discord: /corpus add (a link, a file), the message
// command "Add to coverage", remove, restore, list, through the real Bot and discord.js
// against the loopback Discord, with pages served from 127.0.0.1.
import { readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { InteractionResponseType, MessageFlags, type APIMessage } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { curationDefinitions } from '../../commands/corpus.ts';
import { commands } from '../../commands/index.ts';
import { LOCK_FILE, loadCorpus } from '../../src/corpus/load.ts';
import { readChanges } from '../../src/curate/changes.ts';
import { escapeMarkdown } from '../../src/render/discord.ts';
import { syncCommands } from '../../src/runtime/deploy.ts';
import { buildInThread, type EngineBuilder } from '../../src/runtime/holder.ts';
import { fixedUser, startBot, type RunningBot, type StartBotOptions } from '../support/bot.ts';
import { markdownArticle, tempCorpus } from '../support/corpus.ts';
import type { InteractionHandle } from '../support/discord/index.ts';
import { articlePage, servePages, storyParagraphs, type PageServer } from '../support/pages.ts';

const ADMIN = fixedUser('100000000000000001', 'admin');
const EPHEMERAL = MessageFlags.Ephemeral;
const DATED =
  '<meta property="og:site_name" content="The Example Times"><meta property="article:published_time" content="2024-05-06T08:00:00Z"><meta name="author" content="Ana Ruiz">';
const UNDATED = '<meta property="og:site_name" content="The Example Times">';

const cleanups: Array<() => Promise<void>> = [];
const bots: RunningBot[] = [];
afterEach(async () => {
  const started = bots.splice(0);
  try {
    for (const b of started) expect(b.discord.violations).toEqual([]);
  } finally {
    for (const b of started) await b.stop();
    for (const c of cleanups.splice(0)) await c();
  }
});

/** A corpus folder with one article, "a", and a bot over it with ADMIN listed and /corpus registered. */
async function setup(
  options: { curation?: StartBotOptions['curation']; build?: EngineBuilder; files?: Record<string, string> } = {},
) {
  const made = await tempCorpus(
    options.files ?? {
      'a.md': markdownArticle(
        { id: 'a', title: 'Denver passes ordinance', url: 'https://example.com/a' },
        'Denver passed an ordinance Monday.\n',
      ),
    },
  );
  cleanups.push(made.cleanup);
  const b = await startBot({
    corpusDir: made.dir,
    config: { ADMIN_USER_IDS: [ADMIN.id] },
    curation: { ...options.curation, fetch: { allowPrivateHosts: ['127.0.0.1'], ...options.curation?.fetch } },
    ...(options.build && { build: options.build }),
  });
  bots.push(b);
  const d = b.discord;
  await syncCommands(
    commands,
    { token: d.token, applicationId: d.applicationId, guildId: d.guildId, restApi: d.restUrl },
    { also: curationDefinitions },
  );
  return { dir: made.dir, b, d };
}

async function serve(handler: Parameters<typeof servePages>[0]): Promise<PageServer> {
  const server = await servePages(handler);
  cleanups.push(() => server.close());
  return server;
}

/** An article page with `head`, its canonical address on news.example at the path asked for. */
const page =
  (head: string, title?: string): Parameters<typeof servePages>[0] =>
  (req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      articlePage({
        head: `${head}<link rel="canonical" href="https://news.example${req.url}">`,
        ...(title && { title }),
      }),
    );

type Body = { type?: number; data?: Record<string, any> } & Record<string, any>;

/** Runs /corpus <sub> as `user` (ADMIN by default); resolves with its first edit (after the private deferral). */
async function corpus(b: RunningBot, sub: string, spec: Record<string, unknown> = {}) {
  const handle = await b.discord.interaction({
    type: 'command',
    name: 'corpus',
    subcommand: sub,
    user: ADMIN,
    ...spec,
  } as never);
  expect(await handle.response()).toMatchObject({
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    data: { flags: EPHEMERAL },
  });
  const [edit] = (await handle.edits()) as Body[];
  return { handle, edit: edit!, message: handle.record.original! };
}

function customIds(body: Body): string[] {
  return (body.components ?? []).flatMap((row: Body) => row.components.map((c: Body) => c.custom_id as string));
}

/** Presses the button whose custom_id starts `corpus:<action>` on `message`. */
async function press(b: RunningBot, message: APIMessage, action: string, user = ADMIN): Promise<InteractionHandle> {
  const id = customIds(message as unknown as Body).find((c) => c.startsWith(`corpus:${action}`));
  if (!id) throw new Error(`no ${action} button in ${JSON.stringify(message.components)}`);
  return b.discord.interaction({ type: 'button', customId: id, message, user });
}

/** Presses Add on a preview; resolves with what the bot said after adding. */
async function add(b: RunningBot, message: APIMessage): Promise<string> {
  const pressed = await press(b, message, 'add');
  expect(await pressed.response()).toMatchObject({ type: InteractionResponseType.UpdateMessage });
  const [done] = (await pressed.edits()) as Body[];
  return String(done!.content);
}

async function searchFor(b: RunningBot, query: string): Promise<string> {
  const handle = await b.discord.interaction({ type: 'command', name: 'search', options: { query } });
  return JSON.stringify(await handle.response());
}

async function articleFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => !f.startsWith('.') && /\.(md|jsonl)$/.test(f)).sort();
}

const ZONING_ID = 'the-example-times-council-passes-the-zoning-plan';

describe('/corpus add url:', () => {
  it('previews the page privately, adds it on Add, reloads, and /search finds it', async () => {
    const { dir, b } = await setup();
    const { origin } = await serve(page(DATED));
    expect(await searchFor(b, 'zoning riverside')).not.toContain('Council passes the zoning plan');
    const { edit, message } = await corpus(b, 'add', { options: { url: `${origin}/zoning` } });
    const embed = edit.embeds[0];
    expect(embed.title).toBe('Council passes the zoning plan');
    expect(embed.description).toBe(escapeMarkdown(storyParagraphs()[0]!));
    const fields = Object.fromEntries(embed.fields.map((f: Body) => [f.name, f.value]));
    expect(fields).toMatchObject({
      Outlet: 'The Example Times',
      Published: '2024-05-06',
      Byline: 'Ana Ruiz',
      Yields: expect.stringMatching(/^5 passages, 1 quotes, \d+ dated events$/),
      Id: `\`${ZONING_ID}\``,
    });
    expect(message.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(await articleFiles(dir)).toEqual(['a.md']);

    const stale = { ...message, components: edit.components } as APIMessage;
    const said = await add(b, message);
    expect(said).toContain(`Added "Council passes the zoning plan" (${ZONING_ID}) as ${ZONING_ID}.md.`);
    const twice = await press(b, stale, 'add');
    await twice.response();
    const [told] = await twice.followUps();
    expect(told!.content).toContain('Add was pressed on this preview already');
    expect(said).toContain('The bot has reloaded: 2 articles.');
    expect(said).toContain('Find it with /search');
    expect(await articleFiles(dir)).toEqual(['a.md', `${ZONING_ID}.md`]);
    expect(await searchFor(b, 'zoning riverside')).toContain('Council passes the zoning plan');
    const [change] = await readChanges(dir);
    expect(change).toMatchObject({ action: 'add', ids: [ZONING_ID], by: `discord:${ADMIN.id} (admin)` });
    expect(b.logs()).toContainEqual(expect.objectContaining({ msg: 'corpus changed', user: ADMIN.id, action: 'add' }));
  });

  it('asks for the date of a page without one in a modal, refuses a bad date, then adds with the date given', async () => {
    const { dir, b } = await setup();
    const { origin } = await serve(page(UNDATED));
    const { edit, message } = await corpus(b, 'add', { options: { url: `${origin}/zoning` } });
    const fields = Object.fromEntries(edit.embeds[0].fields.map((f: Body) => [f.name, f.value]));
    expect(fields['Published']).toBe('not on the page: Add asks for it');
    expect(fields['Needed before adding']).toContain('published');

    const pressed = await press(b, message, 'add');
    const modal = (await pressed.response()) as Body;
    expect(modal.type).toBe(InteractionResponseType.Modal);
    const input = modal.data!.components[0].components[0];
    expect(input).toMatchObject({ custom_id: 'published', label: 'Publication date (YYYY-MM-DD)' });

    const bad = await b.discord.interaction({
      type: 'modal',
      customId: modal.data!.custom_id,
      fields: { published: '2024-02-30' },
      message,
      user: ADMIN,
    });
    expect(await bad.response()).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { flags: EPHEMERAL, content: expect.stringContaining('"2024-02-30" is not a date written YYYY-MM-DD') },
    });
    expect(await articleFiles(dir)).toEqual(['a.md']);

    const again = await press(b, message, 'add');
    expect(await again.response()).toMatchObject({ type: InteractionResponseType.Modal });
    const good = await b.discord.interaction({
      type: 'modal',
      customId: modal.data!.custom_id,
      fields: { published: '2024-05-06' },
      message,
      user: ADMIN,
    });
    expect(await good.response()).toMatchObject({ type: InteractionResponseType.UpdateMessage });
    const [done] = (await good.edits()) as Body[];
    expect(done!.content).toContain(`Added "Council passes the zoning plan"`);
    const added = (await loadCorpus(dir)).articles.find((a) => a.id === ZONING_ID);
    expect(added?.published).toBe('2024-05-06');
  });

  it('asks for the address of a page that gives none a reader could follow (an intranet address)', async () => {
    const { dir, b } = await setup();
    const { origin } = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage({ head: DATED })),
    );
    const { message } = await corpus(b, 'add', { options: { url: `${origin}/zoning` } });
    const pressed = await press(b, message, 'add');
    const modal = (await pressed.response()) as Body;
    expect(modal.data!.components.map((row: Body) => row.components[0].custom_id)).toEqual(['url']);
    const submit = (url: string) =>
      b.discord.interaction({ type: 'modal', customId: modal.data!.custom_id, fields: { url }, message, user: ADMIN });
    const bad = await submit('intranet/zoning');
    expect(await bad.response()).toMatchObject({
      data: { content: expect.stringContaining('url "intranet/zoning" is not an http(s) URL') },
    });
    await (await press(b, message, 'add')).response();
    const good = await submit('https://news.example/zoning');
    await good.response();
    const [done] = (await good.edits()) as Body[];
    expect(done!.content).toContain('Added "Council passes the zoning plan"');
    expect((await loadCorpus(dir)).articles.find((a) => a.id === ZONING_ID)?.url).toBe('https://news.example/zoning');
  });

  it.each([
    [
      'a page that is not an article',
      page(`${UNDATED}<meta property="og:type" content="website">`),
      /is not an article: the page says it is a "website"/,
    ],
    [
      'a redirect to a private address not allowed',
      ((_req, res) => res.writeHead(302, { location: 'http://192.168.7.7/story' }).end()) as Parameters<
        typeof servePages
      >[0],
      /192\.168\.7\.7/,
    ],
    [
      'a page larger than 5 MB',
      ((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<html><body>${'x'.repeat(5 * 1024 * 1024 + 10)}</body></html>`);
      }) as Parameters<typeof servePages>[0],
      /is larger than 5\.0 MB, the most a page may be/,
    ],
  ])('refuses %s, writing nothing', async (_, handler, reason) => {
    const { dir, b } = await setup();
    const { origin } = await serve(handler);
    const { edit } = await corpus(b, 'add', { options: { url: `${origin}/story` } });
    expect(edit.content).toMatch(/^Refused: /);
    expect(edit.content).toMatch(reason);
    expect(customIds(edit)).toEqual([]);
    expect(await articleFiles(dir)).toEqual(['a.md']);
  });

  it('refuses a page that does not answer within the timeout', async () => {
    const { dir, b } = await setup({ curation: { fetch: { timeoutMs: 300 } } });
    const { origin } = await serve(() => undefined); // never answers
    const { edit } = await corpus(b, 'add', { options: { url: `${origin}/slow` } });
    expect(edit.content).toMatch(/\/slow did not answer within 300 ms; try again later/);
    expect(await articleFiles(dir)).toEqual(['a.md']);
  });

  it('offers to replace a page the coverage already has, keeping the old file in the trash', async () => {
    const { dir, b } = await setup();
    const { origin } = await serve(page(DATED));
    await add(b, (await corpus(b, 'add', { options: { url: `${origin}/zoning` } })).message);
    const { edit, message } = await corpus(b, 'add', { options: { url: `${origin}/zoning` } });
    expect(edit.content).toBe(
      `The coverage already has this page, as "${ZONING_ID}" (${ZONING_ID}.md). Replace it with the page as it is now? The old file is kept in the trash.`,
    );
    expect(edit.components[0].components.map((c: Body) => c.label)).toEqual(['Replace', 'Cancel']);
    const said = await add(b, message);
    expect(said).toMatch(
      new RegExp(
        `^Replaced "Council passes the zoning plan" \\(${ZONING_ID}\\) in ${ZONING_ID}\\.md; the old file is kept in \\.trash/`,
      ),
    );
    expect(await articleFiles(dir)).toEqual(['a.md', `${ZONING_ID}.md`]);
    expect(
      (await readdir(path.join(dir, '.trash'), { recursive: true })).filter((f) => f.endsWith('.md')),
    ).toHaveLength(1);
  });

  it('leaves the folder as it was when the reload refuses it', async () => {
    let refuse = false;
    const build: EngineBuilder = async (dir) =>
      refuse ? { errors: [{ file: 'x.md', message: 'refused by the test' }] } : buildInThread(dir);
    const { dir, b } = await setup({ build });
    const { origin } = await serve(page(DATED));
    const before = await articleFiles(dir);
    const { message } = await corpus(b, 'add', { options: { url: `${origin}/zoning` } });
    refuse = true;
    const said = await add(b, message);
    expect(said).toContain('Refused:');
    expect(said).toContain('x.md: refused by the test');
    expect(await articleFiles(dir)).toEqual(before);
    expect(await searchFor(b, 'zoning riverside')).not.toContain('Council passes the zoning plan');
  });

  it('adds two pages pressed at once, one after the other', async () => {
    const { dir, b } = await setup();
    const { origin } = await serve((req, res) =>
      page(DATED, req.url === '/one' ? 'Council passes the zoning plan' : 'Mayor signs the budget')(req, res),
    );
    const one = await corpus(b, 'add', { options: { url: `${origin}/one` } });
    const two = await corpus(b, 'add', { options: { url: `${origin}/two` } });
    const [a, c] = await Promise.all([add(b, one.message), add(b, two.message)]);
    expect(a).toContain('Added "Council passes the zoning plan"');
    expect(c).toContain('Added "Mayor signs the budget"');
    expect((await loadCorpus(dir)).articles).toHaveLength(3);
  });

  it('refuses non-admins privately and logs it; only the asker may press Add', async () => {
    const { dir, b } = await setup();
    const { origin } = await serve(page(DATED));
    const reader = b.discord.user('reader2');
    const handle = await b.discord.interaction({
      type: 'command',
      name: 'corpus',
      subcommand: 'add',
      options: { url: `${origin}/zoning` },
      user: reader,
    });
    expect(await handle.response()).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { flags: EPHEMERAL, content: expect.stringContaining("Only the bot's admins") },
    });
    expect(b.logs()).toContainEqual(expect.objectContaining({ msg: 'admin command refused', user: reader.id }));

    const { message } = await corpus(b, 'add', { options: { url: `${origin}/zoning` } });
    const other = await press(b, message, 'add', reader);
    expect(await other.response()).toMatchObject({
      data: { flags: EPHEMERAL, content: 'Only the admin who asked can add or cancel this article.' },
    });
    const cancel = await press(b, message, 'cancel');
    expect(await cancel.response()).toMatchObject({
      type: InteractionResponseType.UpdateMessage,
      data: { content: 'Cancelled: nothing was added.', components: [] },
    });
    expect(await articleFiles(dir)).toEqual(['a.md']);
  });
});

describe('/corpus: previews expire, the folder may be busy', () => {
  it('removes the buttons of a preview that expired, and says so if Add is pressed anyway', async () => {
    const { dir, b } = await setup({ curation: { previewTtlMs: 200 } });
    const { origin } = await serve(page(DATED));
    const { handle, message } = await corpus(b, 'add', { options: { url: `${origin}/zoning` } });
    const [preview, expired] = (await handle.edits(2)) as Body[];
    expect(expired).toMatchObject({ content: 'This preview has expired; nothing was added.', components: [] });
    expect(message.components).toEqual([]);
    // A client that had not yet redrawn the message still shows the buttons.
    const stale = { ...message, components: preview!.components } as APIMessage;
    const pressed = await press(b, stale, 'add');
    expect(await pressed.response()).toMatchObject({ type: InteractionResponseType.UpdateMessage });
    const [told] = await pressed.followUps();
    expect(told!.content).toBe('This preview has expired; nothing was added. Run the command again.');
    expect(await articleFiles(dir)).toEqual(['a.md']);
  });

  it('tells the admin to try again while another process holds the folder, for a change and for /reload', async () => {
    const { dir, b } = await setup({ curation: { lock: { waitMs: 100 } } });
    const since = new Date().toISOString();
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), since }));
    const removed = await corpus(b, 'remove', { options: { id: 'a' } });
    expect(removed.edit.content).toBe(
      `Refused: the corpus folder is being changed by process ${process.pid} on ${hostname()}, since ${since}; try again in a moment`,
    );
    const reload = await b.discord.interaction({ type: 'command', name: 'reload', user: ADMIN });
    await reload.response();
    const [report] = (await reload.edits()) as Body[];
    expect(JSON.stringify(report)).toContain('the corpus folder is being changed by process');
    expect(await articleFiles(dir)).toEqual(['a.md']);
    await unlink(path.join(dir, LOCK_FILE));
    const again = await corpus(b, 'remove', { options: { id: 'a' } });
    expect(again.edit.content).toMatch(/^Removed "Denver passes ordinance"/);
  });
});

describe('Add to coverage (message command)', () => {
  it('adds the first link of the message', async () => {
    const { dir, b } = await setup();
    const { origin } = await serve(page(DATED));
    const target = b.discord.post(`Worth adding: <${origin}/zoning>, and ${origin}/other too.`);
    const handle = await b.discord.interaction({
      type: 'messageCommand',
      name: 'Add to coverage',
      target,
      user: ADMIN,
    });
    expect(await handle.response()).toMatchObject({ data: { flags: EPHEMERAL } });
    const [preview] = (await handle.edits()) as Body[];
    expect(preview!.embeds[0].url).toBe('https://news.example/zoning');
    expect(await add(b, handle.record.original!)).toContain('Added "Council passes the zoning plan"');
    expect(await articleFiles(dir)).toEqual(['a.md', `${ZONING_ID}.md`]);
  });

  it('says so when the message has no link', async () => {
    const { b } = await setup();
    const target = b.discord.post('no link here');
    const handle = await b.discord.interaction({
      type: 'messageCommand',
      name: 'Add to coverage',
      target,
      user: ADMIN,
    });
    await handle.response();
    const [said] = (await handle.edits()) as Body[];
    expect(said!.content).toContain('That message has no http(s) link to add.');
  });
});

describe('/corpus add file:', () => {
  const file = (data: string, filename = 'new.md', size?: number) => ({
    attachments: { file: { filename, data: Buffer.from(data), contentType: 'text/markdown', ...(size && { size }) } },
  });

  it('previews a valid file and adds it on Add', async () => {
    const { dir, b } = await setup();
    const body = markdownArticle(
      { id: 'budget', title: 'Mayor signs the budget', url: 'https://example.com/budget' },
      'The mayor signed the budget on Friday.\n',
    );
    const { edit, message } = await corpus(b, 'add', file(body));
    expect(edit.content).toBe('new.md is valid. Add its article to the coverage?');
    expect(edit.embeds[0].description).toContain('**Mayor signs the budget** (`budget`)');
    expect(await add(b, message)).toContain('Added "Mayor signs the budget" (budget) as new.md.');
    expect(await readFile(path.join(dir, 'new.md'), 'utf8')).toBe(body);
  });

  it('previews every article of a JSON Lines file and adds them all', async () => {
    const { dir, b } = await setup();
    const lines = [1, 2, 3].map((n) =>
      JSON.stringify({
        id: `bulk-${n}`,
        title: `Bulk story ${n}`,
        outlet: 'The Test Gazette',
        published: `2023-0${n}-01`,
        url: `https://example.com/bulk/${n}`,
        text: `The council met for the ${n}th time on Tuesday.`,
      }),
    );
    const { edit, message } = await corpus(b, 'add', file(`${lines.join('\n')}\n`, 'bulk.jsonl'));
    expect(edit.content).toBe('bulk.jsonl is valid. Add its 3 articles to the coverage?');
    expect(edit.embeds[0].description.match(/\*\*Bulk story \d\*\*/g)).toEqual([
      '**Bulk story 1**',
      '**Bulk story 2**',
      '**Bulk story 3**',
    ]);
    expect(await add(b, message)).toContain('Added 3 articles (bulk-1, bulk-2, bulk-3) as bulk.jsonl.');
    expect((await loadCorpus(dir)).articles.map((a) => a.id).sort()).toEqual(['a', 'bulk-1', 'bulk-2', 'bulk-3']);
  });

  it('lists every error of a bad file and writes nothing', async () => {
    const { dir, b } = await setup();
    const bad = markdownArticle({ id: 'b', published: 'yesterday', url: null });
    const { edit } = await corpus(b, 'add', file(bad));
    expect(edit.content).toBe(
      'Refused: new.md has 2 errors; nothing was added. Fix these and add the file again:\n- new.md: published "yesterday" is not a date (expected YYYY-MM-DD)\n- new.md: missing url',
    );
    const taken = await corpus(b, 'add', file(markdownArticle({ id: 'a', url: 'https://example.com/other' })));
    expect(taken.edit.content).toContain('duplicate article id');
    expect(customIds(edit)).toEqual([]);
    expect(await articleFiles(dir)).toEqual(['a.md']);
  });

  it('refuses a file larger than the cap without downloading it', async () => {
    const { b } = await setup();
    const { edit } = await corpus(b, 'add', file('x', 'big.md', 9 * 1024 * 1024));
    expect(edit.content).toBe('Refused: the file is larger than 8 MiB; split it into smaller files and add each');
  });

  it('stops reading a file that is larger than Discord said, past the cap', async () => {
    const { dir, b } = await setup({ curation: { maxAttachmentBytes: 2_048 } });
    const big = markdownArticle({ id: 'big' }, `${'word '.repeat(1_000)}\n`);
    const { edit } = await corpus(b, 'add', file(big, 'big.md', 100));
    expect(edit.content).toBe('Refused: the file is larger than 2 KiB; split it into smaller files and add each');
    expect(await articleFiles(dir)).toEqual(['a.md']);
  });

  it('refuses a file that is not an article file, and both a link and a file at once', async () => {
    const { b } = await setup();
    const { edit } = await corpus(b, 'add', file('hello', 'notes.txt'));
    expect(edit.content).toContain('notes.txt is not an article file');
    const both = await corpus(b, 'add', { ...file('x'), options: { url: 'https://example.com/x' } });
    expect(both.edit.content).toContain('Give either a link');
  });
});

describe('/corpus remove, restore, list', () => {
  it('completes ids and titles, removes to the trash and restores, reloading each time', async () => {
    const { dir, b } = await setup();
    const typed = await b.discord.interaction({
      type: 'autocomplete',
      name: 'corpus',
      subcommand: 'remove',
      focused: 'id',
      options: { id: 'denver' },
      user: ADMIN,
    });
    expect(await typed.response()).toMatchObject({
      data: { choices: [{ name: 'a: Denver passes ordinance', value: 'a' }] },
    });
    const removed = await corpus(b, 'remove', { options: { id: 'a' } });
    expect(removed.edit.content).toMatch(/^Removed "Denver passes ordinance" \(a\): a\.md is kept in \.trash\//);
    expect(removed.edit.content).toContain('The bot has reloaded: 0 articles.');
    expect(await articleFiles(dir)).toEqual([]);
    expect(await searchFor(b, 'Denver ordinance')).not.toContain('Denver passes ordinance');

    const trash = await b.discord.interaction({
      type: 'autocomplete',
      name: 'corpus',
      subcommand: 'restore',
      focused: 'id',
      options: { id: '' },
      user: ADMIN,
    });
    expect(await trash.response()).toMatchObject({
      data: {
        choices: [
          { name: expect.stringMatching(/^a: Denver passes ordinance \(removed \d{4}-\d\d-\d\d\)$/), value: 'a' },
        ],
      },
    });
    const restored = await corpus(b, 'restore', { options: { id: 'a' } });
    expect(restored.edit.content).toContain(
      'Restored "Denver passes ordinance" (a) to a.md. The bot has reloaded: 1 articles.',
    );
    expect(await articleFiles(dir)).toEqual(['a.md']);
    expect(await searchFor(b, 'Denver ordinance')).toContain('Denver passes ordinance');

    const missing = await corpus(b, 'remove', { options: { id: 'nope' } });
    expect(missing.edit.content).toContain('Refused: the coverage has no article "nope"');
  });

  it('lists the articles newest first, a page at a time', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 12 }, (_, n) => [
        `a${n}.md`,
        markdownArticle({
          id: `a${n}`,
          title: `Story ${n}`,
          published: `2024-01-${String(n + 1).padStart(2, '0')}`,
          url: `https://example.com/${n}`,
        }),
      ]),
    );
    const { b } = await setup({ files });
    const { edit, message } = await corpus(b, 'list');
    const lines = edit.embeds[0].description.split('\n');
    expect(lines[0]).toBe('`2024-01-12` **a11**: Story 11 (The Test Gazette)');
    expect(lines).toHaveLength(10);
    expect(edit.embeds[0].footer.text).toContain('Page 1 of 2');
    const older = await b.discord.interaction({
      type: 'button',
      customId: customIds(edit).find((c) => c.endsWith(':2'))!,
      message,
      user: ADMIN,
    });
    const next = (await older.response()) as Body;
    expect(next.data!.embeds[0].description.split('\n')).toEqual([
      '`2024-01-02` **a1**: Story 1 (The Test Gazette)',
      '`2024-01-01` **a0**: Story 0 (The Test Gazette)',
    ]);
  });
});
