import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { parseCommandLine } from '../../src/request/parse.ts';
import { builtInEngine } from '../support/corpus.ts';

async function parse(line: string) {
  return parseCommandLine(line, commands, await builtInEngine());
}

describe('parseCommandLine', () => {
  it('gives the words after the command to its first option', async () => {
    expect(await parse('/search sanctuary city grants')).toMatchObject({
      ok: true,
      options: { query: 'sanctuary city grants' },
    });
  });

  it('reads named options with quoted values', async () => {
    expect(await parse('/search query:"ICE detainer"')).toMatchObject({ ok: true, options: { query: 'ICE detainer' } });
    expect(await parse('/search query:“light rail”')).toMatchObject({ ok: true, options: { query: 'light rail' } });
  });

  it('treats a name: that is not an option as text', async () => {
    expect(await parse('/search ICE: the agency')).toMatchObject({ ok: true, options: { query: 'ICE: the agency' } });
  });

  it('takes the command without its slash and in any case', async () => {
    expect(await parse('SEARCH valles')).toMatchObject({ ok: true, options: { query: 'valles' } });
  });

  it('says what is wrong with an unknown command or a missing argument', async () => {
    expect(await parse('/serch x')).toEqual({
      ok: false,
      error: expect.stringMatching(/^There is no command \/serch\. Commands: \/ask, \/search/),
    });
    expect(await parse('/search')).toEqual({
      ok: false,
      error: '/search needs a query, e.g. /search detainer requests.',
    });
    expect(await parse('/search query:""')).toMatchObject({ ok: false });
    expect(await parse('/sources extra words')).toEqual({
      ok: false,
      error: '/sources takes no options; type just /sources.',
    });
  });
});
