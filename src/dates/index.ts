/**
 * Dates in news: which expressions in a sentence are dates, what day, month or year each
 * means for a reader of the story on the day it ran, and whether the story looks ahead to
 * it. Pure: no clock, no I/O; everything counts from the publication date.
 */
export type { DateMention, DatedEvent, EventDate, Precision } from './types.ts';
export { resolveDates } from './resolve.ts';
export { extractEvents } from './events.ts';
export { formatEventDate } from './format.ts';
export { daySpan, type DaySpan } from './span.ts';
