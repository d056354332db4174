import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Command } from '../src/commands/types.ts';
import { describeReload } from '../src/runtime/holder.ts';

export const reload: Command = {
  definition: {
    name: 'reload',
    description: 'Admins: re-read the corpus folder and answer from it if it is valid',
    // A default for server admins to adjust; the bot checks who may reload on every call.
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  },
  example: '/reload',
  adminOnly: true,
  async execute(_options, { reload }) {
    if (!reload) return { kind: 'notice', command: 'reload', title: 'Reload', items: [], message: "Only the bot's admins may reload the corpus." };
    const result = await reload();
    return { kind: 'notice', command: 'reload', title: result.ok ? 'Corpus reloaded' : 'Reload refused', items: [], message: describeReload(result) };
  },
};
