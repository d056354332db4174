import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { FETCH_TIMEOUT_MS, MAX_PAGE_BYTES, MAX_REDIRECTS, fetchPage, type Resolver } from '../../src/ingest/fetch.ts';
import { articlePage, servePages, type PageServer } from '../support/pages.ts';

const servers: PageServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server whose routes answer as given; anything else is a 404. */
async function serve(routes: Record<string, (res: ServerResponse) => void>): Promise<PageServer> {
  const server = await servePages((req, res) => {
    const route = routes[req.url ?? ''];
    if (route) route(res);
    else res.writeHead(404).end();
  });
  servers.push(server);
  return server;
}

const html =
  (body = articlePage()) =>
  (res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
const redirect =
  (to: string, status = 302) =>
  (res: ServerResponse) =>
    res.writeHead(status, { location: to }).end();
const LOCAL = { allowPrivateHosts: ['127.0.0.1'] };

describe('fetchPage', () => {
  it('reads a page from an allowed private host, following relative redirects', async () => {
    const s = await serve({ '/a': redirect('/b', 301), '/b': redirect(`/story`, 307), '/story': html() });
    const r = await fetchPage(`${s.origin}/a`, LOCAL);
    expect(r).toMatchObject({
      ok: true,
      page: { url: `${s.origin}/story`, redirects: [`${s.origin}/b`, `${s.origin}/story`] },
    });
    if (r.ok) expect(r.page.html).toContain('Council passes the zoning plan');
  });

  it('keeps the documented limits', () => {
    expect([FETCH_TIMEOUT_MS, MAX_PAGE_BYTES, MAX_REDIRECTS]).toEqual([10_000, 5 * 1024 * 1024, 5]);
  });

  it('refuses the host it runs on when no allowance names it', async () => {
    const s = await serve({ '/story': html() });
    const r = await fetchPage(`${s.origin}/story`);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('127.0.0.1, a loopback address') });
    if (!r.ok) expect(r.reason).toContain('FETCH_ALLOW_PRIVATE_HOSTS');
    expect(s.requests).toEqual([]);
  });

  it('refuses a redirect from an allowed host to the cloud metadata address', async () => {
    const s = await serve({ '/story': redirect('http://169.254.169.254/latest/meta-data/iam/') });
    const r = await fetchPage(`${s.origin}/story`, { allowPrivateHosts: ['127.0.0.1', '169.254.169.254'] });
    expect(r).toEqual({
      ok: false,
      reason: "169.254.169.254, the cloud metadata service's address; it is never fetched",
    });
  });

  it('refuses a redirect from an allowed host to a name the allowance does not list, on the address it resolves to', async () => {
    const s = await serve({ '/story': html() });
    const t = await serve({ '/story': redirect(`http://localhost:${s.port}/story`) });
    // "localhost" is a name: the refusal comes from the lookup made for the connection.
    const r = await fetchPage(`${t.origin}/story`, LOCAL);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(s.requests).toEqual([]);
  });

  it('checks the address a name resolves to when connecting, not the name (DNS rebinding)', async () => {
    const s = await serve({ '/story': html() });
    let lookups = 0;
    const resolve: Resolver = (_host, _options, callback) => {
      lookups++;
      callback(null, [{ address: '127.0.0.1', family: 4 }]);
    };
    const refused = await fetchPage(`http://news.example:${s.port}/story`, { resolve });
    expect(refused).toEqual({
      ok: false,
      reason: expect.stringMatching(/^news\.example resolves to 127\.0\.0\.1, a loopback/),
    });
    expect(lookups).toBe(1);
    expect(s.requests).toEqual([]);
    // The allowance names hosts: the same name, allowed, connects to that same address.
    const allowed = await fetchPage(`http://news.example:${s.port}/story`, {
      resolve,
      allowPrivateHosts: ['News.Example'],
    });
    expect(allowed.ok).toBe(true);
    expect(lookups).toBe(2);
  });

  it('refuses an IPv4 address written as IPv6 (::ffff:127.0.0.1) as the address it maps', async () => {
    const s = await serve({ '/story': html() });
    const r = await fetchPage(`http://[::ffff:127.0.0.1]:${s.port}/story`);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('127.0.0.1, a loopback address') });
    expect(s.requests).toEqual([]);
  });

  it(`refuses more than ${MAX_REDIRECTS} redirects`, async () => {
    const routes: Record<string, (res: ServerResponse) => void> = { '/story': html() };
    for (let i = 0; i < 6; i++) routes[`/r${i}`] = redirect(i === 5 ? '/story' : `/r${i + 1}`);
    const s = await serve(routes);
    const r = await fetchPage(`${s.origin}/r0`, LOCAL);
    expect(r).toEqual({ ok: false, reason: `${s.origin}/r0 redirects more than 5 times; not followed further` });
    expect(s.requests).toEqual(['/r0', '/r1', '/r2', '/r3', '/r4', '/r5']);
    const five = await fetchPage(`${s.origin}/r1`, LOCAL);
    expect(five.ok).toBe(true);
  });

  it('refuses links that are not http(s)', async () => {
    for (const link of ['ftp://example.com/a', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<p>x']) {
      const r = await fetchPage(link);
      expect(r).toEqual({ ok: false, reason: expect.stringContaining('only http and https links are fetched') });
    }
    expect(await fetchPage('not a link')).toEqual({
      ok: false,
      reason: expect.stringContaining('is not a web address'),
    });
    const s = await serve({ '/x': redirect('file:///etc/passwd') });
    expect(await fetchPage(`${s.origin}/x`, LOCAL)).toEqual({
      ok: false,
      reason: 'file:///etc/passwd is a file: link; only http and https links are fetched',
    });
  });

  it('refuses a page that is not HTML, and one with no content type', async () => {
    const s = await serve({
      '/pdf': (res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'),
      '/none': (res) => res.writeHead(200).end('<p>hi</p>'),
    });
    expect(await fetchPage(`${s.origin}/pdf`, LOCAL)).toEqual({
      ok: false,
      reason: `${s.origin}/pdf is "application/pdf", not a web page (text/html); only web pages are read`,
    });
    const none = await fetchPage(`${s.origin}/none`, LOCAL);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.reason).toContain('of no stated content type');
  });

  it('says what a server answered that was not a page', async () => {
    const s = await serve({});
    expect(await fetchPage(`${s.origin}/gone`, LOCAL)).toEqual({
      ok: false,
      reason: `${s.origin}/gone answered 404 Not Found; nothing was read`,
    });
  });

  it('stops reading a page past the size cap, declared or not', async () => {
    let sent = 0;
    const s = await serve({
      '/declared': (res) => {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(6 * 1024 * 1024) });
        res.write('<p>'); // and nothing more: the declared size is enough to refuse
      },
      '/streamed': (res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (sent < 8 * 1024 * 1024 && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      },
      '/bomb': (res) =>
        res
          .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
          .end(gzipSync(Buffer.alloc(6 * 1024 * 1024, ' '))),
    });
    expect(await fetchPage(`${s.origin}/declared`, LOCAL)).toEqual({
      ok: false,
      reason: `${s.origin}/declared is 6.0 MB; a page may be at most 5.0 MB`,
    });
    expect(await fetchPage(`${s.origin}/streamed`, LOCAL)).toEqual({
      ok: false,
      reason: `${s.origin}/streamed is larger than 5.0 MB, the most a page may be; reading stopped there`,
    });
    expect(sent).toBeLessThan(8 * 1024 * 1024);
    expect(await fetchPage(`${s.origin}/bomb`, LOCAL)).toEqual({
      ok: false,
      reason: `${s.origin}/bomb is larger than 5.0 MB, the most a page may be; reading stopped there`,
    });
  });

  it('gives up on a server that does not answer in time, or sends the page too slowly', async () => {
    const s = await serve({
      '/silent': () => undefined,
      '/trickle': (res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body><p>The council');
      },
    });
    const started = performance.now();
    expect(await fetchPage(`${s.origin}/silent`, { ...LOCAL, timeoutMs: 150 })).toEqual({
      ok: false,
      reason: `${s.origin}/silent did not answer within 150 ms; try again later`,
    });
    expect(await fetchPage(`${s.origin}/trickle`, { ...LOCAL, timeoutMs: 150 })).toEqual({
      ok: false,
      reason: `${s.origin}/trickle did not answer within 150 ms; try again later`,
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('decodes the page by the charset the header or a <meta> gives, and by gzip', async () => {
    const latin1 = Buffer.from('<html><head></head><body><p>caf\xe9 \xa3</p></body></html>', 'latin1');
    const s = await serve({
      '/header': (res) => res.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' }).end(latin1),
      '/meta': (res) =>
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            Buffer.from('<html><head><meta charset="iso-8859-1"></head><body><p>caf\xe9</p></body></html>', 'latin1'),
          ),
      '/gzip': (res) =>
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync('<p>café</p>')),
    });
    const text = async (p: string) => {
      const r = await fetchPage(`${s.origin}${p}`, LOCAL);
      return r.ok ? r.page.html : r.reason;
    };
    expect(await text('/header')).toContain('café £');
    expect(await text('/meta')).toContain('café');
    expect(await text('/gzip')).toBe('<p>café</p>');
  });
});
