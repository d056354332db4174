import type { Answer, ExcerptItem } from '../answers/types.ts';

/**
 * The answer as one JSON-ready object: `{ command, items, message? }`. Excerpt items
 * carry `excerpt` (white space collapsed), `source`, `alsoIn`, and `speaker`/`kind` or
 * `date` where the command gives them.
 */
export function toJson(answer: Answer): Record<string, unknown> {
  if (answer.ask && answer.kind === 'excerpts') return askJson(answer);
  const items =
    answer.kind === 'excerpts'
      ? answer.items.map((i) => ({
          excerpt: i.excerpt.replace(/\s+/g, ' '),
          ...details(i),
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

/**
 * An /ask answer: `{ command: "ask", question, kind, answered, items, message? }`, where
 * `items[0]` is the answer when `answered` is true. Every item has `excerpt` (verbatim, as
 * in the article), `source`, `alsoIn` and `answer` (the marked span's text, or null);
 * dated items add `date` and `dateLabel`, quotes `speaker` and `kind`.
 */
function askJson(answer: Extract<Answer, { kind: 'excerpts' }>): Record<string, unknown> {
  const ask = answer.ask!;
  return {
    command: 'ask',
    question: ask.question,
    kind: ask.kind,
    answered: ask.answered,
    items: answer.items.map((i) => ({
      excerpt: i.excerpt,
      answer: i.answer?.text ?? null,
      ...(i.answer && { answerStart: i.answer.start, answerEnd: i.answer.end }),
      ...details(i),
    })),
    ...(answer.message !== undefined && { message: answer.message }),
  };
}

/** What every excerpt item carries after its text: who and when where the command gives them, and its sources. */
function details(i: ExcerptItem) {
  return {
    ...(i.speaker !== undefined && { speaker: i.speaker }),
    ...(i.role !== undefined && { role: i.role }),
    ...(i.kind !== undefined && { kind: i.kind }),
    ...(i.date !== undefined && { date: i.date, dateLabel: i.dateLabel }),
    ...(i.scheduled && { scheduled: true }),
    source: i.source,
    alsoIn: i.alsoIn,
  };
}
