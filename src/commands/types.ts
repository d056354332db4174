import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Answer } from '../answers/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { ReloadResult } from '../runtime/holder.ts';

/** The options of one invocation, by name, as text. */
export type Options = Record<string, string>;

export interface CommandContext {
  engine: Engine;
  /** Every command, for /help. */
  commands: readonly Command[];
  /**
   * Re-reads the corpus and swaps the engine, where the caller may do that: given only
   * after the caller has checked that the user is an admin.
   */
  reload?: (() => Promise<ReloadResult>) | undefined;
}

/**
 * One slash command: its Discord definition (registered as is), how free text fills its
 * options on the console and in direct messages, and the answer it gives.
 */
export interface Command {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody & { name: string; description: string };
  /** An example for /help, typed as on the console. */
  example: string;
  /**
   * Fills options from words typed without `name:` (`/quote hancock warrant`). By default
   * all the words go to the first option.
   */
  positional?: (text: string, engine: Engine) => Options;
  execute(options: Options, ctx: CommandContext): Answer | Promise<Answer>;
  /** Only admins may run it (checked by the runtime on every call). */
  adminOnly?: boolean;
  /** Choices offered while the user types `option`. */
  autocomplete?(option: string, typed: string, engine: Engine): Array<{ name: string; value: string }>;
}
