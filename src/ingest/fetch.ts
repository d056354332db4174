import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { checkAddress, hostAllowance, ipLiteral, type HostAllowance } from './address.ts';

/** A fetch gives up after this long in all, redirects included (10 s). */
export const FETCH_TIMEOUT_MS = 10_000;
/** A page larger than this (after decompression) is refused; reading stops past it (5 MiB). */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;
/** At most this many redirects are followed, each checked as the first link was. */
export const MAX_REDIRECTS = 5;
/** The content types read as a web page. */
export const HTML_TYPES = ['text/html', 'application/xhtml+xml'];

const USER_AGENT = 'coverage-bot (adds a news article an admin linked to the coverage it answers from)';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** How names are resolved (dns.lookup's shape, always asked for every address). */
export type Resolver = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

export interface FetchOptions {
  /** Host names or addresses whose private addresses may be fetched (FETCH_ALLOW_PRIVATE_HOSTS). */
  allowPrivateHosts?: readonly string[];
  /** Default FETCH_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Default MAX_PAGE_BYTES. */
  maxBytes?: number;
  /** Default MAX_REDIRECTS. */
  maxRedirects?: number;
  /** Default dns.lookup: a test resolves names of its own. */
  resolve?: Resolver;
}

export interface FetchedPage {
  /** The address the page was finally read from (after redirects). */
  url: string;
  /** Every address redirected to, in order. */
  redirects: string[];
  contentType: string;
  /** The page decoded to text (charset from the header, a byte-order mark or a <meta>, else UTF-8). */
  html: string;
  /** Bytes read, after decompression. */
  bytes: number;
}

export type FetchResult = { ok: true; page: FetchedPage } | { ok: false; reason: string };

/** A refusal decided by a check, carried through node:http's error path. */
class Refused extends Error {}

/**
 * Fetches a web page for an admin, refusing whatever should not be fetched: a scheme other
 * than http(s), a page that is not HTML, larger than `maxBytes` or slower than
 * `timeoutMs`, more than `maxRedirects` redirects, and any connection to an address on
 * the host's own networks (see checkAddress). The address is checked where the connection
 * is made, in the lookup that resolves the name for it (and before connecting, for a link
 * that is an IP address), so a name that resolves to a public address when asked and to a
 * private one when connected (DNS rebinding) is refused too. Never throws: a refusal or a
 * failure is `{ ok: false, reason }`, a sentence that says what was wrong.
 */
export async function fetchPage(link: string, options: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_PAGE_BYTES;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  const allowance = hostAllowance(options.allowPrivateHosts);
  const resolve = options.resolve ?? (dns.lookup as unknown as Resolver);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const redirects: string[] = [];
  let url: URL | undefined;
  try {
    url = parseLink(link);
    for (;;) {
      checkLink(url, allowance);
      const response = await get(url, controller.signal, guardedLookup(url.hostname, allowance, resolve));
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.resume();
        const location = response.headers.location;
        if (!location) throw new Refused(`${url.href} answered ${status} (a redirect) without saying where to`);
        if (redirects.length >= maxRedirects)
          throw new Refused(`${link} redirects more than ${maxRedirects} times; not followed further`);
        const next = parseLink(location, url);
        redirects.push(next.href);
        url = next;
        continue;
      }
      if (status < 200 || status > 299) {
        response.resume();
        throw new Refused(
          `${url.href} answered ${status} ${response.statusMessage ?? ''}`.trimEnd() + '; nothing was read',
        );
      }
      const contentType = response.headers['content-type'] ?? '';
      const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
      if (!HTML_TYPES.includes(mediaType)) {
        response.resume();
        throw new Refused(
          `${url.href} is ${mediaType ? `"${mediaType}"` : 'of no stated content type'}, not a web page (text/html); only web pages are read`,
        );
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes && !response.headers['content-encoding']) {
        response.destroy();
        throw new Refused(`${url.href} is ${mb(declared)}; a page may be at most ${mb(maxBytes)}`);
      }
      const bytes = await readCapped(decoded(response), maxBytes, url.href);
      if (controller.signal.aborted || !response.complete)
        throw new Refused(`${url.href} closed the connection before the whole page arrived; try again`);
      return {
        ok: true,
        page: { url: url.href, redirects, contentType, html: decodeHtml(bytes, contentType), bytes: bytes.length },
      };
    }
  } catch (err) {
    if (controller.signal.aborted)
      return { ok: false, reason: `${url?.href ?? link} did not answer within ${seconds(timeoutMs)}; try again later` };
    return { ok: false, reason: describeFailure(err, url) };
  } finally {
    clearTimeout(timer);
  }
}

