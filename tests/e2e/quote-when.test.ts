// /quote, /when and /speakers end to end: the real Bot against the loopback Discord,
// every body checked against Discord's OpenAPI description and limits.
import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_TITLE,
  MAX_EMBEDS_TOTAL,
  MAX_MESSAGE_LENGTH,
} from '../../src/render/limits.ts';
import { startBot, type RunningBot } from '../support/bot.ts';
import { builtInEngine, markdownArticle, tempCorpus } from '../support/corpus.ts';

let b: RunningBot;
beforeAll(async () => {
  b = await startBot();
});
afterAll(async () => {
  try {
    expect(b.discord.violations).toEqual([]);
  } finally {
    await b.stop();
  }
});

type Body = {
  type: number;
  data: {
    embeds: APIEmbed[];
    components: unknown[];
    content?: string;
    choices?: Array<{ name: string; value: string }>;
  };
};
async function command(name: string, options: Record<string, string>): Promise<Body> {
  return (await (await b.discord.interaction({ type: 'command', name, options })).response()) as Body;
}
const embed = (body: Body) => body.data.embeds[0]!;
/** Markdown-escaped text as the reader sees it. */
const plain = (s: string | undefined) => (s ?? '').replace(/\\(.)/g, '$1');

function withinLimits(body: Body['data']): void {
  expect(String(body.content ?? '').length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  let total = 0;
  for (const e of body.embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(MAX_EMBED_TITLE);
    expect((e.description ?? '').length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
  }
  expect(total).toBeLessThanOrEqual(MAX_EMBEDS_TOTAL);
}

it('answers from an engine where this test project puts it (vitest.config.ts runs this file both ways)', ({ task }) => {
  expect(b.answering.where).toBe(task.file.projectName === 'engine-thread' ? 'engine thread' : 'this thread');
});

describe('/quote in Discord', () => {
  it('gives Hancock’s words verbatim in quote marks, his name in bold, the source linked', async () => {
    const body = await command('quote', { speaker: 'hancock' });
    const e = embed(body);
    expect(plain(e.title)).toBe('Quotes: Michael Hancock, Denver Mayor');
    const first = e.description!.split('\n\n')[0]!;
    expect(first).toMatch(/^\*\*1\.\*\* \*\*Michael Hancock\*\*: “/);
    expect(plain(first)).toContain('These deportation raids need to stop, and these detention centers need to close');
    expect(first).toContain('](<https://gazette.com/');
    expect(body.data.components.length).toBe(1); // more than one page: buttons
    withinLimits(body.data);
  });

  it('marks a paraphrase as such and never puts it in quote marks', async () => {
    const e = embed(await command('quote', { speaker: 'sessions' }));
    const text = plain(e.description).replace(/\*\*/g, '');
    expect(text).toContain('Jeff Sessions (paraphrased): cities must allow ICE agents');
    expect(text).not.toContain('“cities must allow');
  });

  it('offers speakers while the speaker is typed, within Discord’s limits', async () => {
    const handle = await b.discord.interaction({
      type: 'autocomplete',
      name: 'quote',
      focused: 'speaker',
      options: { speaker: 'pa' },
    });
    const { data } = (await handle.response()) as Body;
    expect(data.choices!.map((c) => c.value)).toContain('Paul Pazen');
    const all = (await (
      await b.discord.interaction({ type: 'autocomplete', name: 'quote', focused: 'speaker', options: { speaker: '' } })
    ).response()) as Body;
    expect(all.data.choices!.length).toBeGreaterThanOrEqual(8);
    expect(all.data.choices!.length).toBeLessThanOrEqual(25);
    for (const c of all.data.choices!) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    const topic = (await (
      await b.discord.interaction({
        type: 'autocomplete',
        name: 'quote',
        focused: 'topic',
        options: { speaker: 'hancock', topic: 'ordin' },
      })
    ).response()) as Body;
    expect(topic.data.choices!.map((c) => c.value)).toContain('ordinance');
  });
});

describe('/when in Discord', () => {
  it('lists the ordinance’s events oldest first, each with its date in bold and its source', async () => {
    const e = embed(await command('when', { topic: 'ordinance' }));
    const items = e.description!.split('\n\n');
    const dates = items.map((i) => /^\*\*\d+\.\*\* \*\*([^*]+)\*\*/.exec(i)?.[1]);
    expect(dates).toEqual(['2017', '16 August 2017', '21 August 2017', '28 August 2017']);
    expect(items[2]).toContain('(scheduled)');
  });

  it('keeps /when and /quote within the limits over words drawn from the coverage', async () => {
    const engine = await builtInEngine();
    const words = [...new Set(engine.articles.flatMap((a) => a.text.toLowerCase().match(/[a-z]{6,}/g) ?? []))]
      .filter((_, i) => i % 17 === 0)
      .slice(0, 12);
    for (const w of words) {
      withinLimits((await command('when', { topic: w })).data);
      withinLimits((await command('quote', { speaker: w })).data);
    }
  });
});

describe('plain questions in direct messages', () => {
  it('answers "what did Pazen say?" with his quotes and "when did the council pass the ordinance?" with its date, through /ask', async () => {
    const reader = b.discord.user('asker');
    const pazen = await b.discord.dm(reader, 'what did Pazen say?');
    expect(plain(pazen.embeds[0]!.title)).toBe('Ask: what did Pazen say?');
    expect(plain(pazen.embeds[0]!.description)).toContain('Paul Pazen');
    const when = await b.discord.dm(reader, 'when did the council pass the ordinance?');
    expect(plain(when.embeds[0]!.title)).toMatch(/^Ask: /);
    expect(when.embeds[0]!.description).toContain('28 August 2017');
  });
});

describe('a quote from a hostile article', () => {
  it('stays escaped and pings nobody', async () => {
    const made = await tempCorpus({
      'x.md': markdownArticle(
        { id: 'x' },
        '“Everyone *must* read __this__ @everyone <@&123456789012345678>,” Mayor Jane Doe said.\n',
      ),
    });
    const hostile = await startBot({ corpusDir: made.dir });
    try {
      const body = (await (
        await hostile.discord.interaction({ type: 'command', name: 'quote', options: { speaker: 'doe' } })
      ).response()) as Body;
      const d = body.data.embeds[0]!.description!;
      expect(d).toContain('\\*must\\*');
      expect(d).toContain('\\_\\_this\\_\\_');
      expect(d).not.toMatch(/(^|[^\\])@everyone/);
      expect((body.data as Record<string, unknown>).allowed_mentions).toMatchObject({ parse: [] });
      expect(hostile.discord.violations).toEqual([]);
    } finally {
      await hostile.stop();
      await made.cleanup();
    }
  });
});
