// The pictures: timelines and trends drawn from the Answer, decoded back from PNG and
// checked pixel by pixel where the layout says the marks are.
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { askAnswer } from '../../src/answers/ask.ts';
import { timelineAnswer } from '../../src/answers/timeline.ts';
import { trendAnswer } from '../../src/answers/trend.ts';
import type { Answer, ExcerptItem } from '../../src/answers/types.ts';
import { daySpan } from '../../src/dates/span.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { renderPicture } from '../../src/render/picture/index.ts';
import { THEME, type Box } from '../../src/render/picture/svg.ts';
import { drawTimeline } from '../../src/render/picture/timeline.ts';
import { drawTrend } from '../../src/render/picture/trend.ts';
import { builtInEngine } from '../support/corpus.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await builtInEngine();
});

// The default scale.
const SCALE = 1.5;

function decode(png: Buffer): PNG {
  return PNG.sync.read(png);
}

/** The pixel at layout position (x, y), as `#rrggbb`, and its alpha. */
function pixel(img: PNG, x: number, y: number): { hex: string; alpha: number } {
  const i = (Math.round(y * SCALE) * img.width + Math.round(x * SCALE)) * 4;
  const [r, g, b, a] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!, img.data[i + 3]!];
  return { hex: `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`, alpha: a };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** No label overlaps another label or any mark, and every box is inside the picture. */
function laidOutCleanly(boxes: Box[], width: number, height: number): void {
  const labels = boxes.filter((b) => !b.what.startsWith('mark'));
  for (const b of boxes) {
    expect(b.x, b.what).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width, b.what).toBeLessThanOrEqual(width);
    expect(b.y + b.height, b.what).toBeLessThanOrEqual(height);
  }
  for (const a of labels)
    for (const b of boxes) if (a !== b && overlaps(a, b)) expect.fail(`${a.what} overlaps ${b.what}`);
  expect(labels.length).toBeGreaterThan(0);
}

function item(excerpt: string, date: string, span: { from: string; until: string }, extra: Partial<ExcerptItem> = {}) {
  return {
    excerpt,
    start: 0,
    end: excerpt.length,
    highlights: [],
    source: {
      id: 'x',
      title: 'A title',
      outlet: 'Outlet (City)',
      published: '2020-01-01',
      url: 'https://example.org/',
    },
    alsoIn: [],
    date,
    dateLabel: date,
    span,
    ...extra,
  } satisfies ExcerptItem;
}

describe('the days a date covers', () => {
  it('reads a day, a month, a year, early/mid/late and ranges at their own precision', () => {
    expect(daySpan({ value: '2017-08-28', precision: 'day' })).toEqual({ from: '2017-08-28', until: '2017-08-28' });
    expect(daySpan({ value: '2016-02', precision: 'month' })).toEqual({ from: '2016-02-01', until: '2016-02-29' });
    expect(daySpan({ value: '2017-02', precision: 'month', modifier: 'early' })).toEqual({
      from: '2017-02-01',
      until: '2017-02-10',
    });
    expect(daySpan({ value: '2017-02', precision: 'month', modifier: 'late' })).toEqual({
      from: '2017-02-21',
      until: '2017-02-28',
    });
    expect(daySpan({ value: '2018', precision: 'year', modifier: 'mid' })).toEqual({
      from: '2018-05-01',
      until: '2018-08-31',
    });
    expect(daySpan({ value: '2017', precision: 'year', until: '2019' })).toEqual({
      from: '2017-01-01',
      until: '2019-12-31',
    });
    expect(daySpan({ value: '1980', precision: 'year', until: '1989', modifier: 'late' }).until).toBe('1989-12-31');
  });
});

