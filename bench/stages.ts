// Where a cold build's time goes: the steps of extractArticle and EngineAssembler (src/engine/engine.ts)
// in one thread, with a timer around each stage. It builds nothing it keeps; it exists to
// explain the build figure, and must be kept in step with those by hand.
import MiniSearch from 'minisearch';
import type { Article } from '../src/corpus/types.ts';
import { WordLookupsBuilder } from '../src/engine/engine.ts';
import { extractEvents, type DatedEvent } from '../src/dates/index.ts';
import { buildSpeakerDirectory, extractQuotes } from '../src/quotes/index.ts';
import type { Quote } from '../src/quotes/index.ts';
import { IndexBuilder } from '../src/search/index.ts';
import { memoProcessTerm } from '../src/search/terms.ts';
import { cleanArticle } from '../src/text/clean.ts';
import { splitPassages } from '../src/text/passages.ts';
import { sentences } from '../src/text/sentences.ts';

export interface StageTimes {
  /** Seconds per stage, in build order. */
  cleanArticle: number;
  extractQuotes: number;
  sentences: number;
  extractEvents: number;
  splitPassages: number;
  dedupAndSpeakers: number;
  indexAddAll: number;
  /** The quotes' and dated sentences' words (WordLookupsBuilder, fed as the assembler gets each article). */
  wordLookups: number;
  speakerDirectory: number;
  /** Plain MiniSearch over the same passage texts, for scale. */
  plainAddAll: number;
}

export function timeStages(articles: readonly Article[]): StageTimes {
  const t = {
    cleanArticle: 0,
    extractQuotes: 0,
    sentences: 0,
    extractEvents: 0,
    splitPassages: 0,
    dedupAndSpeakers: 0,
    indexAddAll: 0,
    wordLookups: 0,
    speakerDirectory: 0,
    plainAddAll: 0,
  };
  const lap = <T>(stage: keyof StageTimes, f: () => T): T => {
    const start = performance.now();
    try {
      return f();
    } finally {
      t[stage] += (performance.now() - start) / 1000;
    }
  };
  type P = { articleId: string; start: number; end: number; speakers?: Set<string> };
  const passages: P[] = [];
  const byText = new Map<string, P>();
  const quotes: Quote[] = [];
  const events: DatedEvent[] = [];
  for (const article of articles) {
    const clean = lap('cleanArticle', () => cleanArticle(article));
    const articleQuotes = lap('extractQuotes', () => extractQuotes(article, clean.paragraphs));
    quotes.push(...articleQuotes);
    const spans = lap('sentences', () => clean.paragraphs.flatMap((p) => sentences(article.text, p.start, p.end)));
    events.push(...lap('extractEvents', () => extractEvents(article, spans)));
    const split = lap('splitPassages', () => splitPassages(article.text, clean.paragraphs));
    lap('dedupAndSpeakers', () => {
      for (const span of split) {
        const key = article.text.slice(span.start, span.end).replace(/\s+/g, ' ').normalize('NFC');
        let p = byText.get(key);
        if (p) continue;
        byText.set(key, (p = { articleId: article.id, ...span }));
        passages.push(p);
        for (const q of articleQuotes)
          if (q.start < span.end && q.end > span.start) (p.speakers ??= new Set()).add(q.speaker.name);
      }
    });
  }
  const byId = new Map(articles.map((a) => [a.id, a]));
  const docs = passages.map((p, id) => ({
    id,
    text: byId.get(p.articleId)!.text.slice(p.start, p.end),
    title: byId.get(p.articleId)!.title,
    speakers: [...(p.speakers ?? [])].join(' '),
  }));
  lap('indexAddAll', () => {
    const builder = new IndexBuilder(memoProcessTerm());
    for (const d of docs) builder.add(d);
    builder.finish();
  });
  lap('wordLookups', () => {
    const words = new WordLookupsBuilder(memoProcessTerm().process);
    for (const q of quotes) words.addQuote(q.text);
    for (const e of events) words.addEvent(byId.get(e.articleId)!.text.slice(e.start, e.end));
    words.done();
  });
  lap('speakerDirectory', () => buildSpeakerDirectory(quotes));
  lap('plainAddAll', () => new MiniSearch({ fields: ['text'] }).addAll(docs.map((d) => ({ id: d.id, text: d.text }))));
  return t;
}
