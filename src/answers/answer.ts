import type { Command, Options } from '../commands/types.ts';
import type { Engine } from '../engine/engine.ts';
import { parseCommandLine } from '../request/parse.ts';
import type { Answer } from './types.ts';

export type Answered = { ok: true; answer: Answer } | { ok: false; error: string };

/** Answers one command line (console, `ask`, direct messages) from `engine`. */
export function answerLine(line: string, commands: readonly Command[], engine: Engine): Answered {
  const parsed = parseCommandLine(line, commands, engine);
  if (!parsed.ok) return parsed;
  return { ok: true, answer: parsed.command.execute(parsed.options, { engine, commands }) };
}

/** Answers a command already split into options (Discord's slash commands). */
export function answerOptions(command: Command, options: Options, commands: readonly Command[], engine: Engine): Answer {
  return command.execute(options, { engine, commands });
}
