/**
 * Names and the noun phrases that carry them: "Denver Mayor Michael Hancock",
 * "his spokeswoman Theresa Marchetta", "protester Roxana Avila", "the Mayor", "he".
 * Pure string work; no knowledge of any particular article.
 */
import { kindAt, width } from '../search/terms.ts';

/** Words that describe a role or office rather than name a person. Lowercased. */
const TITLE_WORDS = new Set([
  'mayor',
  'president',
  'vice',
  'chief',
  'police',
  'sheriff',
  'governor',
  'gov',
  'gov.',
  'senator',
  'sen',
  'sen.',
  'rep',
  'rep.',
  'reps.',
  'sens.',
  'representative',
  'congressman',
  'congresswoman',
  'councilman',
  'councilwoman',
  'councilor',
  'councilors',
  'councillor',
  'council',
  'member',
  'attorney',
  'general',
  'secretary',
  'manager',
  'director',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'press',
  'deputy',
  'assistant',
  'commissioner',
  'judge',
  'justice',
  'officer',
  'agent',
  'chairman',
  'chairwoman',
  'chair',
  'speaker',
  'leader',
  'majority',
  'minority',
  'whip',
  'former',
  'candidate',
  'presidential',
  'democratic',
  'republican',
  'gop',
  'nominee',
  'campaign',
  'adviser',
  'advisor',
  'aide',
  'strategist',
  'pollster',
  'professor',
  'prof.',
  'dr.',
  'dr',
  'mr.',
  'mr',
  'mrs.',
  'mrs',
  'ms.',
  'ms',
  'rev.',
  'sgt.',
  'lt.',
  'gen.',
  'col.',
  'capt.',
  'safety',
  'public',
  'executive',
  'founder',
  'co-founder',
  'ceo',
  'protester',
  'activist',
  'lawmaker',
  'democrat',
  'republican',
  'businessman',
  'billionaire',
  'host',
  'anchor',
  'reporter',
  'correspondent',
  'editor',
  'analyst',
  'ambassador',
  'pastor',
  'pope',
  'first',
  'lady',
  'minister',
  'prime',
  'foreign',
  'defense',
  'state',
  'city',
  'county',
  'federal',
  'u.s.',
  'rnc',
  'dnc',
  'chairperson',
  'treasurer',
  'coordinator',
  'operative',
  'consultant',
  'surrogate',
  'delegate',
  'superdelegate',
  'economist',
  'historian',
  'lawyer',
  'mogul',
  'contender',
  'hopeful',
  'frontrunner',
  'front-runner',
  'incumbent',
  'challenger',
  'independent',
  'libertarian',
  'socialist',
  'self-described',
  'gop',
  'tea',
  'party',
  'co-president',
  'organizer',
  'volunteer',
  'supporter',
  'voter',
  'resident',
  'student',
  'sergeant',
  'lieutenant',
  'captain',
  'colonel',
  'admiral',
  'commander',
  'detective',
  'inspector',
  'investigator',
  'prosecutor',
  'district',
  'solicitor',
  'comptroller',
  'auditor',
  'clerk',
  'administrator',
  'superintendent',
  'trustee',
  'regent',
  'provost',
  'dean',
  'field',
  'office',
  'house',
  'senate',
  'white',
  'national',
  'security',
  'homeland',
  'health',
  'human',
  'services',
  'labor',
  'energy',
  'interior',
  'treasury',
  'commerce',
  'education',
  'transportation',
  'agriculture',
  'veterans',
  'affairs',
  'housing',
  'of',
  'the',
  'for',
  'and',
  'to',
]);

/** Function words that start a phrase but never belong to a name, even capitalised. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'this',
  'that',
  'these',
  'those',
  'in',
  'on',
  'at',
  'by',
  'for',
  'from',
  'to',
  'of',
  'with',
  'without',
  'during',
  'after',
  'before',
  'when',
  'while',
  'as',
  'if',
  'but',
  'and',
  'or',
  'so',
  'yet',
  'because',
  'although',
  'though',
  'since',
  'until',
  'unless',
  'where',
  'whether',
  'which',
  'who',
  'whom',
  'whose',
  'what',
  'how',
  'why',
  'then',
  'also',
  'still',
  'even',
  'just',
  'only',
  'now',
  'later',
  'earlier',
  'again',
  'his',
  'her',
  'their',
  'its',
  'our',
  'my',
  'your',
  'it',
  'they',
  'we',
  'i',
  'you',
  'he',
  'she',
  'there',
  'here',
  'all',
  'some',
  'many',
  'most',
  'more',
  'both',
  'each',
  'every',
  'no',
  'not',
  'asked',
  'says',
  'said',
  'told',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'yesterday',
  'today',
  'tonight',
  'like',
  'about',
  'into',
  'over',
  'under',
  'against',
  'among',
  'between',
  'through',
  'according',
  'speaking',
  'asked',
  'meanwhile',
  'however',
  'instead',
  'indeed',
  'does',
  'did',
  'do',
  'is',
  'are',
  'was',
  'were',
  'will',
  'would',
  'can',
  'could',
  'should',
  'has',
  'have',
  'had',
  'may',
  'might',
  'must',
  'yes',
  'well',
  'oh',
  'read',
  'see',
  'watch',
]);

export const PRONOUNS = new Set(['he', 'she', 'i']);
/** Pronouns that name a group; kept as written, never resolved to one person. */
const GROUP_PRONOUNS = new Set(['they', 'we', 'you', 'it']);

