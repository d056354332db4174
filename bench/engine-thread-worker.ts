// The engine thread of bench/engine-thread.ts: opens the corpus (from its saved engine when
// it can), answers each command it is sent with the engine, and reloads when an admin's
// /reload asks (the build in a worker of its own, the restore in slices, as the bot does).
import { parentPort, workerData } from 'node:worker_threads';
import { commands } from '../commands/index.ts';
import type { Answer } from '../src/answers/types.ts';
import { openCorpus } from '../src/corpus/open.ts';
import { buildInWorker } from '../src/runtime/build-worker.ts';
import { EngineHolder } from '../src/runtime/holder.ts';
import { commandSpecs } from './e2e.ts';
import { sampleQueries } from './queries.ts';

export interface EngineRequest {
  id: number;
  name: string;
  options: Record<string, string>;
  admin: boolean;
}
export type EngineReply = { id: number; answer: Answer } | { id: number; error: string };

const { dir } = workerData as { dir: string };
const { engine } = await openCorpus(dir, { log: () => undefined });
const holder = new EngineHolder(engine, dir, buildInWorker);
parentPort!.postMessage({ specs: commandSpecs(sampleQueries(engine, 100)) });
parentPort!.on('message', (m: EngineRequest) => {
  const command = commands.find((c) => c.definition.name === m.name);
  const context = { engine: holder.engine, commands, reload: m.admin ? () => holder.reload() : undefined };
  Promise.resolve()
    .then(() => {
      if (!command) throw new Error(`no command /${m.name}`);
      return command.execute(m.options, context);
    })
    .then(
      (answer) => parentPort!.postMessage({ id: m.id, answer } satisfies EngineReply),
      (err: unknown) => parentPort!.postMessage({ id: m.id, error: (err as Error).message } satisfies EngineReply),
    );
});
