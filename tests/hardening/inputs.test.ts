// Generated hostile input thrown at the parser, the router, every command and the
// renderers: nothing throws, every Discord body is one Discord accepts, nothing can ping,
// every excerpt is a slice of its article, and a query's cost stays bounded.
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { answerLine } from '../../src/answers/answer.ts';
import type { Answer } from '../../src/answers/types.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { Pages, escapeMarkdown, toDiscordPage, toDiscordText } from '../../src/render/discord.ts';
import { toJson } from '../../src/render/json.ts';
import { toTerminal } from '../../src/render/terminal.ts';
import { parseCommandLine } from '../../src/request/parse.ts';
import { routeMessage } from '../../src/request/route.ts';
import { MAX_QUERY_TERMS, queryTerms, searchIndex } from '../../src/search/index.ts';
import { processTerm, words } from '../../src/search/terms.ts';
import { builtInEngine } from '../support/corpus.ts';
import { checkBody } from '../support/discord/index.ts';

/** Fixed, so a failure reproduces; the count is in each test's name. */
const SEED = 20_240_808;
const RUNS = 150;
const params = (numRuns = RUNS) => ({ seed: SEED, numRuns, endOnFailure: true });

let engine: Engine;
beforeAll(async () => {
  engine = await builtInEngine();
});

// ---- what people type ------------------------------------------------------------------

const NASTY = [
  '',
  ' ',
  '\t\n\r',
  '\u0000',
  '\u0007\u001b[31m',
  '\u007f',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  '👩‍👩‍👧‍👦',
  '🇺🇸',
  'e\u0301\u0301\u0301',
  'Z̴̡̢̛͎̗a̷l̸g̶o̵',
  'مرحبا بالعالم',
  'שלום',
  '\u200f',
  '漢字',
  '**bold**',
  '__u__',
  '~~s~~',
  '||spoiler||',
  '> quote',
  '# heading',
  '```js\nx\n```',
  '`',
  '[link](https://evil.example)',
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<@&123456789012345678>',
  '<#123456789012345678>',
  'https://example.com/a?b=c#d',
  'http://[::1]/',
  'javascript:alert(1)',
  '"',
  '“',
  '”',
  "'",
  '‘',
  'query:"',
  'speaker:',
  'topic:“unclosed',
  'query:',
  'speaker:"a" topic:\'b',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '\\',
  '^',
  '$',
  '.*',
  '.+?',
  '(a+)+$',
  '|',
  '*',
  '?',
  '+',
  'a*',
  '?*',
  '**',
  '???',
  'ordinance',
  'Hancock',
  'ICE',
  'sanctuary',
  'immigration',
  'council',
  'said',
  'the',
  'a',
  'denver',
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{1,12}$/) },
);

/** A line of words and junk, sometimes huge (6,000 characters, thousands of terms). */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.array(piece, { maxLength: 20 }).map((p) => p.join(' ')) },
  {
    weight: 1,
    arbitrary: piece.map((p) => (p || 'x').repeat(Math.ceil(6_000 / Math.max(1, (p || 'x').length))).slice(0, 6_000)),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1_000, max: 3_000 })
      .map((n) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '*',
      '?',
      'a*',
      'b*',
      'ab*',
      '"',
      '“',
      ' ',
      '',
      '\u0000'.repeat(6_000),
      '@everyone '.repeat(600),
    ),
  },
);

const commandNames = [...commands.map((c) => c.definition.name), 'nope', 'HELP', ''];
const commandLine = fc
  .tuple(fc.constantFrom('/', '', '//'), fc.constantFrom(...commandNames), text)
  .map(([s, n, t]) => `${s}${n} ${t}`);

// ---- what every reply must be ------------------------------------------------------------

/** Raw `@everyone`/`@here` in a body (escaped ones carry a zero-width space after the @). */
const RAW_MASS_MENTION = /@(?:everyone|here)/;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

let bodiesChecked = 0;
/** Discord accepts the body (spec + limits), and it cannot ping anyone. */
function expectSendable(body: ReturnType<typeof toDiscordText>): void {
  bodiesChecked++;
  expect(checkBody('create_interaction_response', { type: 4, data: body })).toEqual([]);
  expect(checkBody('create_message', body)).toEqual([]);
  expect(body.allowed_mentions).toEqual({ parse: [] });
  for (const s of strings({ content: body.content, embeds: body.embeds })) expect(s).not.toMatch(RAW_MASS_MENTION);
}

