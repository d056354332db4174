// `coverage-bot sharded` as a process, with two shards against the loopback Discord: the
// manager registers the commands once, each shard identifies as [id, 2] and answers, and a
// /reload on one shard reloads both.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedUser } from '../support/bot.ts';
import { markdownArticle, tempCorpus } from '../support/corpus.ts';
import { TOKEN, runCli, type Run } from '../support/cli.ts';
import { startLoopbackDiscord, type InteractionHandle, type LoopbackDiscord } from '../support/discord/index.ts';

const ADMIN = fixedUser('100000000000000042', 'admin');

let discord: LoopbackDiscord | undefined;
let manager: Run | undefined;
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  manager?.kill('SIGTERM');
  await manager?.exited;
  manager = undefined;
  try {
    if (discord) expect(discord.violations).toEqual([]);
  } finally {
    await discord?.close();
    discord = undefined;
    await cleanup?.();
    cleanup = undefined;
  }
});

/** Runs `coverage-bot sharded` with exactly `env` (plus PATH), in the corpus folder so no .env is read. */
function startManager(cwd: string, args: string[], env: Record<string, string>): Run {
  manager = runCli(['sharded', ...args], cwd, env);
  return manager;
}

/** The JSON log lines (manager and shards share stdout). */
function logs(run: Run): Array<Record<string, unknown>> {
  return run
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function until(what: string, probe: () => boolean, run: Run, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Embed text with Markdown's escapes undone. */
const plain = (s: string) => s.replace(/\\(.)/g, '$1');

const descriptionOf = async (handle: InteractionHandle) => {
  const response = (await handle.response()) as { type: number; data: { embeds: Array<{ description: string }> } };
  expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  return plain(response.data.embeds[0]?.description ?? '');
};

describe('coverage-bot sharded', () => {
  it.each([
    ['process', 'auto'],
    ['worker', 'auto'],
    ['process', 'on'],
  ] as const)(
    'runs two shards in %s mode, ENGINE_THREAD=%s: commands registered once, each shard answers, /reload on one reloads both, SIGTERM closes both',
    async (mode, engineThread) => {
      discord = await startLoopbackDiscord({
        token: TOKEN,
        shards: 2,
        maxConcurrency: 2,
        heartbeatIntervalMs: 1_000,
        waitTimeoutMs: 20_000,
      });
      const corpus = await tempCorpus({ 'a.md': markdownArticle() });
      cleanup = corpus.cleanup;
      const run = startManager(corpus.dir, ['--mode', mode], {
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.restUrl,
        ADMIN_USER_IDS: ADMIN.id,
        CORPUS_DIR: corpus.dir,
        LOG_LEVEL: 'info',
        ENGINE_THREAD: engineThread,
      });
      await until('every shard to connect', () => logs(run).some((l) => l.msg === 'every shard is connected'), run);

      // The count came from GET /gateway/bot; each shard identified as [id, 2].
      expect(discord.gatewayLog.filter((e) => e.kind === 'identify').map((e) => 'shard' in e && e.shard)).toEqual([
        [0, 2],
        [1, 2],
      ]);
      // The manager registered the commands (then looked for old server copies to remove);
      // the shards left them alone.
      expect(discord.requests.filter((r) => r.route.includes('/commands')).map((r) => r.route)).toEqual([
        'GET /applications/:app/commands',
        'PUT /applications/:app/commands',
        'GET /applications/:app/guilds/:guild/commands',
      ]);
      // Shard 0 built the index and saved it next to the corpus; shard 1 loaded it.
      expect(
        logs(run)
          .filter((l) => l.msg === 'corpus loaded')
          .map((l) => l.saved),
      ).toEqual([false, true]);
      expect(
        logs(run)
          .filter((l) => l.msg === 'corpus loaded')
          .map((l) => l.engine),
      ).toEqual(engineThread === 'on' ? ['engine thread', 'engine thread'] : ['this thread', 'this thread']);

      for (const shard of [0, 1]) {
        const found = await descriptionOf(
          await discord.interaction({ type: 'command', name: 'search', options: { query: 'ordinance' } }, { shard }),
        );
        expect(found).toContain('**ordinance**');
      }

      await writeFile(
        path.join(corpus.dir, 'b.md'),
        markdownArticle(
          { id: 'new-article', title: 'Zanzibar council news', url: 'https://example.com/new' },
          'The zanzibar committee met on Tuesday.\n',
        ),
      );
      const reload = await discord.interaction({ type: 'command', name: 'reload', user: ADMIN }, { shard: 1 });
      expect(await reload.response()).toMatchObject({ type: InteractionResponseType.DeferredChannelMessageWithSource });
      const [edit] = await reload.edits();
      const report = (edit as { embeds: Array<{ title: string; description: string }> }).embeds[0]!;
      expect(report.title).toBe('Corpus reloaded');
      expect(plain(report.description)).toMatch(
        /^Shard 0: Reloaded 2 articles in [\d.]+ s\.\nShard 1: Reloaded 2 articles in [\d.]+ s\.\nAdded \(1\): new-article$/,
      );

      const other = await descriptionOf(
        await discord.interaction({ type: 'command', name: 'search', options: { query: 'zanzibar' } }, { shard: 0 }),
      );
      expect(other).toContain('[Zanzibar council news](<https://example.com/new>)');

      const since = discord.gatewayLog.length;
      run.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      const closes = discord.gatewayLog.slice(since).filter((e) => e.kind === 'close');
      expect(closes).toEqual([
        expect.objectContaining({ by: 'bot', code: 1000 }),
        expect.objectContaining({ by: 'bot', code: 1000 }),
      ]);
      expect(run.output()).not.toContain(TOKEN);
    },
    40_000,
  );
});
