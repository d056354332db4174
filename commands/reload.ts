import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Command } from '../src/commands/types.ts';
import { describeReload } from '../src/runtime/holder.ts';
import type { EveryShardReload, ShardReload } from '../src/runtime/sharded.ts';

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
    if (!reload)
      return {
        kind: 'notice',
        command: 'reload',
        title: 'Reload',
        items: [],
        message: "Only the bot's admins may reload the corpus.",
      };
    const result = await reload();
    // Under the sharding manager the reload ran on every shard, and each reports.
    const shards = (result as Partial<EveryShardReload>).shards;
    if (!shards)
      return {
        kind: 'notice',
        command: 'reload',
        title: result.ok ? 'Corpus reloaded' : 'Reload refused',
        items: [],
        message: describeReload(result),
      };
    const reloaded = shards.filter((s) => 'result' in s && s.result.ok).length;
    const title =
      reloaded === shards.length ? 'Corpus reloaded' : reloaded === 0 ? 'Reload refused' : 'Reload incomplete';
    return { kind: 'notice', command: 'reload', title, items: [], message: describeShardReloads(shards) };
  },
};

/**
 * Every shard's reload, a line each ("Shard 0: Reloaded 5 articles in 0.4 s."), then the
 * changes or errors, once when every shard found the same ones (they read one folder).
 */
export function describeShardReloads(shards: readonly ShardReload[]): string {
  const parts = shards.map((s) => {
    if ('error' in s) return { shard: s.shard, head: `no report (${s.error}).`, rest: '' };
    const [head = '', ...rest] = describeReload(s.result).split('\n');
    return { shard: s.shard, head, rest: rest.join('\n') };
  });
  const lines = parts.map((p) => `Shard ${p.shard}: ${p.head}`);
  const details = [...new Set(parts.map((p) => p.rest).filter(Boolean))];
  if (details.length === 1) lines.push(details[0]!);
  else for (const p of parts) if (p.rest) lines.push(`Shard ${p.shard}:\n${p.rest}`);
  return lines.join('\n');
}
