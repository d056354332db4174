import type { Article, Span } from '../corpus/types.ts';
import { resolveDates } from './resolve.ts';
import type { DatedEvent, EventDate } from './types.ts';

const key = (d: EventDate): string => `${d.value}|${d.until ?? ''}|${d.modifier ?? ''}`;

/**
 * The dated events of an article: for each sentence, one event per distinct date it
 * mentions, resolved against `article.published`, in text order.
 *
 * A sentence with two different dates reports two things at two times ("Hancock on
 * Friday condemned the prospect of immigration raids … Sunday": a statement on Friday,
 * raids planned for Sunday), so a timeline needs both; keeping only the most specific
 * would lose the raids. The same date said twice ("on Monday — today —") is one event,
 * carried by its first mention.
 *
 * @param sentenceSpans spans into `article.text`, as `sentences()` returns them.
 */
export function extractEvents(article: Article, sentenceSpans: readonly Span[]): DatedEvent[] {
  const events: DatedEvent[] = [];
  for (const span of sentenceSpans) {
    const sentence = article.text.slice(span.start, span.end);
    const seen = new Set<string>();
    for (const mention of resolveDates(sentence, article.published)) {
      const k = key(mention.date);
      if (seen.has(k)) continue;
      seen.add(k);
      events.push({
        articleId: article.id,
        start: span.start,
        end: span.end,
        mention: { ...mention, start: span.start + mention.start, end: span.start + mention.end },
        date: mention.date,
        scheduled: mention.scheduled,
      });
    }
  }
  return events;
}
