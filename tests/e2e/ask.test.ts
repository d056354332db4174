// /ask end to end: the same question through a slash command, a direct message, a mention
// and the command line gets the same answer; `private:true` makes the slash reply ephemeral.
import { MessageFlags, type APIEmbed } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.ts';
import { startBot, type RunningBot } from '../support/bot.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { InteractionHandle } from '../support/discord/index.ts';

const run = promisify(execFile);

function embedOf(body: { embeds?: APIEmbed[] } | Record<string, any>): APIEmbed {
  const embed = (body.embeds as APIEmbed[] | undefined)?.[0];
  if (!embed) throw new Error(`no embed in ${JSON.stringify(body)}`);
  return embed;
}

async function replyOf(handle: InteractionHandle): Promise<{ type: number; data: Record<string, any> }> {
  return (await handle.response()) as { type: number; data: Record<string, any> };
}

/** Markdown-escaped text as the reader sees it, bold marks and all removed. */
const plain = (s: string | undefined) =>
  (s ?? '')
    .replace(/\\(.)/g, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/\u200B/g, '');

/** The answer block of a reply: the line under "Answer" and its citation. */
function answerBlock(embed: APIEmbed): string {
  const description = plain(embed.description);
  const at = description.indexOf('Answer\n');
  if (at < 0) throw new Error(`no Answer in ${description}`);
  return description.slice(at, description.indexOf('\n\n', at) >>> 0);
}

const QUESTIONS = [
  ['when did the council pass the ordinance?', /Monday limiting how the city works/, /28 August 2017/],
  ['who said these deportation raids need to stop?', /These deportation raids need to stop/, /Michael Hancock/],
  ['how many people marched in Colorado Springs?', /about 150 people marched/, /gazette/],
] as const;

describe('/ask end to end', () => {
  let b: RunningBot;
  beforeAll(async () => {
    b = await startBot();
  });
  afterEach(() => expect(b.discord.violations).toEqual([]));
  afterAll(async () => {
    await b?.stop();
  });

  it.each(QUESTIONS)(
    'answers "%s" the same by slash command, DM, mention and the command line',
    async (question, words, also) => {
      const slash = embedOf(
        (await replyOf(await b.discord.interaction({ type: 'command', name: 'ask', options: { question } }))).data,
      );
      const dm = embedOf(await b.discord.dm(b.discord.user('asker'), question));
      const mention = embedOf(await b.discord.message(question, { mentionBot: true }));
      const answer = answerBlock(slash);
      expect(answer).toMatch(words);
      expect(plain(slash.description)).toMatch(also);
      expect(answerBlock(dm)).toBe(answer);
      expect(answerBlock(mention)).toBe(answer);
      expect(plain(slash.title)).toBe(`Ask: ${question}`);
      expect(plain(dm.title)).toBe(plain(slash.title));

      // The command line: `coverage-bot ask '<question>' --json` names the same sentence and source.
      const { stdout } = await run(process.execPath, [BIN, 'ask', '--json', question], {
        env: { PATH: process.env.PATH ?? '' },
      });
      const json = JSON.parse(stdout) as {
        answered: boolean;
        items: Array<{ excerpt: string; source: { url: string } }>;
      };
      expect(json.answered).toBe(true);
      expect(answer).toContain(json.items[0]!.excerpt.replace(/\s+/g, ' ').slice(0, 60));
    },
  );

  it('says "The coverage does not say" first, in every entry point, when the coverage does not answer', async () => {
    const question = 'when did Denver repeal the sanctuary ordinance?';
    const slash = embedOf(
      (await replyOf(await b.discord.interaction({ type: 'command', name: 'ask', options: { question } }))).data,
    );
    const dm = embedOf(await b.discord.dm(b.discord.user('asker'), question));
    for (const embed of [slash, dm]) {
      expect(plain(embed.description)).toMatch(/^The coverage does not say when that happened\./);
      expect(plain(embed.description)).not.toContain('Answer\n');
    }
  });

  it('replies to the asker only with private:true, and to the channel without it', async () => {
    const question = 'who is Paul Pazen?';
    const hidden = await replyOf(
      await b.discord.interaction({ type: 'command', name: 'ask', options: { question, private: true } }),
    );
    expect(hidden.data.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(plain(embedOf(hidden.data).description)).toContain('Denver Police Chief');
    const shown = await replyOf(await b.discord.interaction({ type: 'command', name: 'ask', options: { question } }));
    expect((shown.data.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
    const search = await replyOf(
      await b.discord.interaction({ type: 'command', name: 'search', options: { query: 'detainer', private: true } }),
    );
    expect(search.data.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });

  it('still runs commands typed in a DM, and searches words that are not a question', async () => {
    const reader = b.discord.user('dm-commands');
    expect(plain(embedOf(await b.discord.dm(reader, 'when ordinance')).title)).toBe('When: ordinance');
    expect(plain(embedOf(await b.discord.dm(reader, 'valles')).title)).toBe('Search: valles');
    expect(plain(embedOf(await b.discord.dm(reader, 'when did the council pass the ordinance?')).title)).toBe(
      'Ask: when did the council pass the ordinance?',
    );
  });
});
