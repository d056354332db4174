import type { Article, Span } from '../corpus/types.ts';
import { sentences } from '../text/sentences.ts';
import {
  leadingAttribution,
  looksAttributed,
  sentenceSubject,
  trailingAttribution,
  type Attribution,
} from './attribution.ts';
import { findRegions, type Region } from './marks.ts';
import { tokens } from './names.ts';
import { findParaphrases } from './paraphrase.ts';
import { ArticlePeople } from './speakers.ts';
import type { Quote, Speaker } from './types.ts';

/** Words after a speech verb that continue the attribution rather than report content. */
const ADVERBIAL =
  /^(?:in|during|at|on|to|of|about|after|before|while|when|as|via|from|with|by|adding|and|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|earlier|later|recently|last|this|afterward|afterwards|again|back|out|on|then|later|separately|previously|emphatically|flatly|simply|bluntly)$/i;

type Found =
  { kind: 'attr'; attr: Attribution; strict: boolean } | { kind: 'same-as'; region: number } | { kind: 'none' };

interface Pending {
  region: Region;
  index: number;
  found: Found;
  speaker?: Speaker | undefined;
}

/**
 * Finds the direct quotations in `paragraphs` of `article` and who said each, plus
 * reported speech (`kind: 'paraphrase'`), in text order.
 *
 * A quote is kept only when its speaker can be read from the text: an attribution next to
 * it (`,” Hancock said`, `Hancock continued, “`), the quote it continues (the next sentence
 * or paragraph after an attributed quote), or the person the sentence before it is about
 * (`Hancock offered his take ...` then the quote). Quoted words that are nobody's
 * statement — scare quotes (`an "immigration enforcement priority"`), labels and titles
 * (`badges that read "Denver (heart symbol) immigrants."`, `“Saturday Night Live”`) — are
 * dropped, so nothing downstream can show them as anyone's words.
 *
 * A quote that runs over several paragraphs (each opening with a quote mark, only the last
 * closing) is returned as one Quote spanning them.
 *
 * @param paragraphs the article's story paragraphs as offsets into `article.text`, in order
 * @example extractQuotes(article, cleanArticle(article).paragraphs)
 */
