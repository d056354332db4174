import { describe, expect, it } from 'vitest';
import { checkAddress, hostAllowance } from '../../src/ingest/address.ts';

describe('checkAddress', () => {
  const none = hostAllowance();
  const verdict = (address: string, allowance = none, host = address) => checkAddress(address, host, allowance).ok;

  it('allows global unicast addresses only', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(verdict(a)).toBe(true);
    for (const a of [
      '127.0.0.1',
      '127.255.0.9',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '169.254.10.10',
      '100.64.0.1',
      '0.0.0.0',
      '0.1.2.3',
      '255.255.255.255',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '64:ff9b::a9fe:a9fe',
      '2002:7f00:1::',
      '::7f00:1',
    ])
      expect([a, verdict(a)]).toEqual([a, false]);
  });

  it('lets an allowed host reach private addresses, but never the metadata service', () => {
    const allow = hostAllowance(['intranet.example', '10.0.0.5']);
    expect(verdict('10.0.0.7', allow, 'intranet.example')).toBe(true);
    expect(verdict('10.0.0.7', allow, 'INTRANET.example.')).toBe(true);
    expect(verdict('10.0.0.5', allow)).toBe(true);
    expect(verdict('10.0.0.7', allow, 'other.example')).toBe(false);
    expect(verdict('169.254.169.254', allow, 'intranet.example')).toBe(false);
    expect(verdict('fd00:ec2::254', allow, 'intranet.example')).toBe(false);
    expect(verdict('0.0.0.0', allow, 'intranet.example')).toBe(false);
  });

  it('says which address and what kind it is', () => {
    expect(checkAddress('10.0.0.7', 'intranet.example', none)).toEqual({
      ok: false,
      reason:
        "intranet.example resolves to 10.0.0.7, a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) on the host's own networks; links there are not fetched (an intranet host can be allowed with FETCH_ALLOW_PRIVATE_HOSTS)",
    });
  });
});
