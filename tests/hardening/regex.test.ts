// Every regex in the project, checked for catastrophic backtracking (ReDoS) with recheck:
// the literals are found by parsing the sources with the TypeScript compiler, and the one
// `new RegExp` with a dynamic part is listed by hand.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BUILT_PATTERNS } from '../../src/answers/ask.ts';
import { DATE_LINE, TIME_LINE } from '../../src/text/furniture.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Found {
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Every RegularExpressionLiteral in `file`, with its line. */
function literalsIn(file: string): Found[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Found[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const raw = node.getText(sf);
      const end = raw.lastIndexOf('/');
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      out.push({ where: `${file}:${line}`, source: raw.slice(1, end), flags: raw.slice(end + 1) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** `new RegExp(...)` calls, by hand: their constant parts spelled out, a dynamic part by its worst case. */
const YEAR = '(?:1[0-9]|20)\\d{2}';
const PHRASE = '((?:the|a|an|one|another)(?: [\\p{Ll}\\d][\\p{Ll}\\d-]*){1,3})';
const DYNAMIC: Found[] = [
  // The bot's own user id is a snowflake: digits only.
  { where: 'src/runtime/bot.ts (onMessage: the bot mention)', source: '<@!?12345678901234567>', flags: 'g' },
  {
    where: 'src/dates/parse.ts (BareYearParser)',
    source: `\\b(${YEAR})(?:\\s*[\\u2013-]\\s*((?:1[0-9]|20)?\\d{2}))?(?![\\w\\u2019'%])`,
    flags: 'i',
  },
  {
    where: 'src/dates/parse.ts (SeasonParser)',
    source:
      `\\b(?:(this|last|next|past)\\s+(?:past\\s+)?|((?:in|during|over|through|throughout|by|until|since)\\s+the)\\s+|the\\s+)?` +
      `(spring|summer|autumn|fall|winter)(?:\\s+(?:of\\s+)?(${YEAR})(?:\\s*[\\u2013-]\\s*((?:1[0-9]|20)?\\d{2}))?)?\\b`,
    flags: 'i',
  },
  // Built from constant parts only: the compiled patterns are what runs.
  { where: 'src/text/furniture.ts (DATE_LINE)', source: DATE_LINE.source, flags: DATE_LINE.flags },
  { where: 'src/text/furniture.ts (TIME_LINE)', source: TIME_LINE.source, flags: TIME_LINE.flags },
  ...BUILT_PATTERNS.map((r) => ({ where: 'src/answers/ask.ts (BUILT_PATTERNS)', source: r.source, flags: r.flags })),
  // A speaker's name or the name asked about, escaped, between letter lookarounds.
  {
    where: 'src/answers/ask.ts (a name, escaped)',
    source: '(?<![\\p{L}])Michael B\\. Hancock(?![\\p{L}])',
    flags: 'giu',
  },
  {
    where: 'src/quotes/attribution.ts (describedTrailing, first)',
    source: `^[\\s,]*${PHRASE} ([\\p{Ll}]+)(?: (?:out|back|on))?\\s*(?:[.,]|$)`,
    flags: 'u',
  },
  {
    where: 'src/quotes/attribution.ts (describedTrailing, after)',
    source: `^[\\s,]*([\\p{Ll}]+) ${PHRASE}\\s*(?:[.,]|$)`,
    flags: 'u',
  },
];

/**
 * recheck's verdicts by pattern, kept next to this file: checking every pattern from
 * scratch takes about a minute on two cores (the fuzz checker runs to its budget), and a
 * pattern's verdict never changes. A new or edited pattern is checked live; run with
 * RECHECK_UPDATE=1 to write its verdict here.
 */
const CACHE = fileURLToPath(new URL('./recheck-cache.json', import.meta.url));
type Verdict = { status: string; complexity?: string; attack?: string };
const cache: Record<string, Verdict> = existsSync(CACHE)
  ? (JSON.parse(readFileSync(CACHE, 'utf8')) as Record<string, Verdict>)
  : {};

function verdict(source: string, flags: string): Verdict {
  const key = `/${source}/${flags}`;
  const cached = cache[key];
  if (cached) return cached;
  const r = checkSync(source, flags, { timeout: 10_000 });
  const v: Verdict = {
    status: r.status,
    ...(r.status !== 'unknown' && { complexity: r.complexity.summary }),
    ...(r.status === 'vulnerable' && { attack: r.attack.pattern }),
  };
  cache[key] = v;
  return v;
}

/**
 * Polynomial (not exponential) backtracking that is not fixed yet, each over input whose
 * length is bounded. Listed by pattern so that a new vulnerable regex fails the test, and
 * a fixed one must leave the list.
 */
const KNOWN_POLYNOMIAL: Record<string, string> = {
  // /ask's question kinds, read from a question of at most MAX_QUESTION (300) characters.
  '/,?\\s+(?:according to|per|says?)\\s+(?:the\\s+)?[\\p{Lu}\\d][^,?]*\\?*$/u': 'ask.ts classify, 300 characters',
  '/^(?:what|which words?|how) (?:did|does|has|have|had|do) (.+?) (?:say|said|tell|told|think|thought|argue|claim|state|announce|write|wrote)(?: (?:about|on|of|regarding|when|after|to) (.+))?$/i':
    'ask.ts classify, 300 characters',
  '/^(?:quotes?|statements?|comments?) (?:from|by|of) (.+?)(?: (?:about|on) (.+))?$/i':
    'ask.ts classify, 300 characters',
  '/^who (?:said|says|has said|had said|told|stated|called|described|claimed|argued|warned|declared|remarked)\\b,?(?: that\\b)?[\\s:,]*(.+)$/i':
    'ask.ts classify, 300 characters',
  '/^who (?:wrote|writes|tweeted|posted)(?: that\\b|(?=\\s*["“]))[\\s:,]*(.+)$/i': 'ask.ts classify, 300 characters',
  "/((?:(?:[\\p{Lu}][\\p{L}’'.-]*|of|the|for|and)\\s+)*(?:[\\p{Lu}][\\p{L}’'.-]*|[\\p{Ll}]+(?:\\s+[\\p{Ll}]+)?)\\s+)$/u":
    'ask.ts describe, the 120 characters before a name (TITLE_REACH)',
  // Article text, from the admins' corpus: one line or one sentence at a time.
  '/^\\s*,\\s*((?:the |a |an )?[\\p{Ll}][^.;"\\u201C\\u201D]{2,200}?)\\s*[.;]?\\s*$/u':
    'attribution.ts, the rest of one sentence',
  '/,\\s+(?:(said|says|according to)\\s+([^,]+?)|([^,]{2,60}?)\\s+(said|says))\\s*\\.?$/':
    'paraphrase.ts, one sentence',
  '/^[^.!?]{0,120},?\\s+part\\s+(?:\\d+|one|two|three|four|five|[ivx]+)\\s*:\\s*\\S/i':
    'clean.ts, one line; recheck times out (no verdict), the {0,120} bounds it',
  "/^by\\s+([A-Z][\\p{L}'.-]+(?:\\s+[A-Z][\\p{L}'.-]+){0,3}(?:\\s+and\\s+[A-Z][\\p{L}'.-]+(?:\\s+[A-Z][\\p{L}'.-]+){0,3})?)\\s*(?:[,|–—-]\\s*(.{0,60}))?$/iu":
    'clean.ts, one byline line',
  "/(?:^|[’'s\\s])((?:[A-Z][\\p{L}'.-]+\\s+){1,3}[A-Z][\\p{L}'.-]+)\\s+contributed to this/u": 'clean.ts, one line',
  '/\\(.*\\)\\s*$|^[A-Z]{2,}\\b.*\\b(?:generic|file)\\b/': 'clean.ts, one short furniture line',
  // The quotes eval CLI, over the annotators' files.
  '/\\([^)]*\\)/g': 'eval.ts, one annotated name',
};

const files = [...sourceFiles('src'), ...sourceFiles('commands')];
const found = [...files.flatMap(literalsIn), ...DYNAMIC];

describe('regular expressions', () => {
  it(`finds the regex literals of ${files.length} source files`, () => {
    // A floor, so a broken scan (no literals found) cannot pass as "all safe".
    expect(found.length).toBeGreaterThan(50);
    // Every `new RegExp` in the sources is listed above, but the corpus folder's furniture
    // list (src/corpus/patterns.ts), whose admin-written patterns recheck checks as they load.
    const dynamic = files.filter((f) => /new RegExp\(/.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(dynamic).toEqual([
      'src/answers/ask.ts',
      'src/corpus/patterns.ts',
      'src/dates/parse.ts',
      'src/quotes/attribution.ts',
      'src/runtime/bot.ts',
      'src/text/furniture.ts',
    ]);
  });

  it(`none of the ${found.length} backtracks catastrophically (recheck, every one 'safe')`, () => {
    const unsafe: string[] = [];
    const known = new Set<string>();
    for (const r of found) {
      const v = verdict(r.source, r.flags);
      if (v.status === 'safe') continue;
      const key = `/${r.source}/${r.flags}`;
      if (v.status !== 'safe' && !/exponential/.test(v.complexity ?? '') && key in KNOWN_POLYNOMIAL) {
        known.add(key);
        continue;
      }
      unsafe.push(
        `${r.where} ${key}: ${v.status}, ${v.complexity ?? 'no verdict'}${v.attack ? `, attack ${v.attack}` : ''}`,
      );
    }
    if (process.env.RECHECK_UPDATE) writeFileSync(CACHE, `${JSON.stringify(cache, null, 1)}\n`);
    expect(unsafe).toEqual([]);
    // A fixed pattern leaves the list.
    expect(Object.keys(KNOWN_POLYNOMIAL).filter((k) => !known.has(k))).toEqual([]);
  }, 120_000);
});
