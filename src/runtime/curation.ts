// The corpus commands from Discord (`/corpus add | remove | restore | list`, and the
// message command "Add to coverage"): run here, in the runtime, where the corpus folder
// and the engine's holder are, with the operations of src/curate/ that the command line
// uses too. The Bot routes these interactions here (see Curation.handles).
import { randomBytes } from 'node:crypto';
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Interaction,
  JSONEncodable,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  User,
} from 'discord.js';
import { ADD_TO_COVERAGE, CORPUS_COMMAND } from '../../commands/corpus.ts';
import { MAX_CHOICES, MAX_CHOICE_LENGTH } from '../commands/autocomplete.ts';
import { formatCorpusError, loadCorpus, type CorpusError } from '../corpus/load.ts';
import { isCalendarDate } from '../corpus/schema.ts';
import {
  addFile,
  addPage,
  describeCuration,
  listArticles,
  listTrash,
  removeArticle,
  restoreArticle,
  type CurateResult,
} from '../curate/operations.ts';
import type { StepHook } from '../curate/files.ts';
import { CorpusBusy, withCorpusLock, type LockOptions } from '../curate/lock.ts';
import { previewFile, previewLink } from '../curate/preview.ts';
import type { PageDraft } from '../ingest/extract.ts';
import type { FetchOptions } from '../ingest/fetch.ts';
import { draftArticle } from '../ingest/draft.ts';
import type { ArticleFill, ArticlePreview } from '../ingest/preview.ts';
import { escapeMarkdown } from '../render/discord.ts';
import { cutAtBoundary } from '../text/cut.ts';
import type { ReloadResult } from './holder.ts';
import type { Logger } from './logger.ts';

/** An attachment larger than this is refused before it is downloaded (8 MiB). */
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;
/** Downloading an attachment gives up after this long. */
export const ATTACHMENT_TIMEOUT_MS = 10_000;
/** A preview's Add and Cancel buttons work this long, then are removed. */
export const PREVIEW_TTL_MS = 10 * 60_000;
const MAX_PREVIEWS = 500;
/** Articles a page of /corpus list. */
export const LIST_PAGE = 10;
/** Where Discord keeps attachments: the only hosts a file is downloaded from, over https. */
export const ATTACHMENT_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];
/** The autocomplete's list of the corpus's articles is read again after this long (or after a change). */
const CHOICES_TTL_MS = 30_000;

const EPHEMERAL = 1 << 6;
const COLOR = 0x2b6cb0;
const PREFIX = 'corpus:';

/** Fetches an attachment: `fetch` by default; the tests reach their loopback Discord's CDN with it. */
export type Download = (url: string, init: { signal: AbortSignal; redirect: 'error' }) => Promise<Response>;

export interface CurationOptions {
  /** The corpus folder the engine is built from. */
  corpusDir: string;
  /**
   * The runtime's reload of the engine's holder (every shard's, under a sharding manager).
   * Called with the folder's lock held, after a change: a reload that refuses undoes it.
   */
  reload: () => Promise<ReloadResult>;
  /** The check /reload makes: whether this user may change the corpus. */
  mayCurate: (i: Interaction) => boolean;
  logger: Logger;
  /** How pages are fetched (FETCH_ALLOW_PRIVATE_HOSTS, a timeout). */
  fetch?: FetchOptions | undefined;
  download?: Download | undefined;
  maxAttachmentBytes?: number | undefined;
  attachmentTimeoutMs?: number | undefined;
  previewTtlMs?: number | undefined;
  /** How long a change waits for another process's lock on the folder (see withCorpusLock). */
  lock?: LockOptions | undefined;
  /** Awaited at each step of a write (CurateContext.step): a test stops the process there. */
  step?: StepHook | undefined;
}

/** An article (or a file of them) previewed and waiting for its asker's Add. */
type Pending = {
  id: string;
  userId: string;
  expiresAt: number;
  /** Removes the preview's buttons when it expires. */
  timer: NodeJS.Timeout;
} & (
  | {
      kind: 'page';
      link: string;
      draft: PageDraft;
      preview: ArticlePreview;
      fill: ArticleFill;
      /** The coverage has this page already (preview.replaces): Add replaces it, the old file kept in the trash. */
      replace: boolean;
    }
  | { kind: 'file'; name: string; bytes: Buffer; previews: ArticlePreview[] }
);

