/**
 * Reading the words around a quotation for who said it: `,” Hancock said.`,
 * `said protester Roxana Avila, co-president of ...`, `Hancock continued, “`,
 * `his spokeswoman Theresa Marchetta said, “`, `according to the campaign`.
 */
import {
  isCapitalised,
  isNameWord,
  isStopWord,
  isTitleWord,
  parseMention,
  SPEAKER_NOUNS,
  tokens,
  type ParsedMention,
  type Token,
} from './names.ts';

/** Verbs that introduce a speaker's words. Lowercased. */
export const SPEECH_VERBS = new Set([
  'said',
  'says',
  'say',
  'saying',
  'told',
  'tells',
  'added',
  'adds',
  'continued',
  'continues',
  'asked',
  'asks',
  'explained',
  'explains',
  'wrote',
  'writes',
  'tweeted',
  'tweets',
  'stated',
  'noted',
  'notes',
  'argued',
  'argues',
  'recalled',
  'recalls',
  'remarked',
  'replied',
  'replies',
  'responded',
  'responds',
  'insisted',
  'insists',
  'declared',
  'declares',
  'announced',
  'announces',
  'warned',
  'warns',
  'claimed',
  'claims',
  'acknowledged',
  'acknowledges',
  'admitted',
  'admits',
  'joked',
  'jokes',
  'quipped',
  'conceded',
  'concedes',
  'countered',
  'counters',
  'observed',
  'suggested',
  'suggests',
  'urged',
  'urges',
  'vowed',
  'vows',
  'promised',
  'promises',
  'cautioned',
  'shouted',
  'yelled',
  'chanted',
  'exclaimed',
  'testified',
  'emailed',
  'posted',
  'repeated',
  'predicted',
  'predicts',
  'complained',
  'complains',
  'boasted',
  'bragged',
  'lamented',
  'laments',
  'concluded',
  'contended',
  'contends',
  'mused',
  'charged',
  'alleged',
  'maintained',
  'maintains',
  'reiterated',
  'demanded',
  'pleaded',
  'stressed',
  'stresses',
  'emphasized',
  'answered',
  'interjected',
  'retorted',
  'opined',
  'confirmed',
  'confirms',
  'denied',
  'wondered',
  'proclaimed',
  'assured',
  'texted',
  'whispered',
  'screamed',
  'cried',
  'reported',
  'reports',
  'read',
  'reads',
  'began',
  'explaining',
  'adding',
  'telling',
  'writing',
  'noting',
  'arguing',
  'asking',
  'insisting',
  'declaring',
  'warning',
  'claiming',
  'tweeting',
  'wrote',
  'thundered',
  'groused',
  'scoffed',
  'sighed',
  'shot',
  'fired',
  'pointed',
  'went',
  'quoted',
  'recounted',
  'recalled',
  'elaborated',
  'concludes',
  'points',
  'answers',
  'agrees',
  'agreed',
  'echoed',
  'echoes',
  'barked',
  'snapped',
  'explains',
  'continue',
  'muses',
  'jokes',
  'quips',
  'tweeted',
  'writes',
  'wrote',
  'recalls',
  'replies',
  'recounts',
  'cracked',
  'gushed',
  'raved',
  'railed',
  'griped',
  'blasted',
  'slammed',
  'shouts',
  'yells',
  'declares',
  'predicts',
  'marveled',
  'conceded',
  'confided',
  'confessed',
  'wondered',
  'wonders',
  'asserted',
  'asserts',
  'reasoned',
  'began',
  'begins',
  'adds',
  'says',
  'remembered',
  'remembers',
  'recollected',
  'called',
  'calling',
  'calls',
  'described',
  'describing',
  'describes',
  'labeled',
  'dubbed',
  'boomed',
  'surmised',
  'mocked',
  'mocks',
  'announce',
  'explain',
  'add',
  'ask',
  'declare',
]);

