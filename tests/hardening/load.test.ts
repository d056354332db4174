// Load: a burst of interactions and DMs from many users, and a long run that must not leak,
// through the real Bot and the loopback Discord (which enforces Discord's 3 s window).
import type { APIUser } from 'discord-api-types/v10';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { answerLine } from '../../src/answers/answer.ts';
import { toDiscordPage } from '../../src/render/discord.ts';
import { MAX_PAGING_SESSIONS, PAGING_TTL_MS } from '../../src/runtime/bot.ts';
import { PagingStore } from '../../src/runtime/paging.ts';
import { RateLimiter } from '../../src/runtime/ratelimit.ts';
import { builtInEngine } from '../support/corpus.ts';
import type { InteractionHandle } from '../support/discord/index.ts';
import { startHardened } from './harness.ts';

const CALLBACK = 'POST /interactions/:id/:token/callback';
/** Interactions per 100 ms of the burst; by default all at once. */
const PACE = Number(process.env.HARDENING_PACE ?? 1_000);
const QUERIES = [
  'ordinance',
  'sanctuary city',
  'immigration',
  'council vote',
  'hancock',
  'ICE detainer',
  'zanzibar',
  'police',
];

describe('load', () => {
  it('a burst of 1,000 interactions and 200 DMs from 50 users: each answered or politely rate-limited (a DM told once a window), once, in time', async () => {
    const h = await startHardened({
      config: { RATE_LIMIT_COMMANDS: 8, RATE_LIMIT_WINDOW_SECONDS: 20 },
      discord: { waitTimeoutMs: 30_000 },
    });
    try {
      const users: APIUser[] = Array.from({ length: 50 }, (_, i) => h.discord.user(`user${i}`));
      const handles: InteractionHandle[] = [];
      const dmIds: string[] = [];
      const started = Date.now();
      for (let i = 0; i < 1_000; i++) {
        // As a gateway delivers a burst: in packets, PACE interactions every 100 ms.
        if (i > 0 && i % PACE === 0) await new Promise((r) => setTimeout(r, 100));
        const user = users[i % users.length]!;
        const query = QUERIES[i % QUERIES.length]!;
        // A DM every fifth interaction, from another user.
        if (i % 5 === 0)
          dmIds.push(
            h.discord.postDm(
              users[(i * 7 + 3) % users.length]!,
              `what did hancock say about ${QUERIES[i % QUERIES.length]}?`,
            ).id,
          );
        handles.push(
          await h.discord.interaction({
            type: 'command',
            name: i % 10 === 9 ? 'when' : 'search',
            options: i % 10 === 9 ? { topic: query } : { query },
            user,
          }),
        );
      }
      const dispatchedMs = Date.now() - started;
      const settled = await Promise.allSettled(handles.map((x) => x.response()));
      const missing = handles.filter((_, i) => settled[i]!.status === 'rejected');
      if (missing.length > 0) {
        const statuses = h.discord.requests
          .filter((r) => missing.some((m) => r.path.includes(`/${m.id}/`)))
          .map((r) => `${r.route} ${r.status} ${JSON.stringify(r.response).slice(0, 80)}`);
        const outcomes = h.rawLogs.filter((l) => missing.some((m) => l.includes(m.id))).map((l) => l.slice(0, 300));
        console.log(
          `hardening/load: ${missing.length} without a response`,
          statuses.slice(0, 10),
          outcomes.slice(0, 10),
          h.errorCodes(),
        );
      }
      // Replies to DMs are created messages. Past the limit a user is told once a window,
      // then left unanswered until it resets (the log says 'rate-limited-quiet').
      const dmReplies = () =>
        h.discord.requests.filter((r) => r.route === 'POST /channels/:channel/messages' && r.status === 200);
      const quiet = () =>
        new Set(
          h.rawLogs
            .map((l) => JSON.parse(l) as { outcome?: string; message?: string })
            .filter((l) => l.outcome === 'rate-limited-quiet')
            .map((l) => l.message),
        );
      const end = Date.now() + 30_000;
      while (dmReplies().length + quiet().size < 200 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));

      let answered = 0;
      let limited = 0;
      for (const x of handles) {
        const accepted = h.discord.requests.filter(
          (r) => r.route === CALLBACK && r.path.includes(`/${x.id}/`) && r.status < 300,
        );
        expect(accepted, `interaction ${x.id}`).toHaveLength(1);
        const body = x.record.responses[0] as { type: number; data?: { content?: string; embeds?: unknown[] } };
        if (body.type === 4 && /asking faster than I can keep up/.test(body.data?.content ?? '')) limited++;
        else answered++;
      }
      const replied = dmReplies().map(
        (r) => (r.body as { message_reference?: { message_id: string } }).message_reference?.message_id,
      );
      // Every DM answered, told, or (told already this window) left quiet: once, never twice.
      expect(new Set(replied).size).toBe(replied.length);
      expect([...replied, ...quiet()].sort()).toEqual([...dmIds].sort());
      const told = dmReplies().filter((r) =>
        /asking faster/.test(String((r.body as { content?: string }).content ?? '')),
      );
      const dmLimited = told.length + quiet().size;
      // At most one notice per user per window (the run lasts less than two windows).
      const toldTo = told.map((r) => r.path);
      for (const channel of new Set(toldTo)) expect(toldTo.filter((c) => c === channel).length).toBeLessThanOrEqual(2);
      expect(h.errorCodes().get(10062) ?? 0).toBe(0);
      expect(h.discord.violations).toEqual([]);
      console.log(
        `hardening/load: 1,000 interactions dispatched in ${dispatchedMs} ms: ${answered} answered, ${limited} rate-limited, 0 lost, 0 twice; 200 DMs: ${200 - dmLimited} answered, ${dmLimited} rate-limited (${told.length} told, ${quiet().size} left quiet); 10062 errors: 0`,
      );
      expect(answered + limited).toBe(1_000);
      // What the bot holds stays bounded by its caps.
      const state = h.bot.stateSize;
      expect(state.seen).toBe(1_000);
      expect(state.rateLimited).toBeLessThanOrEqual(50);
      expect(state.paging).toBeLessThanOrEqual(answered + 200);
    } finally {
      await h.stop();
    }
  }, 90_000);
});

