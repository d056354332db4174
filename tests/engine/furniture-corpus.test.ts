// Page furniture over whole real corpora: no passage of Wikinews or BBC is a caption or a
// credit line, and a search for what the Wikinews captions name finds story first.
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { answerLine } from '../../src/answers/answer.ts';
import type { ExcerptItem } from '../../src/answers/types.ts';
import type { Article } from '../../src/corpus/types.ts';
import { Engine, extractArticle } from '../../src/engine/engine.ts';
import { asArticles, bbcDocs, wikinewsDocs } from '../support/furniture-data.ts';
import { NEEDS_SHARED } from '../support/shared.ts';

/**
 * Caption and credit shapes, written apart from the cleaner's rules (so the cleaner cannot
 * pass by agreeing with itself): a line that ends in a credit, a bracketed photo credit, an
 * agency credit, a file-photo or advertisement line, a map legend.
 */
const CAPTION_SHAPES: RegExp[] = [
  /(?:Image|Photo|Picture|Credit)s?: [^:]{1,60}$/,
  /\((?:Image|Photo|Credit)s?:[^)]{0,80}\)$/i,
  /\(Photo by [^)]{1,80}\)/i,
  /\/ ?(?:Getty Images|AFP|Reuters)\)?\.?$/,
  /^File photo\b/i,
  /^Advertisement$/i,
  /^██/,
];

const captionLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => CAPTION_SHAPES.some((re) => re.test(l)));

describe('furniture over whole real corpora', NEEDS_SHARED, () => {
  let wikinews: Article[];
  let bbc: Article[];
  let engine: Engine;
  beforeAll(async () => {
    wikinews = asArticles(await wikinewsDocs());
    bbc = asArticles(await bbcDocs());
    engine = Engine.build(wikinews);
  });

  it('finds the caption shapes in the raw text, so the check below can fail', () => {
    const raw = [...wikinews, ...bbc].flatMap((a) => captionLines(a.text));
    // Wikinews alone carries over a hundred credited captions and map legends.
    expect(raw.length).toBeGreaterThan(100);
  });

  it('gives no Wikinews or BBC passage that is a caption or credit line', () => {
    const found: string[] = [];
    for (const p of engine.passages) for (const l of captionLines(engine.text(p))) found.push(`${p.articleId}: ${l}`);
    for (const a of bbc) {
      for (const s of extractArticle(a).spans)
        for (const l of captionLines(a.text.slice(s.start, s.end))) found.push(`${a.id}: ${l}`);
    }
    expect(found).toEqual([]);
  });

  async function search(query: string): Promise<ExcerptItem[]> {
    const answered = await answerLine(`/search ${query}`, { engine, commands });
    if (!answered.ok || answered.answer.kind !== 'excerpts') throw new Error(`no excerpts for ${query}`);
    return answered.answer.items;
  }

  it('answers /search Susan Rice with a story sentence that names her first, and no caption anywhere', async () => {
    const items = await search('Susan Rice');
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]!.excerpt).toMatch(/Susan Rice/);
    expect(items[0]!.excerpt.split(/\s+/).length).toBeGreaterThan(12);
    expect(items.flatMap((i) => captionLines(i.excerpt))).toEqual([]);
    expect(items.map((i) => i.excerpt)).not.toContain('Susan Rice Image: White House.');
  });

  it('answers /search fursuiters with story sentences only, and no caption anywhere', async () => {
    const items = await search('fursuiters');
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const i of items) {
      expect(i.excerpt).toMatch(/[.!?]["'”’)]*$/);
      expect(i.excerpt).not.toMatch(/Image:/);
    }
    expect(items[0]!.excerpt).toMatch(/fursuit/i);
  });
});