/** Things that can "read" words out: "the statement read". */
const DOCUMENTS = new Set([
  'statement',
  'email',
  'e-mail',
  'letter',
  'editorial',
  'tweet',
  'post',
  'memo',
  'release',
  'suit',
  'lawsuit',
  'complaint',
  'filing',
  'report',
  'message',
  'note',
  'ad',
  'transcript',
  'caption',
  'order',
  'ruling',
  'opinion',
]);

/** Words that may sit between a speaker and the verb: "Sessions also has said". */
const BETWEEN = new Set([
  'also',
  'has',
  'had',
  'have',
  'later',
  'then',
  'previously',
  'once',
  'again',
  'recently',
  'repeatedly',
  'often',
  'has',
  'would',
  'will',
  'further',
  'frequently',
  'publicly',
  'privately',
  'quickly',
  'simply',
  'flatly',
  'bluntly',
  'angrily',
  'jokingly',
  'just',
  'first',
  'subsequently',
  'separately',
  'similarly',
  'likewise',
  'even',
  'still',
  'only',
  'reportedly',
  'allegedly',
  'apparently',
  'famously',
  'initially',
  'originally',
  'finally',
  'ultimately',
  'eventually',
  'herself',
  'himself',
  'themselves',
  'went',
  'on',
  'to',
  'goes',
  'began',
  'by',
  'is',
  'was',
  'quoted',
  'as',
  'has',
  'been',
]);

/** Verbs that, after a speaker, mean the words before them were theirs only in a two-word form. */
const PARTICLE_VERBS: Record<string, string> = { shot: 'back', fired: 'back', pointed: 'out', went: 'on' };

export interface Attribution {
  speaker: ParsedMention;
  /** A role given in apposition: "co-president of the club ...". */
  role?: string | undefined;
  verbStart: number;
  /** Where the attribution clause ends (the end of the phrase that was read). */
  end: number;
}

function isVerbAt(toks: Token[], i: number): boolean {
  const w = toks[i]?.text.toLowerCase();
  if (!w || !SPEECH_VERBS.has(w)) return false;
  const particle = PARTICLE_VERBS[w];
  if (particle) return toks[i + 1]?.text.toLowerCase() === particle;
  // "badges that read ...": a label. Only a document reads out words: "the statement read".
  if (w === 'read' || w === 'reads') {
    const near = [toks[i - 1], toks[i + 1], toks[i + 2]].map((t) => t?.text.toLowerCase() ?? '');
    return near.some((n) => DOCUMENTS.has(n));
  }
  return true;
}

