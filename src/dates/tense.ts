import type { Span } from '../corpus/types.ts';

/**
 * Whether a sentence looks ahead to the date expression at `[start, end)`: "will go
 * before the council on Monday", "the prospect of immigration raids … Sunday".
 *
 * News reports what happened, so the default is no. The nearest tense cue decides: first
 * walking back from the expression to the start of its clause, then, if nothing was
 * found there, forward to the clause's end ("On Monday, the council will vote"). Words
 * inside other date expressions (`others`) are skipped, and a clause ends at a semicolon,
 * a dash, a parenthesis or a quotation mark, never at a comma.
 */
export function looksAhead(sentence: string, start: number, end: number, others: readonly Span[] = []): boolean {
  const before = words(sentence, clauseStart(sentence, start), start, others).reverse();
  const after = words(sentence, end, clauseEnd(sentence, end), others);
  return (cueIn(before) ?? cueIn(after)) === 'future';
}

const CLAUSE_BREAK = /[;:()\u2014\u2013\u201C\u201D"]/u;

function clauseStart(text: string, from: number): number {
  for (let i = from - 1; i >= 0; i--) if (CLAUSE_BREAK.test(text[i]!) && !isRangeDash(text, i)) return i + 1;
  return 0;
}

function clauseEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (CLAUSE_BREAK.test(text[i]!) && !isRangeDash(text, i)) return i;
  return text.length;
}

/** An en dash between digits ("2006–07") joins a range; it does not break a clause. */
function isRangeDash(text: string, i: number): boolean {
  return text[i] === '\u2013' && /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '');
}

interface Word {
  word: string;
  /** The word after it in reading order (also in a list walked backward), for "set to". */
  next: string;
  /** The word before it in reading order, for "the planned raids". */
  prev: string;
}

function words(text: string, from: number, to: number, skip: readonly Span[]): Word[] {
  const found: { word: string; at: number }[] = [];
  for (const match of text.slice(from, to).matchAll(/[\p{L}\u2019']+/gu)) {
    const at = from + match.index;
    if (skip.some((s) => at >= s.start && at < s.end)) continue;
    found.push({ word: match[0].toLowerCase().replace(/\u2019/g, "'"), at });
  }
  return found.map((w, i) => ({ word: w.word, next: found[i + 1]?.word ?? '', prev: found[i - 1]?.word ?? '' }));
}

/** The first cue in `list`, nearest the expression first. */
function cueIn(list: readonly Word[]): 'past' | 'future' | undefined {
  for (const w of list) {
    const cue = classify(w.word, w.next, w.prev);
    if (cue) return cue;
  }
  return undefined;
}

const FUTURE = new Set([
  'will',
  'shall',
  'scheduled',
  'slated',
  'upcoming',
  'forthcoming',
  'prospect',
  'tomorrow',
  'next',
  'planning',
  'intends',
  'intend',
  "won't",
  'might',
]);
const FUTURE_BEFORE_TO = new Set([
  'set',
  'going',
  'expected',
  'expects',
  'plans',
  'plan',
  'planned',
  'hopes',
  'aims',
  'poised',
  'is',
  'are',
]);
const DETERMINERS = new Set(['the', 'a', 'an', 'its', 'their', 'his', 'her', 'our', 'any']);
const PAST = new Set([
  'said',
  'was',
  'were',
  'had',
  'did',
  'went',
  'came',
  'took',
  'made',
  'gave',
  'told',
  'met',
  'held',
  'left',
  'began',
  'became',
  'brought',
  'found',
  'got',
  'knew',
  'led',
  'lost',
  'paid',
  'ran',
  'saw',
  'sent',
  'spoke',
  'stood',
  'won',
  'wrote',
  'arose',
  'rose',
  'fell',
  'hit',
  'shot',
  'struck',
  'sought',
  'thought',
  'bought',
  'caught',
  'taught',
  'chose',
  'drove',
  'flew',
  'fled',
  'grew',
  'hung',
  'kept',
  'laid',
  'meant',
  'quit',
  'rode',
  'sold',
  'shook',
  'sank',
  'slept',
  'spent',
  'stole',
  'swore',
  'threw',
  'understood',
  'withdrew',
  'woke',
  'wore',
  'ago',
  'since',
  'died',
  'been',
  'done',
  'taken',
  'given',
  'begun',
  'broke',
  'broken',
  'chosen',
  'drew',
  'drawn',
  'ate',
  'forgot',
  'froze',
  'overtook',
  'undertook',
  'sat',
  'sang',
  'swam',
  'tore',
  'felt',
  'dealt',
  'fought',
  'built',
  'bent',
  'lent',
  'heard',
  'bore',
  'shut',
  'cast',
  'cut',
  'put',
  'read',
  'let',
  'beat',
  'upheld',
  'overturned',
  'recently',
  'earlier',
]);
/** Words ending in "ed" that are not past tense. */
const NOT_PAST = new Set([
  'hundred',
  'kindred',
  'sacred',
  'naked',
  'wicked',
  'beloved',
  'red',
  'bed',
  'wed',
  'shed',
  'sled',
  'bred',
  'need',
  'indeed',
]);

function classify(word: string, next: string, prev: string): 'past' | 'future' | undefined {
  if (word.endsWith("'ll")) return 'future';
  if (FUTURE.has(word)) return 'future';
  if (word === 'would' || word === 'could' || word === 'may') return next === 'have' ? 'past' : 'future';
  if (FUTURE_BEFORE_TO.has(word) && next === 'to') return 'future';
  // "is due out in May", "due for election next year"; "due to his health" is a cause.
  if (word === 'due') return next === 'to' && !/^(?:is|are|was|were)$/.test(prev) ? undefined : 'future';
  // "the planned raids": an adjective that looks ahead; "they planned it" is past.
  if (word === 'planned' && DETERMINERS.has(prev)) return 'future';
  if (word === 'expected' || word === 'proposed') return undefined;
  if (PAST.has(word)) return 'past';
  if (word.length >= 4 && word.endsWith('ed') && !/(?:ee|ea)d$/.test(word) && !NOT_PAST.has(word)) return 'past';
  return undefined;
}