/** The fields a modal asks for before a page's article can be added (a page without a date). */
const ASKED = {
  published: { label: 'Publication date (YYYY-MM-DD)', min: 10, max: 10, placeholder: 'e.g. 2024-03-18' },
  title: { label: 'Title', min: 1, max: 300, placeholder: 'The headline' },
  outlet: { label: 'Outlet', min: 1, max: 100, placeholder: 'e.g. The Guardian' },
  // A page on an intranet address gives no address a reader could follow.
  url: { label: 'Address of the article (https://…)', min: 10, max: 2000, placeholder: 'https://news.example/story' },
} as const;
type Asked = keyof typeof ASKED;

interface Body {
  content?: string;
  embeds: object[];
  components: object[];
  allowed_mentions: { parse: [] };
  flags?: number;
}

export class Curation {
  private readonly pending = new Map<string, Pending>();
  /** Previews whose Add was pressed (a second press, a double click, is told so, not "expired"). */
  private readonly used = new Set<string>();
  private choices: { at: number; list: Array<{ id: string; title: string }> } | undefined;

  constructor(private readonly opts: CurationOptions) {}

  /** Whether `i` is one of the corpus commands, their autocomplete, or a button or modal of theirs. */
  handles(i: Interaction): boolean {
    if (i.isChatInputCommand() || i.isAutocomplete()) return i.commandName === CORPUS_COMMAND;
    if (i.isMessageContextMenuCommand()) return i.commandName === ADD_TO_COVERAGE;
    if (i.isButton() || i.isModalSubmit()) return i.customId.startsWith(PREFIX);
    return false;
  }

  /** The name the interaction is logged under. */
  nameOf(i: Interaction): string {
    if (i.isChatInputCommand()) return `${CORPUS_COMMAND} ${i.options.getSubcommand(false) ?? ''}`.trim();
    if (i.isAutocomplete()) return `${CORPUS_COMMAND}:autocomplete`;
    if (i.isMessageContextMenuCommand()) return ADD_TO_COVERAGE;
    if (i.isButton() || i.isModalSubmit()) return i.customId.split(':').slice(0, 2).join(':');
    return CORPUS_COMMAND;
  }

  /** Answers `i` (see handles); resolves with the outcome for the log. */
  async handle(i: Interaction): Promise<string> {
    if (i.isAutocomplete()) return this.autocomplete(i);
    if (i.isChatInputCommand() || i.isMessageContextMenuCommand()) {
      if (!this.opts.mayCurate(i)) {
        this.opts.logger.warn({ user: i.user.id, guild: i.guildId, command: this.nameOf(i) }, 'admin command refused');
        await i.reply(
          asIs(
            privately(
              `Only the bot's admins${i.inGuild() ? ' and members who can manage this server' : ''} may change the coverage.`,
            ),
          ),
        );
        return 'refused';
      }
      if (i.isMessageContextMenuCommand()) return this.addFromMessage(i);
      return this.command(i);
    }
    if (i.isButton()) return this.button(i);
    if (i.isModalSubmit()) return this.modal(i);
    return 'ignored';
  }

