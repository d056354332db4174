import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * What a fetch may connect to. Only globally routable unicast addresses, unless the host
 * name (as written in the URL, lowercased) is one an admin allowed for an intranet: then
 * private, loopback and link-local addresses are allowed too, but never the ones below.
 */
export interface HostAllowance {
  /** Host names or IP addresses (lowercase, no port) whose private addresses may be fetched. */
  privateHosts: ReadonlySet<string>;
}

/**
 * Never fetched, whatever the allowance: the cloud metadata services (AWS, GCP, Azure and
 * others answer on 169.254.169.254; AWS also on fd00:ec2::254), which hand out the host's
 * credentials, and addresses that mean "this host, any interface".
 */
const NEVER = ['169.254.169.254', 'fd00:ec2::254'];

/** The ranges ipaddr.js names, in words an admin understands. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified address (this host)',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address (169.254.0.0/16, fe80::/10: the cloud metadata service lives here)',
  loopback: 'a loopback address (this host)',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10)',
  private: 'a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
  reserved: 'a reserved or documentation-only address',
  uniqueLocal: 'a unique-local address (fc00::/7)',
  deprecatedSiteLocal: 'a site-local address (fec0::/10)',
  ipv4Compatible: 'an IPv4-compatible IPv6 address (::/96)',
  rfc6145: 'an IPv4-translated IPv6 address',
  rfc6052: 'a NAT64 address that embeds an IPv4 address (64:ff9b::/96)',
  '6to4': 'a 6to4 address that embeds an IPv4 address (2002::/16)',
  teredo: 'a Teredo address that embeds an IPv4 address (2001::/32)',
  discard: 'a discard-only address (100::/64)',
};

export type AddressVerdict = { ok: true } | { ok: false; reason: string };

/**
 * The address `host` (a URL's hostname, brackets and all) spells, if it is an IP address:
 * decided as node:net decides it, because a connection to such a host skips the DNS lookup
 * (and with it the check in the lookup), so the fetch checks it before connecting.
 */
export function ipLiteral(host: string): string | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return isIP(bare) ? bare : undefined;
}

/** The host as the allowance compares it: lowercase, no brackets, no trailing dot. */
export function normaliseHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const lower = bare.toLowerCase().replace(/\.$/, '');
  return isIP(lower) ? ipaddr.process(lower).toString() : lower;
}

/** The allowance from a list of host names or addresses (e.g. FETCH_ALLOW_PRIVATE_HOSTS). */
export function hostAllowance(privateHosts: readonly string[] = []): HostAllowance {
  return { privateHosts: new Set(privateHosts.map(normaliseHost)) };
}

/**
 * The range an address is in, by ipaddr.js's names (`unicast` for a global address). An
 * IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it maps.
 */
export function addressRange(address: string): string {
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    const range = v6.range();
    // ::a.b.c.d (deprecated IPv4-compatible): no range of its own in ipaddr.js.
    if (range === 'unicast' && v6.parts.slice(0, 6).every((p) => p === 0)) return 'ipv4Compatible';
    return range;
  }
  return parsed.range();
}

/**
 * Whether a connection to `address` (the resolved address, never the name) is allowed for
 * a URL whose hostname is `host`. A refusal says which address, what kind it is and, where
 * it helps, how to allow it.
 */
export function checkAddress(address: string, host: string, allowance: HostAllowance): AddressVerdict {
  if (!isIP(address)) return { ok: false, reason: `${host} resolved to "${address}", which is not an IP address` };
  const canonical = ipaddr.process(address).toString();
  const shown = canonical === host ? canonical : `${host} resolves to ${canonical}`;
  if (NEVER.includes(canonical))
    return { ok: false, reason: `${shown}, the cloud metadata service's address; it is never fetched` };
  const range = addressRange(address);
  if (range === 'unicast') return { ok: true };
  const words = RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
  const allowed = allowance.privateHosts.has(normaliseHost(host));
  if (allowed && range !== 'unspecified' && range !== 'broadcast' && range !== 'multicast') return { ok: true };
  return {
    ok: false,
    reason: `${shown}, ${words} on the host's own networks; links there are not fetched${
      allowed ? '' : ' (an intranet host can be allowed with FETCH_ALLOW_PRIVATE_HOSTS)'
    }`,
  };
}
