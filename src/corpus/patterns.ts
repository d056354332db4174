// A corpus folder's furniture list (FURNITURE_FILE): lines an admin wants dropped as page
// furniture or kept as story, whatever the built-in rules say, for the shapes their own
// sources have. One pattern a line:
//
//   # comments and blank lines are skipped
//   drop Pictured:                 a line that starts with this text (case aside)
//   drop /^Sponsored by \w+$/i     a regular expression, tested on the trimmed line
//   keep /^Photo: .* said\b/       kept as story (a keep wins over every drop and rule)
//
// A regular expression runs on every line of every article, so one that can backtrack
// without end on a long line (ReDoS) is refused: recheck must find it safe.
import type { CorpusError } from './load.ts';
import type { LinePattern } from './types.ts';

/** The furniture list's name, in the corpus folder itself (not in a subfolder). */
export const FURNITURE_FILE = 'furniture.txt';
/** At most this many patterns: each costs a test on every line of the corpus. */
export const MAX_PATTERNS = 200;
/** A pattern is at most this long (characters). */
export const MAX_PATTERN_CHARS = 300;
/** How long recheck may take to show one regular expression safe (ms). */
const RECHECK_TIMEOUT_MS = 3_000;
/** Flags a pattern may carry: `g` and `y` would make `test` stateful, the others change nothing useful. */
const ALLOWED_FLAGS = /^[iu]*$/;

const ACTION = /^(drop|keep)(?=[\s:]|$)/i;
const FLAGS = /^[a-z]*$/;

export interface ParsedPatterns {
  patterns: LinePattern[];
  errors: CorpusError[];
}

type Checker = (source: string, flags: string) => { status: string; complexity?: { summary: string }; attack?: string };

let checker: Promise<Checker | undefined> | undefined;
/** recheck's checkSync, loaded on first use (only a list with a regular expression needs it). */
function loadChecker(): Promise<Checker | undefined> {
  checker ??= import('recheck').then(
    (m): Checker =>
      (source, flags) => {
        const r = m.checkSync(source, flags, { timeout: RECHECK_TIMEOUT_MS });
        return {
          status: r.status,
          ...(r.status !== 'unknown' && { complexity: { summary: r.complexity.summary } }),
          ...(r.status === 'vulnerable' && { attack: r.attack.pattern }),
        };
      },
    () => undefined,
  );
  return checker;
}

/** Verdicts by pattern, for this process: a reload re-reads the list, and a pattern's verdict never changes. */
const verdicts = new Map<string, string | undefined>();

/**
 * Reads a furniture list (`text`, the file `file` relative to the corpus folder). Every
 * bad line is an error naming the line and what is wrong; the good lines are still
 * returned. Never throws.
 */
export async function parsePatterns(text: string, file: string): Promise<ParsedPatterns> {
  const patterns: LinePattern[] = [];
  const errors: CorpusError[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    const line = i + 1;
    if (raw === '' || raw.startsWith('#')) continue;
    const m = ACTION.exec(raw);
    if (!m) {
      errors.push({ file, line, message: `"${clip(raw)}" is not a pattern: write "drop <text or /regex/>" or "keep <text or /regex/>"` });
      continue;
    }
    const action = m[1]!.toLowerCase() as LinePattern['action'];
    const rest = raw.slice(m[0].length).trimStart();
    const body = (rest.startsWith(':') ? rest.slice(1) : rest).trim();
    if (body === '') {
      errors.push({ file, line, message: `${action} needs a pattern after it` });
      continue;
    }
    if (body.length > MAX_PATTERN_CHARS) {
      errors.push({ file, line, message: `the pattern is ${body.length} characters; at most ${MAX_PATTERN_CHARS}` });
      continue;
    }
    if (patterns.length >= MAX_PATTERNS) {
      errors.push({ file, line, message: `more than ${MAX_PATTERNS} patterns; merge some (each is tested on every line)` });
      break;
    }
    const close = body.lastIndexOf('/');
    const flags = body.slice(close + 1);
    if (!body.startsWith('/') || close < 2 || !FLAGS.test(flags)) {
      patterns.push({ action, match: body.toLowerCase(), file, line });
      continue;
    }
    const source = body.slice(1, close);
    const problem = await regexProblem(source, flags);
    if (problem) {
      errors.push({ file, line, message: `${body} ${problem}` });
      continue;
    }
    patterns.push({ action, match: new RegExp(source, flags), file, line });
  }
  return { patterns, errors };
}

/** Why `/source/flags` cannot be used, or undefined. */
async function regexProblem(source: string, flags: string): Promise<string | undefined> {
  if (!ALLOWED_FLAGS.test(flags)) return `has flags "${flags}"; only i (case aside) and u (Unicode) are allowed`;
  try {
    new RegExp(source, flags);
  } catch (err) {
    return `is not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  const key = `/${source}/${flags}`;
  if (verdicts.has(key)) return verdicts.get(key);
  const check = await loadChecker();
  if (!check) return 'cannot be checked for catastrophic backtracking (the recheck package is not installed); use plain text, or install it';
  let problem: string | undefined;
  try {
    const v = check(source, flags);
    if (v.status === 'vulnerable')
      problem = `can take ${v.complexity?.summary ?? 'super-linear'} time on a long line (e.g. "${clip(v.attack ?? '')}"); anchor it with ^ or $, or use [^…] instead of .* where it can`;
    else if (v.status !== 'safe')
      problem = `could not be shown safe from catastrophic backtracking within ${RECHECK_TIMEOUT_MS / 1000} s; anchor it with ^ or simplify it`;
  } catch (err) {
    problem = `could not be checked for catastrophic backtracking (${(err as Error).message}); simplify it`;
  }
  verdicts.set(key, problem);
  return problem;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
