import type { Answer, ExcerptItem, SourceRef } from '../answers/types.ts';
import { cutAtBoundary } from '../text/cut.ts';
import { askHeading } from './terminal.ts';
import { MAX_EMBED_DESCRIPTION, MAX_EMBED_TITLE, MAX_MESSAGE_LENGTH } from './limits.ts';

/** A message body as Discord's REST API takes it (only the parts the bot uses). */
export interface DiscordMessage {
  content?: string;
  embeds: DiscordEmbed[];
  components: DiscordActionRow[];
  allowed_mentions: { parse: [] };
  flags?: number;
}

export interface DiscordEmbed {
  title?: string;
  description?: string;
  color?: number;
  footer?: { text: string };
}

export interface DiscordActionRow {
  type: 1;
  components: Array<{ type: 2; style: 2; label: string; custom_id: string; disabled?: boolean }>;
}

/** Excerpts per page at the most. */
export const PAGE_ITEMS = 5;
/** One page's description stays under this, leaving room for title and footer (of 6,000). */
export const PAGE_BUDGET = 3_600;
/** An excerpt longer than this is cut at a sentence or a word. */
export const MAX_EXCERPT_CHARS = 900;
const EPHEMERAL = 1 << 6;
const COLOR = 0x2b6cb0;

/** ASCII characters escapeMarkdown changes: 1 for a Markdown character, 2 for "@". */
const MARKDOWN = new Uint8Array(128);
for (const c of '\\*_~`|>#-[]()<:') MARKDOWN[c.charCodeAt(0)] = 1;
MARKDOWN['@'.charCodeAt(0)] = 2;

/**
 * Characters Discord reads as Markdown, escaped so article text stays text: each of
 * \ * _ ~ ` | > # - [ ] ( ) < : gets a backslash before it, and "@" a zero-width space after
 * it (no mention). Every excerpt shown goes through here, so it scans character codes
 * rather than running two regular expressions (tests/render/escape.test.ts compares them).
 */
export function escapeMarkdown(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || MARKDOWN[c] === 0) continue;
    out += text.slice(from, i) + (MARKDOWN[c] === 1 ? `\\${text[i]}` : '@\u200B');
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * An answer's pages, each fitting one Discord message: at most PAGE_ITEMS excerpts and
 * PAGE_BUDGET characters of description. Lists of one-line entries (help, sources,
 * speakers) are bounded by the budget only, so /help stays one page. Pages break between
 * items, never inside one.
 *
 * Pages are made as they are asked for, in order: a reply shows the first page, and the
 * items after it (an answer lists up to 25; /sources thousands) are rendered, and their
 * words marked, only when someone turns to them. So a page knows where it starts and
 * whether more follow, not how many pages there will be.
 */
export class Pages {
  readonly answer: Answer;
  /** Rendered blocks, by item, as far as pages have been made. */
  readonly #blocks: string[] = [];
  /** Where each page made so far ends (exclusive), in items. */
  readonly #ends: number[] = [];

  constructor(answer: Answer) {
    this.answer = answer;
  }

  /** How many items the answer lists. */
  get count(): number {
    return this.answer.kind === 'notice' ? 0 : this.answer.items.length;
  }

