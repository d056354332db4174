// A web server on 127.0.0.1 for the tests that fetch pages: each test says how to answer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Every path asked for, in order. */
  requests: string[];
  close: () => Promise<void>;
}

/** Starts a server on 127.0.0.1 (a free port) that answers every request with `handler`. */
export async function servePages(handler: http.RequestListener): Promise<PageServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A small article page of `paragraphs` (enough running text for Readability), with `head` in its <head>. */
export function articlePage({
  head = '',
  title = 'Council passes the zoning plan',
  paragraphs = storyParagraphs(),
} = {}): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article>
<footer><a href="/about">About us</a> · <a href="/privacy">Privacy</a></footer></body></html>`;
}

/** Paragraphs of a made-up local story, long enough that Readability takes it for an article. */
export function storyParagraphs(): string[] {
  return [
    'The city council voted 9-2 on Monday night to approve the long-debated zoning plan for the riverside district, ending more than a year of public hearings and revisions.',
    '"This plan gives families a place to live near where they work," said council president Maria Lopez, who sponsored the measure after the first draft failed in March.',
    'Opponents, including several neighbourhood associations, argued that the new height limits would block views of the river and raise rents for long-time residents of the area.',
    'The plan takes effect on January 1, and the planning department said it would publish guidance for builders within the next two months, along with a map of the new zones.',
    'Council member James Ortiz, one of the two votes against, said he would ask for a review of the traffic study before any building permits are issued under the new rules.',
  ];
}