describe('a timeline picture', () => {
  for (const topic of ['ordinance', 'valles', 'ice']) {
    for (const width of [600, 400]) {
      it(`/when ${topic} at ${width} px: each mark where its date is, labels never overlapping`, () => {
        const answer = timelineAnswer(engine, topic);
        if (answer.kind !== 'excerpts') throw new Error('not excerpts');
        const d = drawTimeline(answer.title, answer.items, width);
        laidOutCleanly(d.boxes, d.width, d.height);
        expect(d.marks.map((m) => m.item)).toEqual(answer.items.map((_, i) => i));
        const picture = renderPicture(answer, { width, scale: SCALE })!;
        const img = decode(picture.png);
        expect([img.width, img.height]).toEqual([width * SCALE, Math.round(d.height * SCALE)]);
        for (const m of d.marks) {
          // A filled mark is the mark's colour at its centre; a scheduled one is hollow there.
          expect(pixel(img, m.x, m.y).hex, `mark ${m.item + 1}`).toBe(m.hollow ? THEME.background : THEME.mark);
        }
        // Its own background, opaque, for Discord's dark and light themes alike.
        expect(pixel(img, width / 2, d.height - 4)).toEqual({ hex: THEME.background, alpha: 255 });
        expect(picture.png.length).toBeLessThan(400_000);
        expect(picture.alt).toMatch(/^Timeline, about /);
      });
    }
  }

  it('places marks in date order along the axis, a month wider than a day', () => {
    const answer = timelineAnswer(engine, 'ordinance');
    if (answer.kind !== 'excerpts') throw new Error('not excerpts');
    const d = drawTimeline(answer.title, answer.items);
    const byDate = [...d.marks].sort((a, b) =>
      answer.items[a.item]!.span!.from.localeCompare(answer.items[b.item]!.span!.from),
    );
    for (let k = 1; k < byDate.length; k++) expect(byDate[k]!.x1).toBeGreaterThanOrEqual(byDate[k - 1]!.x1);
    const year = d.marks.find((m) => answer.items[m.item]!.date!.length === 4)!;
    const day = d.marks.find((m) => answer.items[m.item]!.date!.length === 10)!;
    expect(year.x2 - year.x1).toBeGreaterThan(10 * (day.x2 - day.x1));
    // The scheduled council hearing is drawn hollow.
    expect(d.marks.filter((m) => m.hollow).map((m) => answer.items[m.item]!.scheduled)).toEqual([true]);
  });

  it('joins items that tell one event under different dates, and draws 25 events without overlap', () => {
    const items: ExcerptItem[] = Array.from({ length: 25 }, (_, k) => {
      const day = String((k % 28) + 1).padStart(2, '0');
      return item(`Event number ${k} happened with a fairly long sentence to cut`, `2020-03-${day}`, {
        from: `2020-03-${day}`,
        until: `2020-03-${day}`,
      });
    });
    items[3] = { ...items[3]!, sameEvent: 0 };
    items[20] = { ...items[20]!, sameEvent: 0 };
    const d = drawTimeline('When: many', items, 600);
    laidOutCleanly(d.boxes, d.width, d.height);
    expect(d.svg).toContain(`stroke="${THEME.join}"`);
    const picture = renderPicture({ kind: 'excerpts', command: 'when', title: 'When: many', items }, { scale: SCALE })!;
    const img = decode(picture.png);
    // Halfway along the join, the line's colour (dashes: look at a few points around it).
    const a = d.marks[3]!;
    const b = d.marks[20]!;
    const seen = Array.from(
      { length: 21 },
      (_, t) => pixel(img, a.x + ((b.x - a.x) * (t + 2)) / 25, a.y + ((b.y - a.y) * (t + 2)) / 25).hex,
    );
    expect(seen).toContain(THEME.join);
  });

  it('draws hostile labels (Markdown, right-to-left, emoji, 500 characters, XML) without overlap or failure', () => {
    const hostile = [
      '**bold** __under__ `code` [link](https://x) @everyone <@123>',
      'הממשלה אישרה את התוכנית ביום שני בערב',
      'مجلس المدينة وافق على القرار يوم الاثنين',
      '🎉🔥 emoji 👩‍👩‍👧 and a flag 🇺🇸 at the start',
      'A'.repeat(500),
      'Words '.repeat(100),
      '</text><script>alert(1)</script> & "quotes" \u0007 \uD800 lone',
    ];
    const items = hostile.map((h, k) =>
      item(
        h,
        `2019-0${k + 1}`,
        { from: `2019-0${k + 1}-01`, until: `2019-0${k + 1}-28` },
        {
          source: { id: 'h', title: h, outlet: h, published: '2019-12-01', url: 'https://example.org/' },
        },
      ),
    );
    for (const width of [600, 400]) {
      const d = drawTimeline(`When: ${hostile[0]}`, items, width);
      laidOutCleanly(d.boxes, d.width, d.height);
      // Latin labels are drawn as glyph outlines; right-to-left ones are left to the
      // renderer's text layout, escaped as XML.
      expect(d.svg).toMatch(/<text [^>]*>[^<]*הממשלה/);
      expect(d.svg).not.toContain('<script>');
      const picture = renderPicture(
        { kind: 'excerpts', command: 'when', title: `When: ${hostile[0]}`, items },
        { width },
      )!;
      expect(decode(picture.png).width).toBe(width * SCALE);
    }
  });

  it('an /ask "when" answer has its timeline too, its answer first', () => {
    const answer = askAnswer(engine, 'when did the council pass the ordinance?');
    if (answer.kind !== 'excerpts') throw new Error('not excerpts');
    const dated = answer.items.filter((i) => i.span);
    expect(dated.length).toBeGreaterThan(0);
    expect(answer.items[0]!.span).toEqual({ from: '2017-08-28', until: '2017-08-28' });
    const picture = renderPicture(answer)!;
    expect(picture.alt).toMatch(/^Timeline, for Ask: when did the council pass the ordinance\?: 1\. 28 August 2017/);
  });

  it('is no picture for an answer without dates', () => {
    expect(renderPicture({ kind: 'excerpts', command: 'search', title: 'Search: x', items: [] })).toBeUndefined();
  });
});

