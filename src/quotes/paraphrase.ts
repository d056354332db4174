/**
 * Reported speech: `Pazen said officers do not routinely ask ...`,
 * `Sessions also has said cities must allow ...`, `..., said Denver City Attorney Kristin
 * Bronson.` The span is the reported content, which is the reporter's wording and must
 * never be shown as the speaker's own words.
 */
import type { Span } from '../corpus/types.ts';
import { sentences } from '../text/sentences.ts';
import type { Region } from './marks.ts';
import { parseMention, tokens, type ParsedMention, type Token } from './names.ts';

/** Reporting verbs for reported speech; narrower than for quotes. */
const REPORTING = new Set([
  'said',
  'says',
  'say',
  'told',
  'added',
  'noted',
  'argued',
  'argues',
  'claimed',
  'claims',
  'insisted',
  'insists',
  'warned',
  'warns',
  'explained',
  'stressed',
  'acknowledged',
  'announced',
  'contended',
  'maintained',
  'predicted',
  'suggested',
  'reiterated',
  'asserted',
  'emphasized',
  'testified',
  'wrote',
  'tweeted',
  'stated',
  'admitted',
  'conceded',
]);

const BETWEEN = new Set([
  'also',
  'has',
  'had',
  'have',
  'previously',
  'repeatedly',
  'later',
  'again',
  'recently',
  'often',
  'then',
  'once',
  'publicly',
]);
const SKIP_AFTER =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|earlier|later|recently|repeatedly|again|previously|also|that)$/i;

export interface Paraphrase {
  start: number;
  end: number;
  speaker: ParsedMention;
}

/** Reported speech in sentences that hold no quotation marks. */
export function findParaphrases(text: string, paras: Span[], regions: Region[]): Paraphrase[] {
  const out: Paraphrase[] = [];
  for (const p of paras) {
    for (const s of sentences(text, p.start, p.end)) {
      if (regions.some((r) => r.open < s.end && r.close > s.start)) continue;
      if (/["\u201C\u201D]/.test(text.slice(s.start, s.end))) continue;
      const found = subjectFirst(text, s) ?? speakerLast(text, s);
      if (found) out.push(found);
    }
  }
  return out;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /[\s.;:,]/.test(text[end - 1]!)) end--;
  return end;
}

/** "Pazen said officers do not ..." / "Trump has said he believes ...". */
function subjectFirst(text: string, s: Span): Paraphrase | undefined {
  const toks = tokens(text.slice(s.start, s.end), s.start);
  const v = toks.findIndex((t, i) => i <= 12 && REPORTING.has(t.text.toLowerCase()));
  if (v <= 0) return undefined;
  // The subject: everything before the verb (after an opening clause ending in a comma).
  let from = 0;
  const lead = text.slice(s.start, toks[v]!.start);
  const comma = lead.lastIndexOf(',');
  if (comma >= 0) from = toks.findIndex((t) => t.start > s.start + comma);
  let to = v;
  while (to > from && BETWEEN.has(toks[to - 1]!.text.toLowerCase())) to--;
  const subj = toks.slice(from, to);
  if (subj.length === 0 || subj.length > 8) return undefined;
  if (subj.some((t) => /^(?:and|or|who|which|that|when|if|as|because)$/i.test(t.text))) return undefined;
  const m = parseMention(text, subj);
  if (!m || (m.group && !m.name)) return undefined;
  // The content: after the verb, past "that", a weekday or "told <someone> that".
  let c = v + 1;
  if (toks[v]!.text.toLowerCase() === 'told') {
    const that = toks.findIndex((t, i) => i > v && i <= v + 5 && t.text.toLowerCase() === 'that');
    if (that < 0) return undefined;
    c = that + 1;
  }
  while (c < toks.length && SKIP_AFTER.test(toks[c]!.text)) c++;
  if (/^(?:in|on|at|during)$/i.test(toks[c]?.text ?? '')) return undefined; // "said in a statement" with no content
  const rest: Token[] = toks.slice(c);
  if (rest.length < 4) return undefined;
  if (/[,]\s*$/.test(text.slice(toks[v]!.end, rest[0]!.start))) return undefined; // "X said, ..." introduces something else
  const start = rest[0]!.start;
  const end = trimEnd(text, start, s.end);
  return { start, end, speaker: m };
}

/** "The city has contributed $300,000 ..., said Denver City Attorney Kristin Bronson." */
function speakerLast(text: string, s: Span): Paraphrase | undefined {
  const body = text.slice(s.start, s.end);
  const m = /,\s+(?:(said|says|according to)\s+([^,]+?)|([^,]{2,60}?)\s+(said|says))\s*\.?$/.exec(body);
  if (!m) return undefined;
  const phrase = m[2] ?? m[3]!;
  const off = s.start + m.index + m[0].indexOf(phrase);
  const toks = tokens(phrase, off);
  const mention = parseMention(text, toks);
  if (!mention || !mention.name || mention.group) return undefined;
  const end = trimEnd(text, s.start, s.start + m.index);
  if (tokens(text.slice(s.start, end)).length < 4) return undefined;
  return { start: s.start, end, speaker: mention };
}
