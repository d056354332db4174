import { describe, expect, it } from 'vitest';
import { attachmentRefusal, firstLink } from '../../src/runtime/curation.ts';

describe('curation: the link in a message, the address of an attachment', () => {
  it.each([
    ['see https://news.example/story for more', 'https://news.example/story'],
    ['<https://news.example/a?b=1> (no preview)', 'https://news.example/a?b=1'],
    ['first http://one.example/x, then https://two.example/y', 'http://one.example/x'],
    ['(https://news.example/story).', 'https://news.example/story'],
    ['HTTPS://NEWS.EXAMPLE/Story!', 'HTTPS://NEWS.EXAMPLE/Story'],
    ['ftp://files.example/x and no web link', undefined],
    ['no link at all', undefined],
  ])('finds the first http(s) link in %j', (content, link) => {
    expect(firstLink(content)).toBe(link);
  });

  it('reads attachments only from Discord’s CDN over https', () => {
    expect(attachmentRefusal('https://cdn.discordapp.com/attachments/1/2/a.md?ex=1')).toBeUndefined();
    expect(attachmentRefusal('https://media.discordapp.net/attachments/1/2/a.md')).toBeUndefined();
    expect(attachmentRefusal('http://cdn.discordapp.com/attachments/1/2/a.md')).toBe(
      "attachments are read only from Discord's own servers over https, not http://cdn.discordapp.com",
    );
    expect(attachmentRefusal('https://cdn.discordapp.com.evil.example/a.md')).toMatch(
      /not https:\/\/cdn\.discordapp\.com\.evil\.example$/,
    );
    expect(attachmentRefusal('https://169.254.169.254/latest/meta-data')).toMatch(/not https:\/\/169\.254\.169\.254$/);
    expect(attachmentRefusal('not a url')).toBe('the attachment has no valid address');
  });
});
