import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { MAX_ITEMS, hitItem, suggestionMessage } from '../src/answers/excerpts.ts';
import { PRIVATE_OPTION } from '../src/commands/private.ts';
import type { Command } from '../src/commands/types.ts';
import { topicChoices } from '../src/commands/autocomplete.ts';

export const search: Command = {
  definition: {
    name: 'search',
    description: 'Find passages in the coverage, quoted word for word with their sources',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'query',
        description: 'Words to look for, e.g. detainer requests',
        required: true,
        max_length: 200,
        autocomplete: true,
      },
      PRIVATE_OPTION,
    ],
  },
  example: '/search detainer requests',
  execute({ query = '' }, { engine }) {
    const title = `Search: ${query.trim()}`;
    if (query.trim() === '') {
      return {
        kind: 'excerpts',
        command: 'search',
        title,
        items: [],
        message: 'Say what to look for, e.g. /search detainer requests.',
      };
    }
    const items = engine.search(query, MAX_ITEMS).map((hit) => hitItem(engine, hit));
    return items.length > 0
      ? { kind: 'excerpts', command: 'search', title, items }
      : {
          kind: 'excerpts',
          command: 'search',
          title,
          items,
          message: `Nothing in the coverage matches "${query.trim()}". ${suggestionMessage(engine, query)}`,
        };
  },
  autocomplete: (_option, typed, engine) => topicChoices(engine, typed),
};
