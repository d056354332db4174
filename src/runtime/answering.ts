import type { Answered } from '../answers/answer.ts';
import { answerLine } from '../answers/answer.ts';
import type { Answer } from '../answers/types.ts';
import type { Command, Options } from '../commands/types.ts';
import type { EngineHolder, ReloadResult } from './holder.ts';

/** An autocomplete choice as Discord takes it. */
export interface Choice {
  name: string;
  value: string;
}

/** How an admin's reload runs: this engine's, or, under a sharding manager, every shard's. */
export type Reload = () => Promise<ReloadResult>;

/**
 * Where the bot's answers are worked out: from an engine in this thread (LocalAnswering),
 * or in a thread of its own (ThreadAnswering, src/runtime/engine-thread.ts), which keeps
 * the engine's heap, and the collections of it, off the thread that talks to Discord.
 * Either way, `reload` is given only after the caller has checked the user is an admin.
 */
export interface Answering {
  /** The corpus folder the engine was built from and a reload reads. */
  readonly corpusDir: string;
  /** Where answers are worked out, for the log. */
  readonly where: 'this thread' | 'engine thread';
  /** Runs a slash command by name with its options. */
  execute(name: string, options: Options, reload?: Reload): Promise<Answer>;
  /** Parses and answers a typed line (a direct message or a mention). */
  answerLine(line: string, reload?: Reload): Promise<Answered>;
  /** Choices for the option being typed. */
  autocomplete(name: string, option: string, typed: string): Promise<Choice[]>;
  /** Re-reads the corpus folder and swaps the engine, only when the whole folder is valid. */
  reload(): Promise<ReloadResult>;
  /** The engine's size now, for the log. */
  size(): Promise<{ articles: number; passages: number }>;
  /** Lets the engine go (ends its thread). */
  close(): Promise<void>;
}

/** Answers from the engine `holder` keeps in this thread. */
export class LocalAnswering implements Answering {
  readonly where = 'this thread';

  constructor(
    readonly holder: EngineHolder,
    private readonly commands: readonly Command[],
  ) {}

  get corpusDir(): string {
    return this.holder.corpusDir;
  }

  async execute(name: string, options: Options, reload?: Reload): Promise<Answer> {
    const command = this.commands.find((c) => c.definition.name === name);
    if (!command) throw new Error(`no command /${name}`);
    return command.execute(options, { engine: this.holder.engine, commands: this.commands, reload });
  }

  answerLine(line: string, reload?: Reload): Promise<Answered> {
    return answerLine(line, { engine: this.holder.engine, commands: this.commands, reload });
  }

  async autocomplete(name: string, option: string, typed: string): Promise<Choice[]> {
    return (
      this.commands.find((c) => c.definition.name === name)?.autocomplete?.(option, typed, this.holder.engine) ?? []
    );
  }

  reload(): Promise<ReloadResult> {
    return this.holder.reload();
  }

  async size(): Promise<{ articles: number; passages: number }> {
    return { articles: this.holder.engine.articles.length, passages: this.holder.engine.passages.length };
  }

  async close(): Promise<void> {}
}
