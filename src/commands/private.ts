import { ApplicationCommandOptionType, type APIApplicationCommandBooleanOption } from 'discord-api-types/v10';

/**
 * `private:true` on an answering command: the reply is visible to the asker only (an
 * ephemeral reply), so a question does not clutter the channel. The runtime reads it; the
 * commands themselves ignore it.
 */
export const PRIVATE_OPTION: APIApplicationCommandBooleanOption = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'private',
  description: 'Show the answer to you only',
  required: false,
};

/** Whether an invocation's options ask for a private reply. */
export function wantsPrivate(options: Record<string, string>): boolean {
  return options.private === 'true';
}