/** Every page of `answer` and its JSON/terminal forms; every excerpt a slice of its article. */
function expectWellFormed(answer: Answer): void {
  const pages = new Pages(answer);
  for (let i = 0; pages.page(i); i++) expectSendable(toDiscordPage(pages, i, 'abcDEF123_-x'));
  expect(() => toJson(answer)).not.toThrow();
  expect(() => toTerminal(answer, { color: true, limit: 5 })).not.toThrow();
  if (answer.kind !== 'excerpts') return;
  for (const item of answer.items) {
    const article = engine.article(item.source.id);
    expect(article, item.source.id).toBeDefined();
    expect(article!.text.slice(item.start, item.end)).toBe(item.excerpt);
    for (const [s, e] of item.highlights) expect(0 <= s && s <= e && e <= item.excerpt.length).toBe(true);
  }
}

async function answerAll(line: string, reload = false): Promise<void> {
  const answered = await answerLine(line, {
    engine,
    commands,
    reload: reload ? async () => ({ ok: true, added: [], removed: [], changed: [], articles: 0, ms: 0 }) : undefined,
  });
  if (answered.ok) expectWellFormed(answered.answer);
  else expectSendable(toDiscordText(`${answered.error}\nWrite "help" to see what I can answer.`));
}

describe('hostile input', () => {
  it(`parses ${RUNS} generated command lines (seed ${SEED}) without throwing, and answers each sendably`, async () => {
    await fc.assert(
      fc.asyncProperty(commandLine, async (line) => {
        const parsed = parseCommandLine(line, commands, engine);
        if (!parsed.ok) expect(parsed.error.length).toBeLessThan(2_000);
        await answerAll(line);
      }),
      params(),
    );
  });

  it(`routes ${RUNS} generated direct messages (seed ${SEED}) to a command line that is answered sendably`, async () => {
    await fc.assert(
      fc.asyncProperty(text, async (dm) => {
        const line = routeMessage(dm, commands);
        expect(typeof line).toBe('string');
        await answerAll(line);
      }),
      params(),
    );
  });

  it(`runs every command's execute on ${RUNS} generated slash options each (seed ${SEED})`, async () => {
    const options = fc.dictionary(fc.constantFrom('query', 'speaker', 'topic', 'other'), text, { maxKeys: 3 });
    for (const command of commands) {
      if (command.adminOnly) continue;
      await fc.assert(
        fc.asyncProperty(options, async (opts) => {
          const answer = await command.execute(opts, { engine, commands });
          expectWellFormed(answer);
        }),
        params(command.definition.options?.length ? RUNS : 10),
      );
    }
  });

  it(`autocompletes ${RUNS} generated partial inputs per option (seed ${SEED}) within Discord's choice limits`, () => {
    for (const command of commands) {
      for (const option of command.definition.options ?? []) {
        if (!('autocomplete' in option) || !option.autocomplete) continue;
        fc.assert(
          fc.property(text, (typed) => {
            const choices = command.autocomplete!(option.name, typed, engine);
            bodiesChecked++;
            expect(checkBody('create_interaction_response', { type: 8, data: { choices } })).toEqual([]);
          }),
          params(),
        );
      }
    }
  });

  it(`renders ${RUNS} generated answers (hostile titles, messages, excerpts; seed ${SEED}) as sendable pages`, () => {
    const article = engine.articles[0]!;
    const slice = fc
      .tuple(fc.nat(article.text.length), fc.nat(2_000))
      .map(([s, n]) => [s, Math.min(article.text.length, s + n)] as const);
    const item = fc.record({
      at: slice,
      speaker: fc.option(text, { nil: undefined }),
      dateLabel: fc.option(text, { nil: undefined }),
      hi: fc.array(fc.tuple(fc.nat(900), fc.nat(40)), { maxLength: 5 }),
    });
    const answer = fc
      .record({ title: text, message: fc.option(text, { nil: undefined }), items: fc.array(item, { maxLength: 30 }) })
      .map(({ title, message, items }): Answer => ({
        kind: 'excerpts',
        command: 'search',
        title,
        message,
        items: items.map(({ at: [s, e], speaker, dateLabel, hi }) => ({
          excerpt: article.text.slice(s, e),
          start: s,
          end: e,
          highlights: hi
            .map(([a, n]) => [Math.min(a, e - s), Math.min(a + n, e - s)] as [number, number])
            .sort((x, y) => x[0] - y[0]),
          source: {
            ...engine.source(article.id),
            title: title.slice(0, 500) || 'x',
            outlet: title.slice(0, 200) || 'x',
          },
          alsoIn: [],
          speaker,
          dateLabel,
          kind: 'direct',
        })),
      }));
    fc.assert(
      fc.property(answer, (a) => {
        expectWellFormed(a);
      }),
      params(),
    );
    fc.assert(
      fc.property(text, fc.boolean(), (t, ephemeral) => {
        expectSendable(toDiscordText(t, { ephemeral }));
      }),
      params(),
    );
    // Escaped text shows what was typed: every Markdown character is preceded by a backslash.
    fc.assert(
      fc.property(text, (t) => {
        expect(
          escapeMarkdown(t)
            .replace(/\\(.)/g, '$1')
            .replace(/@\u200B/g, '@'),
        ).toBe(t);
      }),
      params(),
    );
  });

  it('checked every body it rendered', () => {
    // Printed for the README's table.
    console.log(`hardening/inputs: ${bodiesChecked} Discord bodies checked against the spec and limits (seed ${SEED})`);
    expect(bodiesChecked).toBeGreaterThan(RUNS * 5);
  });
});