  /** Page `index`'s blocks and the item it starts at; undefined past the last page. Page 0 always exists. */
  page(index: number): { blocks: string[]; first: number } | undefined {
    if (index < 0 || !Number.isInteger(index)) return undefined;
    const perPage = this.answer.kind === 'excerpts' ? PAGE_ITEMS : Infinity;
    while (this.#ends.length <= index) {
      const start = this.#ends.at(-1) ?? 0;
      if (this.#ends.length > 0 && start >= this.count) return undefined;
      let end = start;
      let size = 0;
      for (; end < this.count && end - start < perPage; end++) {
        const block = this.#block(end);
        if (end > start && size + block.length + 2 > PAGE_BUDGET) break;
        size += block.length + 2;
      }
      this.#ends.push(end);
    }
    const first = index === 0 ? 0 : this.#ends[index - 1]!;
    return { blocks: this.#blocks.slice(first, this.#ends[index]), first };
  }

  /** Whether items follow page `index`. */
  hasAfter(index: number): boolean {
    return this.page(index) !== undefined && this.#ends[index]! < this.count;
  }

  /** `index` if that page exists, else the last page (page 0 for an index below 0). */
  clamp(index: number): number {
    let last = 0;
    while (last < index && this.hasAfter(last)) last++;
    return last;
  }

  #block(i: number): string {
    return (this.#blocks[i] ??= blockOf(this.answer, i));
  }
}

/**
 * Page `wanted` of an answer as a Discord message: an embed whose description lists the
 * items, matched words in bold, each excerpt escaped so its `*` and `_` stay characters,
 * sources as links; when there is more than one page, a footer saying which items it shows
 * ("Results 6–10 of 25") and Previous/Next buttons. Mentions never ping: `allowed_mentions`
 * parses nothing.
 */
export function toDiscordPage(pages: Pages, wanted: number, pagingId?: string): DiscordMessage {
  const answer = pages.answer;
  // A page past the last (a stale button) shows the last.
  const index = pages.clamp(wanted);
  const { blocks, first } = pages.page(index)!;
  const more = pages.hasAfter(index);
  const lines = blocks.map((block, k) => {
    const heading = askHeading(answer, first + k);
    return heading ? `__**${heading}**__\n${block}` : block;
  });
  // An /ask that the coverage does not answer says so first, above the closest passages.
  if (answer.message && answer.ask && !answer.ask.answered) lines.unshift(escapeMarkdown(answer.message));
  else if (answer.message) lines.push(escapeMarkdown(answer.message));
  const embed: DiscordEmbed = {
    // Titles carry the asker's words and article text, and Discord renders Markdown in them.
    title: cutAtBoundary(escapeMarkdown(answer.title), MAX_EMBED_TITLE),
    description: cutAtBoundary(lines.join('\n\n') || 'Nothing to show.', MAX_EMBED_DESCRIPTION),
    color: COLOR,
  };
  const paged = index > 0 || more;
  if (paged) embed.footer = { text: `Results ${first + 1}–${first + blocks.length} of ${pages.count}` };
  const components: DiscordActionRow[] =
    paged && pagingId
      ? [
          {
            type: 1,
            components: [
              {
                type: 2,
                style: 2,
                label: 'Previous',
                custom_id: `page:${pagingId}:${index - 1}`,
                disabled: index === 0,
              },
              { type: 2, style: 2, label: 'Next', custom_id: `page:${pagingId}:${index + 1}`, disabled: !more },
            ],
          },
        ]
      : [];
  return { embeds: [embed], components, allowed_mentions: { parse: [] } };
}

/** A short text reply (errors, refusals, rate limits), optionally visible to its reader only. */
export function toDiscordText(text: string, { ephemeral = false } = {}): DiscordMessage {
  return {
    // Error messages can quote what was typed ("There is no command /@everyone").
    content: cutAtBoundary(text.replace(/@(?=everyone|here)/g, '@\u200B'), MAX_MESSAGE_LENGTH),
    embeds: [],
    components: [],
    allowed_mentions: { parse: [] },
    ...(ephemeral && { flags: EPHEMERAL }),
  };
}

/**
 * A page as message text, for a channel where the bot may not embed (no Embed Links): the
 * title in bold, then as many of the page's items as fit in one message, whole, and the
 * footer. Items left out are counted, not cut, so every excerpt shown is whole with its source.
 */
export function toPlainText(message: DiscordMessage): DiscordMessage {
  const embed = message.embeds[0];
  if (!embed) return message;
  const head = embed.title ? `**${embed.title}**` : '';
  const items = (embed.description ?? '').split('\n\n').filter(Boolean);
  const tail = (left: number) =>
    [
      embed.footer?.text,
      left > 0 &&
        `(${left} more not shown: this channel does not let me embed. A server admin can give me Embed Links here.)`,
    ]
      .filter(Boolean)
      .join('\n');
  const parts = [head];
  let shown = 0;
  for (const item of items) {
    const next = [...parts, item, tail(items.length - shown - 1)].filter(Boolean).join('\n\n');
    if (next.length > MAX_MESSAGE_LENGTH) break;
    parts.push(item);
    shown++;
  }
  const content = [...parts, tail(items.length - shown)].filter(Boolean).join('\n\n');
  return {
    ...message,
    content: cutAtBoundary([message.content, content].filter(Boolean).join('\n'), MAX_MESSAGE_LENGTH),
    embeds: [],
  };
}

/** Item `i` of an answer as the lines the page lists. */
function blockOf(answer: Answer, i: number): string {
  switch (answer.kind) {
    case 'excerpts':
      return excerptBlock(answer.items[i]!, i);
    case 'sources': {
      const { source, passages } = answer.items[i]!;
      return `${link(source)}\n${escapeMarkdown(source.outlet)} · ${source.published} · ${passages} passages`;
    }
    case 'help': {
      const h = answer.items[i]!;
      return `**${escapeMarkdown(h.usage)}**: ${escapeMarkdown(h.description)}\ne.g. \`${h.example.replace(/`/g, "'")}\``;
    }
    case 'notice':
      return '';
    case 'trend': {
      const b = answer.items[i]!;
      const by = answer.trend.outlets
        .map((o, k) => ({ o, n: b.counts[k]! }))
        .filter(({ n }) => n > 0)
        .map(({ o, n }) => `${escapeMarkdown(o)} ${n}`)
        .join(', ');
      const busiest = b.busiest
        ? `\nbusiest: ${link(b.busiest)}, ${escapeMarkdown(b.busiest.outlet)}, ${b.busiest.published}`
        : '';
      return `**${escapeMarkdown(b.label)}**: ${b.total} article${b.total === 1 ? '' : 's'} (${by})${busiest}`;
    }
    case 'speakers': {
      const s = answer.items[i]!;
      return `**${escapeMarkdown(s.name)}**${s.role ? `, ${escapeMarkdown(s.role)}` : ''} (${s.quotes} quotes, ${s.paraphrases} paraphrased)`;
    }
  }
}

