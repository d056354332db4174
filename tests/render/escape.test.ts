// escapeMarkdown scans character codes; it must give exactly what the two regular
// expressions it replaced give, on any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/render/discord.ts';

/** The reference: every Markdown character backslashed, every "@" followed by a zero-width space. */
const byRegex = (text: string): string => text.replace(/([\\*_~`|>#\-[\]()<:])/g, '\\$1').replace(/@/g, '@\u200B');

describe('escapeMarkdown', () => {
  it('matches the regular-expression reference on any text', () => {
    const markdown = fc.constantFrom(...'\\*_~`|>#-[]()<:@ a.é\u2019\n'.split(''), '😀', '**', '@everyone');
    fc.assert(
      fc.property(fc.array(markdown, { maxLength: 30 }), (parts) => {
        expect(escapeMarkdown(parts.join(''))).toBe(byRegex(parts.join('')));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (t) => {
        expect(escapeMarkdown(t)).toBe(byRegex(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes what Discord would read as formatting or a mention', () => {
    expect(escapeMarkdown('**ICE** said: (no) @here_ [x] <y> #1 a-b ~c~ `d` |e| >f \\g')).toBe(
      '\\*\\*ICE\\*\\* said\\: \\(no\\) @\u200Bhere\\_ \\[x\\] \\<y\\> \\#1 a\\-b \\~c\\~ \\`d\\` \\|e\\| \\>f \\\\g',
    );
    expect(escapeMarkdown('plain words')).toBe('plain words');
  });
});