function parseLink(link: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    throw new Refused(`"${link}" is not a web address; give a link that starts with https://`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Refused(
      `${url.href} is a ${url.protocol.replace(/:$/, '')}: link; only http and https links are fetched`,
    );
  return url;
}

function checkLink(url: URL, allowance: HostAllowance): void {
  if (url.username || url.password)
    throw new Refused(`${url.host}: a link with a user name or password in it is not fetched`);
  const literal = ipLiteral(url.hostname);
  if (literal) {
    const verdict = checkAddress(literal, literal, allowance);
    if (!verdict.ok) throw new Refused(verdict.reason);
  }
}

/** dns.lookup that refuses (as a connection error) any address checkAddress refuses. */
function guardedLookup(host: string, allowance: HostAllowance, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      if (addresses.length === 0) return callback(new Refused(`${host} has no address`), '');
      for (const { address } of addresses) {
        const verdict = checkAddress(address, host, allowance);
        if (!verdict.ok) return callback(new Refused(verdict.reason), '');
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function get(url: URL, signal: AbortSignal, lookup: LookupFunction): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'GET',
        // A fresh agent per request: no pooled connection is reused past its own check.
        agent: false,
        lookup,
        signal,
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
          'accept-encoding': 'gzip, deflate, br',
        },
      },
      resolve,
    );
    request.on('error', reject);
    request.end();
  });
}

function decoded(response: http.IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const inflate =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (encoding !== 'identity' && !inflate) {
    response.resume();
    throw new Refused(`the page is compressed as "${encoding}", which is not read`);
  }
  if (!inflate) return response;
  response.on('error', (err) => inflate.destroy(err));
  return response.pipe(inflate);
}

/** The body, read as it arrives and abandoned as soon as it passes `max` bytes. */
async function readCapped(stream: Readable, max: number, href: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) {
      stream.destroy();
      throw new Refused(`${href} is larger than ${mb(max)}, the most a page may be; reading stopped there`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** Text from the page's bytes: the header's charset, else a byte-order mark, else a <meta> charset, else UTF-8. */
export function decodeHtml(bytes: Buffer, contentType: string): string {
  const label =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1] ??
    bomCharset(bytes) ??
    // A <meta charset> or http-equiv content type near the start (a sniff, as browsers do).
    /charset=["']?([\w.:-]+)/i.exec(bytes.subarray(0, 2048).toString('latin1'))?.[1] ??
    'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // an unknown label: UTF-8, as most of the web is
  }
}

function bomCharset(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function describeFailure(err: unknown, url: URL | undefined): string {
  if (err instanceof Refused) return err.message;
  const e = err as NodeJS.ErrnoException;
  const host = url?.host ?? 'the server';
  switch (e.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${url?.hostname ?? 'the host'} was not found (${e.code}); check the link`;
    case 'ECONNREFUSED':
      return `${host} refused the connection (ECONNREFUSED)`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${host} closed the connection before the page was read (${e.code}); try again`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} cannot be reached from the bot's host (${e.code})`;
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_HEADER_TOKEN':
      return `${host} did not answer in HTTP (${e.code})`;
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
    case 'ERR__ERROR_FORMAT_PADDING_1':
      return `${host} sent a compressed page that could not be decompressed (${e.code})`;
    default:
      if (e.code?.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(e.message))
        return `${host}: the secure connection failed (${e.code ?? e.message})`;
      return `${url?.href ?? 'the link'} could not be fetched: ${e.code ?? e.message}`;
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