describe('a burst that nobody is limited in', () => {
  it('answers 1,000 interactions from 1,000 users sent at once, each acknowledged within 3 s', async () => {
    const h = await startHardened({
      config: { RATE_LIMIT_COMMANDS: 8, RATE_LIMIT_WINDOW_SECONDS: 20 },
      discord: { waitTimeoutMs: 30_000 },
    });
    try {
      const handles = await Promise.all(
        Array.from({ length: 1_000 }, (_, i) =>
          h.discord.interaction({
            type: 'command',
            name: i % 10 === 9 ? 'when' : 'search',
            options: i % 10 === 9 ? { topic: QUERIES[i % QUERIES.length]! } : { query: QUERIES[i % QUERIES.length]! },
            user: h.discord.user(`burst${i}`),
          }),
        ),
      );
      const bodies = await Promise.all(
        handles.map(async (x) => {
          const first = (await x.response()) as { type: number; data?: { embeds?: unknown[] } };
          // A deferred reply ("thinking…") is acknowledged in time; its answer is the edit.
          return first.type === 5 ? ((await x.edits(1))[0] as { embeds?: unknown[] }) : first.data!;
        }),
      );
      expect(bodies.filter((b) => (b.embeds ?? []).length === 1)).toHaveLength(1_000);
      expect(h.errorCodes().get(10062) ?? 0).toBe(0);
      expect(h.discord.violations).toEqual([]);
      for (const x of handles)
        expect(
          h.discord.requests.filter((r) => r.route === CALLBACK && r.path.includes(`/${x.id}/`) && r.status < 300),
          x.id,
        ).toHaveLength(1);
    } finally {
      await h.stop();
    }
  }, 90_000);
});

describe('a long run', () => {
  it('20,000 /search answers leave the heap within 20 MB of where it started, and the state bounded', async () => {
    // In-process, through the code the Bot's handlers run for each interaction (rate limit,
    // answer, make the first page and keep the pages): 20,000 round trips through the loopback take
    // minutes on two cores, and the loopback's own record of every request would be measured too.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const engine = await builtInEngine();
    const paging = new PagingStore(PAGING_TTL_MS, MAX_PAGING_SESSIONS);
    const limiter = new RateLimiter(8, 20_000);
    const run = async (from: number, count: number) => {
      for (let i = from; i < from + count; i++) {
        const user = `u${i % 5_000}`;
        if (!limiter.take(user).ok) continue;
        const answered = await answerLine(`/search ${QUERIES[i % QUERIES.length]} ${i % 97}`, { engine, commands });
        if (!answered.ok) throw new Error(answered.error);
        const { pages, session } = paging.open(user, answered.answer);
        toDiscordPage(pages, 0, session?.id);
      }
    };
    // Warm up until the paging store is at its cap (caches, JIT): growth up to the cap is by design.
    let done = 0;
    while (paging.size < MAX_PAGING_SESSIONS && done < 15_000) {
      await run(done, 1_000);
      done += 1_000;
    }
    expect(paging.size).toBe(MAX_PAGING_SESSIONS);
    gc();
    const before = process.memoryUsage().heapUsed;
    await run(done, 20_000);
    gc();
    const after = process.memoryUsage().heapUsed;
    const grewMb = (after - before) / 1024 / 1024;
    console.log(
      `hardening/leak: 20,000 answers, heap ${(before / 1048576).toFixed(1)} MB -> ${(after / 1048576).toFixed(1)} MB (${grewMb.toFixed(1)} MB); paging ${paging.size}, rate-limit buckets ${limiter.size}`,
    );
    expect(grewMb).toBeLessThan(20);
    expect(paging.size).toBeLessThanOrEqual(MAX_PAGING_SESSIONS);
    expect(limiter.size).toBeLessThanOrEqual(5_000);
    expect(limiter.held).toBeLessThanOrEqual(limiter.size * (2 * 8 + 32));
  }, 90_000);
});
