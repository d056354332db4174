// Pages are made as they are turned to. They must break where rendering every page at
// once would (greedy: as many items as fit, up to five excerpts), show every item once,
// in order, and leave the items after the page shown unrendered and unmarked.
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { answerLine } from '../../src/answers/answer.ts';
import { excerptItem } from '../../src/answers/excerpts.ts';
import type { Answer, ExcerptItem } from '../../src/answers/types.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { PAGE_BUDGET, PAGE_ITEMS, Pages, toDiscordPage, toPlainText } from '../../src/render/discord.ts';
import { highlightRanges, queryTerms } from '../../src/search/index.ts';
import { builtInEngine } from '../support/corpus.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await builtInEngine();
});

async function answerOf(line: string): Promise<Answer> {
  const r = await answerLine(line, { engine, commands });
  if (!r.ok) throw new Error(r.error);
  return r.answer;
}

/** Every page of `pages`, turned to in order. */
function allPages(pages: Pages): Array<{ blocks: string[]; first: number }> {
  const out = [];
  for (let i = 0; pages.page(i); i++) out.push(pages.page(i)!);
  return out;
}

const LINES = [
  '/search immigration',
  '/search denver mayor hancock ordinance ice',
  '/quote hancock',
  '/when ordinance',
  '/sources',
  '/speakers',
  '/help',
  '/search zzzzqx',
];

describe('Pages', () => {
  it('shows every item once, in order, on greedily filled pages, for every kind of answer', async () => {
    for (const line of LINES) {
      const answer = await answerOf(line);
      const pages = new Pages(answer);
      const made = allPages(pages);
      expect(made.length, line).toBeGreaterThan(0);
      // Every item once, in order: pages follow on from each other and end at the last item.
      let next = 0;
      for (const { blocks, first } of made) {
        expect(first, line).toBe(next);
        next += blocks.length;
      }
      expect(next, line).toBe(pages.count);
      const perPage = answer.kind === 'excerpts' ? PAGE_ITEMS : Infinity;
      const size = (blocks: string[]) => blocks.reduce((n, b) => n + b.length + 2, 0);
      made.forEach(({ blocks }, i) => {
        // Within the limits (a single over-long item still gets its own page)...
        expect(blocks.length, line).toBeLessThanOrEqual(perPage);
        if (blocks.length > 1) expect(size(blocks), line).toBeLessThanOrEqual(PAGE_BUDGET);
        // ...and full: the next page's first item would not have fitted on this one.
        const following = made[i + 1];
        if (following)
          expect(blocks.length >= perPage || size(blocks) + following.blocks[0]!.length + 2 > PAGE_BUDGET, line).toBe(
            true,
          );
      });
      expect(pages.hasAfter(made.length - 1), line).toBe(false);
      expect(pages.clamp(made.length + 5), line).toBe(made.length - 1);
      expect(pages.clamp(0), line).toBe(0);
    }
  });

  it('says which results a page shows, and offers Next only while more follow', async () => {
    const pages = new Pages(await answerOf('/search immigration'));
    const made = allPages(pages);
    expect(made.length).toBeGreaterThan(1);
    made.forEach(({ blocks, first }, i) => {
      const message = toDiscordPage(pages, i, 'abc');
      expect(message.embeds[0]!.footer?.text).toBe(`Results ${first + 1}–${first + blocks.length} of ${pages.count}`);
      const [previous, next] = message.components[0]!.components;
      expect([previous!.disabled, next!.disabled]).toEqual([i === 0, i === made.length - 1]);
    });
    // A page past the last (a stale button) shows the last; one below 0, the first.
    expect(toDiscordPage(pages, made.length + 3, 'abc')).toEqual(toDiscordPage(pages, made.length - 1, 'abc'));
    expect(toDiscordPage(pages, -1, 'abc')).toEqual(toDiscordPage(pages, 0, 'abc'));
    const single = new Pages(await answerOf('/help'));
    expect(toDiscordPage(single, 0, 'abc')).toMatchObject({ components: [] });
    expect(toDiscordPage(single, 0, 'abc').embeds[0]!.footer).toBeUndefined();
  });

  it('marks and renders only the items of the pages turned to', async () => {
    const answer = await answerOf('/search immigration');
    if (answer.kind !== 'excerpts') throw new Error('expected excerpts');
    expect(answer.items.length).toBeGreaterThan(PAGE_ITEMS * 2);
    // Count who reads each item's matched words.
    const reads = answer.items.map(() => 0);
    answer.items.forEach((item, i) => {
      const marks = item.highlights;
      Object.defineProperty(item, 'highlights', { get: () => (reads[i]!++, marks) });
    });
    const pages = new Pages(answer);
    toDiscordPage(pages, 0, 'abc');
    const firstPage = pages.page(0)!.blocks.length;
    // The first page's items were rendered, and the next one only if the page was cut
    // short by its size (to find that it did not fit); none after.
    expect(reads.slice(0, firstPage).every((n) => n === 1)).toBe(true);
    if (firstPage === PAGE_ITEMS) expect(reads[firstPage]).toBe(0);
    expect(reads.slice(firstPage + 1).every((n) => n === 0)).toBe(true);
    toDiscordPage(pages, 1, 'abc');
    expect(reads.slice(0, firstPage).every((n) => n === 1)).toBe(true); // rendered once, kept
  });
});

describe('excerpt items given terms', () => {
  it('mark the same words when read as marking them at once, and carry them in JSON', async () => {
    const terms = queryTerms('immigration enforcement ordinance');
    for (const passage of engine.passages.slice(0, 200)) {
      const item: ExcerptItem = excerptItem(engine, passage, passage.alsoIn, { terms });
      const expected = highlightRanges(engine.text(passage), terms);
      expect(JSON.parse(JSON.stringify(item)).highlights).toEqual(expected);
      expect(item.highlights).toBe(item.highlights); // worked out once
      // A copy is plain data: nothing but the fields an item has.
      expect({ ...item }).toEqual(JSON.parse(JSON.stringify(item)));
      item.highlights = [];
      expect(item.highlights).toEqual([]);
    }
  });
});

describe('toPlainText (a channel without Embed Links)', () => {
  it('keeps whole items of the page, in order, within one message, and counts the ones left out', async () => {
    let cut = 0;
    for (const line of LINES) {
      const page = toDiscordPage(new Pages(await answerOf(line)), 0);
      const text = toPlainText(page);
      const embed = page.embeds[0]!;
      expect(text.embeds, line).toEqual([]);
      expect(text.content!.length, line).toBeLessThanOrEqual(2_000);
      expect(text.content!.startsWith(`**${embed.title}**`), line).toBe(true);
      const items = embed.description!.split('\n\n');
      const shown = items.filter((item) => text.content!.includes(item));
      // The items shown are the page's first ones, whole.
      expect(shown, line).toEqual(items.slice(0, shown.length));
      expect(shown.length, line).toBeGreaterThan(0);
      const left = items.length - shown.length;
      if (left > 0) expect(text.content, line).toContain(`(${left} more not shown`);
      else expect(text.content, line).not.toContain('more not shown');
      if (left > 0) cut++;
    }
    // Some pages are longer than a message: the count is exercised, not only the easy case.
    expect(cut).toBeGreaterThan(0);
  });
});
