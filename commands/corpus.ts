import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  PermissionFlagsBits,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

/**
 * The admins' commands that change the corpus folder: `/corpus add | remove | restore |
 * list` and the message command "Add to coverage". Only their definitions are here: they
 * are not queries over an engine, so the runtime runs them where the corpus folder and the
 * engine's holder are (src/runtime/curation.ts), and they stay out of /help and of typed
 * messages.
 */
export const CORPUS_COMMAND = 'corpus';
export const ADD_TO_COVERAGE = 'Add to coverage';

// A default for server admins to adjust; the bot checks who may curate on every call, as for /reload.
const ADMINS = String(PermissionFlagsBits.ManageGuild);

const articleId = (description: string) => ({
  type: ApplicationCommandOptionType.String as const,
  name: 'id',
  description,
  required: true,
  autocomplete: true,
  max_length: 100,
});

export const curationDefinitions: readonly RESTPostAPIApplicationCommandsJSONBody[] = [
  {
    type: ApplicationCommandType.ChatInput,
    name: CORPUS_COMMAND,
    description: 'Admins: add, remove, restore or list the articles the bot answers from',
    default_member_permissions: ADMINS,
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Add an article from a link, or from an article file (.md or .jsonl)',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'url',
            description: 'The page of the article (https://…)',
            max_length: 2000,
          },
          {
            type: ApplicationCommandOptionType.Attachment,
            name: 'file',
            description: 'A Markdown or JSON Lines article file, in the corpus format',
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove',
        description: 'Move an article to the trash (restore brings it back)',
        options: [articleId('The article to remove: type part of its id or title')],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'restore',
        description: 'Bring an article back from the trash',
        options: [articleId('The article to restore: type part of its id or title')],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        description: 'The articles with their ids, newest first',
        options: [
          {
            type: ApplicationCommandOptionType.Integer,
            name: 'page',
            description: 'Which page (from 1)',
            min_value: 1,
          },
        ],
      },
    ],
  },
  {
    type: ApplicationCommandType.Message,
    name: ADD_TO_COVERAGE,
    default_member_permissions: ADMINS,
  },
];
