// /ask measured on the real news beside the project (tests/support/shared.ts): the
// development questions over the built-in corpus, Wikinews and BBC, and who-said
// questions generated from PolNeAR's train annotations. The floors are the figures
// measured with the commands in docs/answer-eval.md; the held-out set is not run here.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNewsCorpus, writePolnearWhoSaid } from '../../bench/answer-sets.ts';
import { evaluateAnswers, readQuestions } from '../../src/answers/eval.ts';
import { openCorpus } from '../../src/corpus/open.ts';
import { NEEDS_SHARED } from '../support/shared.ts';

const DEV = fileURLToPath(new URL('../fixtures/answers/dev.jsonl', import.meta.url));

describe('/ask on the datasets', NEEDS_SHARED, () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'answer-sets-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('answers the development questions at least as well as measured, and better than plain MiniSearch at rank 1', async () => {
    const dir = await writeNewsCorpus(path.join(root, 'news'));
    const { engine } = await openCorpus(dir, { log: () => {} });
    const { ask, baseline } = evaluateAnswers(engine, await readQuestions(DEV));
    expect(ask.successAt1).toBeGreaterThanOrEqual(0.81);
    expect(ask.successAt3).toBeGreaterThanOrEqual(0.83);
    expect(ask.abstention).toBeGreaterThanOrEqual(0.8);
    expect(ask.wrongSpeaker).toBe(0);
    expect(ask.successAt1).toBeGreaterThan(baseline.successAt1);
  }, 120_000);

  it('names the speaker of PolNeAR train quotes at least as often as measured, and rarely the wrong one', async () => {
    const dir = path.join(root, 'polnear-train');
    await writePolnearWhoSaid(dir, 'train');
    const { engine } = await openCorpus(dir, { log: () => {} });
    const { ask } = evaluateAnswers(engine, await readQuestions(`${dir}.questions.jsonl`));
    expect(ask.answerable).toBeGreaterThan(200);
    expect(ask.successAt1).toBeGreaterThanOrEqual(0.79);
    // Of the questions answered, the share with the right speaker.
    expect(ask.successAt1 * ask.answerable).toBeGreaterThanOrEqual(0.96 * (ask.answerable - ask.declined));
    expect(ask.wrongSpeaker).toBeLessThanOrEqual(5);
  }, 120_000);
});