  /** Clears the previews' timers (the bot is shutting down). */
  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }

  get size(): number {
    return this.pending.size;
  }

  private get dir(): string {
    return this.opts.corpusDir;
  }

  private async command(i: ChatInputCommandInteraction): Promise<string> {
    const sub = i.options.getSubcommand(true);
    // Fetching a page, reading a folder and reloading all may take longer than Discord's 3 s.
    await i.deferReply({ flags: 'Ephemeral' });
    switch (sub) {
      case 'add': {
        const url = i.options.getString('url');
        const file = i.options.getAttachment('file');
        if ((url === null) === (file === null)) {
          await i.editReply(
            asIs(
              text(
                'Give either a link (`/corpus add url:https://…`) or an article file (`/corpus add file:`), one of the two.',
              ),
            ),
          );
          return 'refused';
        }
        return url !== null
          ? this.previewPage(i, url.trim())
          : this.previewAttachment(i, file!.url, file!.name, file!.size);
      }
      case 'remove':
      case 'restore': {
        const id = i.options.getString('id', true).trim();
        const result = await (sub === 'remove' ? removeArticle : restoreArticle)(this.dir, id, this.context(i.user));
        return this.report(i, result);
      }
      case 'list': {
        await i.editReply(asIs(await this.listPage(i.user.id, i.options.getInteger('page') ?? 1)));
        return 'answered';
      }
      default:
        await i.editReply(asIs(text(`/corpus ${sub} is not a command I know; /corpus add, remove, restore or list.`)));
        return 'refused';
    }
  }

  private async addFromMessage(i: MessageContextMenuCommandInteraction): Promise<string> {
    await i.deferReply({ flags: 'Ephemeral' });
    const link = firstLink(i.targetMessage.content);
    if (!link) {
      await i.editReply(
        asIs(text('That message has no http(s) link to add. Use it on a message with a link to an article.')),
      );
      return 'refused';
    }
    return this.previewPage(i, link);
  }

  private async previewPage(
    i: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
    link: string,
  ): Promise<string> {
    const previewed = await previewLink(this.dir, link, this.opts.fetch ?? {});
    if (!previewed.ok) {
      this.opts.logger.info({ user: i.user.id, link, reason: previewed.reason }, 'article link refused');
      await i.editReply(asIs(text(`Refused: ${previewed.reason}`)));
      return 'refused';
    }
    const { draft, preview } = previewed;
    const unaskable = preview.needed.filter((n) => !(n.field in ASKED));
    if (unaskable.length > 0) {
      await i.editReply(
        asIs(
          text(
            `Refused: the article needs ${unaskable.map((n) => n.message).join('; ')}; nothing was added. Add it on the host with coverage-bot add and the missing fields.`,
          ),
        ),
      );
      return 'refused';
    }
    const pending = this.open(i, { kind: 'page', link, draft, preview, fill: {}, replace: !!preview.replaces });
    await i.editReply(asIs(pagePreview(pending.id, preview)));
    return 'previewed';
  }

  private async previewAttachment(
    i: ChatInputCommandInteraction,
    url: string,
    name: string,
    size: number,
  ): Promise<string> {
    const got = await this.download(url, size);
    if (!got.ok) {
      await i.editReply(asIs(text(`Refused: ${got.reason}`)));
      return 'refused';
    }
    const previewed = await previewFile(this.dir, name, got.bytes);
    if (!previewed.ok) {
      await i.editReply(asIs(text(refusalWithErrors(previewed.reason, previewed.errors))));
      return 'refused';
    }
    const pending = this.open(i, { kind: 'file', name, bytes: got.bytes, previews: previewed.previews });
    await i.editReply(asIs(filePreview(pending.id, name, previewed.previews)));
    return 'previewed';
  }

  /**
   * An attachment's bytes: only from Discord's CDN over https, at most maxAttachmentBytes
   * (by the size Discord gives, and counted again while reading), following no redirect.
   */
  private async download(
    url: string,
    size: number,
  ): Promise<{ ok: true; bytes: Buffer } | { ok: false; reason: string }> {
    const max = this.opts.maxAttachmentBytes ?? MAX_ATTACHMENT_BYTES;
    const refused = attachmentRefusal(url);
    if (refused) return { ok: false, reason: refused };
    const parsed = new URL(url);
    const tooBig = `the file is larger than ${mib(max)}; split it into smaller files and add each`;
    if (size > max) return { ok: false, reason: tooBig };
    const signal = AbortSignal.timeout(this.opts.attachmentTimeoutMs ?? ATTACHMENT_TIMEOUT_MS);
    try {
      const res = await (this.opts.download ?? fetch)(url, { signal, redirect: 'error' });
      if (!res.ok || !res.body) return { ok: false, reason: `Discord answered ${res.status} for the file; try again` };
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (total > max) {
          await res.body.cancel().catch(() => undefined);
          return { ok: false, reason: tooBig };
        }
        chunks.push(Buffer.from(chunk));
      }
      return { ok: true, bytes: Buffer.concat(chunks) };
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      this.opts.logger.warn({ err, url: parsed.origin + parsed.pathname }, 'attachment download failed');
      return {
        ok: false,
        reason: timedOut
          ? 'the file took too long to download from Discord; try again'
          : 'the file could not be downloaded from Discord; try again',
      };
    }
  }

  private async button(i: ButtonInteraction): Promise<string> {
    const [, action = '', ...rest] = i.customId.split(':');
    if (action === 'list') {
      const [owner = '', page = '1'] = rest;
      if (owner !== i.user.id) {
        await i.reply(asIs(privately('Only the person who asked can turn these pages. Run /corpus list yourself.')));
        return 'refused';
      }
      await i.update(asIs(await this.listPage(owner, Number(page))));
      return 'answered';
    }
    const pending = this.pending.get(rest[0] ?? '');
    if (!pending || pending.expiresAt <= Date.now()) {
      if (pending) this.forget(pending);
      await i.update({ components: [] });
      await i.followUp(asIs(privately(this.gone(rest[0] ?? ''))));
      return 'expired';
    }
    if (pending.userId !== i.user.id) {
      this.opts.logger.info(
        { user: i.user.id, owner: pending.userId },
        'corpus preview button pressed by someone else',
      );
      await i.reply(asIs(privately('Only the admin who asked can add or cancel this article.')));
      return 'refused';
    }
    if (action === 'cancel') {
      this.forget(pending);
      await i.update(asIs({ ...text('Cancelled: nothing was added.'), embeds: [], components: [] }));
      return 'cancelled';
    }
    if (action !== 'add') return 'ignored';
    const asked = askedFields(pending);
    if (asked.length > 0) {
      // A modal is a first response (to the button); the add happens on its submit.
      await i.showModal({ toJSON: () => modalFor(pending.id, asked) } as never);
      return 'asked';
    }
    await i.update(asIs({ ...text('Adding…'), components: [] }));
    return this.add(i, pending);
  }

  private async modal(i: ModalSubmitInteraction): Promise<string> {
    const pending = this.pending.get(i.customId.split(':')[2] ?? '');
    if (!pending || pending.expiresAt <= Date.now() || pending.kind !== 'page') {
      await i.reply(asIs(privately(this.gone(i.customId.split(':')[2] ?? ''))));
      return 'expired';
    }
    if (pending.userId !== i.user.id) {
      await i.reply(asIs(privately('Only the admin who asked can add this article.')));
      return 'refused';
    }
    const fill: ArticleFill = { ...pending.fill };
    const problems: string[] = [];
    for (const field of askedFields(pending)) {
      const value = (i.fields.getTextInputValue(field) ?? '').trim();
      if (field === 'published' && !isCalendarDate(value))
        problems.push(`"${value}" is not a date written YYYY-MM-DD (e.g. 2024-03-18)`);
      else if (value === '') problems.push(`the ${field} is empty`);
      else fill[field] = value;
    }
    if (problems.length === 0) {
      // What the corpus's validation still finds wrong with the fields given (a url that is not one).
      const { needed } = draftArticle(pending.draft, fill, new Set());
      problems.push(...needed.filter((n) => n.field in ASKED).map((n) => n.message));
    }
    if (problems.length > 0) {
      // A modal may not answer a modal: the admin presses Add again.
      await i.reply(asIs(privately(`Nothing was added: ${problems.join('; ')}. Press Add again to give it.`)));
      return 'refused';
    }
    pending.fill = fill;
    if (i.isFromMessage()) await i.update(asIs({ ...text('Adding…'), components: [] }));
    else await i.deferReply({ flags: 'Ephemeral' });
    return this.add(i, pending);
  }

  /** Adds what `pending` previewed, reloads, and says what happened. */
  private async add(i: ButtonInteraction | ModalSubmitInteraction, pending: Pending): Promise<string> {
    this.forget(pending);
    this.used.add(pending.id);
    if (this.used.size > MAX_PREVIEWS) this.used.delete(this.used.values().next().value!);
    const ctx = this.context(i.user);
    const result =
      pending.kind === 'page'
        ? await addPage(this.dir, pending.draft, pending.fill, ctx, { replace: pending.replace })
        : await addFile(this.dir, pending.name, pending.bytes, ctx);
    return this.report(i, result);
  }

  private async report(
    i: ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction,
    result: CurateResult,
  ): Promise<string> {
    this.choices = undefined;
    if (result.ok) {
      this.opts.logger.info(
        { user: i.user.id, action: result.change.action, ids: result.change.ids, file: result.change.file },
        'corpus changed',
      );
    } else {
      this.opts.logger.info({ user: i.user.id, reason: result.reason }, 'corpus change refused');
    }
    const said = describeCuration(result);
    const find =
      result.ok && result.change.action !== 'remove'
        ? `\nFind it with /search (a few words of its title) or /sources.`
        : '';
    await i.editReply(asIs({ ...text(`${said}${find}`) }));
    return result.ok ? 'changed' : 'refused';
  }

  private context(user: User) {
    return {
      by: `discord:${user.id} (${user.username})`,
      reload: this.opts.reload,
      lock: this.opts.lock,
      step: this.opts.step,
    };
  }

  private async listPage(userId: string, page: number): Promise<Body> {
    const listed = await listArticles(this.dir, { page: Number.isInteger(page) ? page : 1, perPage: LIST_PAGE });
    const lines = listed.items.map(
      (a) =>
        `\`${a.published}\` **${a.id}**: ${escapeMarkdown(cutAtBoundary(a.title, 150))} (${escapeMarkdown(cutAtBoundary(a.outlet, 80))})`,
    );
    const left = listed.errors.length
      ? `\n\n${listed.errors.length} file(s) did not load and are left out; coverage-bot check lists them.`
      : '';
    const button = (label: string, to: number, disabled: boolean) => ({
      type: 2,
      style: 2,
      label,
      custom_id: `${PREFIX}list:${userId}:${to}`,
      disabled,
    });
    return {
      embeds: [
        {
          title: `The coverage: ${listed.total} article${listed.total === 1 ? '' : 's'}, newest first`,
          description: (lines.join('\n') || 'No articles yet: add one with /corpus add.') + left,
          color: COLOR,
          footer: { text: `Page ${listed.page} of ${listed.pages} · /corpus remove id: takes an id` },
        },
      ],
      components:
        listed.pages > 1
          ? [
              {
                type: 1,
                components: [
                  button('◀ Newer', listed.page - 1, listed.page <= 1),
                  button('Older ▶', listed.page + 1, listed.page >= listed.pages),
                ],
              },
            ]
          : [],
      allowed_mentions: { parse: [] },
    };
  }

  private async autocomplete(i: AutocompleteInteraction): Promise<string> {
    if (!this.opts.mayCurate(i)) {
      await i.respond([]);
      return 'refused';
    }
    const sub = i.options.getSubcommand(false);
    const typed = String(i.options.getFocused()).trim().toLowerCase();
    const list =
      sub === 'restore'
        ? (await listTrash(this.dir)).map((t) => ({
            id: t.id,
            title: `${t.title} (removed ${t.removed.slice(0, 10)})`,
          }))
        : sub === 'remove'
          ? await this.articleChoices()
          : [];
    const seen = new Set<string>();
    const choices: Array<{ name: string; value: string }> = [];
    for (const a of list) {
      if (choices.length >= MAX_CHOICES) break;
      if (a.id.length > MAX_CHOICE_LENGTH || seen.has(a.id)) continue;
      if (typed && !a.id.toLowerCase().includes(typed) && !a.title.toLowerCase().includes(typed)) continue;
      seen.add(a.id);
      choices.push({ name: cutAtBoundary(`${a.id}: ${a.title}`, MAX_CHOICE_LENGTH), value: a.id });
    }
    await i.respond(choices);
    return 'answered';
  }

  /** The corpus's articles, newest first, for the autocomplete: read again after a change or CHOICES_TTL_MS. */
  private async articleChoices(): Promise<Array<{ id: string; title: string }>> {
    if (!this.choices || Date.now() - this.choices.at > CHOICES_TTL_MS) {
      const { articles } = await loadCorpus(this.dir);
      const list = [...articles]
        .sort((a, b) => (a.published < b.published ? 1 : a.published > b.published ? -1 : 0))
        .map((a) => ({ id: a.id, title: a.title }));
      this.choices = { at: Date.now(), list };
    }
    return this.choices.list;
  }

  private open(
    i: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
    what: Pending extends infer P
      ? P extends Pending
        ? Omit<P, 'id' | 'userId' | 'expiresAt' | 'timer'>
        : never
      : never,
  ): Pending {
    const ttl = this.opts.previewTtlMs ?? PREVIEW_TTL_MS;
    while (this.pending.size >= MAX_PREVIEWS) this.forget(this.pending.values().next().value!);
    const id = randomBytes(6).toString('base64url');
    const timer = setTimeout(() => {
      if (!this.pending.has(id)) return;
      this.pending.delete(id);
      i.editReply({ content: 'This preview has expired; nothing was added.', components: [] }).catch((err: unknown) =>
        this.opts.logger.debug({ err }, 'could not remove an expired preview’s buttons'),
      );
    }, ttl);
    timer.unref();
    const pending = { ...what, id, userId: i.user.id, expiresAt: Date.now() + ttl, timer } as Pending;
    this.pending.set(id, pending);
    return pending;
  }

  /** What a button or modal of a preview no longer kept is told. */
  private gone(id: string): string {
    return this.used.has(id)
      ? 'Add was pressed on this preview already; what it did is in its message (/corpus list shows the articles).'
      : 'This preview has expired; nothing was added. Run the command again.';
  }

  private forget(p: Pending): void {
    clearTimeout(p.timer);
    this.pending.delete(p.id);
  }
}

