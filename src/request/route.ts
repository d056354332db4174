import type { Command } from '../commands/types.ts';

/** A question word first: with a "?" or an auxiliary next, a question even when the word is a command ("when"). */
const QUESTION = /^(?:when|who|whom|what|which|where|why|how)\b/i;
/** How a question opens when it has no question mark. */
const ASKING =
  /^(?:when|who|whom|whose|what|which|where|why|how|did|does|do|is|was|are|were|has|have|had|can|could|will|would|should|tell me)\b/i;
const AUXILIARY =
  /^\S+\s+(?:did|does|do|was|were|is|are|will|would|has|have|had|can|could|should|might|must|may|the|a|an)\b/i;

/**
 * The one router for what people type to the bot, wherever they type it (the console,
 * `coverage-bot ask`, a direct message, a mention): a command with or without its slash
 * (`quote hancock`, `/when ordinance`) runs that command; a question is answered by /ask
 * ("when did the council pass the ordinance?" → `/ask when did …`), and other words are
 * searched ("valles" → `/search valles`).
 * "help" (or nothing, or "?") is /help and "sources" /sources, as a reader means them.
 */
export function routeMessage(text: string, commands: readonly Command[]): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.startsWith('/')) return t;
  const first = /^(\S+)/.exec(t)?.[1]?.toLowerCase() ?? '';
  const bare = t.toLowerCase() === first;
  // "help me find the ordinance" is a question, not /help with words it would refuse: a
  // command without options is only named alone.
  // "when did the council pass it?" is a question, though /when is a command.
  const question = QUESTION.test(t) && (t.endsWith('?') || AUXILIARY.test(t));
  if (
    !question &&
    commands.some((c) => c.definition.name === first && (bare || (c.definition.options?.length ?? 0) > 0))
  ) {
    return `/${t}`;
  }
  const has = (name: string) => commands.some((c) => c.definition.name === name);
  // q has lost its trailing "?", so a lone "?" is empty here.
  const q = t.replace(/(?<![?!.])[?!.]+$/, '').trim();
  if (/^(?:help|commands|)$/i.test(q) && has('help')) return '/help';
  if (/^(?:sources|articles|what (?:sources|articles) do you (?:have|know))$/i.test(q) && has('sources'))
    return '/sources';
  // Words that are not a question ("valles", "detainer requests") are searched.
  if (has('ask') && (t.endsWith('?') || ASKING.test(t))) return `/ask ${t}`;
  return `/search ${t}`;
}
