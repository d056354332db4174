import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { trendAnswer } from '../src/answers/trend.ts';
import { topicChoices } from '../src/commands/autocomplete.ts';
import type { Command } from '../src/commands/types.ts';

export const trend: Command = {
  definition: {
    name: 'trend',
    description: 'Coverage over time: how many articles mention a topic, week by week or month by month',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'topic',
        description: 'What the articles mention, e.g. sanctuary',
        required: true,
        max_length: 200,
        autocomplete: true,
      },
    ],
  },
  example: '/trend sanctuary',
  execute: ({ topic = '' }, { engine }) => trendAnswer(engine, topic),
  autocomplete: (_option, typed, engine) => topicChoices(engine, typed),
};