/**
 * A reload for an admin's /reload that waits for a change of the corpus folder in
 * progress (an add, a remove: they hold the folder's lock), so it never reads the folder
 * half-way through one. When another process holds the folder too long, it refuses with
 * a sentence that says to try again.
 */
export function reloadHoldingCorpus(
  dir: string,
  reload: () => Promise<ReloadResult>,
  articles: () => Promise<number>,
  lock?: LockOptions,
): () => Promise<ReloadResult> {
  return async () => {
    try {
      return await withCorpusLock(dir, reload, lock);
    } catch (err) {
      if (!(err instanceof CorpusBusy)) throw err;
      return { ok: false, errors: [{ file: '.', message: err.message }], articles: await articles(), ms: 0 };
    }
  };
}

/** Why an attachment's address is not read (not https, not on Discord's CDN), or undefined when it may be. */
export function attachmentRefusal(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'the attachment has no valid address';
  }
  if (parsed.protocol !== 'https:' || !ATTACHMENT_HOSTS.includes(parsed.hostname))
    return `attachments are read only from Discord's own servers over https, not ${parsed.protocol}//${parsed.host}`;
  return undefined;
}

/** The first http(s) link in a message's text, without the <…> that stops Discord's preview. */
export function firstLink(content: string): string | undefined {
  const m = /<?(https?:\/\/[^\s<>]+)>?/i.exec(content);
  if (!m) return undefined;
  // Text punctuation right after a link is not part of it (a scan from the end: a regular
  // expression anchored there backtracks on a long run of it).
  const link = m[1]!;
  let end = link.length;
  while (end > 0 && LINK_TRAILING.has(link[end - 1]!)) end--;
  return link.slice(0, end);
}

