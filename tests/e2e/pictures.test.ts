// Pictures in Discord: a timeline under /when and a chart under /trend, uploaded as
// multipart/form-data (payload_json plus files[n]) that the loopback Discord checks
// against Discord's API description, and sent only where the bot may attach files.
import { ChannelType, PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../support/discord/state.ts';
import { startBot, type RunningBot } from '../support/bot.ts';

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

/** The upload that carried `message`'s attachment, decoded. */
function uploadOf(message: APIMessage): { request: RecordedRequest; png: PNG } {
  const request = b.discord.requests.find((r) => r.files && (r.response as APIMessage | undefined)?.id === message.id);
  if (!request?.files) throw new Error(`no upload recorded for message ${message.id}`);
  return { request, png: PNG.sync.read(request.files[0]!.data) };
}

function expectPicture(message: APIMessage, name: string): PNG {
  const [attachment] = message.attachments;
  expect(attachment?.filename).toBe(name);
  expect(attachment?.content_type).toBe('image/png');
  // Alt text for screen readers, within Discord's 1,024 characters.
  expect(attachment?.description?.length).toBeGreaterThan(20);
  expect(attachment?.description?.length).toBeLessThanOrEqual(1024);
  // The embed shows the upload: attachment://name, resolved by Discord to the file's URL.
  expect(message.embeds[0]?.image?.url).toBe(attachment?.url);
  const { request, png } = uploadOf(message);
  expect(request.files![0]!.field).toBe('files[0]');
  expect(attachment!.size).toBe(request.files![0]!.data.length);
  expect(attachment!.size).toBeLessThan(500_000);
  return png;
}

describe('a picture follows the text answer', () => {
  it('/when ordinance: the timeline as a follow-up, after the text reply', async () => {
    const handle = await b.discord.interaction({ type: 'command', name: 'when', options: { topic: 'ordinance' } });
    const response = (await handle.response()) as { data: { embeds: Array<{ description?: string }> } };
    expect(response.data.embeds[0]!.description).toMatch(/28 August 2017/);
    const [picture] = await handle.followUps();
    const png = expectPicture(picture!, 'timeline.png');
    expect(png.width).toBe(900);
    expect(picture!.attachments[0]!.description).toMatch(/^Timeline, about ordinance: 1\. 2017/);
  });

  it('/trend hancock: the chart of articles by month', async () => {
    const handle = await b.discord.interaction({ type: 'command', name: 'trend', options: { topic: 'hancock' } });
    const response = (await handle.response()) as { data: { embeds: Array<{ title?: string; description?: string }> } };
    expect(response.data.embeds[0]!.title).toMatch(/Trend\\?: hancock/);
    const [picture] = await handle.followUps();
    expectPicture(picture!, 'trend.png');
    expect(picture!.attachments[0]!.description).toMatch(/^Bar chart of the articles that mention hancock, by month/);
  });

  it('a mention asking when: the timeline in the channel after the reply', async () => {
    const since = b.discord.requests.length;
    const reply = await b.discord.message('when valles', { mentionBot: true });
    expect(reply.embeds[0]!.description).toMatch(/early February 2017/);
    const upload = await b.discord.waitForRequest('POST /channels/:channel/messages', since + 1);
    expect(upload.files).toBeDefined();
    expectPicture(upload.response as APIMessage, 'timeline.png');
  });

  it('no picture where the bot may not attach files, and none for answers without dates', async () => {
    // A channel where the bot's role is denied Attach Files: Discord's app_permissions say so.
    const noFiles = b.discord.channel(ChannelType.GuildText, { botDeny: PermissionFlagsBits.AttachFiles });
    expect(b.discord.botPermissions(noFiles) & PermissionFlagsBits.AttachFiles).toBe(0n);
    const handle = await b.discord.interaction({
      type: 'command',
      name: 'when',
      options: { topic: 'ordinance' },
      channel: noFiles,
    });
    await handle.response();
    await expect
      .poll(() => b.logs().some((l) => l.msg === 'picture not sent: no Attach Files or Embed Links here'))
      .toBe(true);
    const search = await b.discord.interaction({ type: 'command', name: 'search', options: { query: 'ordinance' } });
    await search.response();
    // A later answer with a picture arrives; neither of those two got one.
    const later = await b.discord.interaction({ type: 'command', name: 'when', options: { topic: 'valles' } });
    await later.followUps();
    expect(handle.record.followUps).toEqual([]);
    expect(search.record.followUps).toEqual([]);
  });
});

describe('the loopback Discord reads uploads as Discord does', () => {
  async function post(form: FormData, path = `/channels/${b.discord.channelId}/messages`): Promise<Response> {
    return fetch(`${b.discord.restUrl}/v10${path}`, {
      method: 'POST',
      body: form,
      headers: { Authorization: `Bot ${b.discord.token}` },
    });
  }
  const png = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });

  it('refuses a field that is neither payload_json nor files[n], files past files[9], and an attachment without its file', async () => {
    const before = b.discord.violations.length;
    const stray = new FormData();
    stray.set('payload_json', JSON.stringify({ content: 'x' }));
    stray.set('content', 'y');
    expect((await post(stray)).status).toBe(400);
    const eleventh = new FormData();
    eleventh.set('payload_json', JSON.stringify({ content: 'x' }));
    eleventh.set('files[10]', png, 'a.png');
    expect((await post(eleventh)).status).toBe(400);
    const missing = new FormData();
    missing.set('payload_json', JSON.stringify({ attachments: [{ id: '1', filename: 'a.png' }] }));
    missing.set('files[0]', png, 'a.png');
    expect((await post(missing)).status).toBe(400);
    const big = new FormData();
    big.set('payload_json', JSON.stringify({ content: 'x' }));
    big.set('files[0]', new Blob([new Uint8Array(10 * 1024 * 1024 + 1)]), 'big.bin');
    const tooBig = await post(big);
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { code: number }).code).toBe(40005);
    // Checked against Discord's description, and each refusal recorded as a violation.
    const bad = new FormData();
    bad.set('payload_json', JSON.stringify({ content: 'x'.repeat(2001) }));
    bad.set('files[0]', png, 'a.png');
    expect((await post(bad)).status).toBe(400);
    expect(b.discord.violations.length - before).toBe(5);
    b.discord.violations.splice(before);
  });

  it('stores a good upload as an attachment', async () => {
    const good = new FormData();
    good.set('payload_json', JSON.stringify({ attachments: [{ id: '0', filename: 'a.png', description: 'alt' }] }));
    good.set('files[0]', png, 'a.png');
    const res = await post(good);
    expect(res.status, JSON.stringify(b.discord.violations)).toBe(200);
    const sent = (await res.json()) as APIMessage;
    expect(sent.attachments[0]).toMatchObject({ filename: 'a.png', size: 4, description: 'alt' });
  });
});
