import type { Command } from '../src/commands/types.ts';

export const help: Command = {
  definition: { name: 'help', description: 'How to ask the bot about the coverage' },
  example: '/help',
  execute(_options, { commands }) {
    return {
      kind: 'help',
      command: 'help',
      title: 'coverage-bot answers from news coverage with word-for-word excerpts and their sources.',
      items: commands.map((c) => ({
        usage: usage(c),
        description: c.definition.description,
        example: c.example,
      })),
      message:
        "Options can also be named: /quote speaker:hancock topic:ICE. In a direct message, the slash is optional, and a plain question works too. Admins keep the coverage with /corpus (add, remove, restore, list) and a message's Apps → Add to coverage.",
    };
  },
};

function usage(c: Command): string {
  const opts = (c.definition.options ?? []).map((o) => ('required' in o && o.required ? `<${o.name}>` : `[${o.name}]`));
  return [`/${c.definition.name}`, ...opts].join(' ');
}
