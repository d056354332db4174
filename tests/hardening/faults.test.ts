// Faults from Discord and people who may not do what they try, with the real Bot and the
// real discord.js client against the loopback Discord.
import { GatewayDispatchEvents, MessageFlags, PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { Bot } from '../../src/runtime/bot.ts';
import { LocalAnswering } from '../../src/runtime/answering.ts';
import { EngineHolder } from '../../src/runtime/holder.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { BUILT_IN, builtInEngine } from '../support/corpus.ts';
import { MEMBER_PERMISSIONS, startLoopbackDiscord, type InteractionHandle } from '../support/discord/index.ts';
import { startHardened, type Hardened } from './harness.ts';

const CALLBACK = 'POST /interactions/:id/:token/callback';
let h: Hardened;

beforeAll(async () => {
  h = await startHardened();
});
afterAll(async () => {
  // Nothing the bot sent was refused, and the token is in no log line and no body it sent.
  expect(h.discord.violations).toEqual([]);
  for (const line of h.rawLogs) expect(line).not.toContain(h.discord.token);
  expect(JSON.stringify(h.discord.requests.map((r) => r.body))).not.toContain(h.discord.token);
  await h.stop();
});

const callbacks = (id: string) => h.discord.requests.filter((r) => r.route === CALLBACK && r.path.includes(`/${id}/`));
const ask = (query = 'ordinance', extra: object = {}) =>
  h.discord.interaction({ type: 'command', name: 'search', options: { query }, ...extra });
const logged = (msg: string) => h.rawLogs.filter((l) => (JSON.parse(l) as { msg: string }).msg === msg).length;

/**
 * The next command is answered with an embed: straight away, or (while an acknowledgement
 * of the fault is still on its way, so Discord looks backed up) deferred, then edited in.
 */
async function nextCommandAnswered(): Promise<void> {
  const handle = await ask();
  const response = (await handle.response()) as { type: number; data: { embeds?: unknown[] } };
  expect([4, 5]).toContain(response.type);
  const answer = response.type === 4 ? response.data : ((await handle.edits(1))[0] as { embeds?: unknown[] });
  expect(answer.embeds?.length).toBe(1);
}

describe('faults from Discord', () => {
  it('the gateway drops: the bot resumes, answers an interaction sent while it was down, and the next', async () => {
    const since = h.discord.gatewayLog.length;
    h.discord.faults.dropConnection();
    const during = await ask('council');
    expect(((await during.response()) as { type: number }).type).toBe(4);
    expect(h.discord.gatewayLog.slice(since).map((e) => e.kind)).toContain('resumed');
    await nextCommandAnswered();
  });

  it.each([
    ['op 7 RECONNECT', () => h.discord.faults.reconnect()],
    ['close code 4000', () => h.discord.faults.closeGateway(4000, 'Unknown error')],
  ])('%s: the bot resumes, answers what came in meanwhile, and the next', async (_what, fault) => {
    const since = h.discord.gatewayLog.length;
    fault();
    const during = await ask('sanctuary');
    expect(((await during.response()) as { type: number }).type).toBe(4);
    await h.discord.waitForGateway('resumed', since);
    await nextCommandAnswered();
  });

  it('the session is invalidated: the bot identifies again and answers the next command', async () => {
    const since = h.discord.gatewayLog.length;
    h.discord.faults.invalidSession(false);
    await h.discord.waitForGateway('ready', since);
    expect(h.discord.gatewayLog.slice(since).map((e) => e.kind)).toContain('identify');
    await nextCommandAnswered();
  });

  it('heartbeats go unanswered: the bot reconnects and resumes, and answers the next command', async () => {
    const since = h.discord.gatewayLog.length;
    h.discord.faults.withholdHeartbeatAcks(1);
    await h.discord.waitForGateway('resumed', since);
    await nextCommandAnswered();
  });

  it('REST answers 429 with retry_after: the answer waits and goes through, within 3 s', async () => {
    h.discord.faults.rateLimit({ route: CALLBACK, count: 1, retryAfterMs: 300 });
    const handle = await ask();
    expect(((await handle.response()) as { type: number }).type).toBe(4);
    expect(callbacks(handle.id)[0]!.status).toBe(429);
    expect(callbacks(handle.id).at(-1)!.status).toBeLessThan(300);
    await nextCommandAnswered();
  });

  it('REST answers 500: discord.js retries and the answer goes through', async () => {
    h.discord.faults.serverError({ route: CALLBACK, count: 1 });
    const handle = await ask();
    expect(((await handle.response()) as { type: number }).type).toBe(4);
    expect(callbacks(handle.id).map((r) => r.status)[0]).toBe(500);
    await nextCommandAnswered();
  });

  it('a slow interaction callback (1.2 s on the way) is still answered in time', async () => {
    h.callbackDelayMs = 1_200;
    try {
      const handle = await ask();
      expect(((await handle.response()) as { type: number }).type).toBe(4);
    } finally {
      h.callbackDelayMs = 0;
    }
    await nextCommandAnswered();
  });

  it('while an acknowledgement is held up, new commands are acknowledged first and answered after; then straight away again', async () => {
    h.callbackDelayMs = 1_200;
    let slow: InteractionHandle;
    try {
      slow = await ask();
      // The held callback has been on its way for over BACKED_UP_MS (250 ms).
      await new Promise((r) => setTimeout(r, 400));
      h.callbackDelayMs = 0;
      const behind = await ask('valles');
      expect(((await behind.response()) as { type: number }).type).toBe(5);
      expect(((await behind.edits(1))[0] as { embeds?: unknown[] }).embeds?.length).toBe(1);
    } finally {
      h.callbackDelayMs = 0;
    }
    expect(((await slow.response()) as { type: number }).type).toBe(4);
    // Let the held one come back.
    await new Promise((r) => setTimeout(r, 1_000));
    const after = await ask('council');
    expect(((await after.response()) as { type: number }).type).toBe(4);
  });

  it("a callback held past Discord's 3 s is lost (10062), logged, and the bot goes on", async () => {
    const before = h.errorCodes().get(10062) ?? 0;
    h.callbackDelayMs = 3_300;
    let handle: InteractionHandle;
    try {
      handle = await ask();
      await until(() => callbacks(handle.id).length > 0, 8_000);
    } finally {
      h.callbackDelayMs = 0;
    }
    expect(callbacks(handle.id)[0]!.status).toBe(404);
    expect((h.errorCodes().get(10062) ?? 0) - before).toBeGreaterThanOrEqual(1);
    await until(() => h.rawLogs.some((l) => l.includes(handle.id) && l.includes('"outcome":"expired"')), 5_000);
    await nextCommandAnswered();
  }, 20_000);

  it('the same INTERACTION_CREATE delivered twice is answered once', async () => {
    const handle = await ask();
    await handle.response();
    const warned = logged('interaction delivered twice; answered once');
    h.discord.dispatch(GatewayDispatchEvents.InteractionCreate, handle.payload);
    await until(() => logged('interaction delivered twice; answered once') > warned, 3_000);
    expect(callbacks(handle.id)).toHaveLength(1);
  });
});

describe('who may do what', () => {
  const engineBefore = () => h.holder.engine;
  let reloads = 0;
  beforeAll(() => {
    const real = h.holder.reload.bind(h.holder);
    h.holder.reload = () => {
      reloads++;
      return real();
    };
  });

  async function refusedReload(extra: object, what: string): Promise<void> {
    const engine = engineBefore();
    const warned = logged('admin command refused');
    const handle = await h.discord.interaction({ type: 'command', name: 'reload', ...extra } as Parameters<
      Hardened['discord']['interaction']
    >[0]);
    const { data } = (await handle.response()) as { data: { content?: string; flags?: number } };
    expect(data.content, what).toMatch(/Only the bot's admins/);
    expect((data.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(logged('admin command refused')).toBe(warned + 1);
    expect(h.holder.engine).toBe(engine);
    expect(reloads).toBe(0);
  }

  it('/reload from a member without Manage Server is refused, logged, nothing changed', () =>
    refusedReload({ permissions: MEMBER_PERMISSIONS }, 'member'));
  it('/reload in a DM from a non-admin is refused, logged, nothing changed', () =>
    refusedReload({ in: 'dm', user: h.discord.user('stranger') }, 'dm'));
  it('/reload with a forged admin user id in its options is refused, logged, nothing changed', () =>
    refusedReload(
      {
        permissions: MEMBER_PERMISSIONS,
        options: [
          { name: 'user', type: 3, value: '100000000000000001' },
          { name: 'user_id', type: 3, value: h.discord.member.id },
        ],
      },
      'forged',
    ));

  it('"reload" in a DM from a non-admin is refused, logged, nothing changed', async () => {
    const warned = logged('admin command refused');
    const engine = engineBefore();
    const reply = await h.discord.dm(h.discord.user('dm-stranger'), 'reload');
    expect(reply.content).toMatch(/Only the bot's admins/);
    expect(logged('admin command refused')).toBe(warned + 1);
    expect(h.holder.engine).toBe(engine);
    expect(reloads).toBe(0);
  });

  it('a page button pressed by someone else is refused, logged, and the pages do not turn', async () => {
    const handle = await ask('immigration');
    await handle.response();
    const message = handle.record.original as APIMessage;
    const next = (
      message.components?.[0] as { components: Array<{ custom_id: string; disabled?: boolean }> }
    ).components.find((b) => !b.disabled)!.custom_id;
    const before = JSON.stringify(message.embeds);
    const warned = logged('page button pressed by someone else');
    const press = await h.discord.interaction({
      type: 'button',
      customId: next,
      message,
      user: h.discord.user('someone-else'),
    });
    const { type, data } = (await press.response()) as { type: number; data: { content?: string; flags?: number } };
    expect(type).toBe(4);
    expect(data.content).toMatch(/Only the person who asked/);
    expect((data.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(logged('page button pressed by someone else')).toBe(warned + 1);
    expect(JSON.stringify(message.embeds)).toBe(before);
  });

  it('a member who can manage the server may reload (the check is not a blanket refusal)', async () => {
    const handle = await h.discord.interaction({
      type: 'command',
      name: 'reload',
      permissions: MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild,
    });
    await handle.edits(1);
    expect(reloads).toBe(1);
  });
});

describe('the token', () => {
  it('appears in no log line or error when login fails', async () => {
    const discord = await startLoopbackDiscord({ heartbeatIntervalMs: 500 });
    const wrong = `${discord.token}-wrong`;
    const lines: string[] = [];
    // As main.ts builds it: the logger knows the configured token.
    const logger = createLogger('debug', [wrong], { write: (l: string) => void lines.push(l) });
    const bot = new Bot({
      config: {
        ADMIN_USER_IDS: [],
        RATE_LIMIT_COMMANDS: 5,
        RATE_LIMIT_WINDOW_SECONDS: 10,
        DISCORD_API_URL: discord.restUrl,
      },
      answering: new LocalAnswering(new EngineHolder(await builtInEngine(), BUILT_IN), commands),
      commands,
      logger,
      restApi: discord.restUrl,
    });
    try {
      const error = await bot.login(wrong).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(Error);
      logger.error({ err: error }, 'login failed');
      expect(`${error!.message}\n${error!.stack}`).not.toContain(wrong);
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l).not.toContain(wrong);
    } finally {
      await bot.destroy();
      await discord.close();
    }
  });
});

async function until(probe: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
