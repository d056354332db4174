import type { Command, Options } from '../commands/types.ts';
import type { Engine } from '../engine/engine.ts';

/** A command line longer than this is refused rather than parsed (characters). */
export const MAX_COMMAND_LINE = 4_000;

export type Parsed = { ok: true; command: Command; options: Options } | { ok: false; error: string };

const OPEN_TO_CLOSE: Record<string, string> = { '"': '"', '\u201C': '\u201D', "'": "'", '\u2018': '\u2019' };

/**
 * Reads a command line in Discord's shape: `/search sanctuary city grants`, with named
 * options as `name:value` (`/search query:"ICE detainer"`, `/quote speaker:hancock
 * topic:ICE`). Words that are not named fill the command's options as its `positional`
 * rule says (by default, all into the first option). A `name:` that is not one of the
 * command's options is just text. Expected mistakes come back as `{ ok: false, error }`
 * with a message that says what to type instead.
 */
export function parseCommandLine(line: string, commands: readonly Command[], engine: Engine): Parsed {
  const text = line.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ' ').trim();
  if (text.length > MAX_COMMAND_LINE) {
    return { ok: false, error: `That is ${text.length} characters; a command can be at most ${MAX_COMMAND_LINE}.` };
  }
  const m = /^\/?([^\s]+)\s*([\s\S]*)$/.exec(text);
  if (!m) return { ok: false, error: `Type a command, e.g. ${commands[0]?.example ?? '/help'}. /help lists them all.` };
  const name = m[1]!.toLowerCase();
  const command = commands.find((c) => c.definition.name === name);
  if (!command) {
    const names = commands.map((c) => `/${c.definition.name}`).join(', ');
    return { ok: false, error: `There is no command /${name.slice(0, 40)}. Commands: ${names}. /help explains them.` };
  }
  const declared = (command.definition.options ?? []).map((o) => o.name);
  const { named, rest } = splitNamed(m[2]!, declared);
  let options: Options = { ...named };
  if (rest !== '') {
    const filled = command.positional ? command.positional(rest, engine) : declared[0] ? { [declared[0]]: rest } : {};
    for (const [k, v] of Object.entries(filled)) if (!(k in options) && v !== '') options[k] = v;
    if (declared.length === 0) {
      return { ok: false, error: `/${name} takes no options; type just /${name}.` };
    }
  }
  options = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== ''));
  for (const o of command.definition.options ?? []) {
    if ('required' in o && o.required && !(o.name in options)) {
      return { ok: false, error: `/${name} needs ${article(o.name)} ${o.name}, e.g. ${command.example}.` };
    }
  }
  return { ok: true, command, options };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** Pulls `name:value` pairs for the declared option names out of `input`. */
function splitNamed(input: string, declared: string[]): { named: Options; rest: string } {
  const named: Options = {};
  if (declared.length === 0) return { named, rest: input.trim() };
  const names = new Set(declared.map((n) => n.toLowerCase()));
  const marker = /(^|\s)([a-z][a-z0-9_-]{0,31}):/gi;
  const marks: Array<{ name: string; at: number; valueAt: number }> = [];
  for (const mm of input.matchAll(marker)) {
    const n = mm[2]!.toLowerCase();
    if (names.has(n)) marks.push({ name: n, at: mm.index + mm[1]!.length, valueAt: mm.index + mm[0].length });
  }
  if (marks.length === 0) return { named, rest: input.trim() };
  let rest = input.slice(0, marks[0]!.at);
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i]!;
    const until = marks[i + 1]?.at ?? input.length;
    let raw = input.slice(mark.valueAt, until);
    const lead = raw.length - raw.trimStart().length;
    const open = raw.trimStart()[0];
    const close = open ? OPEN_TO_CLOSE[open] : undefined;
    if (close) {
      const body = raw.slice(lead + 1);
      const end = body.indexOf(close);
      if (end >= 0) {
        named[mark.name] = body.slice(0, end).trim();
        rest += ' ' + body.slice(end + 1);
        continue;
      }
    }
    raw = raw.trim();
    if (!(mark.name in named)) named[mark.name] = raw;
  }
  return { named, rest: rest.replace(/\s+/g, ' ').trim() };
}