/** Whether a speaker phrase token may appear in a subject phrase. */
function fitsPhrase(t: Token): boolean {
  const w = t.text;
  const lower = w.toLowerCase();
  if (isCapitalised(w)) return !isStopWord(w) || /^(?:the|his|her|a|an)$/i.test(w);
  if (/^(?:to|and|for|the)$/.test(w)) return w === 'the';
  return (
    SPEAKER_NOUNS.has(lower) ||
    isTitleWord(lower) ||
    /^(?:the|a|an|his|her|their|its|one|another|former|then|top|senior|co-president|he|she|they|we|i|it)$/.test(
      lower,
    ) ||
    /['\u2019]s$/.test(w)
  );
}

/**
 * Takes the speaker phrase that ends just before token `end` (exclusive), not crossing
 * punctuation that ends a clause. Returns the tokens of the phrase.
 */
function phraseBefore(text: string, toks: Token[], end: number, floor: number): Token[] {
  let i = end - 1;
  while (i >= floor && BETWEEN.has(toks[i]!.text.toLowerCase())) i--;
  const last = i;
  if (last < floor) return [];
  const single = toks[last]!.text.toLowerCase();
  if (/^(?:he|she|they|we|i|it)$/.test(single)) return [toks[last]!];
  let first = last + 1;
  for (let j = last; j >= floor; j--) {
    const t = toks[j]!;
    if (!fitsPhrase(t)) break;
    if (/^(?:he|she|they|we|i|it)$/i.test(t.text)) break;
    // Punctuation between tokens ends the phrase, except inside "Sen." and initials.
    if (j < last) {
      const gap = text.slice(t.end, toks[j + 1]!.start);
      if (/[,;:()\u2014\u2013"\u201C\u201D]/.test(gap) || (/\.\s/.test(gap) && !/\.$/.test(t.text))) break;
    }
    first = j;
    // "of" may join title words ("Manager of Safety") but not start a phrase.
  }
  while (first <= last && /^(?:of|and|for)$/.test(toks[first]!.text)) first++;
  // A descriptor led by a determiner may hold any lowercase words: "the gambling tycoon", "the 43-year-old".
  for (let j = first - 1, n = 0; j >= floor && n < 4; j--, n++) {
    const t = toks[j]!;
    const nextTok = toks[j + 1];
    if (!nextTok) break;
    const gap = text.slice(t.end, nextTok.start);
    if (gap !== ' ' || (isCapitalised(t.text) && !/^(?:The|A|An|His|Her)$/.test(t.text))) break;
    if (/^(?:the|a|an|his|her|their|its|another)$/i.test(t.text)) {
      first = j;
      break;
    }
    if (SPEECH_VERBS.has(t.text.toLowerCase()) || isStopWord(t.text)) break;
  }
  return toks.slice(first, last + 1);
}

/** Takes the speaker phrase that starts at token `from`, up to a comma or clause word. */
function phraseAfter(text: string, toks: Token[], from: number): { toks: Token[]; next: number } {
  const out: Token[] = [];
  let j = from;
  for (; j < toks.length; j++) {
    const t = toks[j]!;
    if (out.length > 0) {
      const gap = text.slice(toks[j - 1]!.end, t.start);
      if (/[,;:()\u2014\u2013"\u201C\u201D?!]/.test(gap) || (/\./.test(gap) && !/\.$/.test(toks[j - 1]!.text))) break;
    }
    const lower = t.text.toLowerCase();
    if (out.length === 0 && /^(?:he|she|they|we|i|it)$/.test(lower)) {
      out.push(t);
      j++;
      break;
    }
    if (
      !fitsPhrase(t) &&
      !(lower === 'of' && out.length > 0 && isCapitalised(toks[j + 1]?.text ?? '')) &&
      !isModifier(text, toks, j, out)
    )
      break;
    if (
      /^(?:on|in|at|during|about|to|from|after|before|when|while|who|that|which)$/.test(lower) &&
      !isCapitalised(t.text)
    )
      break;
    out.push(t);
  }
  return { toks: out, next: j };
}

/**
 * A lowercase describing word at the start of a speaker phrase, kept when a title or a
 * name follows within two more words: "undecided Republican voter Stephanie Hooton",
 * "one unaligned Florida Republican strategist", "longtime GOP strategist".
 */
function isModifier(text: string, toks: Token[], j: number, out: Token[]): boolean {
  const t = toks[j]!;
  if (out.some((o) => !DETERMINERS_AND_MODIFIERS.test(o.text) && !/^[\p{Ll}]/u.test(o.text))) return false;
  if (
    !/^[\p{Ll}][\p{Ll}-]+$/u.test(t.text) ||
    isStopWord(t.text) ||
    SPEECH_VERBS.has(t.text) ||
    (/(?:ly|ing|ed)$/.test(t.text) && !/^(?:unaligned|undecided|retired|elected|noted|longtime)$/.test(t.text))
  )
    return false;
  for (let k = j + 1; k <= j + 3 && k < toks.length; k++) {
    if (text.slice(toks[k - 1]!.end, toks[k]!.start) !== ' ') return false;
    const w = toks[k]!.text;
    if ((isCapitalised(w) && !isStopWord(w)) || isTitleWord(w) || SPEAKER_NOUNS.has(w.toLowerCase())) return true;
    if (!/^[\p{Ll}][\p{Ll}-]+$/u.test(w) || isStopWord(w)) return false;
  }
  return false;
}
const DETERMINERS_AND_MODIFIERS = /^(?:the|a|an|one|another|his|her|their|its)$/i;

/** Reads an appositive role: ", co-president of the club Mi Gente ..." up to the sentence end. */
function appositive(text: string, from: number, limit: number): string | undefined {
  const m = /^\s*,\s*((?:the |a |an )?[\p{Ll}][^.;"\u201C\u201D]{2,200}?)\s*[.;]?\s*$/u.exec(text.slice(from, limit));
  if (!m) return undefined;
  const role = m[1]!.replace(/,\s*$/, '').trim();
  if (/^(?:who|which|that|when|where|adding|saying|as|and|but|according)\b/.test(role)) return undefined;
  if (/\b(?:said|says|told|added)\b/.test(role)) return undefined;
  return role.replace(/^(?:the|a|an)\s+/, '');
}

function good(m: ParsedMention | undefined): m is ParsedMention {
  return m !== undefined;
}

/**
 * Reads an attribution that follows a quote: `text[from, limit)` begins just after the
 * closing mark, e.g. `, Hancock said during a news conference.` or
 * ` said protester Roxana Avila, co-president of ...`. The phrase must start the text.
 */
export function trailingAttribution(text: string, from: number, limit: number): Attribution | undefined {
  return namedTrailing(text, from, limit) ?? describedTrailing(text, from, limit);
}

/**
 * The speaker as a determiner and a few lowercase words, right next to the verb, which the
 * speaker lists do not know: `,” the person added.`, `,” said the 46-year-old.` The speaker
 * is named as the text names them; nothing is resolved to a person.
 */
function describedTrailing(text: string, from: number, limit: number): Attribution | undefined {
  const rest = text.slice(from, limit);
  const phrase = '((?:the|a|an|one|another)(?: [\\p{Ll}\\d][\\p{Ll}\\d-]*){1,3})';
  const first = new RegExp(`^[\\s,]*${phrase} ([\\p{Ll}]+)(?: (?:out|back|on))?\\s*(?:[.,]|$)`, 'u').exec(rest);
  const after = new RegExp(`^[\\s,]*([\\p{Ll}]+) ${phrase}\\s*(?:[.,]|$)`, 'u').exec(rest);
  const [np, verb] = first ? [first[1]!, first[2]!] : after ? [after[2]!, after[1]!] : [];
  if (!np || !verb || !SPEECH_VERBS.has(verb) || verb === 'read' || verb === 'reads') return undefined;
  const words = np.split(' ').slice(1);
  if (words.some((w) => isStopWord(w) || SPEECH_VERBS.has(w))) return undefined;
  const start = from + rest.indexOf(np);
  const verbStart = from + rest.indexOf(verb, first ? rest.indexOf(np) + np.length : 0);
  return {
    speaker: { mention: np, start, end: start + np.length, title: words.join(' '), group: false },
    verbStart,
    end: Math.max(start + np.length, verbStart + verb.length),
  };
}

function namedTrailing(text: string, from: number, limit: number): Attribution | undefined {
  const lead = /^[\s,;:\u2014\u2013-]*/.exec(text.slice(from, limit))![0];
  const s = from + lead.length;
  const toks = tokens(text.slice(s, limit), s);
  if (toks.length === 0) return undefined;
  // "according to X"
  if (toks[0]!.text.toLowerCase() === 'according' && toks[1]?.text.toLowerCase() === 'to') {
    const { toks: np } = phraseAfter(text, toks, 2);
    const m = parseMention(text, np);
    return good(m) ? { speaker: m, verbStart: toks[0]!.start, end: np[np.length - 1]!.end } : undefined;
  }
  // Verb first: "said protester Roxana Avila, ..."
  let v = 0;
  while (v < toks.length && BETWEEN.has(toks[v]!.text.toLowerCase())) v++;
  if (isVerbAt(toks, v)) {
    let from2 = v + 1;
    if (PARTICLE_VERBS[toks[v]!.text.toLowerCase()]) from2++;
    const { toks: np } = phraseAfter(text, toks, from2);
    const m = parseMention(text, np);
    if (!good(m) || (m.pronoun && !/^(?:he|she)$/.test(m.pronoun))) return undefined;
    const end = np[np.length - 1]!.end;
    return { speaker: m, role: appositive(text, end, limit), verbStart: toks[v]!.start, end };
  }
  // Speaker first: "Hancock said", "Jeffrey Lynch, the ICE director, said".
  for (let i = 1; i < Math.min(toks.length, 14); i++) {
    if (!isVerbAt(toks, i)) continue;
    let np = phraseBefore(text, toks, i, 0);
    let role: string | undefined;
    const k = np.length > 0 ? toks.indexOf(np[0]!) : -1;
    if (
      k > 0 &&
      k <= 3 &&
      toks
        .slice(0, k)
        .every(
          (t, j) =>
            /^[\p{Ll}\d][\p{L}\d-]*$/u.test(t.text) &&
            !isStopWord(t.text) &&
            !SPEECH_VERBS.has(t.text) &&
            text.slice(t.end, toks[j + 1]!.start) === ' ',
        )
    ) {
      np = toks.slice(0, i - (i - toks.indexOf(np[np.length - 1]!) - 1)); // "election law expert Rick Hasen"
    }
    if (np.length === 0 || np[0] !== toks[0]) {
      // An appositive between the name and the verb: "X, a spokesman for Y, said".
      const comma = text.slice(s, toks[i]!.start).indexOf(',');
      if (comma < 0) return undefined;
      const headToks = toks.filter((t) => t.end <= s + comma);
      const head = phraseBefore(text, headToks, headToks.length, 0);
      if (head.length === 0 || head[0] !== toks[0]) return undefined;
      const rest = text
        .slice(s + comma + 1, toks[i]!.start)
        .replace(/,\s*$/, '')
        .trim();
      if (!/,\s*$/.test(text.slice(s, toks[i]!.start).trimEnd()) && !/,$/.test(text.slice(s, toks[i]!.start).trimEnd()))
        return undefined;
      np = head;
      role = rest.replace(/^(?:the|a|an)\s+/, '') || undefined;
    }
    const m = parseMention(text, np);
    if (!good(m)) return undefined;
    return { speaker: m, role, verbStart: toks[i]!.start, end: toks[i]!.end };
  }
  return undefined;
}

/**
 * Reads an attribution that introduces a quote: `text[from, to)` ends just before the
 * opening mark, e.g. `When asked ..., his spokeswoman Theresa Marchetta said, ` or
 * `Trump told reporters: `. With `anywhere`, the verb may be followed by more words
 * (a partial quote inside reported speech: `Morris says the candidate has “...`).
 */
export function leadingAttribution(text: string, from: number, to: number, anywhere = false): Attribution | undefined {
  const toks = tokens(text.slice(from, to), from);
  if (toks.length === 0) return undefined;
  const tail = text.slice(toks[toks.length - 1]!.end, to);
  for (let i = toks.length - 1; i >= 0; i--) {
    if (!isVerbAt(toks, i)) continue;
    const after = toks.length - 1 - i;
    if (!anywhere && (after > 7 || (!/^\s*(?:[,:\u2014\u2013]\s*)?$/.test(tail) && after > 0))) continue;
    // A verb in -ing ("Clinton posted a comment, saying, “...") takes the sentence's subject.
    const np = phraseBefore(text, toks, i, 0);
    const gap = np.length > 0 ? text.slice(np[np.length - 1]!.end, toks[i]!.start) : '';
    const coordinated = np.length === 0 && /^(?:and|but|then|before|after)$/i.test(toks[i - 1]?.text ?? '');
    if (/ing$/.test(toks[i]!.text) || /[,;]/.test(gap) || coordinated) {
      const subj = sentenceSubject(text, from, toks[i]!.start, true);
      if (subj) return { speaker: subj, verbStart: toks[i]!.start, end: toks[i]!.end };
      if (anywhere) continue;
      return undefined;
    }
    let m = parseMention(text, np);
    if (!m) {
      // "said protester X" before the quote, or "according to X,".
      const { toks: np2 } = phraseAfter(text, toks, i + 1);
      m = parseMention(text, np2);
      if (!m || np2.length === 0 || toks.length - (i + 1 + np2.length) > 3) {
        if (anywhere) continue;
        return undefined;
      }
    }
    return { speaker: m, verbStart: toks[i]!.start, end: toks[i]!.end };
  }
  const acc = toks.findIndex(
    (t, k) => t.text.toLowerCase() === 'according' && toks[k + 1]?.text.toLowerCase() === 'to',
  );
  if (acc >= 0) {
    const { toks: np } = phraseAfter(text, toks, acc + 2);
    const m = parseMention(text, np);
    if (m) return { speaker: m, verbStart: toks[acc]!.start, end: np[np.length - 1]!.end };
  }
  return undefined;
}

/** The subject of a sentence when it is a person: "Hancock offered his take ..." → Hancock. */
export function sentenceSubject(text: string, from: number, to: number, loose = false): ParsedMention | undefined {
  const toks = tokens(text.slice(from, to), from);
  let i = 0;
  // Skip an opening adverbial clause ending in a comma: "In a statement, Lynch said ...".
  const comma = text.slice(from, to).indexOf(',');
  if (comma >= 0 && comma < 100) {
    const k = toks.findIndex((t) => t.start > from + comma);
    if (k > 0 && k <= 12) i = k;
  }
  let { toks: np, next } = phraseAfter(text, toks, i);
  // "Asked whether ..., he said": the opening clause is not the subject's but a longer one.
  if (np.length === 0 && i > 0) ({ toks: np, next } = phraseAfter(text, toks, 0));
  if (np.length === 0) return undefined;
  // A party tag after a name is not the next word: "Rep. Hakeem Jeffries (D-N.Y.) reacted".
  const lastEnd = np[np.length - 1]!.end;
  const paren = /^\s*\([^)]{1,40}\)/.exec(text.slice(lastEnd, to));
  if (paren) next = toks.findIndex((t) => t.start >= lastEnd + paren[0].length);
  if (next < 0) next = toks.length;
  const m = parseMention(text, np);
  if (!m || m.group) return undefined;
  if (!m.name && !m.pronoun && !m.title) return undefined;
  // The phrase must be followed by a verb-like word, not be part of a longer noun phrase.
  const nextTok = toks[next];
  if ((!nextTok && !loose) || (nextTok && isCapitalised(nextTok.text))) return undefined;
  if (m.name && !isNameWord(m.name.split(/\s+/)[0]!)) return undefined;
  return m;
}

/** Whether the first few words of `text[from, to)` hold a speech verb: an attribution we may fail to read. */
export function looksAttributed(text: string, from: number, to: number, fromEnd = false): boolean {
  const toks = tokens(text.slice(from, to), from);
  const window = fromEnd ? toks.slice(-4) : toks.slice(0, 5);
  return (
    window.some(
      (t, i) =>
        SPEECH_VERBS.has(t.text.toLowerCase()) &&
        t.text.toLowerCase() !== 'read' &&
        !(fromEnd && i < window.length - 3),
    ) || window.some((t, i) => t.text.toLowerCase() === 'according' && window[i + 1]?.text.toLowerCase() === 'to')
  );
}
