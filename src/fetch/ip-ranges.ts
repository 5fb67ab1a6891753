import { isIPv4, isIPv6 } from 'node:net';

/**
 * Why an address is not a public internet host. `null` from {@link classifyAddress} means public. Kept as a
 * separate label (rather than a boolean) so a refused fetch says *which* range it hit, which is what an operator
 * needs to tell a misconfigured feed from an attack.
 */
export type AddressRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

interface V4Range {
  readonly base: number;
  readonly bits: number;
  readonly range: AddressRange;
}

// Order matters only where ranges nest (broadcast inside 240/4).
const V4_RANGES: readonly V4Range[] = [
  { base: ip4(0, 0, 0, 0), bits: 8, range: 'unspecified' },
  { base: ip4(10, 0, 0, 0), bits: 8, range: 'private' },
  { base: ip4(100, 64, 0, 0), bits: 10, range: 'cgnat' },
  { base: ip4(127, 0, 0, 0), bits: 8, range: 'loopback' },
  { base: ip4(169, 254, 0, 0), bits: 16, range: 'link-local' },
  { base: ip4(172, 16, 0, 0), bits: 12, range: 'private' },
  { base: ip4(192, 0, 0, 0), bits: 24, range: 'reserved' },
  { base: ip4(192, 0, 2, 0), bits: 24, range: 'documentation' },
  { base: ip4(192, 88, 99, 0), bits: 24, range: 'reserved' },
  { base: ip4(192, 168, 0, 0), bits: 16, range: 'private' },
  // Azure's WireServer (VM agent, metadata, DNS): reachable from every Azure VM, not a web host.
  { base: ip4(168, 63, 129, 16), bits: 32, range: 'reserved' },
  { base: ip4(198, 18, 0, 0), bits: 15, range: 'reserved' },
  { base: ip4(198, 51, 100, 0), bits: 24, range: 'documentation' },
  { base: ip4(203, 0, 113, 0), bits: 24, range: 'documentation' },
  { base: ip4(224, 0, 0, 0), bits: 4, range: 'multicast' },
  { base: ip4(255, 255, 255, 255), bits: 32, range: 'broadcast' },
  { base: ip4(240, 0, 0, 0), bits: 4, range: 'reserved' },
];

function ip4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function inV4(addr: number, base: number, bits: number): boolean {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (addr & mask) >>> 0 === (base & mask) >>> 0;
}

/** Dotted-quad IPv4 to a uint32, or null. Only the canonical form: WHATWG URL has already normalised the rest. */
export function parseIPv4(s: string): number | null {
  if (!isIPv4(s)) return null;
  const parts = s.split('.').map(Number);
  const [a = 0, b = 0, c = 0, d = 0] = parts;
  return ip4(a, b, c, d);
}

/** IPv6 text (optionally with a zone id or an embedded dotted quad) to its eight 16-bit groups, or null. */
export function parseIPv6(input: string): number[] | null {
  let s = input;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!isIPv6(s)) return null;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIPv4(tail);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length > 1 ? 8 - head.length - rest.length : 0;
  const groups = [...head, ...Array<string>(fill).fill('0'), ...rest].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

function classifyV4(addr: number): AddressRange | null {
  for (const r of V4_RANGES) if (inV4(addr, r.base, r.bits)) return r.range;
  return null;
}

function embeddedV4(hi: number, lo: number): number {
  return ((hi << 16) | lo) >>> 0;
}

function classifyV6(g: readonly number[]): AddressRange | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 0) return 'unspecified';
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 1) return 'loopback';
  // ::ffff:a.b.c.d (IPv4-mapped): the kernel connects to the IPv4 address, so judge that.
  if (firstFiveZero && g5 === 0xffff) return classifyV4(embeddedV4(g6, g7));
  // ::ffff:0:a.b.c.d (IPv4-translated, SIIT).
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) {
    return classifyV4(embeddedV4(g6, g7));
  }
  // ::a.b.c.d (deprecated IPv4-compatible): nothing legitimate uses it.
  if (firstFiveZero && g5 === 0) return 'reserved';
  // 64:ff9b::/96 NAT64 well-known prefix: reaches the embedded IPv4 address through a translator.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return classifyV4(embeddedV4(g6, g7));
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private'; // 64:ff9b:1::/48 local-use NAT64
  // 2002::/16 6to4: the embedded IPv4 address is the relay target.
  if (g0 === 0x2002) {
    const inner = classifyV4(embeddedV4(g1, g2));
    return inner ?? null;
  }
  if (g0 === 0x2001 && g1 === 0) return 'reserved'; // Teredo 2001::/32: tunnels to an obfuscated IPv4 address
  if (g0 === 0x2001 && g1 === 0xdb8) return 'documentation';
  if (g0 === 0x3fff && (g1 & 0xf000) === 0) return 'documentation'; // 3fff::/20 (RFC 9637), inside 2000::/3
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  // Only 2000::/3 is global unicast; everything else left (100::/64 discard, unassigned space) is not a web host.
  if ((g0 & 0xe000) !== 0x2000) return 'reserved';
  return null;
}

/**
 * Classifies an IP address (v4 or v6 text, with or without `[]`), returning the non-public range it falls in, or
 * `null` when it is a public unicast address. Unparseable input is `'reserved'` so that a surprise never passes.
 */
export function classifyAddress(address: string): AddressRange | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const v4 = parseIPv4(bare);
  if (v4 !== null) return classifyV4(v4);
  const v6 = parseIPv6(bare);
  if (v6 !== null) return classifyV6(v6);
  return 'reserved';
}

/** An address block from an allowlist (`10.20.0.0/16`, `fd00:1::/64`, or one address). */
export interface Cidr {
  readonly family: 4 | 6;
  /** The address as 32 bits (IPv4) or eight 16-bit groups (IPv6). */
  readonly base: number | readonly number[];
  readonly bits: number;
}

/** Parses `a.b.c.d/n`, `v6::/n` or a bare address (a /32 or /128); null when it is neither. */
export function parseCidr(text: string): Cidr | null {
  const [addr = '', prefix, ...rest] = text.trim().split('/');
  if (rest.length > 0) return null;
  const bare = addr.startsWith('[') && addr.endsWith(']') ? addr.slice(1, -1) : addr;
  const v4 = parseIPv4(bare);
  const v6 = v4 === null ? parseIPv6(bare) : null;
  if (v4 === null && v6 === null) return null;
  const max = v4 !== null ? 32 : 128;
  const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  if (!(bits >= 0 && bits <= max)) return null;
  return v4 !== null ? { family: 4, base: v4, bits } : { family: 6, base: v6 as number[], bits };
}

/** Whether `address` (v4 or v6 text) lies in `cidr`. An IPv4-mapped IPv6 address is judged as its IPv4 address. */
export function inCidr(address: string, cidr: Cidr): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  let v4 = parseIPv4(bare);
  const v6 = v4 === null ? parseIPv6(bare) : null;
  if (v6?.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) v4 = embeddedV4(v6[6] ?? 0, v6[7] ?? 0);
  if (cidr.family === 4) return v4 !== null && inV4(v4, cidr.base as number, cidr.bits);
  if (!v6 || v4 !== null) return false;
  const base = cidr.base as readonly number[];
  let left = cidr.bits;
  for (let i = 0; i < 8 && left > 0; i++, left -= 16) {
    const take = Math.min(16, left);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((v6[i] ?? 0) & mask) !== ((base[i] ?? 0) & mask)) return false;
  }
  return true;
}
