// Query latency through the real command path (answerLine with the bot's command list),
// next to plain MiniSearch's search on the same words.
import MiniSearch from 'minisearch';
import { commands } from '../commands/index.ts';
import { answerLine } from '../src/answers/answer.ts';
import type { Engine } from '../src/engine/engine.ts';
import { processTerm, tokenize } from '../src/search/terms.ts';
import { latency, type Latency } from './measure.ts';

/** mulberry32: a tiny seeded generator, so every run asks the same questions. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface QuerySet {
  /** Words and bigrams from article texts, for /search and /when. */
  topics: string[];
  /** Speaker names from the engine's directory, half of them with a topic word. */
  quotes: Array<{ speaker: string; topic?: string }>;
}

/**
 * `count` topics and `count` quote requests drawn deterministically from the corpus: a
 * random article, a random indexable word in it (and the next word, every other time).
 */
export function sampleQueries(engine: Engine, count: number, seed = 42): QuerySet {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const topic = (): string => {
    for (;;) {
      const article = pick(engine.articles);
      const words = tokenize(article.text.slice(0, 20_000));
      const i = Math.floor(random() * words.length);
      const w = words[i];
      if (!w || w.length < 4 || !processTerm(w) || /^\d+$/.test(w)) continue;
      const next = words[i + 1];
      return random() < 0.5 && next && processTerm(next) ? `${w} ${next}` : w;
    }
  };
  const speakers = engine.speakers.all();
  const topics = Array.from({ length: count }, topic);
  const quotes = Array.from({ length: count }, (_, i) => {
    // Most-quoted speakers are asked for more often, as people would, but not only them.
    const s = speakers[Math.floor(random() ** 2 * speakers.length)]!;
    return i % 2 === 0 ? { speaker: s.name } : { speaker: s.name, topic: topic().split(' ')[0]! };
  });
  return { topics, quotes };
}

const arg = (s: string) => `"${s.replace(/"/g, '')}"`;

export interface QueryLatencies {
  search: Latency;
  quote: Latency;
  when: Latency;
  /** /ask: the same topics (and speakers) as questions of every kind, typed plain as in a DM. */
  ask: Latency;
  /** Plain MiniSearch `search(words)`, default options, on the same words (absent when no index given). */
  plainSearch?: Latency;
  plainQuote?: Latency;
  plainWhen?: Latency;
  plainAsk?: Latency;
}

/** The topics and speakers as plain questions, one kind after another. */
export function askQuestions(queries: QuerySet): string[] {
  const frames = [
    (t: string) => `when did ${t} happen?`,
    (t: string) => `who said ${t}?`,
    (t: string) => `how many ${t}?`,
    (t: string) => `where is ${t}?`,
    (t: string, s: string) => `what did ${s} say about ${t}?`,
    (t: string) => `why ${t}?`,
    (_t: string, s: string) => `who is ${s}?`,
    (t: string) => `what is ${t}?`,
  ];
  return queries.topics.map((t, i) =>
    frames[i % frames.length]!(t.replace(/[?"]/g, ''), queries.quotes[i % queries.quotes.length]!.speaker),
  );
}

async function time(lines: string[], answer: (line: string) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const line of lines) {
    const start = performance.now();
    await answer(line);
    out.push(performance.now() - start);
  }
  return out;
}

/**
 * ms per command, answered one at a time. Each set runs once unmeasured first, so the
 * figures are of a warmed-up bot (lazy vocabularies built, code optimised), as in service.
 */
export async function measureQueries(engine: Engine, queries: QuerySet, plain?: MiniSearch): Promise<QueryLatencies> {
  const ctx = { engine, commands };
  const answer = async (line: string) => {
    const r = await answerLine(line, ctx);
    if (!r.ok) throw new Error(`bench: "${line}" was refused: ${r.error}`);
    return r;
  };
  const sets = {
    search: queries.topics.map((t) => `/search query:${arg(t)}`),
    quote: queries.quotes.map((q) => `/quote speaker:${arg(q.speaker)}${q.topic ? ` topic:${arg(q.topic)}` : ''}`),
    when: queries.topics.map((t) => `/when topic:${arg(t)}`),
    // Typed without a command, as in a DM: the router sends them to /ask.
    ask: askQuestions(queries),
  };
  const out = {} as QueryLatencies;
  for (const [name, lines] of Object.entries(sets) as Array<[keyof typeof sets, string[]]>) {
    await time(lines.slice(0, 50), answer);
    out[name] = latency(await time(lines, answer));
  }
  if (plain) {
    const words = {
      plainSearch: queries.topics,
      plainQuote: queries.quotes.map((q) => (q.topic ? `${q.speaker} ${q.topic}` : q.speaker)),
      plainWhen: queries.topics,
      plainAsk: askQuestions(queries),
    };
    for (const [name, list] of Object.entries(words) as Array<[keyof typeof words, string[]]>) {
      const search = async (q: string) => plain.search(q);
      await time(list.slice(0, 50), search);
      out[name] = latency(await time(list, search));
    }
  }
  return out;
}
