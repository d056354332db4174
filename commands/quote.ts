import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { quoteAnswer, speakerChoices, splitSpeakerAndTopic } from '../src/answers/quotes.ts';
import { MAX_CHOICES, MAX_CHOICE_LENGTH, topicChoices } from '../src/commands/autocomplete.ts';
import { PRIVATE_OPTION } from '../src/commands/private.ts';
import type { Command } from '../src/commands/types.ts';

export const quote: Command = {
  definition: {
    name: 'quote',
    description: 'What a person said, word for word, with the source; or quotes about a topic',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'speaker',
        description: 'Who said it, e.g. Hancock (or a topic: quotes about it from anyone)',
        required: true,
        max_length: 100,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'topic',
        description: 'Only quotes about this, e.g. ICE',
        required: false,
        max_length: 200,
        autocomplete: true,
      },
      PRIVATE_OPTION,
    ],
  },
  example: '/quote hancock warrant',
  positional: (text, engine) => splitSpeakerAndTopic(text, engine) as Record<string, string>,
  execute: ({ speaker = '', topic }, { engine }) => quoteAnswer(engine, speaker, topic),
  autocomplete(option, typed, engine) {
    if (option === 'topic') return topicChoices(engine, typed);
    return speakerChoices(engine, typed)
      .slice(0, MAX_CHOICES)
      .map((s) => {
        const label = s.role ? `${s.name}, ${s.role}` : s.name;
        return {
          name: label.length > MAX_CHOICE_LENGTH ? `${label.slice(0, MAX_CHOICE_LENGTH - 1)}…` : label,
          value: s.name.slice(0, MAX_CHOICE_LENGTH),
        };
      });
  },
};
