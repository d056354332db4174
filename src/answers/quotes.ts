import type { Engine } from '../engine/engine.ts';
import { editDistance } from '../quotes/directory.ts';
import type { Quote, SpeakerInfo } from '../quotes/index.ts';
import { queryTerms } from '../search/index.ts';
import { MAX_ITEMS, excerptItem } from './excerpts.ts';
import type { Answer, ExcerptItem } from './types.ts';

/**
 * `/quote <speaker> [topic]`: what a person said, newest first, each quote verbatim and
 * cited; with a topic, only quotes about it. Direct quotes come first; a person's
 * paraphrased (reported) speech is listed only when there is no direct quote to show,
 * and is marked as such. When `speaker` is not a known speaker it is read as a topic:
 * quotes about it from anyone, each naming its speaker, with the closest speaker names
 * suggested.
 */
export function quoteAnswer(engine: Engine, speakerQuery: string, topic?: string): Answer {
  const who = speakerQuery.trim();
  const speaker = who === '' ? undefined : engine.speakers.resolve(who);
  if (speaker) {
    const ids = engine.quoteIdsBy(speaker.name);
    const about = topic ? onTopic(engine, topic, new Set(ids)) : ids;
    const direct = about.filter((i) => engine.quotes[i]!.kind === 'direct');
    const shown = direct.length > 0 ? direct : about.filter((i) => engine.quotes[i]!.kind === 'paraphrase');
    const items = toItems(engine, shown, topic);
    const title = `Quotes: ${speaker.name}${speaker.role ? `, ${speaker.role}` : ''}${topic ? ` on ${topic.trim()}` : ''}`;
    if (items.length === 0) {
      return {
        kind: 'excerpts',
        command: 'quote',
        title,
        items,
        message: topic
          ? `No quote of ${speaker.name}'s in the coverage is about "${topic.trim()}". Try /quote ${who} alone.`
          : `The coverage quotes nothing of ${speaker.name}'s.`,
      };
    }
    const note =
      direct.length === 0
        ? `The coverage reports what ${speaker.name} said but quotes no words directly; these are the reporters' paraphrases.`
        : undefined;
    return { kind: 'excerpts', command: 'quote', title, items, message: note };
  }

  // Not a speaker: a topic, from anyone.
  const subject = [who, topic ?? ''].join(' ').trim();
  const suggestions = who === '' ? [] : engine.speakers.suggest(who, 3).filter((s) => closeTo(who, s));
  const did = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => s.name).join(', ')}?` : '';
  const found = onTopic(engine, subject, { has: (i) => engine.quotes[i]!.kind === 'direct' });
  const items = toItems(engine, found, subject);
  const title = `Quotes about ${subject}`;
  if (items.length === 0) {
    return {
      kind: 'excerpts',
      command: 'quote',
      title,
      items,
      message: `No speaker called "${who}", and no quote about it.${did || ' /speakers lists who is quoted.'}`,
    };
  }
  return {
    kind: 'excerpts',
    command: 'quote',
    title,
    items,
    message: `"${who}" is not a speaker in the coverage, so these are quotes about it from anyone.${did}`,
  };
}

/**
 * The quotes among `among` whose words match any of the topic's terms, as indices into
 * `engine.quotes`, best matched first, then in corpus order.
 */
function onTopic(engine: Engine, topic: string, among: { has(i: number): boolean }): number[] {
  const wanted = queryTerms(topic);
  if (wanted.length === 0) return [];
  return [...engine.quotesAbout(wanted)]
    .filter(([i]) => among.has(i))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([i]) => i);
}

/**
 * Quotes (indices into `engine.quotes`) as answer items, newest first, each listed once:
 * the same words by the same speaker in several articles (re-scraped or syndicated
 * copies; see Engine.quoteGroup) cite every source.
 */
function toItems(engine: Engine, ids: readonly number[], topic?: string): ExcerptItem[] {
  const quote = (i: number): Quote => engine.quotes[i]!;
  const groups = new Map<number, number[]>();
  for (const i of ids) {
    const g = engine.quoteGroup(i);
    const group = groups.get(g);
    if (group) group.push(i);
    else groups.set(g, [i]);
  }
  // Each group cites its newest copy, the first given of the newest; the others follow,
  // newest first. Publication days are YYYY-MM-DD, compared as strings.
  const copies = [...groups.values()];
  const day = (i: number): string => engine.article(quote(i).articleId)!.published;
  for (const group of copies) {
    if (group.length > 1) group.sort((a, b) => (day(a) === day(b) ? 0 : day(a) > day(b) ? -1 : 1));
  }
  // Newest first, then by article; within an article, in reading order. Only the items shown are made.
  const rank = new Map(copies.map(([i]) => [i!, engine.sourceRank(quote(i!).articleId)]));
  const shown = copies
    .sort(([a], [b]) => rank.get(a!)! - rank.get(b!)! || quote(a!).start - quote(b!).start)
    .slice(0, MAX_ITEMS);
  const terms = topic ? queryTerms(topic) : [];
  return shown.map(([first, ...rest]) => {
    const q = quote(first!);
    const others = rest.map((r) => ({ articleId: quote(r).articleId, start: quote(r).start, end: quote(r).end }));
    const item = excerptItem(
      engine,
      { articleId: q.articleId, start: q.start, end: q.end },
      others,
      terms.length ? { terms } : [],
    );
    const speaker = engine.speakers.canonical(q);
    // Assigned, not spread: spreading would read (and so work out) the matched words now.
    return Object.assign(item, {
      speaker,
      role: engine.speakers.resolve(speaker)?.role ?? q.speaker.role,
      kind: q.kind,
    });
  });
}

/** Whether a suggestion is near enough to what was typed to offer it ("hancok" → Hancock). */
function closeTo(typed: string, s: SpeakerInfo): boolean {
  const t = typed.toLowerCase();
  return [s.name, ...s.aliases].some((n) =>
    n
      .toLowerCase()
      .split(/\s+/)
      .some((part) => editDistance(part, t) <= Math.max(1, Math.floor(t.length / 4))),
  );
}

/** Splits `hancock warrant` into a known speaker (the longest leading run of words that names one) and a topic. */
export function splitSpeakerAndTopic(text: string, engine: Engine): { speaker: string; topic?: string } {
  const parts = text.trim().split(/\s+/);
  for (let n = Math.min(parts.length, 4); n >= 1; n--) {
    const name = parts.slice(0, n).join(' ');
    if (engine.speakers.resolve(name)) {
      const topic = parts.slice(n).join(' ');
      return topic ? { speaker: name, topic } : { speaker: name };
    }
  }
  return { speaker: text.trim() };
}

/** Speakers whose name or alias starts with (or contains) what has been typed, for autocomplete. */
export function speakerChoices(engine: Engine, typed: string): SpeakerInfo[] {
  const t = typed.trim().toLowerCase();
  const all = engine.speakers.all();
  if (t === '') return all;
  const starts = all.filter((s) =>
    [s.name, ...s.aliases].some(
      (n) =>
        n.toLowerCase().startsWith(t) ||
        n
          .toLowerCase()
          .split(/\s+/)
          .some((w) => w.startsWith(t)),
    ),
  );
  const contains = all.filter(
    (s) => !starts.includes(s) && [s.name, ...s.aliases].some((n) => n.toLowerCase().includes(t)),
  );
  return [
    ...starts,
    ...contains,
    ...engine.speakers.suggest(typed, 5).filter((s) => !starts.includes(s) && !contains.includes(s)),
  ];
}
