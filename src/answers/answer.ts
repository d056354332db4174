import type { CommandContext } from '../commands/types.ts';
import { parseCommandLine } from '../request/parse.ts';
import { routeMessage } from '../request/route.ts';
import type { Answer } from './types.ts';

export type Answered = { ok: true; answer: Answer } | { ok: false; error: string };

/**
 * Answers what someone typed (console, `ask`, direct messages, mentions) from
 * `ctx.engine`: a command line, or a plain question routed to /ask (see routeMessage).
 * An admin command without `ctx.reload` (the caller has not let this user reload) is refused.
 */
export async function answerLine(line: string, ctx: CommandContext): Promise<Answered> {
  const parsed = parseCommandLine(routeMessage(line, ctx.commands), ctx.commands, ctx.engine);
  if (!parsed.ok) return parsed;
  if (parsed.command.adminOnly && !ctx.reload)
    return { ok: false, error: `Only the bot's admins may use /${parsed.command.definition.name}.` };
  return { ok: true, answer: await parsed.command.execute(parsed.options, ctx) };
}
