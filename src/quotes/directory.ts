import { lowerBoundBy } from '../sorted.ts';
import { runSync } from '../steps.ts';
import { fold, surname } from './names.ts';
import type { Quote, SpeakerDirectory, SpeakerInfo } from './types.ts';

/** Titles a user may put before a name when asking: "mayor hancock", "chief pazen". */
const QUERY_TITLES =
  /^(?:(?:the|denver|u\.?s\.?|former|city|state|police|attorney|general|mayor|president|chief|gov\.?|governor|sen\.?|senator|rep\.?|representative|mr\.?|mrs\.?|ms\.?|dr\.?|manager|of|safety|spokeswoman|spokesman|protester)\s+)+/;

/**
 * Canonical speakers across a corpus. Within an article, `quote.speaker.name` is already the
 * fullest name that article gives; here a name that is a single word ("Trump") maps to the
 * one full name across the corpus that ends with it ("Donald Trump"), when exactly one does.
 *
 * @example buildSpeakerDirectory(quotes).resolve('mayor hancock')?.name // → "Michael Hancock"
 */
export function buildSpeakerDirectory(quotes: Quote[]): SpeakerDirectory {
  return runSync(speakerDirectorySteps(quotes));
}

/** Quotes handled between two pauses of `speakerDirectorySteps`. */
const QUOTES_PER_STEP = 5_000;

/**
 * `buildSpeakerDirectory` in steps: it pauses (yields) after every QUOTES_PER_STEP quotes,
 * so that a caller restoring a large engine while the bot answers can let the event loop
 * run between them.
 */
