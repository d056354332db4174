import type { DatedEvent } from '../dates/index.ts';
import { formatEventDate } from '../dates/index.ts';
import type { Engine, Occurrence } from '../engine/engine.ts';
import { highlightRanges, queryTerms } from '../search/index.ts';
import { normalize } from '../text/clean.ts';
import { MAX_ITEMS, excerptItem, suggestionMessage } from './excerpts.ts';
import type { Answer, ExcerptItem } from './types.ts';

/** Passages searched for dated sentences about a topic. */
const TIMELINE_PASSAGES = 40;
/** Two sentences with the same date and this share of words in common report one event. */
const SAME_EVENT_OVERLAP = 0.6;
/** …or, dated to a month or a day, this many content words in common (names, verbs). */
const SAME_EVENT_TERMS = 3;
const DATE_WORDS = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)|^\d+$/;

const MODIFIER_ORDER = { early: 0, mid: 1, late: 2 } as const;

/**
 * `/when <topic>`: what happened about the topic, ordered by the date it happened (not
 * the date the article ran), each with the sentence that dates it, verbatim, and its
 * citation. The same event told by several sources with the same date is merged, citing
 * every source; sources that date one event differently are both shown, each with its
 * own source, and never reconciled.
 */
export function timelineAnswer(engine: Engine, topic: string): Answer {
  const title = `When: ${topic.trim()}`;
  const hits = engine.search(topic, TIMELINE_PASSAGES);
  const terms = queryTerms(topic);
  const found: Array<{ event: DatedEvent; also: Occurrence[] }> = [];
  const seen = new Set<DatedEvent>();
  for (const hit of hits) {
    for (const occ of [hit.passage, ...hit.passage.alsoIn]) {
      // A passage that opens by pointing back ("That man, Ever Valles, ...") is about what
      // the passage before it dated.
      const before = refersBack(engine.text(occ)) ? previousPassage(engine, occ) : undefined;
      for (const event of [...(before ? eventsWithin(engine, before) : []), ...eventsWithin(engine, occ)]) {
        if (seen.has(event)) continue;
        seen.add(event);
        found.push({ event, also: [] });
      }
    }
  }
  const merged = mergeSameEvents(engine, found);
  const items: ExcerptItem[] = merged
    .sort((a, b) => compareDates(a.event, b.event))
    .slice(0, MAX_ITEMS)
    .map(({ event, also }) => {
      const at = { articleId: event.articleId, start: event.start, end: event.end };
      const text = engine.text(at);
      return {
        ...excerptItem(engine, at, also, highlightRanges(text, terms)),
        date: event.date.value,
        dateLabel: formatEventDate(event.date),
        scheduled: event.scheduled || undefined,
      };
    });
  if (items.length === 0) {
    const message = hits.length === 0 ? `Nothing in the coverage matches "${topic.trim()}". ${suggestionMessage(engine, topic)}` : `The coverage mentions "${topic.trim()}" but dates nothing about it. Try /search ${topic.trim()}.`;
    return { kind: 'excerpts', command: 'when', title, items, message };
  }
  const note = merged.length > items.length ? `Showing the first ${items.length} of ${merged.length} dated events.` : undefined;
  return { kind: 'excerpts', command: 'when', title, items, message: note };
}

const REFERS_BACK = /^(?:that|this|these|those|such|the same)\b(?!\s+(?:is|was|are|were|will|would|has|have)\b)/i;

function refersBack(text: string): boolean {
  return REFERS_BACK.test(text);
}

/** The story passage just before `occ` in the same article. */
function previousPassage(engine: Engine, occ: Occurrence): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const p of engine.passages) {
    for (const o of [p, ...p.alsoIn]) {
      if (o.articleId === occ.articleId && o.end <= occ.start && (!best || o.end > best.end)) best = o;
    }
  }
  return best;
}

/** Each distinct dated sentence inside an occurrence of a passage, one event per date. */
function eventsWithin(engine: Engine, occ: Occurrence): DatedEvent[] {
  return engine.events.filter((e) => e.articleId === occ.articleId && e.start >= occ.start && e.end <= occ.end);
}

/**
 * Merges events whose sentences say the same (identical, or mostly the same words) with
 * the same date: the first, by publication, is cited, the others listed in `alsoIn`.
 */
function mergeSameEvents(engine: Engine, found: Array<{ event: DatedEvent; also: Occurrence[] }>): Array<{ event: DatedEvent; also: Occurrence[] }> {
  const out: Array<{ event: DatedEvent; also: Occurrence[]; words: Set<string>; terms: Set<string> }> = [];
  for (const f of found) {
    const text = engine.text(f.event);
    const words = new Set(normalize(text).split(' '));
    const terms = new Set(queryTerms(text.replace(/\s+/g, ' ')).filter((t) => !DATE_WORDS.test(t)));
    const same = out.find(
      (o) =>
        o.event.date.value === f.event.date.value &&
        o.event.date.modifier === f.event.date.modifier &&
        o.event.scheduled === f.event.scheduled &&
        (overlap(o.words, words) >= SAME_EVENT_OVERLAP || (f.event.date.precision !== 'year' && common(o.terms, terms) >= SAME_EVENT_TERMS)),
    );
    if (same) {
      if (same.event.articleId !== f.event.articleId && !same.also.some((a) => a.articleId === f.event.articleId)) same.also.push({ articleId: f.event.articleId, start: f.event.start, end: f.event.end });
    } else out.push({ ...f, words, terms });
  }
  return out;
}

function common(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}

function overlap(a: Set<string>, b: Set<string>): number {
  return common(a, b) / Math.max(1, Math.min(a.size, b.size));
}

/** Oldest first; a month before its days, early before mid before late; then by sentence. */
function compareDates(a: DatedEvent, b: DatedEvent): number {
  const byValue = a.date.value.localeCompare(b.date.value);
  if (byValue !== 0) return byValue;
  const ma = a.date.modifier ? MODIFIER_ORDER[a.date.modifier] : 1;
  const mb = b.date.modifier ? MODIFIER_ORDER[b.date.modifier] : 1;
  return ma - mb || a.articleId.localeCompare(b.articleId) || a.start - b.start;
}
