// The cleaner measured on real news: the labelled lines of tests/fixtures/furniture/ (see
// its README). Prints precision and recall of "furniture" and the story lines lost, by
// source and split:  npx vitest run tests/text/furniture-eval.test.ts
import { beforeAll, describe, expect, it } from 'vitest';
import { allSourceDocs, docRef, FURNITURE_SOURCES, type SourceDoc } from '../support/furniture-data.ts';
import { drawHeldOut } from '../support/furniture-draw.ts';
import { judge, labelledLines, report, score, type Outcome } from '../support/furniture-eval.ts';
import { NEEDS_SHARED } from '../support/shared.ts';

const lines = labelledLines();

describe('the labelled furniture lines', () => {
  it('are 600 or more, from every source, in both splits, each labelled with a kind if furniture', () => {
    expect(lines.length).toBeGreaterThanOrEqual(600);
    for (const source of FURNITURE_SOURCES)
      for (const split of ['dev', 'held-out'])
        expect(
          lines.filter((l) => l.source === source && l.split === split).length,
          `${source} ${split}`,
        ).toBeGreaterThan(40);
    for (const l of lines)
      expect(l.label === 'furniture' ? typeof l.kind : 'story').toBe(l.label === 'furniture' ? 'string' : 'story');
    expect(new Set(lines.map((l) => `${docRef(l)}:${l.line}`)).size).toBe(lines.length);
  });
});

describe('the cleaner on the labelled lines', NEEDS_SHARED, () => {
  let docs: Map<string, SourceDoc>;
  let outcomes: Outcome[];
  beforeAll(async () => {
    docs = await allSourceDocs();
    outcomes = judge(lines, docs);
  });

  it('reads each stored line where the datasets have it, word for word', () => {
    const moved = lines.filter((l) => docs.get(docRef(l))?.lines[l.line - 1]?.trim() !== l.text);
    expect(moved.map((l) => `${docRef(l)}:${l.line}`)).toEqual([]);
  });

  it('holds out exactly the seeded draw (furniture-draw.ts) from documents and lines the dev split does not use', () => {
    const dev = lines.filter((l) => l.split === 'dev');
    const drawn = drawHeldOut(
      docs.values(),
      new Set(dev.map((l) => docRef(l))),
      new Set(dev.map((l) => `${docRef(l)}:${l.line}`)),
    );
    const key = (l: { file: string; row?: number | undefined; line: number }) => `${docRef(l)}:${l.line}`;
    expect(lines.filter((l) => l.split === 'held-out').map(key)).toEqual(drawn.map(key));
  });

  it('prints precision, recall and story lines lost, by source, for the dev and held-out lines', () => {
    console.log(`\nFurniture on ${lines.length} labelled lines of real news\n${report(outcomes)}\n`);
    const dev = score(outcomes.filter((o) => o.line.split === 'dev'));
    const heldOut = score(outcomes.filter((o) => o.line.split === 'held-out'));
    // Floors just under the figures the rules reach: a change that costs story lines or lets
    // furniture through fails here. The held-out floors are what its one measurement gave
    // (the targets, recall 0.95 at a loss of 0.5%, are not met on it: recall falls short).
    expect(dev.loss).toBeLessThanOrEqual(0.003);
    expect(dev.recall).toBeGreaterThanOrEqual(0.96);
    expect(heldOut.lines).toBeGreaterThanOrEqual(300);
    expect(heldOut.loss).toBeLessThanOrEqual(0.004);
    expect(heldOut.precision).toBeGreaterThanOrEqual(0.97);
    expect(heldOut.recall).toBeGreaterThanOrEqual(0.79);
  });

  it('catches every caption, credit, copyright and advertisement line of the dev split but one', () => {
    const missed = outcomes.filter(
      (o) =>
        o.line.split === 'dev' &&
        ['caption', 'credit', 'copyright', 'advertisement'].includes(o.line.kind ?? '') &&
        !o.verdict.furniture,
    );
    expect(outcomes.filter((o) => o.line.split === 'dev' && o.line.kind === 'caption').length).toBeGreaterThan(15);
    // A gallery of uncredited captions (Wikinews, short lines in a row) is not yet told from
    // a list, which is story: the one caption of the dev split that the rules miss.
    expect(missed.map((o) => o.line.text)).toEqual(['Jack Frost from Rise of the Guardians']);
  });
});
