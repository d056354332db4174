import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { timelineAnswer } from '../src/answers/timeline.ts';
import { topicChoices } from '../src/commands/autocomplete.ts';
import { PRIVATE_OPTION } from '../src/commands/private.ts';
import type { Command } from '../src/commands/types.ts';

export const when: Command = {
  definition: {
    name: 'when',
    description: 'A timeline: what happened about a topic, ordered by when it happened, with sources',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'topic',
        description: 'What happened, e.g. ordinance',
        required: true,
        max_length: 200,
        autocomplete: true,
      },
      PRIVATE_OPTION,
    ],
  },
  example: '/when ordinance',
  execute: ({ topic = '' }, { engine }) => timelineAnswer(engine, topic),
  autocomplete: (_option, typed, engine) => topicChoices(engine, typed),
};