function excerptBlock(item: ExcerptItem, i: number): string {
  const head: string[] = [`**${i + 1}.**`];
  if (item.dateLabel) head.push(`**${escapeMarkdown(item.dateLabel)}**${item.scheduled ? ' (scheduled)' : ''}:`);
  if (item.speaker)
    head.push(`**${escapeMarkdown(item.speaker)}**${item.kind === 'paraphrase' ? ' (paraphrased)' : ''}:`);
  const cut = cutAtBoundary(item.excerpt, MAX_EXCERPT_CHARS);
  let body = bolded(cut, item.highlights);
  // Escaping and bold marks add no line break: look for one in the excerpt, not the body.
  if (cut.includes('\n')) body = body.replace(/(?<!\s)\s*\n\s*/g, ' ');
  // An /ask item around a quote shows the paragraph, quote marks and all.
  if (item.kind === 'direct' && !/^[“"‘]/.test(cut)) body = `“${body}”`;
  const also = item.alsoIn.length > 0 ? `\n   also in ${item.alsoIn.map(link).join(', ')}` : '';
  return `${head.join(' ')} ${body}\n— ${link(item.source)}, ${escapeMarkdown(item.source.outlet)}, ${item.source.published}${also}`;
}

/** Escapes the excerpt and wraps matched words in bold. Ranges past a cut are dropped. */
function bolded(text: string, highlights: Array<[number, number]>): string {
  let out = '';
  let at = 0;
  for (const [s, e] of highlights) {
    if (e > text.length || s < at) continue;
    out += escapeMarkdown(text.slice(at, s)) + `**${escapeMarkdown(text.slice(s, e))}**`;
    at = e;
  }
  return out + escapeMarkdown(text.slice(at));
}

function link(s: SourceRef): string {
  const title = escapeMarkdown(s.title).replace(/[[\]]/g, '');
  return `[${cutAtBoundary(title, 200)}](<${s.url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}