/** Lowercase nouns a speaker phrase may contain without a name ("a spokesman for ..."). */
export const SPEAKER_NOUNS = new Set([
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'official',
  'officials',
  'aide',
  'aides',
  'adviser',
  'advisers',
  'advisor',
  'advisors',
  'statement',
  'release',
  'campaign',
  'spokesmen',
  'spokeswomen',
  'source',
  'sources',
  'report',
  'memo',
  'letter',
  'email',
  'protester',
  'protesters',
  'supporter',
  'supporters',
  'mayor',
  'president',
  'governor',
  'senator',
  'candidate',
  'nominee',
  'chairman',
  'chairwoman',
  'chief',
  'secretary',
  'director',
  'manager',
  'lawmaker',
  'lawmakers',
  'attorney',
  'lawyer',
  'lawyers',
  'judge',
  'sheriff',
  'officer',
  'officers',
  'agent',
  'agents',
  'leader',
  'leaders',
  'voter',
  'voters',
  'resident',
  'residents',
  'critics',
  'critic',
  'analyst',
  'analysts',
  'strategist',
  'strategists',
  'pollster',
  'website',
  'group',
  'committee',
  'department',
  'agency',
  'office',
  'administration',
  'team',
  'organization',
  'union',
  'council',
  'activist',
  'activists',
  'woman',
  'man',
  'people',
  'attendee',
  'attendees',
  'speaker',
  'representative',
  'congressman',
  'congresswoman',
  'commissioner',
  'economist',
  'expert',
  'experts',
  'tweet',
  'post',
  'ad',
  'advertisement',
  'video',
  'tv',
  'network',
  'paper',
  'newspaper',
  'magazine',
  'poll',
  'survey',
  'study',
  'document',
  'documents',
  'filing',
  'complaint',
  'lawsuit',
  'order',
  'ruling',
  'opinion',
  'transcript',
  'interview',
  'host',
  'anchor',
  'reporter',
  'reporters',
  'co-president',
  'founder',
  'ceo',
  'owner',
  'father',
  'mother',
  'son',
  'daughter',
  'wife',
  'husband',
  'friend',
  'member',
  'members',
  'staffer',
  'staffers',
  'operative',
  'surrogate',
  'delegate',
  'delegates',
  'student',
  'students',
  'veteran',
  'veterans',
  'worker',
  'workers',
  'businessman',
  'billionaire',
  'former',
  'senior',
  'top',
  'longtime',
  'chief',
  'deputy',
  'press',
  'communications',
  'policy',
  'political',
  'presidential',
  'republican',
  'democratic',
  'federal',
  'state',
  'local',
  'city',
  'county',
  'white',
  'house',
  'field',
  'ice',
  'co-founder',
  'executive',
  // Who else is quoted in political news, as the text calls them.
  'chairmen',
  'narrator',
  'announcer',
  'moderator',
  'child',
  'boy',
  'girl',
  'account',
  'confidant',
  'ally',
  'allies',
  'insider',
  'insiders',
  'donor',
  'donors',
  'consultant',
  'consultants',
  'organizer',
  'organizers',
  'volunteer',
  'volunteers',
  'scientist',
  'professor',
  'researcher',
  'researchers',
  'historian',
  'observer',
  'observers',
  'spokespeople',
  'officer',
  'director',
  'pastor',
  'caller',
  'user',
  'audience',
  'crowd',
  'person',
]);

const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'his',
  'her',
  'their',
  'its',
  'our',
  'one',
  'another',
  'two',
  'three',
  'several',
  'some',
]);
export { DETERMINERS };

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** A token as a regular expression: what `tokens` finds (tests/quotes/tokens.test.ts compares them). */
export const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}'\u2019.-]*[\p{L}\p{N}.])?/gu;

/**
 * Words (letters, digits, apostrophes, dots and hyphens inside) with their offsets. Every
 * word of every article passes through here while the engine is built, so it scans
 * character codes rather than running `TOKEN`: a token starts at a letter or digit, runs
 * over letters, digits, apostrophes, dots and hyphens, and ends at its last letter, digit
 * or dot.
 */
export function tokens(text: string, offset = 0): Token[] {
  const out: Token[] = [];
  const n = text.length;
  for (let i = 0; i < n;) {
    if (kindAt(text, i) === 0) {
      i += width(text, i);
      continue;
    }
    const start = i;
    i += width(text, i);
    let end = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 46)
        end = ++i; // "."
      else if (c === 39 || c === 0x2019 || c === 45)
        i++; // apostrophes and "-": inside only
      else if (kindAt(text, i) !== 0) end = i += width(text, i);
      else break;
    }
    i = end;
    let word = text.slice(start, end);
    // A sentence's final period is punctuation, not part of the word, unless it abbreviates.
    if (
      word.endsWith('.') &&
      !/^(?:\p{L}\.)+$/u.test(word) &&
      !TITLE_WORDS.has(word.toLowerCase()) &&
      !/^(?:jr|sr|st)\.$/i.test(word)
    ) {
      word = word.slice(0, -1);
    }
    out.push({ text: word, start: offset + start, end: offset + start + word.length });
  }
  return out;
}

