// An experiment, not the bot as it ships: the real Bot on the main thread with every
// command answered by an engine in a thread of its own (bench/engine-thread-worker.ts),
// the answers copied back as messages; pages, paging and the rate limit stay on the main
// thread. DESIGN.md ("Start-up and reload") weighs it. Autocomplete and DMs are not
// routed to the engine thread here: the runs below send neither.
//
//   node --max-old-space-size=8192 --import tsx bench/engine-thread.ts <corpus-dir> reload
//     the benchmark's reload measurement: 3 s at 40 interactions a second, then /reload
//     under the same load (the reload runs in the engine thread)
//   node --import tsx bench/engine-thread.ts <corpus-dir> e2e [rounds]
//     the benchmark's side-by-side end-to-end runs against the bare client
//
// Point it at a corpus kept by `npm run bench -- --keep`.
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { commands } from '../commands/index.ts';
import type { Answer } from '../src/answers/types.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { Engine } from '../src/engine/engine.ts';
import type { InteractionSpec } from '../tests/support/discord/index.ts';
import type { EngineReply } from './engine-thread-worker.ts';
import { measureReload, measureSideBySide, startBare, startRealBot } from './e2e.ts';
import { fmt } from './report.ts';

const [dir, mode = 'reload', roundsArg = '2'] = process.argv.slice(2);
if (!dir || !['reload', 'e2e'].includes(mode)) {
  console.error('usage: node --import tsx bench/engine-thread.ts <corpus-dir> reload|e2e [rounds]');
  process.exit(2);
}

const worker = new Worker(new URL('../src/runtime/worker-boot.mjs', import.meta.url), {
  workerData: { entry: new URL('./engine-thread-worker.ts', import.meta.url).href, dir },
  resourceLimits: { maxOldGenerationSizeMb: 8192 },
});
const [{ specs }] = (await once(worker, 'message')) as [{ specs: InteractionSpec[] }];
const waiting = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
worker.on('message', (m: EngineReply) => {
  const w = waiting.get(m.id);
  waiting.delete(m.id);
  if ('answer' in m) w?.resolve(m.answer);
  else w?.reject(new Error(m.error));
});
let next = 0;
const remote = commands.map((c) => ({
  ...c,
  execute: (options: Record<string, string>, context: { reload?: unknown }) =>
    new Promise<Answer>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, name: c.definition.name, options, admin: context.reload !== undefined });
    }),
}));

// The main thread's engine, the built-in coverage, answers nothing here; its holder only
// names the corpus (the reload measurement reads where its saved engine is).
const small = Engine.build((await loadCorpus(fileURLToPath(new URL('../corpus/', import.meta.url)))).articles);
const target = await startRealBot(small, dir, remote);
const { discord } = target;
try {
  if (mode === 'reload') {
    const r = await measureReload(target, specs, 40);
    console.log(
      `engine thread, reload ${r.ok ? 'ok' : 'FAILED'} in ${fmt(r.reloadS, 1)} s: main thread's longest stall ${fmt(r.maxStallMs, 0)} ms (${fmt(r.maxStallBeforeMs, 0)} ms in the 3 s before); ` +
        `${r.during.answered}/${r.during.sent} answered, p50 ${fmt(r.during.reply.p50, 1)} ms, p99 ${fmt(r.during.reply.p99, 0)} ms, max ${fmt(r.during.reply.max, 0)} ms`,
    );
  } else {
    const bare = await startBare();
    try {
      for (let round = 0; round < Number(roundsArg); round++) {
        const { bot: b, bare: f } = await measureSideBySide({ bare: bare.discord, bot: discord }, specs, { sequential: 300, concurrent: 1_000, inFlight: 100, burst: 1_000 });
        const ratio = (x: number, y: number) => `${fmt(x, 2)} / ${fmt(y, 2)} ms = ${fmt(x / y, 2)}×`;
        console.log(
          `engine thread, e2e: one at a time ${ratio(b.sequential.reply.p50, f.sequential.reply.p50)}; 100 in flight ${ratio(b.concurrent.reply.p50, f.concurrent.reply.p50)}; ` +
            `burst of 1,000: ${b.burst!.answered} answered, ${b.burst!.ackedInWindow} acknowledged within 3 s, last answer ${fmt(b.burst!.reply.max, 0)} ms (bare client ${fmt(f.burst!.reply.max, 0)} ms)`,
        );
      }
    } finally {
      await bare.stop();
    }
  }
} finally {
  await target.stop();
  await worker.terminate();
}
process.exit(0);
