import { parseCommandArgs } from './args.ts';
import { evaluateQuotes, type QuoteScores, type Split } from '../quotes/eval.ts';

const USAGE = `usage: coverage-bot eval quotes --polnear DIR --split train|dev|test [--json]
       coverage-bot eval answers --questions FILE.jsonl [--corpus DIR] [--json] [--misses]`;
const SPLITS: readonly Split[] = ['train', 'dev', 'test'];

/**
 * `coverage-bot eval quotes --polnear DIR --split dev [--json]`: scores direct-quote
 * extraction against a PolNeAR split. Exit 0 with the scores, 2 on bad arguments,
 * 1 when the data cannot be read.
 */
export async function main(args: string[]): Promise<number> {
  if (args[0] === 'answers') return answers(args.slice(1));
  const parsed = parseCommandArgs(
    {
      args,
      allowPositionals: true,
      options: { polnear: { type: 'string' }, split: { type: 'string' }, json: { type: 'boolean', default: false } },
    },
    'coverage-bot eval',
    USAGE,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  const problems: string[] = [];
  if (positionals.length !== 1 || positionals[0] !== 'quotes')
    problems.push(`expected "quotes", got ${positionals.length === 0 ? 'nothing' : `"${positionals.join(' ')}"`}`);
  if (!values.polnear) problems.push('--polnear DIR is required');
  if (!values.split) problems.push('--split is required');
  else if (!SPLITS.includes(values.split as Split))
    problems.push(`--split must be one of ${SPLITS.join(', ')}, got "${values.split}"`);
  if (problems.length > 0) {
    console.error(`coverage-bot eval: ${problems.join('; ')}\n${USAGE}`);
    return 2;
  }
  let scores: QuoteScores;
  try {
    scores = await evaluateQuotes({ polnearDir: values.polnear!, split: values.split as Split });
  } catch (err) {
    console.error(
      `coverage-bot eval: cannot read PolNeAR ${values.split} in ${values.polnear}: ${(err as Error).message}`,
    );
    return 1;
  }
  if (values.json) {
    const { precision, recall, f1, speakerAccuracy, gold, predicted } = scores;
    console.log(JSON.stringify({ precision, recall, f1, speakerAccuracy, gold, predicted }));
  } else {
    console.log(formatTable(values.split!, scores));
  }
  return 0;
}

/** A short table: one figure per line. */
export function formatTable(split: string, s: QuoteScores): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  return [
    `PolNeAR ${split}: direct quotes`,
    `  precision         ${pct(s.precision)}`,
    `  recall            ${pct(s.recall)}`,
    `  F1                ${pct(s.f1)}`,
    `  speaker accuracy  ${pct(s.speakerAccuracy)}`,
    `  gold quotes       ${s.gold}`,
    `  predicted         ${s.predicted}`,
  ].join('\n');
}

/**
 * `coverage-bot eval answers --questions FILE.jsonl [--corpus DIR] [--json] [--misses]`:
 * scores /ask and a plain MiniSearch baseline on the questions (see src/answers/eval.ts),
 * answering from the corpus folder. Exit 0 with the figures, 2 on bad arguments or a bad
 * question file, 1 when the corpus cannot be read.
 */
async function answers(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    {
      args,
      options: {
        questions: { type: 'string' },
        corpus: { type: 'string' },
        json: { type: 'boolean', default: false },
        misses: { type: 'boolean', default: false },
      },
    },
    'coverage-bot eval answers',
    USAGE,
  );
  if (!parsed) return 2;
  const { values } = parsed;
  if (!values.questions) {
    console.error(`coverage-bot eval answers: --questions FILE.jsonl is required\n${USAGE}`);
    return 2;
  }
  const { readQuestions, evaluateAnswers, formatEvaluation, speakerMatches } = await import('../answers/eval.ts');
  let questions;
  try {
    questions = await readQuestions(values.questions);
  } catch (err) {
    console.error(`coverage-bot eval answers: ${(err as Error).message}`);
    return 2;
  }
  const { DEFAULT_CORPUS_DIR, openCorpus } = await import('../corpus/open.ts');
  let engine;
  try {
    ({ engine } = await openCorpus(values.corpus ?? process.env.CORPUS_DIR ?? DEFAULT_CORPUS_DIR, {
      log: (m) => console.error(m),
    }));
  } catch (err) {
    console.error(`coverage-bot eval answers: cannot read the corpus: ${(err as Error).message}`);
    return 1;
  }
  const evaluation = evaluateAnswers(engine, questions);
  if (values.json) {
    console.log(JSON.stringify({ ask: evaluation.ask, baseline: evaluation.baseline, byKind: evaluation.byKind }));
  } else {
    console.log(formatEvaluation(evaluation));
  }
  if (values.misses) {
    questions.forEach((q, k) => {
      const r = evaluation.results[k]!;
      const ok = q.gold.length === 0 ? !r.answered : r.rank === 1;
      const wrongSpeaker =
        r.answered &&
        r.kind === 'who-said' &&
        r.first?.speaker !== undefined &&
        !speakerMatches({ excerpt: '', answers: [r.first.answer ?? ''], sources: [], speaker: r.first.speaker }, q.ans);
      if (ok && !wrongSpeaker) return;
      console.error(
        `${ok ? 'WRONG SPEAKER' : 'MISS'} [${r.kind}] ${q.q}\n   answered=${r.answered} rank=${r.rank ?? '-'} answer=${JSON.stringify(r.first?.answer)} speaker=${JSON.stringify(r.first?.speaker)} gold=${JSON.stringify(q.ans)}\n   ${r.first?.source}: ${r.first?.excerpt.replace(/\s+/g, ' ').slice(0, 200)}`,
      );
    });
  }
  return 0;
}