export function isCapitalised(word: string): boolean {
  // Called for every word of every article: ASCII without the regular expression.
  const c = word.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(word);
}

function isNameToken(word: string): boolean {
  if (!isCapitalised(word)) return false;
  const lower = word.toLowerCase();
  if (STOP_WORDS.has(lower)) return false;
  return true;
}

const NON_ASCII = /[^\x00-\x7F]/;

/** Strips accents and case, and normalises apostrophes, for comparing names. */
export function fold(s: string): string {
  // ASCII has no accents or curly apostrophes to strip: the common case, made cheap.
  if (!NON_ASCII.test(s)) return s.toLowerCase().replace(/\s+/g, ' ').trim();
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface ParsedMention {
  /** The phrase as written. */
  mention: string;
  start: number;
  end: number;
  /** The person's name inside it ("Roxana Avila"), or undefined for "he", "a spokesman". */
  name?: string | undefined;
  /** Title or descriptor words before the name ("Denver Mayor", "protester"). */
  title?: string | undefined;
  pronoun?: string | undefined;
  /** True when the phrase names a group or thing, not one person ("officials", "the statement"). */
  group: boolean;
}

/**
 * Reads a speaker phrase from a list of tokens (already cut to the phrase's extent),
 * e.g. `his spokeswoman Theresa Marchetta` → name "Theresa Marchetta", title
 * "spokeswoman". Returns undefined when the tokens do not look like a speaker.
 */
export function parseMention(text: string, toks: Token[]): ParsedMention | undefined {
  if (toks.length === 0) return undefined;
  const first = toks[0]!;
  const last = toks[toks.length - 1]!;
  const mention = text.slice(first.start, last.end);
  if (toks.length === 1) {
    const lower = first.text.toLowerCase();
    if (PRONOUNS.has(lower)) return { mention, start: first.start, end: last.end, pronoun: lower, group: false };
    if (GROUP_PRONOUNS.has(lower)) return { mention, start: first.start, end: last.end, pronoun: lower, group: true };
  }
  // "Stephen Vladeck of the University of Texas": the name is before the affiliation.
  const aff = toks.findIndex(
    (t, i) =>
      i > 0 &&
      /^(?:of|at|from|with)$/.test(t.text) &&
      isNameToken(toks[i - 1]!.text) &&
      !TITLE_WORDS.has(toks[i - 1]!.text.toLowerCase()),
  );
  if (aff > 0) {
    const inner = parseMention(text, toks.slice(0, aff));
    if (inner?.name) return { ...inner, mention, end: last.end };
  }
  // The name is the last run of capitalised, non-title tokens (possessive "Trump's" ends a run).
  let nameEnd = -1;
  let nameStart = -1;
  for (let i = toks.length - 1; i >= 0; i--) {
    const w = toks[i]!.text;
    if (isNameToken(w) && !TITLE_WORDS.has(w.toLowerCase())) {
      if (nameEnd < 0) nameEnd = i;
      nameStart = i;
    } else if (nameEnd >= 0) {
      break;
    }
  }
  const name =
    nameEnd >= 0 && nameEnd === toks.length - 1 ? text.slice(toks[nameStart]!.start, toks[nameEnd]!.end) : undefined;
  const titleToks = (name ? toks.slice(0, nameStart) : toks).filter((t) => !DETERMINERS.has(t.text.toLowerCase()));
  const title =
    titleToks.length > 0 ? text.slice(titleToks[0]!.start, titleToks[titleToks.length - 1]!.end) : undefined;
  if (name) {
    if (/['\u2019]s$/.test(name)) return { mention, start: first.start, end: last.end, name: name, title, group: true };
    return { mention, start: first.start, end: last.end, name, title, group: false };
  }
  // No name: a descriptor such as "the Mayor", "a spokesman", "officials", "the statement".
  const head = last.text.toLowerCase();
  if (!SPEAKER_NOUNS.has(head) && !TITLE_WORDS.has(head)) return undefined;
  const plural = /s$/.test(head) && !/(?:ss|us)$/.test(head) && head !== 'press';
  if (toks.every((t) => DETERMINERS.has(t.text.toLowerCase()))) return undefined;
  return { mention, start: first.start, end: last.end, title, group: plural };
}

/** The last token of a name, ignoring suffixes such as "Jr.". */
export function surname(name: string): string {
  const parts = name.split(/\s+/).filter((p) => !/^(?:jr\.?|sr\.?|ii|iii|iv)$/i.test(p));
  return (parts[parts.length - 1] ?? name).replace(/['\u2019]s$/, '');
}

export function isTitleWord(word: string): boolean {
  return TITLE_WORDS.has(word.toLowerCase());
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

export function isNameWord(word: string): boolean {
  return isNameToken(word) && !TITLE_WORDS.has(word.toLowerCase());
}