const LINK_TRAILING = new Set([...').,;:!?\'"]']);

function askedFields(p: Pending): Asked[] {
  if (p.kind !== 'page') return [];
  return p.preview.needed.map((n) => n.field).filter((f): f is Asked => f in ASKED && p.fill[f as Asked] === undefined);
}

function pagePreview(id: string, p: ArticlePreview): Body {
  const asked = p.needed.filter((n) => n.field in ASKED);
  const fields = [
    { name: 'Outlet', value: escapeMarkdown(cutAtBoundary(p.outlet, 200)), inline: true },
    { name: 'Published', value: p.published ?? 'not on the page: Add asks for it', inline: true },
    { name: 'Byline', value: p.author ? escapeMarkdown(cutAtBoundary(p.author, 200)) : 'not found', inline: true },
    {
      name: 'Yields',
      value: `${p.passages} passages, ${p.quotes} quotes, ${p.published ? `${p.events} dated events` : 'dated events once the date is known'}`,
    },
    { name: 'Id', value: `\`${p.id}\``, inline: true },
  ];
  const notFound = p.missing.filter((f) => f !== 'author' || !p.author);
  if (notFound.length > 0) fields.push({ name: 'Not on the page', value: notFound.join(', '), inline: true });
  if (asked.length > 0)
    fields.push({ name: 'Needed before adding', value: asked.map((n) => n.message).join('\n'), inline: false });
  return {
    content: p.replaces
      ? `The coverage already has this page, as "${p.replaces.id}" (${p.replaces.file}). Replace it with the page as it is now? The old file is kept in the trash.`
      : 'Add this article to the coverage?',
    embeds: [
      {
        title: cutAtBoundary(p.title, 256),
        url: p.url,
        description: p.firstParagraph ? escapeMarkdown(cutAtBoundary(p.firstParagraph, 1_000)) : undefined,
        color: COLOR,
        fields,
      },
    ],
    components: [
      buttons(id, `${p.replaces ? 'Replace' : 'Add'}${asked.length > 0 ? ' (give the missing fields)' : ''}`),
    ],
    allowed_mentions: { parse: [] },
  };
}

