import { describe, expect, it } from 'vitest';
import { readConfig, readLocalConfig } from '../../src/runtime/config.ts';
import { TOKEN } from '../support/cli.ts';

const BOT = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: '100000000000000001' };

describe('FETCH_ALLOW_PRIVATE_HOSTS', () => {
  it('reads a comma-separated list of host names and addresses, empty when unset', () => {
    const r = readConfig({ ...BOT, FETCH_ALLOW_PRIVATE_HOSTS: ' intranet.example , 10.0.0.5,[fd00::5],' });
    expect(r.ok && r.config.FETCH_ALLOW_PRIVATE_HOSTS).toEqual(['intranet.example', '10.0.0.5', '[fd00::5]']);
    const unset = readConfig(BOT);
    expect(unset.ok && unset.config.FETCH_ALLOW_PRIVATE_HOSTS).toEqual([]);
  });

  it('refuses a scheme, a port or a path, without repeating the value', () => {
    for (const bad of ['http://intranet.example', 'intranet.example:8080', 'intranet.example/news', 'in tra.net']) {
      const r = readConfig({ ...BOT, FETCH_ALLOW_PRIVATE_HOSTS: bad });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.message).toContain('each of FETCH_ALLOW_PRIVATE_HOSTS must be a host name or an IP address');
      expect(r.message).not.toContain(bad);
    }
  });

  it('is read on the host without the bot token (the command line)', () => {
    expect(readLocalConfig({ FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1', CORPUS_DIR: '/srv/corpus' })).toEqual({
      ok: true,
      config: { FETCH_ALLOW_PRIVATE_HOSTS: ['127.0.0.1'], CORPUS_DIR: '/srv/corpus' },
    });
    expect(localProblems('x:1')).toContain('FETCH_ALLOW_PRIVATE_HOSTS');
  });
});

function localProblems(value: string): string {
  const r = readLocalConfig({ FETCH_ALLOW_PRIVATE_HOSTS: value });
  return r.ok ? '' : r.message;
}
