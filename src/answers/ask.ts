import { daySpan, formatEventDate } from '../dates/index.ts';
import type { Engine, Occurrence } from '../engine/engine.ts';
import type { Quote } from '../quotes/index.ts';
import { queryTerms } from '../search/index.ts';
import { answerTerm, tokenize, words } from '../search/terms.ts';
import { normalize } from '../text/clean.ts';
import { sentences } from '../text/sentences.ts';
import { excerptItem, hitItem } from './excerpts.ts';
import { refersBack } from './timeline.ts';
import type { Answer, AnswerSpan, ExcerptItem } from './types.ts';

/** Longer questions are refused: the slash command's option takes at most this many characters. */
export const MAX_QUESTION = 300;

/** `text` without the characters `drop` accepts at its end (a loop: `/[…]+$/` backtracks on long runs). */
function trimEndWhile(text: string, drop: (ch: string) => boolean): string {
  let end = text.length;
  while (end > 0 && drop(text[end - 1]!)) end--;
  return text.slice(0, end);
}
const isTrailingPunct = (ch: string): boolean => ".’'-".includes(ch);

/**
 * The kinds of question /ask tells apart, each answered its own way:
 * - `when`: a dated sentence, its date resolved as /when resolves it;
 * - `who-said`: the quote found by its words, its speaker as the answer;
 * - `what-said`: a speaker's quotes, best match to the topic first;
 * - `who-is`: how the coverage describes someone or something (a role, an appositive);
 * - `who`: who did something (a name in the sentence that says it);
 * - `how-many`: a sentence with a matching quantity, the quantity marked;
 * - `where`: a place;
 * - `why-how-what`: the sentence that best answers, a cue clause ("because …") marked.
 */
export type QuestionKind = 'when' | 'who-said' | 'what-said' | 'who-is' | 'who' | 'how-many' | 'where' | 'why-how-what';

export interface Classified {
  kind: QuestionKind;
  /** The words the answer must be about (the question's frame words taken out). */
  focus: string;
  /** `what-said`: who; `who-is`: whom or what. */
  subject?: string;
  /** `what-said`: about what. */
  topic?: string;
  /** `how-many`: what sort of quantity, and what is counted ("people"). */
  measure?: 'count' | 'money' | 'duration' | 'percent' | 'age' | 'any';
  counted?: string;
  /** `who`: whether the name asked for is the verb's object ("who did Tamim blame"). */
  object?: boolean;
  /** `why-how-what`: which of the three. */
  wh?: 'why' | 'how' | 'what';
}

/** "More from the coverage" lists at most this many items after the answer. */
export const MORE_ITEMS = 4;
/** Passages searched for sentences that may answer. */
const ASK_PASSAGES = 40;
/**
 * A sentence answers only when it (with a little help from its paragraph and its
 * article's title) holds this share of the question's words, weighed by rarity.
 */
export const ANSWER_MIN = 0.63;
/** A quote is the one asked about when it holds this share of the quoted words. */
export const QUOTE_MIN = 0.75;
/** The question's words found only around the sentence (its paragraph, its article's title) count this much. */
const CONTEXT_WEIGHT = 0.8;
/** Per word past 20, taken off a sentence's score. */
const LENGTH_PENALTY = 0.002;
/** The sentence itself must hold at least this share of the question's words. */
const SENTENCE_MIN = 0.2;
/** "More" items must score at least this share of the answer's score. */
const MORE_SHARE = 0.5;

