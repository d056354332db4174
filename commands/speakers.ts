import type { Command } from '../src/commands/types.ts';

export const speakers: Command = {
  definition: { name: 'speakers', description: 'Everyone the coverage quotes, with what the articles say they are' },
  example: '/speakers',
  execute(_options, { engine }) {
    const items = engine.speakers
      .all()
      .map((s) => ({ name: s.name, role: s.role, quotes: s.quoteCount, paraphrases: s.paraphraseCount }));
    return {
      kind: 'speakers',
      command: 'speakers',
      title: `Speakers: ${items.length}`,
      items,
      message: items.length ? 'Ask for one with /quote <speaker>.' : 'Nobody is quoted in the coverage.',
    };
  },
};
