import type { Answer } from '../answers/types.ts';

/**
 * The answer as one JSON-ready object: `{ command, items, message? }`. Excerpt items
 * carry `excerpt` (white space collapsed), `source`, `alsoIn`, and `speaker`/`kind` or
 * `date` where the command gives them.
 */
export function toJson(answer: Answer): Record<string, unknown> {
  const items =
    answer.kind === 'excerpts'
      ? answer.items.map((i) => ({
          excerpt: i.excerpt.replace(/\s+/g, ' '),
          ...(i.speaker !== undefined && { speaker: i.speaker }),
          ...(i.role !== undefined && { role: i.role }),
          ...(i.kind !== undefined && { kind: i.kind }),
          ...(i.date !== undefined && { date: i.date, dateLabel: i.dateLabel }),
          ...(i.scheduled && { scheduled: true }),
          source: i.source,
          alsoIn: i.alsoIn,
        }))
      : answer.items;
  return {
    command: answer.command,
    title: answer.title,
    items,
    ...(answer.kind === 'trend' && { trend: answer.trend }),
    ...(answer.message !== undefined && { message: answer.message }),
  };
}
