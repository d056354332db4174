import type { DatedEvent } from '../dates/index.ts';
import { daySpan, formatEventDate } from '../dates/index.ts';
import type { Engine, Occurrence } from '../engine/engine.ts';
import { queryTerms } from '../search/index.ts';
import { MAX_ITEMS, excerptItem, suggestionMessage } from './excerpts.ts';
import type { Answer, ExcerptItem } from './types.ts';

/** Passages searched for dated sentences about a topic. */
const TIMELINE_PASSAGES = 80;
/**
 * An event is shown when it is at least this share as much about the topic as the event
 * most about it: how much of the topic's words (weighed by rarity) its sentence holds, or
 * half of what the passage it was found through holds.
 */
const RELEVANCE_SHARE = 0.5;
/** Two sentences with the same date and this share of words in common report one event. */
const SAME_EVENT_OVERLAP = 0.6;
/** …or, dated to a month or a day, this many content words in common (names, verbs). */
const SAME_EVENT_TERMS = 3;

const MODIFIER_ORDER = { early: 0, mid: 1, late: 2 } as const;

/** A dated sentence found for the topic (`id` indexes `engine.events`), and where else it is told. */
interface Found {
  id: number;
  event: DatedEvent;
  also: Occurrence[];
  /** How much the event is about the topic (see RELEVANCE_SHARE). */
  relevance: number;
}

/**
 * `/when <topic>`: what happened about the topic, ordered by the date it happened (not
 * the date the article ran). The events shown are those most about the topic (see
 * RELEVANCE_SHARE), however far down the search they were found, each with the sentence that dates it, verbatim, and its
 * citation. The same event told by several sources with the same date is merged, citing
 * every source; sources that date one event differently are both shown, each with its
 * own source, and never reconciled.
 */
export function timelineAnswer(engine: Engine, topic: string): Answer {
  const title = `When: ${topic.trim()}`;
  const hits = engine.search(topic, TIMELINE_PASSAGES);
  const terms = queryTerms(topic);
  const weights = terms.map((t) => engine.rarity(t));
  const total = weights.reduce((a, b) => a + b, 0);
  const about = (text: string): number => {
    if (total === 0) return 0;
    const has = new Set(queryTerms(text));
    return terms.reduce((sum, t, i) => sum + (has.has(t) ? weights[i]! : 0), 0) / total;
  };
  const found: Found[] = [];
  const seen = new Set<number>();
  for (const { passage, terms: matched } of hits) {
    // The search says which of the topic's terms the passage has (or words they begin).
    const passageAbout =
      total === 0
        ? 0
        : terms.reduce((sum, t, i) => sum + (matched.some((m) => m.startsWith(t)) ? weights[i]! : 0), 0) / total;
    for (const occ of [passage, ...passage.alsoIn]) {
      // A passage that opens by pointing back ("That man, Ever Valles, ...") is about what
      // the passage before it dated.
      const before = refersBack(engine.text(occ)) ? engine.passageBefore(occ) : undefined;
      for (const id of [...(before ? engine.eventIdsWithin(before) : []), ...engine.eventIdsWithin(occ)]) {
        if (seen.has(id)) continue;
        seen.add(id);
        const event = engine.events[id]!;
        const sentence = about(engine.text({ articleId: event.articleId, start: event.start, end: event.end }));
        found.push({ id, event, also: [], relevance: Math.max(sentence, passageAbout / 2) });
      }
    }
  }
  const best = Math.max(0, ...found.map((f) => f.relevance));
  const merged = mergeSameEvents(
    engine,
    found.filter((f) => f.relevance >= best * RELEVANCE_SHARE),
  );
  // The MAX_ITEMS most about the topic, then oldest first.
  const shown = [...merged]
    .sort((a, b) => b.relevance - a.relevance)
    .slice(0, MAX_ITEMS)
    .sort((a, b) => compareDates(a.event, b.event));
  const sameEvent = linkDifferentDates(engine, shown);
  const items: ExcerptItem[] = shown.map(({ event, also }, i) => {
    // Assigned, not spread: spreading would read (and so work out) the matched words now.
    const item = excerptItem(engine, { articleId: event.articleId, start: event.start, end: event.end }, also, {
      terms,
    });
    return Object.assign(item, {
      date: event.date.value,
      dateLabel: formatEventDate(event.date),
      scheduled: event.scheduled || undefined,
      span: daySpan(event.date),
      sameEvent: sameEvent[i],
    });
  });
  if (items.length === 0) {
    const message =
      hits.length === 0
        ? `Nothing in the coverage matches "${topic.trim()}". ${suggestionMessage(engine, topic)}`
        : `The coverage mentions "${topic.trim()}" but dates nothing about it. Try /search ${topic.trim()}.`;
    return { kind: 'excerpts', command: 'when', title, items, message };
  }
  const note =
    merged.length > items.length ? `Showing the first ${items.length} of ${merged.length} dated events.` : undefined;
  return { kind: 'excerpts', command: 'when', title, items, message: note };
}