describe('a trend picture', () => {
  it('/trend hancock on the built-in coverage: one bar per month with articles, stacked by outlet', () => {
    const answer = trendAnswer(engine, 'hancock') as Extract<Answer, { kind: 'trend' }>;
    const { trend } = answer;
    for (const width of [600, 400]) {
      const d = drawTrend(answer.title, trend, width);
      laidOutCleanly(d.boxes, d.width, d.height);
      expect(d.bars.map((b) => b.bucket)).toEqual(trend.buckets.flatMap((b, i) => (b.total > 0 ? [i] : [])));
      const img = decode(renderPicture(answer, { width, scale: SCALE })!.png);
      const max = Math.max(...trend.buckets.map((b) => b.total));
      for (const bar of d.bars) {
        const bucket = trend.buckets[bar.bucket]!;
        // The bottom segment is the first outlet with articles in that period, in its colour.
        const first = bucket.counts.findIndex((n) => n > 0);
        expect(pixel(img, bar.x + bar.width / 2, bar.bottom - 2).hex).toBe(THEME.series[first]);
        // Heights in proportion to the counts.
        expect(
          (bar.bottom - bar.top) /
            (d.bars.find((b) => trend.buckets[b.bucket]!.total === max)!.bottom -
              d.bars.find((b) => trend.buckets[b.bucket]!.total === max)!.top),
        ).toBeCloseTo(bucket.total / max, 1);
      }
      // Between the bars, nothing: an empty month is a gap, not a line through it.
      const empty = trend.buckets.findIndex((b) => b.total === 0);
      expect(empty).toBeGreaterThan(-1);
    }
    expect(d0(answer).alt).toContain('Bar chart of the articles that mention hancock, by month');
  });

  it('hostile outlet names and titles fit the legend and the note', () => {
    const long = 'An outlet with a name so long it could never fit on one line of a legend '.repeat(3);
    const trend = {
      topic: 'x',
      unit: 'month' as const,
      outlets: [long, '**md**', 'עברית', '🎉', 'others'],
      buckets: Array.from({ length: 36 }, (_, k) => ({
        from: `${2017 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`,
        until: `${2017 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-28`,
        label: `month ${k}`,
        counts: [k % 3, 1, 0, k % 2, 2],
        total: (k % 3) + 1 + (k % 2) + 2,
        busiest: { id: 'a', title: long, outlet: long, published: '2018-01-01', url: 'https://example.org/' },
      })),
      articles: 200,
      peak: 5,
    };
    for (const width of [600, 400]) {
      const d = drawTrend(`Trend: ${long}`, trend, width);
      laidOutCleanly(d.boxes, d.width, d.height);
    }
  });
});

function d0(answer: Answer) {
  return renderPicture(answer)!;
}
