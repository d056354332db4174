import { describe, expect, it } from 'vitest';
import { sentences } from '../../src/text/sentences.ts';

const split = (t: string) => sentences(t).map((s) => t.slice(s.start, s.end));

describe('sentences', () => {
  it('does not end a sentence at a title, a month or a dotted acronym', () => {
    expect(split('Gov. Polis spoke to Mr. Smith on Sept. 4 about the U.S. border. Then he left.')).toEqual([
      'Gov. Polis spoke to Mr. Smith on Sept. 4 about the U.S. border.',
      'Then he left.',
    ]);
  });

  it('keeps closing quote marks with their sentence', () => {
    expect(split('“We stand with them,” he said. “They are people.” She agreed.')).toEqual([
      '“We stand with them,” he said.',
      '“They are people.”',
      'She agreed.',
    ]);
  });

  it('ends a sentence at a line break and keeps an ellipsis without a space inside', () => {
    expect(split('who live here...we follow the law\nNext line.')).toEqual([
      'who live here...we follow the law',
      'Next line.',
    ]);
  });

  it('keeps initials inside a name', () => {
    expect(split('Michael B. Hancock spoke. He left.')).toEqual(['Michael B. Hancock spoke.', 'He left.']);
  });
});