describe("a query's cost", () => {
  /** The index's vocabulary as a radix tree, built as the engine's index builds it. */
  let vocabulary: SearchableMap<true>;
  beforeAll(() => {
    const terms = new Set<string>();
    for (const p of engine.passages) {
      for (const w of words(engine.text(p))) {
        const t = processTerm(w.word);
        if (t) terms.add(t);
      }
      for (const w of words(engine.source(p.articleId).title)) {
        const t = processTerm(w.word);
        if (t) terms.add(t);
      }
    }
    vocabulary = new SearchableMap();
    for (const t of terms) vocabulary.set(t, true);
  });

  /** How many index terms MiniSearch may visit for `terms` with searchIndex's prefix and fuzzy rules. */
  function expansion(terms: string[]): { perTerm: number; total: number } {
    let perTerm = 0;
    let total = 0;
    for (const t of terms) {
      const prefix = t.length >= 4 ? vocabulary.atPrefix(t).size : 0;
      const fuzzy = t.length >= 5 ? vocabulary.fuzzyGet(t, t.length >= 9 ? 2 : 1).size : 0;
      perTerm = Math.max(perTerm, prefix + fuzzy + 1);
      total += prefix + fuzzy + 1;
    }
    return { perTerm, total };
  }

  const expensive = [
    ['a thousand terms', Array.from({ length: 1_000 }, (_, i) => `term${i} council${i}`).join(' ')],
    ['6,000 characters of one word', 'immigration '.repeat(500)],
    [
      '6,000 characters of distinct words',
      Array.from({ length: 1_200 }, (_, i) => (i * 7919).toString(36))
        .join(' ')
        .slice(0, 6_000),
    ],
    ['a lone prefix "a*"', 'a*'],
    ['one-letter prefixes', 'b* c* d* e* f* g* h* i* j* k* l* m* n* o* p* q* r* s* t* u* v* w* x* y* z*'],
    ['two-letter prefixes', 'co* de* im* ma* po* re* sa* st*'],
    ['lone wildcards', '* ? ** ?? *?'],
  ] as const;

  it.each(expensive)(
    'cuts %s to at most MAX_QUERY_TERMS terms, each touching a bounded share of the vocabulary',
    (_what, query) => {
      const terms = queryTerms(query);
      expect(terms.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
      const { perTerm, total } = expansion(terms);
      // No term expands to a large part of the vocabulary (a 1-2 letter prefix would).
      expect(perTerm).toBeLessThan(Math.max(50, vocabulary.size * 0.02));
      expect(total).toBeLessThanOrEqual(MAX_QUERY_TERMS * Math.max(50, vocabulary.size * 0.02));
      // And the query is answered.
      expect(Array.isArray(engine.search(query, 25))).toBe(true);
    },
  );

  it('passes MiniSearch only the cut terms (counted through its own search call)', () => {
    const seen: string[][] = [];
    const index = new MiniSearch<{ id: number; text: string; title: string; speakers: string }>({ fields: ['text'] });
    index.add({ id: 0, text: 'council', title: '', speakers: '' });
    const original = index.search.bind(index);
    index.search = ((q: string, o?: object) => {
      seen.push(String(q).split(' '));
      return original(q, o);
    }) as typeof index.search;
    searchIndex(index, Array.from({ length: 5_000 }, (_, i) => `word${i}`).join(' '), 10);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.length).toBe(MAX_QUERY_TERMS);
  });

  it('autocomplete of 100 characters of one-letter words visits at most twice the vocabulary', () => {
    // suggestTerms prefix-matches every term it is given (that is what completes "sanct ci");
    // what bounds it is topicChoices cutting the typed text to 100 characters.
    const typed = 'b c d e f g h i j k l m n o p q r s t u v w x y z '.repeat(4).slice(0, 100);
    const terms = typed
      .split(' ')
      .map((w) => processTerm(w))
      .filter((t): t is string => t !== null);
    const touched = terms.reduce((n, t) => n + vocabulary.atPrefix(t).size, 0);
    console.log(
      `hardening/cost: autocomplete of ${terms.length} one-letter words touches ${touched} of ${vocabulary.size} index terms`,
    );
    expect(touched).toBeLessThanOrEqual(2 * vocabulary.size);
    expect(() => engine.suggestTerms(typed, 25)).not.toThrow();
  });
});
