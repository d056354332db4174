/**
 * Scoring /ask against questions with known answers, and a plain search baseline in the
 * same run.
 *
 * A question file is JSON Lines: `{ "q", "gold": [exact substrings of the answering
 * sentence], "ans": [short answers], "src": [article ids], "date"? }`; an unanswerable
 * question has `gold: []`. An item is right when its excerpt holds a gold substring, its
 * answer (the marked span; for quotes also the speaker, for dated items also the date)
 * matches a short answer, and it cites a gold article (as its source or in `alsoIn`).
 * Text is compared folded: case, accents, quote marks, punctuation and a leading article
 * aside. A short answer matches when either text contains the other, word for word (the
 * shorter of three characters or more), or, with `date`, when the item's date is that date or within it.
 *
 * The baseline is MiniSearch with its default options over the same passages: its top
 * passage is its answer (the whole passage is its `answer`), and it never declines while
 * it finds anything.
 */
import { readFile } from 'node:fs/promises';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import type { Engine } from '../engine/engine.ts';
import { sameSpeaker } from '../quotes/eval.ts';
import { askAnswer } from './ask.ts';
import type { ExcerptItem } from './types.ts';

export const QuestionSchema = z.strictObject({
  q: z.string().min(1),
  gold: z.array(z.string().min(1)),
  ans: z.array(z.string().min(1)),
  src: z.array(z.string().min(1)),
  date: z
    .string()
    .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'a date is YYYY, YYYY-MM or YYYY-MM-DD')
    .optional(),
  /** Optional: the kind the question is meant to be (for figures by kind). */
  kind: z.string().optional(),
});
export type EvalQuestion = z.infer<typeof QuestionSchema>;

/** Reads a question file; throws with every bad line's number and what is wrong with it. */
export async function readQuestions(file: string): Promise<EvalQuestion[]> {
  const text = await readFile(file, 'utf8');
  const out: EvalQuestion[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not JSON`);
      return;
    }
    const parsed = QuestionSchema.safeParse(json);
    if (!parsed.success) {
      problems.push(
        `line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ')}`,
      );
      return;
    }
    if (parsed.data.gold.length > 0 && (parsed.data.ans.length === 0 || parsed.data.src.length === 0))
      problems.push(`line ${i + 1}: an answerable question (gold given) needs "ans" and "src"`);
    out.push(parsed.data);
  });
  if (problems.length > 0) throw new Error(`${file}: ${problems.slice(0, 10).join('; ')}`);
  if (out.length === 0) throw new Error(`${file}: no questions`);
  return out;
}

/** What one system gave for one question, as the scorer reads it. */
export interface Given {
  answered: boolean;
  kind?: string | undefined;
  items: Array<{
    excerpt: string;
    answers: string[];
    date?: string | undefined;
    sources: string[];
    speaker?: string;
    /** The question kind the item answers (`who-said` items are scored by their speaker). */
    kind?: string | undefined;
  }>;
}

export interface Scores {
  questions: number;
  answerable: number;
  unanswerable: number;
  /** Over answerable questions. */
  successAt1: number;
  successAt3: number;
  mrr: number;
  /** Share of unanswerable questions declined. */
  abstention: number;
  /** Answerable questions declined. */
  declined: number;
  /** Answered (answerable or not) with a first item that is not right. */
  wrong: number;
  /** Who-said questions answered with a speaker that is not the gold one. */
  wrongSpeaker: number;
}

export interface QuestionResult {
  q: string;
  kind?: string | undefined;
  answered: boolean;
  rank: number | undefined;
  first?: { excerpt: string; answer: string | undefined; source: string; speaker?: string | undefined } | undefined;
}

export interface Evaluation {
  ask: Scores;
  baseline: Scores;
  results: QuestionResult[];
  /** Success@1 of /ask by the kind it read each answerable question as. */
  byKind: Record<string, { questions: number; successAt1: number }>;
}

export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}$%£€]+/gu, ' ')
    .trim();
}

/** Folded, without a leading article: "the University of Colorado" is "University of Colorado". */
function bare(s: string): string {
  return fold(s).replace(/^(?:the|a|an) /, '');
}

export function answerMatches(answers: readonly string[], wanted: readonly string[]): boolean {
  return wanted.some((a) => {
    const na = bare(a);
    return answers.some((x) => {
      const nx = bare(x);
      if (nx === '' || na === '') return false;
      return ` ${nx} `.includes(` ${na} `) || (nx.length >= 3 && ` ${na} `.includes(` ${nx} `));
    });
  });
}

function dateMatches(date: string | undefined, wanted: string | undefined): boolean {
  return date !== undefined && wanted !== undefined && (date.startsWith(wanted) || wanted.startsWith(date));
}

/** Whether a quote item's speaker (canonical name, or the mention marked) is one of `wanted`. */
export function speakerMatches(item: Given['items'][number], wanted: readonly string[]): boolean {
  const mention = item.answers[0] ?? item.speaker ?? '';
  return wanted.some((w) => sameSpeaker(w, { name: item.speaker!, mention }) || answerMatches([item.speaker!], [w]));
}

/** Whether an item answers the question (see the module's comment). */
export function itemRight(item: Given['items'][number], q: EvalQuestion): boolean {
  if (q.gold.length === 0) return false;
  const excerpt = fold(item.excerpt);
  const holds = q.gold.some((g) => excerpt.includes(fold(g)));
  const cites = item.sources.some((s) => q.src.includes(s));
  // A quote's answer is its speaker: named as the gold source names them (see sameSpeaker).
  const says =
    item.speaker !== undefined && item.kind === 'who-said'
      ? speakerMatches(item, q.ans)
      : answerMatches(item.answers, q.ans) || dateMatches(item.date, q.date);
  return holds && cites && says;
}