/** Reads what kind of question `question` is, and what it is about. */
export function classify(question: string): Classified {
  // "… according to 9News": who says it is not what the sentence says.
  const q = question
    .replace(/,?\s+(?:according to|per|says?)\s+(?:the\s+)?[\p{Lu}\d][^,?]*\?*$/u, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(?<![?!.])[?!.]+$/, '')
    .trim();
  let m: RegExpExecArray | null;
  if (
    (m =
      /^(?:what|which words?|how) (?:did|does|has|have|had|do) (.+?) (?:say|said|tell|told|think|thought|argue|claim|state|announce|write|wrote)(?: (?:about|on|of|regarding|when|after|to) (.+))?$/i.exec(
        q,
      ))
  )
    return { kind: 'what-said', focus: q, subject: m[1]!, ...(m[2] && { topic: m[2] }) };
  if ((m = /^(?:quotes?|statements?|comments?) (?:from|by|of) (.+?)(?: (?:about|on) (.+))?$/i.exec(q)))
    return { kind: 'what-said', focus: q, subject: m[1]!, ...(m[2] && { topic: m[2] }) };
  if (
    (m =
      /^who (?:said|says|has said|had said|told|stated|called|described|claimed|argued|warned|declared|remarked)\b,?(?: that\b)?[\s:,]*(.+)$/i.exec(
        q,
      )) ||
    // "who wrote that …" / "who wrote "…"" asks for a quote's author; "who wrote Spilled Water" does not.
    (m = /^who (?:wrote|writes|tweeted|posted)(?: that\b|(?=\s*["“]))[\s:,]*(.+)$/i.exec(q))
  )
    return { kind: 'who-said', focus: m[1]! };
  if (
    (m =
      /^(?:when|what (?:date|day|year|month|time)|on what (?:date|day)|in what (?:year|month)|which (?:day|year|month|date)|how long ago)\b(.*)$/i.exec(
        q,
      )) &&
    m[1]!.trim() !== ''
  )
    return { kind: 'when', focus: m[1]! };
  if ((m = /^how (many|much|long|old|far|big|large|often|tall|high|fast)\b(.*)$/i.exec(q))) {
    const w = m[1]!.toLowerCase();
    const of = /^\s+of\b/i.test(m[2]!);
    const measure =
      w === 'many'
        ? 'count'
        : w === 'much'
          ? of
            ? 'percent'
            : /^\s+(?:money|cash|funding|aid|did|does|do|was|is|will|would|has|have|had)\b/i.test(m[2]!) &&
                /\b(?:money|cash|funding|aid|cost|pay|paid|spend|spent|raise|earn|receiv|give|gave|contribut|donat|worth|sell|sold|buy|bought|owe|lose|lost|fine)/i.test(
                  m[2]!,
                )
              ? 'money'
              : 'any'
          : w === 'long'
            ? 'duration'
            : w === 'old'
              ? 'age'
              : 'any';
    // What is counted: the words right after "how many" ("how many Conservative members").
    const counted = w === 'many' || w === 'much' ? countedWords(m[2]!) : undefined;
    return { kind: 'how-many', focus: m[2]!, measure, ...(counted && { counted }) };
  }
  if (
    (m =
      /^(?:what|which) (?:was|is|were|are) (?:the |\p{Lu}\S*['’]s )((?:\S+\s+){0,3}?(?:vote|score|tally|margin|cost|price|rate|number|total|amount|figure|target|percentage|share|population|age|salary|budget|fine|turnout|majority|toll|death toll|size|value|sum)s?)\b(.*)$/iu.exec(
        q,
      ))
  )
    return { kind: 'how-many', focus: `${m[1]!}${m[2]!}`, measure: 'any' };
  if ((m = /^what (?:percentage|percent|share|proportion|fraction)\b(.*)$/i.exec(q)))
    return { kind: 'how-many', focus: m[1]!, measure: 'percent' };
  if ((m = /^(?:what|which) (?:number|amount|sum|total|figure)\b(.*)$/i.exec(q)))
    return { kind: 'how-many', focus: m[1]!, measure: 'any' };
  if (
    (m =
      /^(?:where|in (?:what|which) (?:city|country|state|town|place|district|area|region|province|county|neighbou?rhood|street|village|building|venue|hospital|prison|stadium))\b(.*)$/i.exec(
        q,
      ))
  )
    return { kind: 'where', focus: m[1]! };
  if ((m = /^(?:who|what)(?:'s| is| was| are| were)(?: the)? ([^,]+?)$/i.exec(q)) && !/\b(?:said|say)\b/i.test(m[1]!)) {
    const subject = m[1]!.trim();
    // "who is Paul Pazen", "what is the Legislative Yuan": a name, described. "who was the
    // photojournalist killed in Mokha" asks for a name instead, and "what is the yuan
    // pegged to" for a phrase.
    const named =
      words(subject).length <= 6 &&
      words(subject).every(
        (x) => /^[\p{Lu}\d]/u.test(x.word) || /^(?:of|the|and|for|de|la|von|van|al|bin)$/i.test(x.word),
      );
    if (named) return { kind: 'who-is', focus: subject, subject };
    if (/^who/i.test(q)) return { kind: 'who', focus: subject };
  }
  // "which hotel caught fire", "what type of plane crashed": a name is the answer.
  if (
    (m =
      /^(?:which|what) ((?:(?!(?:was|is|were|are|did|does|do|has|have|had|will)\b)\S+\s+){0,2}?(?:firm|company|companies|hotel|book|club|countries|country|city|cities|team|party|group|bank|plane|type|kind|organisation|organization|agency|newspaper|film|band|state|airline|school|university|brand|court|person|man|woman|people|minister|official|leader|player|actor|singer|author|writer|councilors?|councillors?|senator|lawmaker|officer|judge|mayor|governor|president|spokes(?:man|woman)|candidate|victim|suspect|driver|app|website|ship|car|song|album|show|channel|network)s?)\b(.*)$/i.exec(
        q,
      ))
  )
    return { kind: 'who', focus: `${m[1]!}${m[2]!}` };
  if ((m = /^who(?:m)? (.+)$/i.exec(q)))
    return {
      kind: 'who',
      focus: m[1]!,
      ...(/^(?:did|does|do|will|would|has|have|had|can|could)\b/i.test(m[1]!) && { object: true }),
    };
  if (
    (m =
      /^what (?:did|does|has|had|have) (.+) die of$|^what (?:caused|causes|led to|kept|has kept|is behind)\b(.*)$/i.exec(
        q,
      ))
  )
    return { kind: 'why-how-what', focus: `${m[1] ?? m[2]!} died death cause`, wh: 'why' };
  if ((m = /^(why|how|what|which)\b(.*)$/i.exec(q))) {
    const first = m[1]!.toLowerCase();
    return { kind: 'why-how-what', focus: m[2]!, wh: first === 'why' ? 'why' : first === 'how' ? 'how' : 'what' };
  }
  return { kind: 'why-how-what', focus: q, wh: 'what' };
}

const AUX = /^(?:did|do|does|were|was|are|is|have|has|had|will|would|could|can)$/i;

/** "people died when …" → "people": up to three words, until an auxiliary or a verb in -ed. */
function countedWords(rest: string): string | undefined {
  const out: string[] = [];
  for (const word of rest.trim().split(/\s+/)) {
    if (AUX.test(word) || /ed$/i.test(word) || out.length === 3) break;
    out.push(word);
  }
  return out.length > 0 ? out.join(' ') : undefined;
}

/** Words that frame a question rather than say what it is about. */
const FRAME = new Set(
  queryTerms(
    `happen happened take place took say said tell told think thought anything ever exactly many much kind sort`,
  ),
);
/** …and for `when`, words that ask for a date. */
const WHEN_FRAME = new Set([...FRAME, ...queryTerms('date day year month time long ago')]);

/**
 * Words news uses for the same thing, by index term: a question says "died", the sentence
 * "killed eleven". A sentence with a word of the same group counts at SYNONYM_WEIGHT.
 */
const SYNONYM_GROUPS = [
  'die died dead death deaths kill killed killing fatal',
  'injure injured injuries wound wounded hurt hospitalized hospitalised',
  'buy bought purchase purchased acquire acquired pay paid',
  'own owns owner owned stake',
  'crash crashed collide collided collision accident',
  'found founded founder',
  'elect elected election vote voted win won',
  'fire blaze burn burning',
  'arrest arrested detain detained',
  'jail jailed prison imprisoned sentence sentenced',
  'cost costs price',
  'grow growth grew expand expansion',
  'blame blamed attribute attributed accuse accused',
  'criticise criticised criticize criticized criticism',
  'notice notify notified warning',
  'report reported announce announced',
  'send sent dispatch dispatched',
  'born birth',
  'rebuild rebuilding reconstruction reconstruct',
  'pass passed approve approved adopt adopted vote voted',
  'ban bans bar bars prohibit forbid forbids',
];
const SYNONYMS = new Map<string, Set<string>>();
for (const group of SYNONYM_GROUPS) {
  const terms = queryTerms(group);
  for (const t of terms) {
    const set = SYNONYMS.get(t) ?? new Set<string>();
    for (const u of terms) if (u !== t) set.add(u);
    SYNONYMS.set(t, set);
  }
}
export const SYNONYM_WEIGHT = 0.8;

/** A candidate sentence: where it is, where else it is told, and how well it matches. */
interface Sentence extends Occurrence {
  also: Occurrence[];
  text: string;
  /** The share of the question's words (by rarity) that the sentence holds. */
  cover: number;
  /** …counting also the words its paragraph and its article's title hold, at a discount. */
  score: number;
  /** The passage (or, for one pointed back at, the occurrence) it was read from. */
  passage: Occurrence;
}

/** The question's terms with their rarity. */
interface Weighted {
  terms: string[];
  weight: Map<string, number>;
  total: number;
}

function weigh(engine: Engine, text: string, drop: ReadonlySet<string> = FRAME): Weighted {
  // A question's quote marks and apostrophes are not words.
  const terms = queryTerms(text).filter((t) => !drop.has(t));
  // Rarity counts, but a rare name must not drown out what is asked about it.
  const weight = new Map(terms.map((t) => [t, Math.sqrt(engine.rarity(t))]));
  return { terms, weight, total: [...weight.values()].reduce((a, b) => a + b, 0) };
}

function share(w: Weighted, has: (t: string) => boolean): number {
  if (w.total === 0) return 0;
  let got = 0;
  for (const t of w.terms) {
    if (has(t)) got += w.weight.get(t)!;
    else if ([...(SYNONYMS.get(t) ?? [])].some(has)) got += SYNONYM_WEIGHT * w.weight.get(t)!;
  }
  return got / w.total;
}

/** Every term of a text (queryTerms stops at MAX_QUERY_TERMS; a passage has more). */
function termsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of tokenize(text)) {
    const t = answerTerm(word);
    if (t) out.add(t);
  }
  return out;
}

/** A passage's sentences with their terms, and the terms around them (see candidates). */
interface PassageTerms {
  context: Set<string>;
  sentences: Array<{ start: number; end: number; text: string; terms: Set<string>; length: number }>;
}

/**
 * Per engine, the passages read so far: questions about one story read the same passages.
 * Bounded (started afresh past PASSAGE_CACHE entries); dropped with the engine on a reload.
 */
const passageCache = new WeakMap<Engine, Map<string, PassageTerms>>();
const PASSAGE_CACHE = 20_000;

function readPassage(engine: Engine, passage: Occurrence, key: string): PassageTerms {
  let cache = passageCache.get(engine);
  if (!cache || cache.size >= PASSAGE_CACHE) passageCache.set(engine, (cache = new Map()));
  const known = cache.get(key);
  if (known) return known;
  const article = engine.article(passage.articleId)!;
  // Around the sentence: its passage, the one before, the article's opening (the lede
  // names the story) and its title.
  const before = engine.passageBefore(passage);
  const context = termsOf(
    `${engine.text(passage)} ${before ? engine.text(before) : ''} ${article.text.slice(0, 400)} ${article.title}`,
  );
  const read: PassageTerms = {
    context,
    sentences: sentences(article.text, passage.start, passage.end).map((sp) => {
      const text = article.text.slice(sp.start, sp.end);
      return { start: sp.start, end: sp.end, text, terms: termsOf(text), length: words(text).length };
    }),
  };
  cache.set(key, read);
  return read;
}

/** Sentences of the passages that best match the question, each scored. */
function candidates(engine: Engine, w: Weighted): Sentence[] {
  if (w.terms.length === 0) return [];
  const out: Sentence[] = [];
  const byText = new Map<string, Sentence>();
  const found = engine.findPassages(w.terms.join(' '), ASK_PASSAGES);
  // A passage that opens by pointing back ("That man, Ever Valles, …") is about what the
  // passage before it told: that one's sentences are read too, with this one around them.
  const toRead: Array<{ passage: Occurrence; alsoIn: readonly Occurrence[]; key: string; extra?: Set<string> }> = [];
  for (const passage of found) {
    toRead.push({ passage, alsoIn: passage.alsoIn, key: String(passage.id) });
    const before = refersBack(engine.text(passage)) ? engine.passageBefore(passage) : undefined;
    if (before)
      toRead.push({
        passage: before,
        alsoIn: [],
        key: `${before.articleId}@${before.start}`,
        extra: termsOf(engine.text(passage)),
      });
  }
  for (const { passage, alsoIn, key: cacheKey, extra } of toRead) {
    const { context: own, sentences: read } = readPassage(engine, passage, cacheKey);
    const around = extra ? new Set([...own, ...extra]) : own;
    for (const s of read) {
      const key = s.text.replace(/\s+/g, ' ');
      const offset = s.start - passage.start;
      const also = alsoIn.map((o) => ({
        articleId: o.articleId,
        start: o.start + offset,
        end: o.start + offset + (s.end - s.start),
      }));
      const seen = byText.get(key);
      if (seen) {
        if (seen.articleId !== passage.articleId && !seen.also.some((o) => o.articleId === passage.articleId))
          seen.also.push({ articleId: passage.articleId, start: s.start, end: s.end });
        continue;
      }
      const own = s.terms;
      const cover = share(w, (t) => own.has(t));
      const context = share(w, (t) => around.has(t) || own.has(t)) - cover;
      // Of two sentences with the same words, the shorter says less else.
      const sentence: Sentence = {
        articleId: passage.articleId,
        start: s.start,
        end: s.end,
        also,
        text: s.text,
        cover,
        score: cover + CONTEXT_WEIGHT * Math.max(0, context) - LENGTH_PENALTY * Math.max(0, s.length - 20),
        passage,
      };
      byText.set(key, sentence);
      out.push(sentence);
    }
  }
  return out.sort((a, b) => b.score - a.score || b.cover - a.cover);
}

/** An item for a sentence, its answering span marked (relative to the excerpt). */
function sentenceItem(engine: Engine, s: Sentence, span: Span | undefined, terms: readonly string[]): ExcerptItem {
  const item = excerptItem(engine, s, s.also, span ? [[span.start, span.end]] : { terms });
  if (span) item.answer = { text: s.text.slice(span.start, span.end), start: span.start, end: span.end };
  return item;
}

interface Span {
  start: number;
  end: number;
}

/** What a kind's finder gives back: the answer first, then more; or nothing that answers. */
interface Found {
  items: ExcerptItem[];
}

/**
 * `/ask <question>`: the one sentence of the coverage that answers, verbatim, with the part
 * that answers marked and its citation, then up to MORE_ITEMS more that bear on it; or,
 * when nothing answers well enough, "The coverage does not say" with the closest passages
 * under it, not as an answer. The bot's own words are the fixed frame only.
 */
export function askAnswer(engine: Engine, question: string): Answer {
  const asked = question.replace(/\s+/g, ' ').trim();
  const title = `Ask: ${asked}`;
  if (asked === '') {
    return {
      kind: 'excerpts',
      command: 'ask',
      title,
      items: [],
      message: 'Ask a question about the coverage, e.g. /ask when did the council pass the ordinance?',
    };
  }
  if (asked.length > MAX_QUESTION) {
    return {
      kind: 'excerpts',
      command: 'ask',
      title: `Ask: ${asked.slice(0, 80)}…`,
      items: [],
      message: `That question is ${asked.length} characters; ask in at most ${MAX_QUESTION}, e.g. /ask when did the council pass the ordinance?`,
    };
  }
  const c = classify(asked);
  const found = find(engine, c);
  const ask = { question: asked, kind: c.kind, answered: found !== undefined };
  if (found) return { kind: 'excerpts', command: 'ask', title, items: found.items, ask };
  const closest = engine.search(c.focus || asked, 1 + MORE_ITEMS).map((h) => hitItem(engine, h));
  return {
    kind: 'excerpts',
    command: 'ask',
    title,
    items: closest,
    ask,
    message:
      `The coverage does not say ${NOT_SAID[c.kind]}.` +
      (closest.length > 0 ? ' The closest passages follow; none of them answers it.' : ''),
  };
}

const NOT_SAID: Record<QuestionKind, string> = {
  when: 'when that happened',
  'who-said': 'who said that',
  'what-said': 'what was said about that',
  'who-is': 'who or what that is',
  who: 'who that was',
  'how-many': 'how many or how much',
  where: 'where that was',
  'why-how-what': 'that',
};

function find(engine: Engine, c: Classified): Found | undefined {
  switch (c.kind) {
    case 'who-said':
      return whoSaid(engine, c);
    case 'what-said':
      return whatSaid(engine, c);
    case 'when':
      return bySentence(engine, c, whenSpan);
    case 'how-many':
      return bySentence(engine, c, (e, s, w) =>
        quantitySpan(s, w, c.measure ?? 'any', eventSpans(e, s), new Set(queryTerms(c.counted ?? ''))),
      );
    case 'where':
      return bySentence(engine, c, (_e, s, w) => placeSpan(s, w));
    case 'who-is':
      return whoIs(engine, c);
    case 'who':
      return bySentence(engine, c, (e, s, w) => nameSpan(e, s, w, properTerms(c.focus), c.object));
    case 'why-how-what':
      return bySentence(engine, c, (_e, s, w) => clauseSpan(s, w, c.wh ?? 'what'));
  }
}

type Spanner = (engine: Engine, s: Sentence, w: Weighted) => (Span & { date?: number; bonus?: number }) | undefined;

/** A sentence within this much of the best may still win by the answer it holds (its span's bonus). */
const BONUS_REACH = 0.2;

/**
 * The best sentence that holds enough of the question's words and an answer of the kind
 * asked for (a date, a number, a place, a name, a clause); then more such sentences.
 */
function bySentence(engine: Engine, c: Classified, spanOf: Spanner, minimum = ANSWER_MIN): Found | undefined {
  // A timeline's other dates of the event are dated sentences; other kinds list what bears on the question.
  const moreNeedSpan = c.kind === 'when';
  const w = weigh(engine, c.focus, c.kind === 'when' ? WHEN_FRAME : FRAME);
  const pool = candidates(engine, w).filter((s) => s.cover >= SENTENCE_MIN);
  const answers: Array<{ s: Sentence; span: ReturnType<Spanner> }> = [];
  for (const s of pool) {
    if (s.score < minimum * (answers.length === 0 ? 1 : MORE_SHARE)) break;
    if (answers.length > 0 && s.score < answers[0]!.s.score * MORE_SHARE) break;
    const span = spanOf(engine, s, w);
    if (!span && (answers.length === 0 || moreNeedSpan)) continue;
    answers.push({ s, span });
    if (answers.length > MORE_ITEMS) break;
  }
  // A sentence close behind the best that holds a better answer (the counted thing itself) comes first.
  const lead = answers.reduce(
    (best, a, i) =>
      a.span &&
      a.s.score >= answers[0]!.s.score - BONUS_REACH &&
      (a.span.bonus ?? 0) > (answers[best]!.span?.bonus ?? 0)
        ? i
        : best,
    0,
  );
  if (lead > 0) answers.unshift(...answers.splice(lead, 1));
  const first = answers[0];
  if (!first) return undefined;
  const items = answers.map(({ s, span }) => {
    const item = sentenceItem(engine, s, span, w.terms);
    if (span?.date !== undefined) {
      const event = engine.events[span.date]!;
      // With the days the date covers, so a "when" answer gets its timeline picture too.
      Object.assign(item, {
        date: event.date.value,
        dateLabel: formatEventDate(event.date),
        span: daySpan(event.date),
      });
      if (event.scheduled) item.scheduled = true;
    }
    return item;
  });
  return { items };
}

/** The date mentions inside a sentence (relative to it), with their event ids. */
function eventSpans(engine: Engine, s: Sentence): Array<Span & { id: number }> {
  return engine
    .eventIdsWithin(s)
    .map((id) => ({ id, e: engine.events[id]! }))
    .filter(({ e }) => e.start >= s.start && e.end <= s.end)
    .map(({ id, e }) => ({ id, start: e.mention.start - s.start, end: e.mention.end - s.start }))
    .filter((x) => x.start >= 0 && x.end <= s.end - s.start);
}

/** The terms of the words the question capitalises (past its first): names it gives. */
function properTerms(text: string): Set<string> {
  return new Set(
    words(text)
      .filter((x, i) => i > 0 && /^\p{Lu}/u.test(x.word))
      .flatMap((x) => queryTerms(x.word)),
  );
}

/** Where in the sentence the question's words are (relative offsets). */
function matchedAt(s: Sentence, w: Weighted): number[] {
  const wanted = new Set(w.terms.flatMap((t) => [t, ...(SYNONYMS.get(t) ?? [])]));
  return words(s.text)
    .filter((x) => {
      const t = queryTerms(x.word)[0];
      return t !== undefined && wanted.has(t);
    })
    .map((x) => x.start);
}

function nearest<T extends Span>(spans: T[], at: number[]): T | undefined {
  if (at.length === 0) return spans[0];
  let best: T | undefined;
  let bestD = Infinity;
  for (const sp of spans) {
    // What answers tends to follow the question's words ("studied law at Northwestern").
    const d = Math.min(...at.map((a) => (a < sp.start ? sp.start - a : a > sp.end ? 2 * (a - sp.end) : 0)));
    if (d < bestD) [best, bestD] = [sp, d];
  }
  return best;
}

const whenSpan: Spanner = (engine, s, w) => {
  const dates = eventSpans(engine, s);
  const pick = nearest(dates, matchedAt(s, w));
  return pick && { start: pick.start, end: pick.end, date: pick.id };
};

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|dozen|dozens|million|millions|billion|half';
const QUANTITY = new RegExp(
  String.raw`\b\d+-\d+\b|(?:\b(?:about|around|nearly|almost|roughly|approximately|some|at least|at most|more than|fewer than|less than|over|up to)\s+)?(?:(?:US|A|C|HK)?[$£€]\s?)?(?:\d[\d,]*(?:\.\d+)?|\b(?:${NUMBER_WORDS})\b)(?:[\s-](?:to|and|or)[\s-](?:[$£€]?\d[\d,]*(?:\.\d+)?|(?:${NUMBER_WORDS})\b))?(?:\s?(?:%|per ?cent\b|percent\b|million\b|billion\b|trillion\b|thousand\b|bn\b|m\b|k\b))?(?:[\s-]+(?:year|month|week|day|hour|minute|second)s?[\s-]old\b)?(?:[\s-]+(?!(?:and|or|the|a|of|to|in|on|at|for|by|from|with|as|that|than)\b)[\p{L}][\p{L}’'-]*)?`,
  'giu',
);
function unitMatches(text: string, counted: ReadonlySet<string>): boolean {
  return queryTerms(text.replace(/-/g, ' ')).some((t) => counted.has(t));
}

const NUMBER_WORD = new RegExp(`^(?:${NUMBER_WORDS})$`, 'i');

/** The word after the last space of `text` ("war-damaged" whole), if it is a word, and where that space is. */
function lastWord(text: string): { word: string; index: number } | undefined {
  let i = text.length;
  while (i > 0 && !/\s/.test(text[i - 1]!)) i--;
  if (i === 0 || i === text.length || !/\p{L}/u.test(text[i]!)) return undefined;
  return { word: text.slice(i), index: i - 1 };
}

const DURATION = /\b(?:second|minute|hour|day|week|month|year|decade|centur)/i;
const MONEY = /[$£€]|\b(?:dollars?|pounds?|euros?|cents?|million|billion|bn)\b/i;
const PERCENT = /%|per ?cent/i;
/** An age: "19-year-old", "aged 20", "the age of 99", or "Sirhan, 75," (a number between commas after a name). */
const AGE = /\b(?:\d+|\w+)[\s-]years?[\s-]old\b|\bage(?:d| of)\b|\p{Lu}\p{Ll}+,\s*\d+,/u;

function quantitySpan(
  s: Sentence,
  w: Weighted,
  measure: NonNullable<Classified['measure']>,
  dates: Span[],
  counted: ReadonlySet<string> = new Set(),
): (Span & { bonus: number }) | undefined {
  const found: Array<Span & { rank: number }> = [];
  const wanted = new Set(w.terms);
  for (const m of s.text.matchAll(QUANTITY)) {
    let text = trimEndWhile(m[0], (ch) => /\s/.test(ch) || ",.;:’'-".includes(ch));
    const start = m.index;
    if (text === '' || /^(?:one|half)$/i.test(text)) continue;
    // A date's day or year is not a quantity.
    if (dates.some((d) => start < d.end && start + text.length > d.start)) continue;
    if (/^(?:19|20)\d\d$/.test(text)) continue;
    // "a five-storey block", "a 25-year-old building": a measure of something else.
    if (/^[\p{L}\d]+-(?!\d)\p{L}+$/u.test(text) && !/-year-old$/.test(text) && !unitMatches(text, counted)) continue;
    // A trailing word is kept only when it is the quantity's unit (not "said", not a verb).
    const last = lastWord(text);
    if (last && !/\d|%/.test(last.word) && !NUMBER_WORD.test(last.word)) {
      const unit = last.word;
      const isUnit =
        /^(?:[a-z]|[A-Z][a-z])/.test(unit) &&
        !/(?:ed|ly|ing)$/.test(unit) &&
        !/^(?:is|are|was|were|has|had|have|will|would|said|says|more|less|other|others|who|which|after|before|since|per)$/i.test(
          unit,
        );
      if (!isUnit) text = text.slice(0, last.index);
    }
    const unitTerms = queryTerms(text);
    // The thing counted right after the number ("seventeen people") counts most.
    let rank = unitTerms.some((t) => counted.has(t)) ? 3 : unitTerms.some((t) => wanted.has(t)) ? 2 : 0;
    if (measure === 'money' && MONEY.test(text)) rank += 3;
    if (measure === 'duration' && DURATION.test(text)) rank += 3;
    if (measure === 'percent' && PERCENT.test(text)) rank += 3;
    if (measure === 'age' && AGE.test(s.text.slice(Math.max(0, start - 12), start + text.length + 12))) rank += 3;
    if (measure === 'count' && !MONEY.test(text) && !PERCENT.test(text) && !DURATION.test(text)) rank += 1;
    if (/\d/.test(text)) rank += 0.5;
    found.push({ start, end: start + text.length, rank });
  }
  if (found.length === 0) return undefined;
  const top = Math.max(...found.map((f) => f.rank));
  // "how much money" wants money, "how long" a duration: a sentence without one does not answer.
  if ((measure === 'money' || measure === 'duration' || measure === 'percent' || measure === 'age') && top < 3)
    return undefined;
  const best = found.filter((f) => f.rank === top);
  const pick = nearest(best, matchedAt(s, w))!;
  return { start: pick.start, end: pick.end, bonus: top >= 3 ? 1 : 0 };
}

// One alternative per first letter, so that a run of names matches one way only (no backtracking blow-up).
const CAP = String.raw`(?:[\p{Lu}][\p{L}’'.-]*|(?:al|el|bin|ibn|da|de|van|von)-[\p{Lu}][\p{L}’'.-]*)`;
const PLACE = new RegExp(
  String.raw`\b(?:in|at|from|near|outside|inside|across|along|into|throughout|on)\s+(?:(?:his|her|their|its|our)\s+)?((?:the\s+)?${CAP}(?:\s+(?:of\s+|de\s+|the\s+|upon\s+)?${CAP})*)`,
  'gu',
);
const DATELINE = new RegExp(String.raw`^((?:${CAP})(?:[\s,]+${CAP})*)\s*(?:\([^)]*\)\s*)?[—–-]\s`, 'u');
const NOT_PLACES =
  /^(?:the\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mr|Mrs|Ms|Dr|He|She|It|They|We|I)\b/u;

/** A name's trailing punctuation off, but the period of an initial or "U.S.". */
function trimPlaceEnd(name: string): string {
  const cut = trimEndWhile(name, isTrailingPunct);
  return /\b\p{Lu}$/u.test(cut) && name[cut.length] === '.' ? name.slice(0, cut.length + 1) : cut;
}

function placeSpan(s: Sentence, w: Weighted): Span | undefined {
  const asked = new Set(w.terms);
  const found: Array<Span & { rank: number }> = [];
  const d = DATELINE.exec(s.text);
  if (d && s.start === s.passage.start) found.push({ start: 0, end: d[1]!.length, rank: 1 });
  for (const m of s.text.matchAll(PLACE)) {
    let name = trimPlaceEnd(m[1]!);
    if (NOT_PLACES.test(name)) continue;
    const start = m.index + m[0].length - m[1]!.length;
    // "Holy Cross Hospital in Fort Lauderdale, Florida": the place and where it is.
    const more = PLACE_MORE.exec(s.text.slice(start + name.length));
    if (more) name = trimEndWhile(s.text.slice(start, start + name.length + more[0].length), isTrailingPunct);
    const fresh = queryTerms(name).some((t) => !asked.has(t));
    found.push({ start, end: start + name.length, rank: fresh ? 2 : 1 });
  }
  if (found.length === 0) {
    // "placed on a motorcycle in a market": a place in lower case, right after the question's words.
    const at = matchedAt(s, w);
    if (at.length === 0) return undefined;
    const from = Math.max(...at);
    const m =
      /^\S*\s+((?:in|at|on|inside|outside|near|under|along|into|onto)\s+(?:a|an|the)\s+[^,.;:]{2,60}?)(?=[,.;:]|\s+(?:and|but|which|who|when|after|before|stated|said)\b|$)/u.exec(
        s.text.slice(from),
      );
    if (!m) return undefined;
    const start = from + m[0].length - m[1]!.length;
    return { start, end: start + m[1]!.length };
  }
  const top = Math.max(...found.map((f) => f.rank));
  return nearest(
    found.filter((f) => f.rank === top),
    matchedAt(s, w),
  );
}

/** What follows a place to say where it is: ", Florida", " in Fort Lauderdale", " border with Mexico". */
const PLACE_MORE = new RegExp(
  String.raw`^(?:(?:,\s+|\s+in\s+)${CAP}(?:\s+${CAP})*(?:,\s+${CAP}(?:\s+${CAP})*)?|\s+\p{Ll}+\s+(?:with|of)\s+${CAP}(?:\s+${CAP})*)`,
  'u',
);

const NAME = new RegExp(String.raw`${CAP}(?:\s+(?:of\s+|de\s+|van\s+|von\s+)?${CAP})*`, 'gu');
const NOT_NAMES =
  /^(?:The|A|An|In|On|At|But|And|He|She|It|They|We|I|This|That|These|Those|If|When|After|Before|As|For|Mr|Mrs|Ms)$/u;

/**
 * The name in the sentence that answers "who": not one the question gives; next to the
 * question's words; after them when the question asks for an object ("who did Tamim
 * blame"), before them when it asks for a subject ("who wrote a letter").
 */
function nameSpan(
  engine: Engine,
  s: Sentence,
  w: Weighted,
  proper: ReadonlySet<string>,
  object = false,
): Span | undefined {
  const asked = new Set(w.terms);
  const at = matchedAt(s, w);
  const found: Array<Span & { rank: number }> = [];
  const runs: Array<{ index: number; text: string }> = [];
  for (const m of s.text.matchAll(NAME)) {
    // "Sally Grindley's Spilled Water" is two names: a possessive ends one.
    let at0 = m.index;
    for (const part of m[0].split(/(?<=['’]s)\s+/u)) {
      runs.push({ index: at0, text: part.replace(/['’]s$/u, '') });
      at0 += part.length + 1;
    }
  }
  for (const m of runs) {
    let start = m.index;
    let text = trimPlaceEnd(m.text);
    if (/-\p{Ll}+$/u.test(text)) continue; // "Facebook-integrated": an adjective
    // A sentence's first word is capitalised whatever it is.
    const first = /^(\S+)\s*/u.exec(text)!;
    if (NOT_NAMES.test(first[1]!)) {
      start += first[0].length;
      text = text.slice(first[0].length);
    }
    if (text === '' || NOT_NAMES.test(text)) continue;
    const terms = queryTerms(text);
    // A name the question already gives is not the answer to it ("which hotel" may be "Hotel Arpit Palace").
    if (terms.length === 0 || terms.some((t) => proper.has(t)) || terms.every((t) => asked.has(t))) continue;
    const known = engine.speakers.resolve(text) !== undefined;
    // "photojournalist Ziad al-Sharabi", "Sally Grindley's Spilled Water": next to the question's words.
    const end = start + text.length;
    // "a Republican state lawmaker wrote": the words up to the question's verb are the name's.
    const tail = /^(\s+\p{Ll}+){1,3}(?=\s)/u.exec(s.text.slice(end));
    const verb = at.find((a) => a > end && a - end <= 40 && !/[,.;"“”]/.test(s.text.slice(end, a)));
    const extended =
      tail &&
      verb !== undefined &&
      end + tail[0].length < verb + 1 &&
      /^(?:\s+\p{Ll}+)+\s*$/u.test(s.text.slice(end, verb))
        ? verb - 1
        : end;
    // Before the question's words ("Zhukovskyy was driving"), or after them ("photojournalist Ziad al-Sharabi", a role then a name).
    const before = at.some((a) => a > end && a - end <= 12 && /^[\s\p{Ll}]*$/u.test(s.text.slice(end, a)));
    const after = at.some((a) => a < start && start - a <= 40 && !/[,.;]/.test(s.text.slice(a, start)));
    const next = before || after;
    const demonym = extended === end && !/\s/.test(text) && /(?:an|ese|ish|ian|i)$/.test(text);
    found.push({
      start,
      end: extended,
      rank:
        (known ? 1 : 0) +
        (/\s/.test(text) ? 1 : 0) +
        (next ? 2 : 0) +
        (after ? (object ? 1.5 : 1) : 0) -
        (before && object ? 1 : 0) -
        (demonym ? 2 : 0),
    });
  }
  if (found.length === 0) return undefined;
  const top = Math.max(...found.map((f) => f.rank));
  return nearest(
    found.filter((f) => f.rank === top),
    matchedAt(s, w),
  );
}

const CUES: Array<[RegExp, number]> = [
  [/\b(?:because|since|due to|owing to|as a result of|thanks to|in protest|in response to|from)\b/i, 3],
  [
    /\b(?:in order to|so that|so as to|in an effort to|aimed at|to protest|to help|to demand|to ward off|to stop|to prevent)\b/i,
    2,
  ],
  [/\b(?:after|following|amid)\b/i, 1],
];
/** "ascribed his death to complications from a stroke": the cause follows "to". */
const ASCRIBED = /\b(?:ascribed|attributed|blamed|put down|traced)\b/i;
/** "wooden panels led to …": the cause is what comes before. */
const CAUSED = /\b(?:led to|leads to|caused|causes|resulted in|results in|prompted|triggered|sparked|means)\b/i;
const HOW_CUES: Array<[RegExp, number]> = [[/\b(?:by|through|using|with|via)\b/i, 1]];

function clauseSpan(s: Sentence, w: Weighted, wh: 'why' | 'how' | 'what'): Span | undefined {
  const text = s.text;
  const end = trimEndWhile(text, (ch) => /\s/.test(ch) || '.!?”"’\''.includes(ch)).length;
  if (wh === 'why') {
    const cue = ASCRIBED.exec(text);
    const to = cue ? /\bto\s+/g : undefined;
    if (to) to.lastIndex = cue!.index + cue![0].length;
    const ascribed = to?.exec(text);
    if (ascribed && !/[.;]/.test(text.slice(cue!.index, ascribed.index))) {
      const from = ascribed.index + ascribed[0].length;
      const until = /[,;:]\s|[.!?](?:\s|$)/g;
      until.lastIndex = from;
      const stop = until.exec(text);
      return { start: from, end: Math.min(stop ? stop.index : end, end) };
    }
    const caused = CAUSED.exec(text);
    if (caused) {
      const clause = Math.max(0, text.lastIndexOf(', ', caused.index) + 2);
      let from = clause;
      // "a fire officer said wooden panels led to …": past the attribution.
      for (const m of text.slice(clause, caused.index).matchAll(/\b(?:said|says|stated|claimed)\s+(?:that\s+)?/g))
        from = clause + m.index + m[0].length;
      if (caused.index - from >= 4) return { start: from, end: caused.index - 1 };
    }
  }
  if (wh !== 'what') {
    for (const [cue] of wh === 'why' ? CUES : HOW_CUES) {
      const m = cue.exec(text);
      if (!m) continue;
      const stop = /[,;:]\s|[.!?](?:\s|$)/g;
      stop.lastIndex = m.index + m[0].length;
      const until = stop.exec(text);
      const clauseEnd = Math.min(until ? until.index : end, end);
      if (clauseEnd - m.index >= 6) return { start: m.index, end: clauseEnd };
    }
    if (wh === 'why') return undefined;
  }
  // What the sentence says past the question's words, when there is enough of it; else all of it.
  const at = matchedAt(s, w);
  const last = at.length > 0 ? Math.max(...at) : -1;
  if (last >= 0) {
    const after = text.slice(last).search(/\s/);
    if (after > 0) {
      let from = last + after;
      while (from < end && /[\s,:;—–-]/.test(text[from]!)) from++;
      if (end - from >= 20 && words(text.slice(from, end)).length >= 4) return { start: from, end };
    }
  }
  const start = /^[“"‘']/.test(text) ? 1 : 0;
  return { start, end };
}

/**
 * `who is X` / `what is X`: how the coverage describes X: the role before a name ("Denver
 * Police Chief Paul Pazen"), an appositive after it ("Roxana Avila, co-president of …"),
 * or "X is/was …".
 */
function whoIs(engine: Engine, c: Classified): Found | undefined {
  const subject = (c.subject ?? c.focus).trim();
  const resolved = engine.speakers.resolve(subject);
  // Only the person asked about: "Jeremy Hunt" is not "Peter Hunt".
  const info = resolved && sameName(resolved, subject) ? resolved : undefined;
  const names = info ? [info.name, ...info.aliases] : [subject];
  const w = weigh(engine, info ? info.name : subject);
  const pool = candidates(engine, w).filter((s) => s.cover >= 0.99 || (info && names.some((n) => s.text.includes(n))));
  const found: Array<{ s: Sentence; span: Span; rank: number }> = [];
  for (const s of pool) {
    for (const name of [...new Set(names)].sort((a, b) => b.length - a.length)) {
      const span = describe(s.text, name, info?.role);
      if (span) {
        found.push({ s, span: span.span, rank: span.rank });
        break;
      }
    }
  }
  if (found.length === 0) return undefined;
  found.sort((a, b) => b.rank - a.rank || b.s.score - a.s.score);
  const seen = new Set<string>();
  const items: ExcerptItem[] = [];
  for (const f of found) {
    const key = f.s.text.slice(f.span.start, f.span.end).toLowerCase();
    if (seen.has(key) && items.length > 0) continue;
    seen.add(key);
    items.push(sentenceItem(engine, f.s, f.span, w.terms));
    if (items.length > MORE_ITEMS) break;
  }
  return { items };
}

/** Compiled name patterns, by flags and name: a few names come back in every answer. */
let nameRegexes = new Map<string, RegExp>();
const NAME_REGEXES = 5_000;

/** `name` as a whole word or words (not inside a longer word), its characters taken literally. */
function nameRegex(name: string, flags: 'iu' | 'u' | 'gu'): RegExp {
  const key = `${flags} ${name}`;
  let re = nameRegexes.get(key);
  if (!re) {
    if (nameRegexes.size >= NAME_REGEXES) nameRegexes = new Map();
    re = new RegExp(`(?<![\\p{L}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, flags);
    nameRegexes.set(key, re);
  }
  return re;
}

/** "…, the legislature of Taiwan, the " → "the legislature of Taiwan": a description ending in a comma just before a name. */
function describedBefore(before: string): Span | undefined {
  let head = before.trimEnd();
  if (head.endsWith(' the') || head === 'the') head = head.slice(0, -3).trimEnd();
  if (!head.endsWith(',')) return undefined;
  head = head.slice(0, -1);
  const from = Math.max(head.lastIndexOf(','), head.lastIndexOf(';')) + 1;
  const det = /\b(?:the|a|an)\s+\p{Ll}/u.exec(head.slice(from));
  if (!det) return undefined;
  const start = from + det.index;
  return head.length - start >= 6 && head.length - start <= 90 ? { start, end: head.length } : undefined;
}

/** Whether every word of `asked` is in the speaker's name or one alias (case aside). */
function sameName(info: { name: string; aliases: readonly string[] }, asked: string): boolean {
  const want = normalize(asked)
    .split(' ')
    .filter((x) => !/^(?:the|mr|mrs|ms|dr)$/.test(x));
  return [info.name, ...info.aliases].some((n) => {
    const have = new Set(normalize(n).split(' '));
    return want.every((x) => have.has(x));
  });
}

const TITLE_REACH = 120;
/** Capitalised words (a title) or one or two role words, right before a name (read in the TITLE_REACH characters before it). */
const TITLE_BEFORE = new RegExp(
  String.raw`((?:(?:[\p{Lu}][\p{L}’'.-]*|of|the|for|and)\s+)*(?:[\p{Lu}][\p{L}’'.-]*|[\p{Ll}]+(?:\s+[\p{Ll}]+)?)\s+)$`,
  'u',
);

/** The patterns built with `new RegExp` from constant parts, for the ReDoS check (tests/hardening/regex.test.ts). */
export const BUILT_PATTERNS: readonly RegExp[] = [
  QUANTITY,
  NUMBER_WORD,
  PLACE,
  DATELINE,
  PLACE_MORE,
  NAME,
  TITLE_BEFORE,
];

function describe(text: string, name: string, role?: string): { span: Span; rank: number } | undefined {
  const at = nameRegex(name, 'iu').exec(text);
  if (!at) return undefined;
  const before = text.slice(0, at.index);
  const after = text.slice(at.index + at[0].length);
  const roleBonus = (s: string) => (role && s.toLowerCase().includes(role.toLowerCase()) ? 2 : 0);
  // "Name, co-president of the club …," or "Name, a 19-year-old who …,"
  const appositive =
    /^,\s+((?:a|an|the|\p{Ll}|\d|[\p{Lu}][\p{Ll}]+ (?:of|for|at)\b|[\p{Lu}][\p{L}]*['’]s\s)[^,;.]{2,120}?)(?=,|;|\.(?:\s|$)|$| said| says)/u.exec(
      after,
    );
  if (
    appositive &&
    !/^(?:said|says|who said|and|but|will|would|has|had|have|is|was|are|were|did|does|\p{Ll}+ed)\b/u.test(
      appositive[1]!,
    )
  ) {
    const start = at.index + at[0].length + appositive[0].length - appositive[1]!.length;
    return { span: { start, end: start + appositive[1]!.trimEnd().length }, rank: 3 + roleBonus(appositive[1]!) };
  }
  // "Xiaogang Wei of the Beijing Gender Health Education Institute"
  const of =
    /^\s+(of\s+(?:the\s+)?[\p{Lu}][\p{L}’'.-]*(?:\s+(?:of\s+|for\s+|and\s+|the\s+|&\s+)?[\p{Lu}][\p{L}’'.-]*)*)/u.exec(
      after,
    );
  if (of) {
    const start = at.index + at[0].length + of[0].length - of[1]!.length;
    return { span: { start, end: start + of[1]!.length }, rank: 2 + roleBonus(of[1]!) };
  }
  // "the legislature of Taiwan, the Legislative Yuan,": the description comes first.
  const reverse = describedBefore(before);
  if (reverse && /^,/.test(after))
    return { span: reverse, rank: 2 + roleBonus(before.slice(reverse.start, reverse.end)) };
  // "Name is/was a …"
  const copula = /^\s+(?:is|was|are|were|has been|had been)\s+((?:a|an|the|one)\b[^,;.]{2,120})/u.exec(after);
  if (copula) {
    const start = at.index + at[0].length + copula[0].length - copula[1]!.length;
    return { span: { start, end: start + copula[1]!.trimEnd().length }, rank: 2 + roleBonus(copula[1]!) };
  }
  // "Denver Police Chief Paul Pazen": capitalised words (a title) right before the name.
  // The title is a few words: only the end of the sentence before the name is read.
  const near = before.length > TITLE_REACH ? before.length - TITLE_REACH : 0;
  const found = TITLE_BEFORE.exec(before.slice(near));
  const title = found && Object.assign(found, { index: found.index + near });
  if (title) {
    let t = title[1]!.trimEnd();
    // Keep only the title: from the first capitalised word (or a role word written in lower case).
    const lead = /^(?:(?:The|A|An|In|On|At|But|And|Said|When|After|Before|As|For)\s+)+/u.exec(t);
    let start = title.index + (lead ? lead[0].length : 0);
    t = t.slice(lead ? lead[0].length : 0);
    const lowerRole =
      /(?:^|\s)((?:protester|spokeswoman|spokesman|lawyer|attorney|officer|president|chief|director|minister|leader|manager|chairman|chairwoman|secretary|governor|senator|mayor|judge|professor|analyst|expert|resident|student|candidate|coach|player|actor|singer|writer|author|founder|executive|economist|official)s?)$/iu.exec(
        t,
      );
    if (/^[\p{Lu}]/u.test(t) && !/^(?:He|She|They|It|We|I|Mr|Mrs|Ms)$/.test(t) && words(t).length <= 8) {
      return { span: { start, end: start + t.length }, rank: 2 + roleBonus(t) };
    }
    if (lowerRole) {
      start += t.length - lowerRole[1]!.length;
      return { span: { start, end: start + lowerRole[1]!.length }, rank: 1 + roleBonus(lowerRole[1]!) };
    }
  }
  return undefined;
}

/**
 * A quote as an item: its paragraphs, with the mention of its speaker nearest it marked
 * (looked for in the paragraphs around when the mention is "he"). `named` says whether
 * the speaker's own name is in the excerpt, not just a pronoun or a role.
 */
function quoteItem(engine: Engine, i: number, alsoIds: readonly number[]): ExcerptItem & { named?: boolean } {
  const q = engine.quotes[i]!;
  const article = engine.article(q.articleId)!;
  const paragraphs = engine.cleaned.get(q.articleId)?.paragraphs ?? [];
  let first = paragraphs.findIndex((p) => p.end > q.start);
  let last = paragraphs.findIndex((p) => p.end >= q.end);
  if (first < 0) first = 0;
  if (last < 0) last = paragraphs.length - 1;
  const speaker = engine.speakers.canonical(q);
  const info = engine.speakers.resolve(speaker);
  const names = [speaker, ...(info?.aliases ?? []), ...speaker.split(/\s+/).filter((p) => p.length >= 3)];
  const mention = q.speaker.mention;
  const pronoun = /^(?:he|she|they|it|we|i|you|his|her|the \p{Ll}+)$/iu.test(mention) || !/\p{Lu}/u.test(mention);
  const tries: Array<[number, number]> = [
    [first, last],
    [first, Math.min(last + 1, paragraphs.length - 1)],
    [Math.max(0, first - 1), last],
    [Math.max(0, first - 2), last],
  ];
  let chosen: { from: number; to: number; span?: Span } | undefined;
  for (const [a, b] of tries) {
    const from = paragraphs[a]?.start ?? q.start;
    const to = Math.max(paragraphs[b]?.end ?? q.end, q.end);
    const text = article.text.slice(from, to);
    const qs = q.start - from;
    const qe = q.end - from;
    const lookFor = pronoun ? names : [mention, ...names];
    const span = mentionIn(text, lookFor, qs, qe);
    if (span) {
      chosen = { from, to, span };
      break;
    }
    chosen ??= { from, to };
  }
  const { from, to, span } = chosen!;
  const others = alsoIds.map((j) => {
    const o = engine.quotes[j]!;
    return { articleId: o.articleId, start: o.start, end: o.end };
  });
  const item = excerptItem(
    engine,
    { articleId: q.articleId, start: from, end: to },
    others,
    span ? [[span.start, span.end]] : [],
  );
  const answer = span ?? undefined;
  if (answer)
    item.answer = { text: item.excerpt.slice(answer.start, answer.end), start: answer.start, end: answer.end };
  const surname = speaker.split(/\s+/).at(-1)!;
  const named = nameRegex(surname, 'u').test(
    item.excerpt.slice(0, q.start - from) + ' ' + item.excerpt.slice(q.end - from),
  );
  return Object.assign(item, { speaker, role: info?.role ?? q.speaker.role, kind: q.kind, named });
}

/** The occurrence of one of `names` outside the quote `[qs, qe)` nearest it. */
function mentionIn(text: string, names: readonly string[], qs: number, qe: number): Span | undefined {
  let best: Span | undefined;
  let bestD = Infinity;
  for (const name of names) {
    // Case matters here: most names are not in the text at all, which indexOf tells at once.
    if (name.trim() === '' || !text.includes(name)) continue;
    for (const m of text.matchAll(nameRegex(name, 'gu'))) {
      const s = m.index;
      const e = s + m[0].length;
      if (s < qe && e > qs) continue;
      const d = e <= qs ? qs - e : s - qe;
      if (d < bestD || (d === bestD && best && e - s > best.end - best.start))
        [best, bestD] = [{ start: s, end: e }, d];
    }
  }
  return best;
}

/** Quote ids grouped by copy (the same words by the same speaker), each group's first kept. */
function groupQuotes(engine: Engine, ids: readonly number[]): Array<[number, number[]]> {
  const groups = new Map<number, number[]>();
  for (const i of ids) {
    const g = engine.quoteGroup(i);
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  }
  return [...groups.values()].map(([first, ...rest]) => [first!, rest]);
}

function quoteCover(engine: Engine, w: Weighted, q: Quote): number {
  const own = new Set(queryTerms(q.text));
  return share(w, (t) => own.has(t));
}

/** Quotes read for a who-said question at most (those with the most of its words). */
const QUOTES_READ = 60;

/** `who said "…"`: the quote found by its words, its speaker the answer. */
function whoSaid(engine: Engine, c: Classified): Found | undefined {
  const w = weigh(engine, c.focus, new Set());
  if (w.terms.length === 0) return undefined;
  // Only the quotes with the most of the words are read again (a common word is in thousands).
  const about = [...engine.quotesAbout(w.terms)].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const most = about[0]?.[1] ?? 0;
  const scored = about
    .filter(([, n], k) => n >= most - 1 && k < QUOTES_READ)
    .map(([i]) => ({ i, cover: quoteCover(engine, w, engine.quotes[i]!) }))
    .filter((x) => x.cover >= QUOTE_MIN * MORE_SHARE)
    .sort((a, b) => b.cover - a.cover || (engine.quotes[a.i]!.kind === 'direct' ? -1 : 1) || a.i - b.i);
  if (scored.length === 0 || scored[0]!.cover < QUOTE_MIN) return undefined;
  // The quote asked about must have someone named as its speaker: "a court document" or a
  // dateline misread as one is no answer to "who".
  if (!namesSomeone(engine.speakers.canonical(engine.quotes[scored[0]!.i]!))) return undefined;
  const byGroup = groupQuotes(
    engine,
    scored.map((x) => x.i),
  );
  const top = scored[0]!.cover;
  const items = byGroup
    .filter(([i]) => (scored.find((x) => x.i === i)?.cover ?? 0) >= top * MORE_SHARE)
    .slice(0, 1 + MORE_ITEMS)
    .map(([i, rest]) => quoteItem(engine, i, rest));
  // The answer to "who" must name them next to their words: a speaker found only through
  // a role or a pronoun, with their name nowhere around the quote, may be the wrong one.
  if (!items[0]?.named) return undefined;
  for (const item of items) delete item.named;
  return { items };
}

const NOT_SOMEONE =
  /^(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)\.?$|transcript|statement|document|report|release|video|letter|poll|study|award|prize/i;

/** Whether a speaker's canonical name names someone: capitalised, and not a month or a document. */
function namesSomeone(name: string): boolean {
  return /^\p{Lu}/u.test(name) && !NOT_SOMEONE.test(name);
}

/** `what did X say (about Y)`: X's quotes, best match to Y first, then newest first. */
function whatSaid(engine: Engine, c: Classified): Found | undefined {
  const subject = (c.subject ?? '').replace(/^(?:the|a|an) /i, '');
  const resolved = engine.speakers.resolve(subject);
  const info = resolved && sameName(resolved, subject) ? resolved : undefined;
  if (!info) return undefined;
  const ids = engine.quoteIdsBy(info.name);
  const direct = ids.filter((i) => engine.quotes[i]!.kind === 'direct');
  // About a topic, what they were reported to say counts too (direct quotes first).
  const pool = c.topic
    ? [...direct, ...ids.filter((i) => engine.quotes[i]!.kind !== 'direct')]
    : direct.length > 0
      ? direct
      : ids;
  let ranked: number[];
  if (c.topic) {
    const w = weigh(engine, c.topic);
    const covers = new Map(pool.map((i) => [i, quoteCover(engine, w, engine.quotes[i]!)]));
    // A quote "about Y" that holds none of Y's words is not about it; the paragraph around it may be.
    ranked = pool
      .filter((i) => covers.get(i)! > 0)
      .sort((a, b) => covers.get(b)! - covers.get(a)! || pool.indexOf(a) - pool.indexOf(b));
    if (ranked.length === 0 || covers.get(ranked[0]!)! < 0.5) return undefined;
  } else {
    ranked = [...pool].sort(
      (a, b) =>
        engine.sourceRank(engine.quotes[a]!.articleId) - engine.sourceRank(engine.quotes[b]!.articleId) ||
        engine.quotes[a]!.start - engine.quotes[b]!.start,
    );
  }
  const items = groupQuotes(engine, ranked)
    .slice(0, 1 + MORE_ITEMS)
    .map(([i, rest]) => {
      const q = engine.quotes[i]!;
      const item = excerptItem(
        engine,
        { articleId: q.articleId, start: q.start, end: q.end },
        rest.map((j) => ({
          articleId: engine.quotes[j]!.articleId,
          start: engine.quotes[j]!.start,
          end: engine.quotes[j]!.end,
        })),
        [[0, q.end - q.start]],
      );
      item.answer = { text: item.excerpt, start: 0, end: item.excerpt.length };
      return Object.assign(item, {
        speaker: engine.speakers.canonical(q),
        role: info.role ?? q.speaker.role,
        kind: q.kind,
      });
    });
  return items.length > 0 ? { items } : undefined;
}

export type { AnswerSpan };