const REFERS_BACK = /^(?:that|this|these|those|such|the same)\b(?!\s+(?:is|was|are|were|will|would|has|have)\b)/i;

/** Whether a passage opens by pointing back at what the passage before it told ("That man, Ever Valles, …"). */
export function refersBack(text: string): boolean {
  return REFERS_BACK.test(text);
}

/**
 * Merges events whose sentences say the same (identical, or mostly the same words) with
 * the same date: the first, by publication, is cited, the others listed in `alsoIn`.
 * Only events with the same date, modifier and schedule can merge, so each is compared
 * with the earlier ones in its own group, in the order they were found.
 */
function mergeSameEvents(engine: Engine, found: Found[]): Found[] {
  // A sentence's word and term sets are made only when it is compared: most events are
  // alone with their date, and are never compared with anything.
  type Kept = Found & { sets?: { words: Set<number>; terms: Set<number> } };
  const setsOf = (k: Kept): NonNullable<Kept['sets']> => {
    if (!k.sets) {
      const sentence = engine.eventWords(k.id);
      k.sets = { words: new Set(sentence.words), terms: new Set(sentence.terms) };
    }
    return k.sets;
  };
  const out: Kept[] = [];
  const groups = new Map<string, Kept[]>();
  for (const f of found as Kept[]) {
    const key = `${f.event.date.value} ${String(f.event.date.modifier)} ${String(f.event.scheduled)}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, [f]);
      out.push(f);
      continue;
    }
    const { words, terms } = setsOf(f);
    const same = group.find(
      (o) =>
        overlap(setsOf(o).words, words) >= SAME_EVENT_OVERLAP ||
        (f.event.date.precision !== 'year' && common(setsOf(o).terms, terms) >= SAME_EVENT_TERMS),
    );
    if (same) {
      if (same.event.articleId !== f.event.articleId && !same.also.some((a) => a.articleId === f.event.articleId))
        same.also.push({ articleId: f.event.articleId, start: f.event.start, end: f.event.end });
    } else {
      out.push(f);
      group.push(f);
    }
  }
  return out;
}

/**
 * Numbers the shown events that tell one event under different dates: sentences from
 * different articles that mostly say the same words (the merging test's word overlap;
 * shared names and verbs alone are not enough across dates, since "introduced" and
 * "passed" share them). Events joined share a number; others get none.
 */
function linkDifferentDates(engine: Engine, shown: Found[]): Array<number | undefined> {
  const words = shown.map((f) => new Set(engine.eventWords(f.id).words));
  const group: Array<number | undefined> = shown.map(() => undefined);
  let next = 0;
  for (let i = 0; i < shown.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = shown[j]!.event;
      const b = shown[i]!.event;
      if (a.date.value === b.date.value || a.articleId === b.articleId) continue;
      if (overlap(words[j]!, words[i]!) < SAME_EVENT_OVERLAP) continue;
      group[j] ??= next++;
      group[i] = group[j];
      break;
    }
  }
  return group;
}

function common<T>(a: Set<T>, b: Set<T>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}

function overlap<T>(a: Set<T>, b: Set<T>): number {
  return common(a, b) / Math.max(1, Math.min(a.size, b.size));
}

/** Oldest first; a month before its days, early before mid before late; then by sentence. */
function compareDates(a: DatedEvent, b: DatedEvent): number {
  // Values are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: code-unit order is date order.
  const byValue = a.date.value < b.date.value ? -1 : a.date.value > b.date.value ? 1 : 0;
  if (byValue !== 0) return byValue;
  const ma = a.date.modifier ? MODIFIER_ORDER[a.date.modifier] : 1;
  const mb = b.date.modifier ? MODIFIER_ORDER[b.date.modifier] : 1;
  return ma - mb || a.articleId.localeCompare(b.articleId) || a.start - b.start;
}