function filePreview(id: string, name: string, previews: ArticlePreview[]): Body {
  // As many articles as fit whole in the embed's description (4,096), the rest counted.
  const shown: string[] = [];
  let used = 0;
  for (const p of previews) {
    const item = `**${escapeMarkdown(cutAtBoundary(p.title, 150))}** (\`${p.id}\`)\n${escapeMarkdown(cutAtBoundary(p.outlet, 80))}, ${p.published ?? 'no date'}${p.author ? `, by ${escapeMarkdown(cutAtBoundary(p.author, 80))}` : ''}: ${p.passages} passages, ${p.quotes} quotes, ${p.events} dated events`;
    if (shown.length >= 10 || used + item.length + 2 > 3_900) break;
    shown.push(item);
    used += item.length + 2;
  }
  const more = previews.length > shown.length ? `\n\n…and ${previews.length - shown.length} more.` : '';
  return {
    content: `${escapeMarkdown(name)} is valid. Add ${previews.length === 1 ? 'its article' : `its ${previews.length} articles`} to the coverage?`,
    embeds: [
      {
        title: cutAtBoundary(name, 256),
        description: shown.join('\n\n') + more,
        color: COLOR,
      },
    ],
    components: [buttons(id, 'Add')],
    allowed_mentions: { parse: [] },
  };
}