export function extractQuotes(article: Article, paragraphs: Span[]): Quote[] {
  const text = article.text;
  const paras = [...paragraphs].sort((a, b) => a.start - b.start);
  const people = new ArticlePeople(text, paras, article.author);
  const regions = findRegions(text, paras);
  const pending: Pending[] = regions.map((region, index) => ({
    region,
    index,
    found: attribute(text, paras, regions, index),
  }));
  const paraphrases = findParaphrases(text, paras, regions);

  // Resolve in text order so "he" means the last person who spoke.
  type Event = { at: number; q?: Pending; p?: (typeof paraphrases)[number] };
  const events: Event[] = [
    ...pending.map((q) => ({ at: q.region.start, q })),
    ...paraphrases.map((p) => ({ at: p.start, p })),
  ].sort((a, b) => a.at - b.at);
  let last: { speaker: Speaker; at: number } | undefined;
  const out: Quote[] = [];
  for (const ev of events) {
    if (ev.q) {
      const q = ev.q;
      const f = q.found;
      if (f.kind === 'attr') {
        q.speaker = people.resolve(f.attr.speaker, f.attr.speaker.start, last, f.strict);
        if (q.speaker && f.attr.role) q.speaker = { ...q.speaker, role: f.attr.role };
      } else if (f.kind === 'same-as') {
        // The nearest earlier quote in reach that has a speaker (labels in between have none).
        for (let k = f.region; k >= 0; k--) {
          const p = pending[k]!;
          if (p.speaker) {
            q.speaker = p.speaker;
            break;
          }
          if (p.found.kind !== 'none' || p.region.endPara < q.region.para - 1) break;
        }
      }
      if (!q.speaker) continue;
      if (isPerson(q.speaker))
        last = { speaker: q.speaker, at: q.found.kind === 'attr' ? q.found.attr.speaker.start : q.region.start };
      const span = innerSpan(text, q.region);
      if (span.end <= span.start) continue;
      out.push({
        articleId: article.id,
        start: span.start,
        end: span.end,
        text: text.slice(span.start, span.end),
        kind: 'direct',
        speaker: q.speaker,
      });
    } else if (ev.p) {
      const p = ev.p;
      const speaker = people.resolve(p.speaker, p.speaker.start, last, false);
      if (!speaker || (!isPerson(speaker) && !p.speaker.name)) continue;
      if (isPerson(speaker)) last = { speaker, at: p.speaker.start };
      out.push({
        articleId: article.id,
        start: p.start,
        end: p.end,
        text: text.slice(p.start, p.end),
        kind: 'paraphrase',
        speaker,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

function trimmedEnd(text: string, p: Span): number {
  let e = p.end;
  while (e > p.start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

function isPerson(s: Speaker): boolean {
  return /^\p{Lu}/u.test(s.name) && !/['\u2019]s\b/.test(s.name);
}

/** The quoted words without the marks, surrounding space or a trailing comma. */
function innerSpan(text: string, r: Region): Span {
  let start = r.start;
  let end = r.end;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /[\s,]/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Whether quoted words are a label or title rather than a statement: “Saturday Night Live”. */
function isLabel(inner: string): boolean {
  const words = inner
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w));
  if (words.length === 0) return true;
  if (words.length > 7) return false;
  if (/[!?;:]["'\u2019\u201D]?$/.test(inner.trim())) return false;
  if (/[.,]$/.test(inner.trim()) && words.length > 4) return false;
  const content = words.filter((w) => !/^(?:of|the|a|an|and|or|in|on|at|to|for|with|by|from|is|vs\.?)$/.test(w));
  return content.length > 0 && content.every((w) => /^[^\p{L}]*\p{Lu}/u.test(w));
}

/** Where a quote's attribution is, if anywhere. */
function attribute(text: string, paras: Span[], regions: Region[], i: number): Found {
  const r = regions[i]!;
  const para = paras[r.para]!;
  const endPara = paras[r.endPara]!;
  const inner = text.slice(r.start, r.end).trim();
  const prev = regions[i - 1];
  const next = regions[i + 1];
  const prevSamePara = prev && prev.endPara === r.para ? prev : undefined;

  // Text between the closing mark and the next quote or the paragraph's end, cut to a sentence.
  const afterLimit = next && next.para === r.endPara ? next.open : endPara.end;
  const afterSent = sentences(text, r.close, afterLimit)[0];
  const afterEnd = afterSent && text.slice(r.close, afterSent.start).trim() === '' ? afterSent.end : r.close;

  // The part of the sentence before the opening mark.
  const lo = prevSamePara ? prevSamePara.close : para.start;
  const pieces = sentences(text, lo, r.open);
  const lastPiece = pieces[pieces.length - 1];
  const tailOfLast = lastPiece ? text.slice(lastPiece.end, r.open) : '';
  const startsSentence =
    !lastPiece ||
    (/[.!?]["'\u201D\u2019)]*$/.test(text.slice(lastPiece.start, lastPiece.end)) && /^\s*$/.test(tailOfLast)) ||
    !/\p{L}/u.test(text.slice(lastPiece.start, r.open));
  const before: Span | undefined = startsSentence || !lastPiece ? undefined : { start: lastPiece.start, end: r.open };

  if (isLabel(inner)) {
    // Short capitalised words are still speech when a speech verb follows the comma:
    // “Denver,” he answered. / "GROWING PARTY," he declared.
    const spoken =
      afterEnd > r.close && /[,?!]$/.test(inner) ? trailingAttribution(text, r.close, afterEnd) : undefined;
    if (spoken && acceptTrailing(text, inner, spoken, afterEnd, afterLimit))
      return { kind: 'attr', attr: spoken, strict: false };
    return { kind: 'none' };
  }

  // A short phrase after an article or a preposition is a term, not a statement: a “sociopath”.
  if (
    before &&
    inner.split(/\s+/).length <= 4 &&
    /\b(?:a|an|the|as|of|so-called|his|her|its|their|on)\s*$/i.test(text.slice(before.start, before.end))
  )
    return { kind: 'none' };

  // 1. An attribution right after the quote: ,” Hancock said.
  if (afterEnd > r.close) {
    const attr = trailingAttribution(text, r.close, afterEnd);
    if (attr && acceptTrailing(text, inner, attr, afterEnd, afterLimit)) return { kind: 'attr', attr, strict: false };
    // An attribution we cannot read: better no quote than someone else's name on it.
    if (!attr && /[,?!\u2014\u2013-]$/.test(inner) && looksAttributed(text, r.close, afterEnd)) return { kind: 'none' };
  }
  if (before) {
    // 2. An attribution that introduces it: Hancock continued, “...
    const lead = leadingAttribution(text, before.start, before.end, false);
    if (lead) return { kind: 'attr', attr: lead, strict: false };
    if (/[,:]\s*$/.test(text.slice(before.start, before.end)) && looksAttributed(text, before.start, before.end, true))
      return { kind: 'none' };
    // 3. Words quoted inside reported speech: ... in the face of "chaotic immigration policies ..."
    const inside = leadingAttribution(text, before.start, before.end, true);
    if (inside) return { kind: 'attr', attr: inside, strict: false };
    if (/:\s*$/.test(text.slice(before.start, before.end))) {
      // "The Clinton campaign ... worded it even more carefully: “..."
      const subj = sentenceSubject(text, before.start, before.end, true);
      if (subj && !subj.pronoun)
        return { kind: 'attr', attr: { speaker: subj, verbStart: subj.start, end: subj.end }, strict: false };
    }
    if (prevSamePara && prevSamePara.close >= before.start) return { kind: 'same-as', region: i - 1 };
    // Quoted words in a sentence nobody is said to speak: a scare quote or a label.
    return { kind: 'none' };
  }
  // 4. A quote that opens its sentence with no attribution of its own.
  if (prevSamePara) return { kind: 'same-as', region: i - 1 };
  if (lastPiece && pieces.length > 0) {
    // An earlier sentence in the same paragraph introduces it.
    const s = pieces[pieces.length - 1]!;
    const lead = /:\s*$/.test(text.slice(s.start, r.open))
      ? leadingAttribution(text, s.start, r.open, false)
      : undefined;
    if (lead) return { kind: 'attr', attr: lead, strict: false };
    const subj = sentenceSubject(text, s.start, s.end);
    if (subj) return { kind: 'attr', attr: { speaker: subj, verbStart: subj.start, end: subj.end }, strict: true };
    return { kind: 'none' };
  }
  // At a paragraph's start: the paragraph before says who.
  const prevPara = paras[r.para - 1];
  if (!prevPara) return { kind: 'none' };
  if (prev && prev.endPara === r.para - 1) {
    // The previous paragraph ends with a quote (and perhaps its attribution): the same voice goes on.
    const rest = text.slice(prev.close, prevPara.end);
    const trailing = trailingAttribution(text, prev.close, prevPara.end);
    const attrSentence = trailing ? sentences(text, prev.close, prevPara.end)[0] : undefined;
    if (/^\s*$/.test(rest) || (trailing && attrSentence && attrSentence.end >= trimmedEnd(text, prevPara))) {
      return { kind: 'same-as', region: i - 1 };
    }
  }
  const ps = sentences(text, prevPara.start, prevPara.end);
  const lastSent = ps[ps.length - 1];
  if (!lastSent) return { kind: 'none' };
  if (prev && prev.close > lastSent.start) return { kind: 'none' };
  if (/:\s*$/.test(text.slice(lastSent.start, lastSent.end))) {
    const lead = leadingAttribution(text, lastSent.start, lastSent.end, false);
    if (lead) return { kind: 'attr', attr: lead, strict: false };
    const subj = sentenceSubject(text, lastSent.start, lastSent.end, true);
    if (subj && !subj.group)
      return { kind: 'attr', attr: { speaker: subj, verbStart: subj.start, end: subj.end }, strict: false };
  }
  const subj = sentenceSubject(text, lastSent.start, lastSent.end);
  if (subj) return { kind: 'attr', attr: { speaker: subj, verbStart: subj.start, end: subj.end }, strict: true };
  return { kind: 'none' };
}

/**
 * A sentence that follows a complete quoted sentence and starts with "X said" may be X's
 * own report of something else (`“We won.” Trump said the polls ...`); only a short
 * attribution, or one that leads into the next quote, belongs to the quote before it.
 */
function acceptTrailing(text: string, inner: string, attr: Attribution, afterEnd: number, afterLimit: number): boolean {
  if (/[,?!\u2014\u2013-]$/.test(inner)) return true;
  if (/[,:]\s*$/.test(text.slice(attr.end, afterLimit)) && afterEnd >= afterLimit - 2) return true;
  const rest = tokens(text.slice(attr.end, afterEnd));
  const nextWord = rest[0]?.text ?? '';
  if (rest.length === 0 || ADVERBIAL.test(nextWord) || attr.role) return true;
  // "told reporters", "said Tuesday": a short object, then nothing more.
  return rest.length <= 2 && !/^(?:that|the|he|she|it|they|we|i|his|her|their|there|this)$/i.test(nextWord);
}
