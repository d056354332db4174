import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { askAnswer } from '../src/answers/ask.ts';
import { PRIVATE_OPTION } from '../src/commands/private.ts';
import type { Command } from '../src/commands/types.ts';

export const ask: Command = {
  definition: {
    name: 'ask',
    description: 'Answer a question from the coverage: the sentence that answers, word for word, with its source',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: 'A question, e.g. when did the council pass the ordinance?',
        required: true,
        max_length: 300,
      },
      PRIVATE_OPTION,
    ],
  },
  example: '/ask when did the council pass the ordinance?',
  positional: (text) => ({ question: text }),
  execute: ({ question = '' }, { engine }) => askAnswer(engine, question),
};