function buttons(id: string, addLabel: string) {
  return {
    type: 1,
    components: [
      { type: 2, style: 1, label: addLabel, custom_id: `${PREFIX}add:${id}` },
      { type: 2, style: 2, label: 'Cancel', custom_id: `${PREFIX}cancel:${id}` },
    ],
  };
}

function modalFor(id: string, fields: Asked[]) {
  return {
    custom_id: `${PREFIX}fill:${id}`,
    title: 'Before adding the article',
    components: fields.slice(0, 5).map((f) => ({
      type: 1,
      components: [
        {
          type: 4,
          custom_id: f,
          style: 1,
          label: ASKED[f].label,
          min_length: ASKED[f].min,
          max_length: ASKED[f].max,
          placeholder: ASKED[f].placeholder,
          required: true,
        },
      ],
    })),
  };
}

function refusalWithErrors(reason: string, errors: CorpusError[]): string {
  const shown = errors.slice(0, 15).map((e) => `- ${formatCorpusError(e)}`);
  const more =
    errors.length > shown.length ? [`…and ${errors.length - shown.length} more (coverage-bot check lists all)`] : [];
  return [`Refused: ${reason}. Fix these and add the file again:`, ...shown, ...more].join('\n');
}

function text(content: string): Body {
  return {
    content: cutAtBoundary(content.replace(/@(?=everyone|here)/g, '@\u200B'), 2_000),
    embeds: [],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** A first response only its reader sees. */
function privately(content: string): Body {
  return { ...text(content), flags: EPHEMERAL };
}

function mib(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} KiB`
    : `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

/**
 * A body already in Discord's shape, handed to discord.js as it is (see bot.ts): embeds
 * and rows as JSON, mentions off.
 */
function asIs(b: Partial<Body>) {
  const wrap = <T>(data: T): JSONEncodable<T> => ({ toJSON: () => data });
  const { embeds, components, flags, content } = b;
  return {
    ...(content !== undefined && { content }),
    ...(embeds && { embeds: embeds.map(wrap) }),
    ...(components && { components: components.map(wrap) }),
    allowedMentions: { parse: [] },
    ...(flags !== undefined && { flags }),
  } as never;
}
