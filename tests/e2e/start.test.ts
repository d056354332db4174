// `coverage-bot start` as a process: configuration, corpus, command sync and login, against
// the loopback Discord; then SIGTERM, and the ways a bad start ends.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { curationDefinitions } from '../../commands/corpus.ts';
import { commands } from '../../commands/index.ts';
import { TOKEN, runCli, type Run } from '../support/cli.ts';
import { fixedUser } from '../support/bot.ts';
import { markdownArticle, tempCorpus } from '../support/corpus.ts';
import { MEMBER_PERMISSIONS, startLoopbackDiscord, type LoopbackDiscord } from '../support/discord/index.ts';
import { articlePage, servePages } from '../support/pages.ts';

let cwd: string | undefined;
let discord: LoopbackDiscord | undefined;
let child: Run | undefined;

afterEach(async () => {
  child?.kill('SIGKILL');
  await child?.exited;
  child = undefined;
  try {
    if (discord) expect(discord.violations).toEqual([]);
  } finally {
    await discord?.close();
    discord = undefined;
    if (cwd) await rm(cwd, { recursive: true, force: true });
    cwd = undefined;
  }
});

/** Runs the entry point with exactly `env` (plus PATH), in an empty folder so no .env is read. */
async function start(env: Record<string, string>): Promise<Run> {
  cwd = await mkdtemp(path.join(tmpdir(), 'coverage-bot-start-'));
  child = runCli(['start'], cwd, env);
  return child;
}

describe('coverage-bot start', () => {
  it.each([
    ['auto', 'this thread'],
    ['on', 'engine thread'],
  ])(
    'with ENGINE_THREAD=%s: syncs the commands, connects, answers /search valles from %s, and exits 0 on SIGTERM with the gateway closed',
    async (mode, where) => {
      discord = await startLoopbackDiscord({ token: TOKEN, heartbeatIntervalMs: 1_000, waitTimeoutMs: 20_000 });
      const run = await start({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.restUrl,
        LOG_LEVEL: 'info',
        ENGINE_THREAD: mode,
      });
      await discord.waitForGateway('ready');
      expect(discord.commands().map((c) => c.name)).toEqual([
        ...commands.map((c) => c.definition.name),
        ...curationDefinitions.map((d) => d.name),
      ]);

      const handle = await discord.interaction({ type: 'command', name: 'search', options: { query: 'valles' } });
      const response = (await handle.response()) as { type: number; data: { embeds: Array<{ description: string }> } };
      expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(response.data.embeds[0]?.description).toContain('**Valles**');

      const since = discord.gatewayLog.length;
      run.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(discord.gatewayLog.slice(since)).toContainEqual(
        expect.objectContaining({ kind: 'close', by: 'bot', code: 1000 }),
      );
      const out = run.output();
      expect(out).toContain(`"engine":"${where}","msg":"corpus loaded"`);
      expect(out).toContain('"msg":"closing the gateway"');
      expect(out).not.toContain(TOKEN);
    },
  );

  it('adds a link with /corpus as FETCH_ALLOW_PRIVATE_HOSTS allows, and reloads on SIGHUP', async () => {
    discord = await startLoopbackDiscord({ token: TOKEN, heartbeatIntervalMs: 1_000, waitTimeoutMs: 20_000 });
    const made = await tempCorpus({ 'a.md': markdownArticle({ id: 'a', url: 'https://example.com/a' }) });
    const pages = await servePages((req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        articlePage({
          head: `<meta property="og:site_name" content="The Example Times"><meta property="article:published_time" content="2024-05-06"><link rel="canonical" href="https://news.example${req.url}">`,
        }),
      ),
    );
    const admin = '100000000000000001';
    try {
      const run = await start({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.restUrl,
        CORPUS_DIR: made.dir,
        ADMIN_USER_IDS: admin,
        FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        LOG_LEVEL: 'info',
      });
      await discord.waitForGateway('ready');
      // A listed admin without Manage Server: ADMIN_USER_IDS reached the bot.
      const asAdmin = { user: fixedUser(admin, 'admin'), permissions: MEMBER_PERMISSIONS };
      const add = await discord.interaction({
        type: 'command',
        name: 'corpus',
        subcommand: 'add',
        options: { url: `${pages.origin}/zoning` },
        ...asAdmin,
      });
      await add.response();
      const [preview] = (await add.edits()) as Array<{
        components: Array<{ components: Array<{ custom_id: string }> }>;
      }>;
      const addId = preview!.components[0]!.components[0]!.custom_id;
      const pressed = await discord.interaction({
        type: 'button',
        customId: addId,
        message: add.record.original!,
        ...asAdmin,
      });
      await pressed.response();
      const [done] = (await pressed.edits()) as Array<{ content: string }>;
      expect(done!.content).toContain('Added "Council passes the zoning plan"');
      expect(done!.content).toContain('The bot has reloaded: 2 articles.');

      await writeFile(
        path.join(made.dir, 'b.md'),
        markdownArticle(
          { id: 'b', title: 'Signal story', url: 'https://example.com/b' },
          'The harbour reopened on Sunday after the storm.\n',
        ),
      );
      run.kill('SIGHUP');
      // Waits for the log line (the signal has no reply to wait for).
      for (let i = 0; i < 400 && !run.output().includes('Reloaded 3 articles'); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(run.output()).toContain('Reloaded 3 articles');
      const search = await discord.interaction({
        type: 'command',
        name: 'search',
        options: { query: 'harbour reopened' },
      });
      expect(JSON.stringify(await search.response())).toContain('Signal story');
    } finally {
      await pages.close();
      await made.cleanup();
    }
  });

  it('exits 1 without printing the token when Discord refuses it', async () => {
    discord = await startLoopbackDiscord({ token: TOKEN, waitTimeoutMs: 20_000 });
    const wrong = 'MTAwMDAwMDAwMDAwMDAwMDAy.XyZaBc.not-the-right-token';
    const run = await start({
      DISCORD_TOKEN: wrong,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.restUrl,
      REGISTER_COMMANDS: 'false',
    });
    expect(await run.exited).toBe(1);
    expect(discord.requests).toContainEqual(expect.objectContaining({ route: 'GET /gateway/bot', status: 401 }));
    expect(run.output()).toContain('could not connect to Discord');
    expect(run.output()).not.toContain(wrong);
    expect(run.output()).not.toContain('not-the-right-token');
  });

  it('exits 2 listing every configuration problem, without printing the token', async () => {
    const run = await start({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: 'my-app', LOG_LEVEL: 'loud' });
    expect(await run.exited).toBe(2);
    const out = run.output();
    expect(out).toMatch(/2 problems/);
    expect(out).toContain('DISCORD_APPLICATION_ID must be a Discord id');
    expect(out).toContain('LOG_LEVEL must be one of');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('loopback-secret-token-value');
  });
});
