// `coverage-bot start` as a process: configuration, corpus, command sync and login, against
// the loopback Discord; then SIGTERM, and the ways a bad start ends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { curationDefinitions } from '../../commands/corpus.ts';
import { commands } from '../../commands/index.ts';
import { TOKEN, runCli, type Run } from '../support/cli.ts';
import { startLoopbackDiscord, type LoopbackDiscord } from '../support/discord/index.ts';

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