/** /ask's answer to a question, as the scorer reads it. */
export function askGiven(engine: Engine, question: string): Given {
  const answer = askAnswer(engine, question);
  const items = answer.kind === 'excerpts' ? answer.items : [];
  return {
    answered: answer.ask?.answered ?? false,
    kind: answer.ask?.kind,
    items: items.map((i: ExcerptItem) => ({
      excerpt: i.excerpt,
      answers: [i.answer?.text, i.speaker, i.dateLabel].filter((x): x is string => x !== undefined),
      date: i.date,
      sources: [i.source.id, ...i.alsoIn.map((s) => s.id)],
      ...(i.speaker !== undefined && { speaker: i.speaker }),
      kind: answer.ask?.kind,
    })),
  };
}

/** The baseline: MiniSearch's defaults over the engine's passages. */
export function baseline(engine: Engine): (question: string) => Given {
  const index = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  index.addAll(engine.passages.map((p) => ({ id: p.id, text: engine.text(p) })));
  return (question) => {
    const hits = index.search(question).slice(0, 5);
    return {
      answered: hits.length > 0,
      items: hits.map((h) => {
        const p = engine.passages[h.id as number]!;
        const text = engine.text(p);
        return { excerpt: text, answers: [text], sources: [p.articleId, ...p.alsoIn.map((o) => o.articleId)] };
      }),
    };
  };
}

function score(
  questions: readonly EvalQuestion[],
  given: readonly Given[],
): Scores & { ranks: Array<number | undefined> } {
  let s1 = 0;
  let s3 = 0;
  let rr = 0;
  let declinedUnanswerable = 0;
  let declined = 0;
  let wrong = 0;
  let wrongSpeaker = 0;
  const ranks: Array<number | undefined> = [];
  questions.forEach((q, k) => {
    const g = given[k]!;
    if (q.gold.length === 0) {
      if (!g.answered) declinedUnanswerable++;
      else wrong++;
      ranks.push(undefined);
      return;
    }
    if (!g.answered) {
      declined++;
      ranks.push(undefined);
      return;
    }
    const at = g.items.findIndex((i) => itemRight(i, q));
    const rank = at >= 0 ? at + 1 : undefined;
    ranks.push(rank);
    if (rank === 1) s1++;
    else wrong++;
    if (rank !== undefined && rank <= 3) s3++;
    if (rank !== undefined) rr += 1 / rank;
    const first = g.items[0];
    if (g.kind === 'who-said' && first?.speaker !== undefined && !speakerMatches(first, q.ans)) wrongSpeaker++;
  });
  const answerable = questions.filter((q) => q.gold.length > 0).length;
  const unanswerable = questions.length - answerable;
  const per = (x: number, n: number) => (n === 0 ? 0 : x / n);
  return {
    questions: questions.length,
    answerable,
    unanswerable,
    successAt1: per(s1, answerable),
    successAt3: per(s3, answerable),
    mrr: per(rr, answerable),
    abstention: per(declinedUnanswerable, unanswerable),
    declined,
    wrong,
    wrongSpeaker,
    ranks,
  };
}

/** Runs /ask and the baseline over every question. */
export function evaluateAnswers(engine: Engine, questions: readonly EvalQuestion[]): Evaluation {
  const base = baseline(engine);
  const asked = questions.map((q) => askGiven(engine, q.q));
  const { ranks, ...ask } = score(questions, asked);
  const { ranks: _unused, ...baselineScores } = score(
    questions,
    questions.map((q) => base(q.q)),
  );
  void _unused;
  const byKind: Evaluation['byKind'] = {};
  questions.forEach((q, k) => {
    if (q.gold.length === 0) return;
    const kind = q.kind ?? asked[k]!.kind ?? 'unknown';
    const entry = (byKind[kind] ??= { questions: 0, successAt1: 0 });
    entry.questions++;
    if (ranks[k] === 1) entry.successAt1++;
  });
  for (const e of Object.values(byKind)) e.successAt1 /= e.questions;
  const results = questions.map((q, k) => {
    const first = asked[k]!.items[0];
    return {
      q: q.q,
      kind: asked[k]!.kind,
      answered: asked[k]!.answered,
      rank: ranks[k],
      first: first && {
        excerpt: first.excerpt,
        answer: first.answers[0],
        source: first.sources[0]!,
        speaker: first.speaker,
      },
    };
  });
  return { ask, baseline: baselineScores, results, byKind };
}

/** The figures side by side, one per line. */
export function formatEvaluation(e: Evaluation): string {
  const f = (x: number) => x.toFixed(3);
  const row = (name: string, a: string, b: string) => `  ${name.padEnd(28)}${a.padStart(10)}${b.padStart(12)}`;
  return [
    `${e.ask.questions} questions (${e.ask.answerable} answerable, ${e.ask.unanswerable} unanswerable)`,
    row('', '/ask', 'baseline'),
    row('Success@1', f(e.ask.successAt1), f(e.baseline.successAt1)),
    row('Success@3', f(e.ask.successAt3), f(e.baseline.successAt3)),
    row('MRR', f(e.ask.mrr), f(e.baseline.mrr)),
    row('unanswerable declined', f(e.ask.abstention), f(e.baseline.abstention)),
    row('answerable declined', String(e.ask.declined), String(e.baseline.declined)),
    row('wrong first answers', String(e.ask.wrong), String(e.baseline.wrong)),
    row('wrong speakers (who said)', String(e.ask.wrongSpeaker), '-'),
    '  /ask Success@1 by kind:',
    ...Object.entries(e.byKind)
      .sort()
      .map(([k, v]) => `    ${k.padEnd(14)} ${f(v.successAt1)} of ${v.questions}`),
  ].join('\n');
}
