// The real Bot against the loopback Discord, for the hardening tests: like
// tests/support/bot.ts, plus a REST proxy in between that can hold back the interaction
// callback (the loopback answers at once), and a counter of every answer the bot gave.
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Events } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { Bot, type BotOptions } from '../../src/runtime/bot.ts';
import { LocalAnswering } from '../../src/runtime/answering.ts';
import { EngineHolder } from '../../src/runtime/holder.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { BUILT_IN, builtInEngine } from '../support/corpus.ts';
import { startLoopbackDiscord, type LoopbackDiscord, type LoopbackDiscordOptions } from '../support/discord/index.ts';

export interface Hardened {
  discord: LoopbackDiscord;
  bot: Bot;
  holder: EngineHolder;
  rawLogs: string[];
  /** Milliseconds to hold each interaction callback before passing it on (0: none). */
  callbackDelayMs: number;
  /** Requests the loopback refused with an error code in the body, by code (10062: answered too late). */
  errorCodes(): Map<number, number>;
  stop(): Promise<void>;
}

export async function startHardened(
  options: { config?: Partial<BotOptions['config']>; discord?: LoopbackDiscordOptions; token?: string } = {},
): Promise<Hardened> {
  const discord = await startLoopbackDiscord({ heartbeatIntervalMs: 500, ...options.discord });
  const proxy = await delayingProxy(discord.restUrl, () => state.callbackDelayMs);
  const rawLogs: string[] = [];
  const logger = createLogger('debug', [discord.token], { write: (line: string) => void rawLogs.push(line) });
  const holder = new EngineHolder(await builtInEngine(), BUILT_IN);
  const bot = new Bot({
    config: {
      ADMIN_USER_IDS: [],
      RATE_LIMIT_COMMANDS: 1_000,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      ...options.config,
      DISCORD_API_URL: proxy.url,
    },
    answering: new LocalAnswering(holder, commands),
    commands,
    logger,
    restApi: proxy.url,
  });
  const state: Hardened = {
    discord,
    bot,
    holder,
    rawLogs,
    callbackDelayMs: 0,
    errorCodes() {
      const out = new Map<number, number>();
      for (const r of discord.requests) {
        const code = (r.response as { code?: number } | undefined)?.code;
        if (r.status >= 400 && typeof code === 'number') out.set(code, (out.get(code) ?? 0) + 1);
      }
      return out;
    },
    async stop() {
      await bot.destroy();
      await discord.close();
      await new Promise<void>((r) => {
        proxy.server.closeAllConnections();
        proxy.server.close(() => r());
      });
    },
  };
  try {
    const ready = once(bot.client, Events.ClientReady);
    await bot.login(options.token ?? discord.token);
    await ready;
  } catch (err) {
    await state.stop();
    throw err;
  }
  return state;
}

/** An HTTP proxy to `target` that holds interaction callbacks for `delay()` ms. */
async function delayingProxy(target: string, delay: () => number): Promise<{ url: string; server: Server }> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const wait = /\/interactions\/\d+\/[^/]+\/callback/.test(req.url ?? '') ? delay() : 0;
      setTimeout(() => {
        const upstream = request(
          {
            host: to.hostname,
            port: to.port,
            method: req.method,
            path: `${to.pathname}${(req.url ?? '').slice('/api'.length)}`,
            headers: req.headers,
          },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        upstream.on('error', () => res.destroy());
        upstream.end(Buffer.concat(chunks));
      }, wait);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, server };
}
