// The draw of the furniture fixture's held-out lines (tests/fixtures/furniture/README.md):
// which lines of the real data are held out, chosen by a fixed seed and the line's text
// alone, never by what the cleaner says. The eval test checks that the held-out lines are
// exactly this draw, so none was swapped after the rules were seen.
//
//   node --import tsx tests/support/furniture-draw.ts > draw.jsonl   (the lines, unlabelled, with context)
import { createHash } from 'node:crypto';
import { docRef, FURNITURE_SOURCES, type FurnitureSource, type SourceDoc } from './furniture-data.ts';

/** The seed of the held-out draw: changing it draws another set (and the labels must be redone). */
export const HELD_OUT_SEED = 'furniture-held-out-2';

/** Lines drawn per source: half uniform, half from lines that look like furniture might. */
export const HELD_OUT_PER_SOURCE: Record<FurnitureSource, number> = {
  wikinews: 80,
  bbc: 76,
  polnear: 76,
  'news-pages': 90,
};

/** At most this many lines of one document in each half (news-pages has 36 documents only). */
const PER_DOC: Record<FurnitureSource, number> = { wikinews: 1, bbc: 1, polnear: 1, 'news-pages': 2 };

/**
 * A line that might be furniture, by its text alone: short, without a sentence's end, or
 * with a word captions, credits, prompts and stamps carry. Over-sampling these makes the
 * rare furniture numerous enough to measure; the story lines they bring test precision.
 */
const CUE =
  /\b(?:image|photo|picture|credit|getty|reuters|afp|associated press|share|follow|newsletter|subscribe|sign up|related|read more|comments?|updated|published|copyright|rights reserved|advertisement|by|watch|video|gallery|click|email|twitter|facebook)\b|©|\d{1,2}:\d{2}/i;

function likely(text: string): boolean {
  const words = text.split(/\s+/).length;
  return words <= 15 || !/[.!?:…]["'”’)\]]*$/.test(text) || CUE.test(text);
}

const hash = (s: string) => createHash('sha1').update(`${HELD_OUT_SEED}:${s}`).digest('hex');

export interface DrawnLine {
  source: FurnitureSource;
  file: string;
  row?: number;
  line: number;
  /** Which half drew it. */
  pool: 'uniform' | 'likely';
  text: string;
}

/**
 * The held-out draw. `exclude` holds the references (`docRef`) of documents the dev lines
 * come from, and `excludeLines` the `ref:line` of lines already labelled: held-out lines
 * come from other documents where a source has enough (all but news-pages), and are
 * never a labelled line.
 */
export function drawHeldOut(
  docs: Iterable<SourceDoc>,
  exclude: ReadonlySet<string>,
  excludeLines: ReadonlySet<string>,
): DrawnLine[] {
  const out: DrawnLine[] = [];
  const all = [...docs];
  for (const source of FURNITURE_SOURCES) {
    const fromOthers = source !== 'news-pages';
    const candidates = all
      .filter((d) => d.source === source && !(fromOthers && exclude.has(docRef(d))))
      .flatMap((d) =>
        d.lines.flatMap((raw, k) => {
          const text = raw.trim();
          const key = `${docRef(d)}:${k + 1}`;
          if (text === '' || excludeLines.has(key)) return [];
          return [{ d, line: k + 1, text, key, h: hash(key) }];
        }),
      )
      .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
    const taken = new Set<string>();
    const want = HELD_OUT_PER_SOURCE[source];
    for (const pool of ['uniform', 'likely'] as const) {
      const perDoc = new Map<string, number>();
      const n = pool === 'uniform' ? Math.floor(want / 2) : want - Math.floor(want / 2);
      let got = 0;
      for (const c of candidates) {
        if (got === n) break;
        if (taken.has(c.key) || (pool === 'likely' && !likely(c.text))) continue;
        const ref = docRef(c.d);
        if ((perDoc.get(ref) ?? 0) >= PER_DOC[source]) continue;
        perDoc.set(ref, (perDoc.get(ref) ?? 0) + 1);
        taken.add(c.key);
        got++;
        out.push({
          source,
          file: c.d.file,
          ...(c.d.row !== undefined && { row: c.d.row }),
          line: c.line,
          pool,
          text: c.text,
        });
      }
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { allSourceDocs } = await import('./furniture-data.ts');
  const { labelledLines } = await import('./furniture-eval.ts');
  const docs = await allSourceDocs();
  const dev = labelledLines().filter((l) => l.split === 'dev');
  const drawn = drawHeldOut(
    docs.values(),
    new Set(dev.map((l) => docRef(l))),
    new Set(dev.map((l) => `${docRef(l)}:${l.line}`)),
  );
  for (const l of drawn) {
    const d = docs.get(docRef(l))!;
    // The non-blank lines around, and whether a wide gap (3 blank lines or more) comes before it.
    const near = (from: number, step: number) => {
      const got: string[] = [];
      for (let k = from; k >= 0 && k < d.lines.length && got.length < 2; k += step)
        if (d.lines[k]!.trim() !== '') got.push(d.lines[k]!.trim().slice(0, 200));
      return step < 0 ? got.reverse() : got;
    };
    const wideGap = /\n\s*\n\s*\n\s*\n/.test(d.lines.slice(0, l.line - 1).join('\n'));
    const context = { before: near(l.line - 2, -1), after: near(l.line, 1), wideGap };
    process.stdout.write(JSON.stringify({ ...l, title: d.title, of: d.lines.length, ...context }) + '\n');
  }
}
