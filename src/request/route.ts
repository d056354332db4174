import type { Command } from '../commands/types.ts';

/**
 * Turns what someone writes to the bot (a direct message, or a mention in a channel) into
 * a command line: a command with or without its slash (`quote hancock`, `/when
 * ordinance`), or a plain question routed to the command that answers it ("when did the
 * council pass the ordinance?" → `/when`, "what did Pazen say?" → `/quote pazen`).
 * Anything else is a search.
 */
export function routeMessage(text: string, commands: readonly Command[]): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const first = /^\/?(\S+)/.exec(t)?.[1]?.toLowerCase() ?? '';
  const bare = t.toLowerCase() === first;
  // "help me find the ordinance" is a question, not /help with words it would refuse: a
  // command without options is only named alone.
  if (
    t.startsWith('/') ||
    commands.some((c) => c.definition.name === first && (bare || (c.definition.options?.length ?? 0) > 0))
  ) {
    return t.startsWith('/') ? t : `/${t}`;
  }
  const has = (name: string) => commands.some((c) => c.definition.name === name);
  const q = t.replace(/(?<![?!.])[?!.]+$/, '').trim();

  let m =
    /^(?:what|which words?|how) (?:did|does|has|have) (.+?) (?:say|said|told|tell|think|thought)(?: (?:about|on|of) (.+))?$/i.exec(
      q,
    );
  if (m && has('quote')) return `/quote speaker:"${clean(m[1]!)}"${m[2] ? ` topic:"${clean(m[2])}"` : ''}`;
  m = /^(?:quotes?|statements?) (?:from|by) (.+?)(?: (?:about|on) (.+))?$/i.exec(q);
  if (m && has('quote')) return `/quote speaker:"${clean(m[1]!)}"${m[2] ? ` topic:"${clean(m[2])}"` : ''}`;
  m = /^who (?:said|says|has said) (.+)$/i.exec(q);
  if (m && has('quote')) return `/quote topic:"${clean(m[1]!)}"`;
  m = /^(?:when|what (?:date|day|year|month)|on what (?:date|day)|how long ago)\b(.*)$/i.exec(q);
  if (m && has('when') && m[1]!.trim() !== '') return `/when topic:"${clean(stripQuestion(m[1]!))}"`;
  // q has lost its trailing "?", so a lone "?" is empty here.
  if (/^(?:help|commands|)$/i.test(q) && has('help')) return '/help';
  if (/^(?:sources|articles|what (?:sources|articles) do you (?:have|know))$/i.test(q) && has('sources'))
    return '/sources';
  return `/search query:"${clean(q)}"`;
}

/** Drops the words that make a question a question, keeping what it is about. */
function stripQuestion(s: string): string {
  const kept = s
    .replace(/\b(?:did|does|do|was|were|is|are|has|have|had|will|would|the|a|an)\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return kept || s.trim();
}

/** Quote marks inside a value would end it early; they carry no search meaning. */
function clean(s: string): string {
  return s.replace(/["“”]/g, ' ').replace(/\s+/g, ' ').trim();
}