export function* speakerDirectorySteps(quotes: Quote[]): Generator<void, SpeakerDirectory> {
  const fullBySurname = new Map<string, Set<string>>();
  let done = 0;
  for (const q of quotes) {
    if (++done % QUOTES_PER_STEP === 0) yield;
    const n = q.speaker.name;
    if (n.split(/\s+/).length >= 2 && /^\p{Lu}/u.test(n)) {
      const k = fold(surname(n));
      fullBySurname.set(k, (fullBySurname.get(k) ?? new Set()).add(n));
    }
  }
  // Asked for every quote an answer lists: a name with a space in it is already full.
  const canonicalName = (name: string): string => {
    if (/\s/.test(name)) return name;
    const full = fullBySurname.get(fold(name));
    return full?.size === 1 ? full.values().next().value! : name;
  };

  const byName = new Map<string, SpeakerInfo & { aliasSet: Set<string> }>();
  for (const q of quotes) {
    if (++done % QUOTES_PER_STEP === 0) yield;
    const name = canonicalName(q.speaker.name);
    const key = fold(name);
    let info = byName.get(key);
    if (!info) {
      info = { name, aliases: [], quoteCount: 0, paraphraseCount: 0, aliasSet: new Set() };
      byName.set(key, info);
    }
    if (!info.role && q.speaker.role) info.role = q.speaker.role;
    for (const alias of [q.speaker.name, q.speaker.mention]) {
      if (fold(alias) !== key && !/^(?:he|she|i)$/i.test(alias)) info.aliasSet.add(alias);
    }
    if (q.kind === 'direct') info.quoteCount++;
    else info.paraphraseCount++;
  }
  yield;
  const unsorted: SpeakerInfo[] = [];
  for (const { aliasSet, ...info } of byName.values()) {
    unsorted.push({ ...info, aliases: [...aliasSet].sort() });
    if (++done % QUOTES_PER_STEP === 0) yield;
  }
  yield;
  const infos = unsorted.sort(
    (a, b) => b.quoteCount - a.quoteCount || b.paraphraseCount - a.paraphraseCount || a.name.localeCompare(b.name),
  );
  yield;

  // Every way to ask for a speaker: full name, surname, aliases; a key shared by two is ambiguous.
  const keys = new Map<string, SpeakerInfo | null>();
  const add = (k: string, info: SpeakerInfo): void => {
    if (!k) return;
    const prev = keys.get(k);
    keys.set(k, prev === undefined || prev === info ? info : null);
  };
  for (const info of infos) {
    if (++done % QUOTES_PER_STEP === 0) yield;
    add(fold(info.name), info);
    add(fold(surname(info.name)), info);
    for (const a of info.aliases) {
      add(fold(a), info);
      add(fold(a).replace(QUERY_TITLES, ''), info);
    }
  }

  const normalise = (q: string): string =>
    fold(q)
      .replace(/[^\p{L}\p{N}\s.'-]/gu, '')
      .trim();
  const resolve = (query: string): SpeakerInfo | undefined => {
    const q = normalise(query);
    for (const k of [q, q.replace(QUERY_TITLES, ''), fold(surname(q.replace(QUERY_TITLES, '')))]) {
      const hit = keys.get(k);
      if (hit) return hit;
      if (hit === null) return undefined;
    }
    return undefined;
  };

  // Every speaker's names, folded once, for suggestions (worked out on the first one):
  // sorted by length, since only names within the allowed distance in length can be close,
  // with the speaker each belongs to, its letter counts and the kinds of letter in it.
  let names:
    { text: string[]; length: Int32Array; owner: Int32Array; present: Int32Array; letters: Uint8Array[] } | undefined;
  const nameTable = (): NonNullable<typeof names> => {
    const all: Array<{ text: string; owner: number }> = [];
    infos.forEach((info, owner) => {
      for (const text of new Set([info.name, surname(info.name), ...info.aliases].map(fold))) all.push({ text, owner });
    });
    all.sort((x, y) => x.text.length - y.text.length);
    const letters = all.map((n) => letterCounts(n.text));
    return {
      text: all.map((n) => n.text),
      length: Int32Array.from(all, (n) => n.text.length),
      owner: Int32Array.from(all, (n) => n.owner),
      present: Int32Array.from(letters, presence),
      letters,
    };
  };
  const suggest = (query: string, limit = 5): SpeakerInfo[] => {
    const q = normalise(query).replace(QUERY_TITLES, '');
    if (!q) return [];
    names ??= nameTable();
    const { text, length, owner, present, letters } = names;
    const counts = letterCounts(q);
    const kinds = presence(counts);
    const threshold = Math.max(2, Math.floor(q.length / 3));
    // Each speaker's distance: the least over their names, or threshold + 1 if none is within it.
    const best = new Int32Array(infos.length).fill(threshold + 1);
    const close: number[] = [];
    for (
      let i = lowerBoundBy(length, (l) => l < q.length - threshold);
      i < length.length && length[i]! <= q.length + threshold;
      i++
    ) {
      const d = best[owner[i]!]!;
      // Each edit changes the letter counts by at most two: a name whose counts differ by
      // more than twice the distance still allowed cannot be that close. The kinds of
      // letter in one and not the other differ no more than the counts do, and are
      // compared in one step, so they are looked at first.
      const allowed = 2 * (d - 1);
      if (
        Math.abs(length[i]! - q.length) >= d ||
        bitCount(kinds ^ present[i]!) > allowed ||
        countsApart(counts, letters[i]!) > allowed
      )
        continue;
      const found = editDistance(q, text[i]!, d - 1);
      if (found >= d) continue;
      if (d > threshold) close.push(owner[i]!);
      best[owner[i]!] = found;
    }
    const scored = close.map((i) => ({ info: infos[i]!, d: best[i]! }));
    return scored
      .sort((a, b) => a.d - b.d || b.info.quoteCount - a.info.quoteCount || a.info.name.localeCompare(b.info.name))
      .slice(0, limit)
      .map((s) => s.info);
  };

  return {
    all: () => infos.map((i) => ({ ...i, aliases: [...i.aliases] })),
    resolve,
    suggest,
    canonical: (quote) => canonicalName(quote.speaker.name),
  };
}

/** Counts of a-z, digits, spaces and anything else in `s` (capped at 255), for a cheap lower bound on edit distance. */
function letterCounts(s: string): Uint8Array {
  const counts = new Uint8Array(29);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const bin = c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? 26 : c === 32 ? 27 : 28;
    if (counts[bin]! < 255) counts[bin]!++;
  }
  return counts;
}

/** Which of `letterCounts`' bins are not empty, as bits. */
function presence(counts: Uint8Array): number {
  let bits = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) bits |= 1 << i;
  return bits;
}

/** Set bits in a 32-bit number. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The sum of the differences between two letter counts. */
function countsApart(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum;
}

/** Two rows for `editDistance`, grown as needed and reused, so that comparing allocates nothing. */
let rows = { prev: new Int32Array(64), cur: new Int32Array(64) };

/**
 * Levenshtein distance (UTF-16 units); past `max` it stops and returns `max + 1`. Only the
 * band of cells within `max` of the diagonal is filled (a path leaving it costs more than
 * `max`), and names whose lengths differ by more than `max` are not compared at all, so
 * checking a typed name against thousands of speakers' names is cheap.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  const over = Math.min(max + 1, Math.max(m, n) + 1);
  if (rows.prev.length < n + 1) rows = { prev: new Int32Array(2 * (n + 1)), cur: new Int32Array(2 * (n + 1)) };
  let { prev, cur } = rows;
  const band = Math.min(max, Math.max(m, n));
  for (let j = 0; j <= n; j++) prev[j] = j <= band ? j : over;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(n, i + band);
    cur[lo - 1] = lo === 1 ? i : over;
    let best = cur[lo - 1]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < best) best = v;
    }
    if (hi < n) cur[hi + 1] = over;
    if (best > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[n]!, max + 1);
}
