import { parseCommandArgs } from './args.ts';
import { evaluateQuotes, type QuoteScores, type Split } from '../quotes/eval.ts';

const USAGE = 'usage: coverage-bot eval quotes --polnear DIR --split train|dev|test [--json]';
const SPLITS: readonly Split[] = ['train', 'dev', 'test'];

/**
 * `coverage-bot eval quotes --polnear DIR --split dev [--json]`: scores direct-quote
 * extraction against a PolNeAR split. Exit 0 with the scores, 2 on bad arguments,
 * 1 when the data cannot be read.
 */
export async function main(args: string[]): Promise<number> {
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
