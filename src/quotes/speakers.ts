/**
 * Who is who inside one article: the full names it gives ("Denver Mayor Michael Hancock")
 * and how later mentions ("Hancock", "the Mayor", "he") refer back to them.
 */
import type { Span } from '../corpus/types.ts';
import type { Speaker } from './types.ts';
import {
  fold,
  isCapitalised,
  isStopWord,
  parseMention,
  surname,
  tokens,
  type ParsedMention,
  type Token,
} from './names.ts';

interface Entity {
  name: string;
  title?: string | undefined;
  /** Where the article names them this way. */
  at: number[];
}

export class ArticlePeople {
  readonly #entities: Entity[] = [];

  readonly author: string | undefined;

  constructor(text: string, paragraphs: Span[], author?: string) {
    this.author = author && /\p{L}/u.test(author) ? author : undefined;
    const byName = new Map<string, Entity>();
    // Each paragraph's words, read once for both passes.
    const paraTokens = paragraphs.map((p) => tokens(text.slice(p.start, p.end), p.start));
    for (const toks of paraTokens) {
      for (const run of capitalisedRuns(text, toks)) {
        const m = parseMention(text, run);
        if (!m?.name || m.group) continue;
        const parts = m.name.split(/\s+/);
        if (parts.length < 2 || parts.length > 4) continue;
        const key = fold(m.name);
        let e = byName.get(key);
        if (!e) {
          e = { name: m.name, at: [] };
          byName.set(key, e);
          this.#entities.push(e);
        }
        e.at.push(m.start);
        if (!e.title && m.title && /[\p{Lu}]/u.test(m.title)) e.title = m.title;
      }
    }
    // Later mentions by surname alone ("Hancock") count as being named there too.
    const bySurname = new Map<string, Entity[]>();
    for (const e of this.#entities) {
      const k = fold(surname(e.name));
      bySurname.set(k, [...(bySurname.get(k) ?? []), e]);
    }
    // Most words repeat, and folding is the cost of this pass: fold each distinct word once,
    // and skip a word that starts with an ASCII character no surname (folded) starts with:
    // folding lowercases an ASCII first character and keeps it first.
    const folded = new Map<string, string>();
    const initials = new Set<number>();
    for (const k of bySurname.keys()) initials.add(k.charCodeAt(0));
    for (const toks of initials.size === 0 ? [] : paraTokens) {
      for (const t of toks) {
        const c = t.text.charCodeAt(0);
        if (c < 128 && !initials.has(c >= 65 && c <= 90 ? c + 32 : c)) continue;
        let key = folded.get(t.text);
        if (key === undefined) folded.set(t.text, (key = fold(t.text.replace(/['\u2019]s$/, ''))));
        const cands = bySurname.get(key);
        if (cands?.length === 1 && !cands[0]!.at.some((a) => a <= t.start && t.start < a + cands[0]!.name.length))
          cands[0]!.at.push(t.start);
      }
    }
  }

  /** Where any known person (of a sex `pronoun` may stand for) is named last before `pos`. */
  nearestMention(pos: number, pronoun?: string): { speaker: Speaker; at: number } | undefined {
    let best: Entity | undefined;
    let bestAt = -1;
    for (const e of this.#entities) {
      if (pronoun && !fitsPronoun(e.name, pronoun)) continue;
      for (const a of e.at)
        if (a < pos && a > bestAt) {
          best = e;
          bestAt = a;
        }
    }
    return best ? { speaker: { name: best.name, mention: best.name, role: best.title }, at: bestAt } : undefined;
  }

  /** Full names whose last word is `word` (or first word, failing that). */
  #byWord(word: string): Entity[] {
    const w = fold(word);
    const last = this.#entities.filter((e) => fold(surname(e.name)) === w);
    if (last.length > 0) return last;
    return this.#entities.filter((e) => fold(e.name.split(/\s+/)[0]!) === w);
  }

  /** The candidate named nearest before `pos`, else the first after it. */
  #nearest(cands: Entity[], pos: number): Entity | undefined {
    let best: Entity | undefined;
    let bestAt = -1;
    for (const e of cands) {
      for (const a of e.at)
        if (a <= pos && a > bestAt) {
          best = e;
          bestAt = a;
        }
    }
    if (best) return best;
    let first = Infinity;
    for (const e of cands) {
      const a = Math.min(...e.at);
      if (a < first) {
        first = a;
        best = e;
      }
    }
    return best;
  }

  /**
   * Resolves a speaker phrase at `pos` to a Speaker. `last` is the most recent person
   * who spoke (for "he"/"she"). With `strict`, a bare surname or descriptor must match
   * someone the article names in full (used when guessing a speaker from a sentence's
   * subject rather than reading an attribution).
   */
  resolve(
    m: ParsedMention,
    pos: number,
    last: { speaker: Speaker; at: number } | undefined,
    strict: boolean,
  ): Speaker | undefined {
    if (m.pronoun === 'i') {
      // The writer's own words; only when the article says who wrote it.
      return this.author ? { name: this.author, mention: m.mention } : undefined;
    }
    if (m.pronoun) {
      if (m.group) return undefined;
      // "he"/"she": whoever was named or spoke most recently, never someone the pronoun
      // cannot stand for ("he" is not Hillary Clinton).
      const named = this.nearestMention(pos, m.pronoun);
      const lastFits = last && fitsPronoun(last.speaker.name, m.pronoun) ? last : undefined;
      const pick = named && (!lastFits || named.at > lastFits.at) ? named.speaker : lastFits?.speaker;
      if (!pick) return undefined;
      return { name: pick.name, mention: m.mention, role: pick.role };
    }
    if (m.name && !m.group) {
      const parts = m.name.split(/\s+/);
      if (parts.length === 1) {
        const e = this.#nearest(this.#byWord(m.name), pos);
        if (e) return { name: e.name, mention: m.mention, role: m.title ?? e.title };
        if (strict) return undefined;
        return { name: m.name, mention: m.mention, role: m.title };
      }
      const e = this.#entities.find((x) => fold(x.name) === fold(m.name!));
      return { name: m.name, mention: m.mention, role: m.title ?? e?.title };
    }
    if (m.name && m.group) {
      // "Clinton's campaign", "Trump's spokeswoman": an organisation or an unnamed aide.
      if (strict) return undefined;
      return { name: m.mention.replace(/^(?:the|a|an)\s+/i, ''), mention: m.mention };
    }
    // A descriptor: "the Mayor" is the person the article calls mayor; "a spokesman" stays as written.
    const head = m.mention.split(/\s+/).pop()!;
    if (/^(?:the|his|her)\s/i.test(m.mention) && !m.group) {
      const cands = this.#entities.filter((e) => e.title && fold(e.title).split(/\s+/).includes(fold(head)));
      const e = this.#nearest(cands, pos);
      if (e) return { name: e.name, mention: m.mention, role: e.title };
    }
    // A group ("the protesters", "officials") is named as the text names it, never as one person.
    if (strict) return undefined;
    return { name: m.mention.replace(/^(?:the|a|an)\s+/i, ''), mention: m.mention };
  }
}

/** Runs of adjacent capitalised tokens (with "of" and lowercase titles inside), e.g. "Manager of Safety Troy Riggs". */
function capitalisedRuns(text: string, toks: Token[]): Token[][] {
  const out: Token[][] = [];
  let run: Token[] = [];
  const flush = (): void => {
    while (run.length > 0 && isStopWord(run[0]!.text)) run.shift();
    if (run.length > 0) out.push(run);
    run = [];
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const prevEnd = run.length > 0 ? run[run.length - 1]!.end : -1;
    const joined = prevEnd >= 0 && t.start === prevEnd + 1 && text[prevEnd] === ' ';
    if (isCapitalised(t.text) || (t.text === 'of' && joined && isCapitalised(toks[i + 1]?.text ?? ''))) {
      if (run.length > 0 && !joined) flush();
      run.push(t);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

/**
 * First names common in US political news, by the pronoun the press uses for their
 * bearers. Only used to rule a person out for "he" or "she"; a name not listed fits both.
 */
const SHE = new Set([
  'hillary',
  'nancy',
  'elizabeth',
  'carly',
  'sarah',
  'michelle',
  'melania',
  'ivanka',
  'kellyanne',
  'huma',
  'debbie',
  'donna',
  'hope',
  'katrina',
  'megyn',
  'chelsea',
  'jill',
  'nikki',
  'susan',
  'susana',
  'kirsten',
  'amy',
  'dianne',
  'barbara',
  'maxine',
  'tammy',
  'claire',
  'kelly',
  'kelly',
  'loretta',
  'condoleezza',
  'madeleine',
  'mary',
  'patricia',
  'jennifer',
  'linda',
  'karen',
  'lisa',
  'laura',
  'jane',
  'janet',
  'joni',
  'marsha',
  'martha',
  'maggie',
  'margaret',
  'ann',
  'anne',
  'kate',
  'katie',
  'katy',
  'heidi',
  'jeanne',
  'shelley',
  'lindsey',
  'rachel',
  'robin',
  'teresa',
  'theresa',
  'christine',
  'catherine',
  'cathy',
  'emily',
  'jessica',
  'julie',
  'kathleen',
  'sheila',
  'stephanie',
  'valerie',
  'wendy',
  'judy',
  'diane',
  'ginni',
  'ruth',
  'sonia',
  'elena',
  'gretchen',
  'mika',
  'rosie',
  'oprah',
  'beyonce',
  'ellen',
  'dana',
  'angela',
  'theresa',
  'marine',
  'michele',
  'cecile',
  'tulsi',
  'gwen',
  'kamala',
  'betsy',
  'jan',
  'rebecca',
  'sally',
  'roxana',
]);
const HE = new Set([
  'donald',
  'bernie',
  'ted',
  'marco',
  'jeb',
  'john',
  'ben',
  'chris',
  'mike',
  'paul',
  'barack',
  'bill',
  'joe',
  'tim',
  'rand',
  'rick',
  'scott',
  'jim',
  'bob',
  'robert',
  'mitt',
  'george',
  'james',
  'david',
  'michael',
  'mark',
  'martin',
  'reince',
  'newt',
  'rudy',
  'corey',
  'jeff',
  'steve',
  'stephen',
  'eric',
  'jason',
  'kevin',
  'mitch',
  'harry',
  'chuck',
  'sean',
  'brian',
  'tom',
  'thomas',
  'william',
  'richard',
  'charles',
  'joseph',
  'daniel',
  'matthew',
  'anthony',
  'andrew',
  'peter',
  'frank',
  'gary',
  'larry',
  'jerry',
  'jack',
  'dick',
  'ron',
  'ronald',
  'gerald',
  'jimmy',
  'al',
  'howard',
  'lincoln',
  'vladimir',
  'benjamin',
  'bashar',
  'xi',
  'justin',
  'francois',
  'nigel',
  'boris',
  'kim',
  'jorge',
  'carlos',
  'juan',
  'luis',
  'jose',
  'hugh',
  'glenn',
  'rush',
  'roger',
  'roy',
  'pat',
  'patrick',
  'greg',
  'gregory',
  'jon',
  'john',
  'josh',
  'joshua',
  'ken',
  'kenneth',
  'dennis',
  'doug',
  'douglas',
  'ed',
  'edward',
  'eddie',
  'fred',
  'henry',
  'ryan',
  'sam',
  'samuel',
  'tony',
  'trey',
  'jared',
  'dan',
  'dave',
  'brad',
  'marc',
  'adam',
]);

/** Whether "he"/"she" may stand for the person named `name`: ruled out only by a known first name or honorific. */
function fitsPronoun(name: string, pronoun: string): boolean {
  const first = fold(name.split(/\s+/)[0] ?? '').replace(/\.$/, '');
  if (pronoun === 'he') return !SHE.has(first) && !/^(?:mrs|ms|miss)$/.test(first);
  if (pronoun === 'she') return !HE.has(first) && first !== 'mr';
  return true;
}
