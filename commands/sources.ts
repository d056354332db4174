import type { Command } from '../src/commands/types.ts';

export const sources: Command = {
  definition: { name: 'sources', description: 'List the articles the bot answers from, newest first' },
  example: '/sources',
  execute(_options, { engine }) {
    const counts = new Map<string, number>();
    for (const p of engine.passages)
      for (const o of [p, ...p.alsoIn]) counts.set(o.articleId, (counts.get(o.articleId) ?? 0) + 1);
    const items = engine.sources().map((source) => ({ source, passages: counts.get(source.id) ?? 0 }));
    return {
      kind: 'sources',
      command: 'sources',
      title: `Sources: ${items.length} article${items.length === 1 ? '' : 's'}`,
      items,
      message:
        items.length === 0
          ? 'The corpus is empty: an admin can add articles to the corpus folder and /reload.'
          : undefined,
    };
  },
};
