import type { CommandContext } from '../commands/types.ts';
import { parseCommandLine } from '../request/parse.ts';
import type { Answer } from './types.ts';

export type Answered = { ok: true; answer: Answer } | { ok: false; error: string };

/**
 * Answers one command line (console, `ask`, direct messages) from `ctx.engine`. An admin
 * command without `ctx.reload` (the caller has not let this user reload) is refused.
 */
export async function answerLine(line: string, ctx: CommandContext): Promise<Answered> {
  const parsed = parseCommandLine(line, ctx.commands, ctx.engine);
  if (!parsed.ok) return parsed;
  if (parsed.command.adminOnly && !ctx.reload)
    return { ok: false, error: `Only the bot's admins may use /${parsed.command.definition.name}.` };
  return { ok: true, answer: await parsed.command.execute(parsed.options, ctx) };
}
