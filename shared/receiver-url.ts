/**
 * Where a receiver may send: the outside world only (server-side request forgery, OWASP API7). A receiver URL
 * may not name a loopback, private, link-local, unique-local, unspecified, carrier-grade NAT, multicast,
 * broadcast or reserved address, nor a local name (`localhost`, a name without a dot, `.local`, `.internal`,
 * `.home.arpa`), unless the deployment admits it (PEAKWATCH_RECEIVER_ALLOW: host names and address ranges, such
 * as its own Alertmanager). A cloud's metadata service (where an instance finds its credentials) is refused
 * even then. Addresses are classified by ipaddr.js; the URL parser has already turned other spellings of an
 * IPv4 address (decimal, hex, octal, `127.1`) into dotted decimal, and an IPv6 address that embeds an IPv4 one
 * (IPv4-mapped or -compatible, NAT64, 6to4) is judged by the IPv4 address inside.
 *
 * The server checks the URL when receivers are stored and again when it sends, and then every address the
 * name resolves to, on the connection itself (server/notify/egress.ts).
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** What a deployment admits besides the outside world: host names (lower case, no trailing dot) and address ranges. */
export interface ReceiverAllow {
  hosts: readonly string[];
  ranges: readonly (readonly [Address, number])[];
}

/** Nothing internal admitted. */
export const NO_INTERNAL: ReceiverAllow = { hosts: [], ranges: [] };

/**
 * The browser does not know the deployment's allow list: there only what nothing admits is refused (not
 * http(s), a cloud metadata service), and the server decides the rest.
 */
export type AllowList = ReceiverAllow | 'unknown';

const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);
/** AWS, GCP and Azure (and AWS over IPv6), AWS ECS task credentials, Alibaba Cloud. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '169.254.170.2', '100.100.100.200']);
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa'];

const RANGE_WORDS: Record<string, string> = {
  loopback: 'loopback', private: 'private', linkLocal: 'link-local', uniqueLocal: 'unique-local', unspecified: 'unspecified',
  carrierGradeNat: 'carrier-grade NAT', multicast: 'multicast', broadcast: 'broadcast',
};
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Lower case, without IPv6 brackets or the trailing dot of a fully qualified name. */
export function normalHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** The address a host is, or null when it is a name. */
function addressOf(host: string): Address | null {
  if (!ipaddr.isValid(host)) return null;
  const ip = ipaddr.parse(host);
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

/** The IPv4 address inside an IPv6 one (IPv4-compatible, SIIT, NAT64, 6to4); null when there is none. */
function embeddedV4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = ip.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const range = ip.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || (range !== 'loopback' && range !== 'unspecified' && p.slice(0, 6).every((x) => x === 0))) return v4(p[6]!, p[7]!);
  if (range === 'rfc6052' && p[2] === 0) return v4(p[6]!, p[7]!); // 64:ff9b::/96; the local-use /48 is refused whole
  if (range === '6to4') return v4(p[1]!, p[2]!);
  return null;
}

/** What makes an address internal (`loopback`, `private`, `reserved`, …); null when it is a public one. */
function internalKind(ip: Address): string | null {
  if (ip.kind() === 'ipv6') {
    const inner = embeddedV4(ip as ipaddr.IPv6);
    if (inner) return internalKind(inner);
  }
  const range = ip.range();
  return range === 'unicast' ? null : (RANGE_WORDS[range] ?? range);
}

const isMetadata = (ip: Address) => METADATA_ADDRESSES.has(ip.toString())
  || (ip.kind() === 'ipv6' && METADATA_ADDRESSES.has(embeddedV4(ip as ipaddr.IPv6)?.toString() ?? ''));

const inRanges = (ip: Address, allow: ReceiverAllow) =>
  allow.ranges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));

const ADMIT = 'PEAKWATCH_RECEIVER_ALLOW admits one this deployment means';

/**
 * Why an address the server would connect to is refused; null when it may be. `hostAdmitted`: the name
 * it was resolved from is on the allow list (then only a metadata service is refused).
 */
export function receiverAddressProblem(address: string, allow: ReceiverAllow, hostAdmitted = false): string | null {
  const ip = addressOf(normalHost(address));
  if (!ip) return `${address} is not an IP address`;
  if (isMetadata(ip)) return `${ip.toString()} is a cloud metadata service`;
  if (hostAdmitted || inRanges(ip, allow)) return null;
  const kind = internalKind(ip);
  return kind === null ? null : `${ip.toString()} is ${kind} (${ADMIT})`;
}

/** Why a URL's host is refused; null when it may be used (a name is checked again once resolved). */
export function receiverHostProblem(hostname: string, allow: AllowList): string | null {
  const host = normalHost(hostname);
  const ip = addressOf(host);
  if (ip ? isMetadata(ip) : METADATA_NAMES.has(host)) return `${host} is a cloud metadata service`;
  if (allow === 'unknown' || allow.hosts.includes(host)) return null;
  if (ip) return receiverAddressProblem(host, allow);
  const local = host === 'localhost' || !host.includes('.') || LOCAL_SUFFIXES.some((s) => host.endsWith(s));
  return local ? `${host} is a local name (${ADMIT})` : null;
}

/** Why a receiver URL is refused: not http(s), or its host (above). Null for a URL that may be used. */
export function receiverUrlProblem(url: string, allow: AllowList): string | null {
  let u: URL;
  try { u = new URL(url); } catch { return 'must be an http(s) URL'; }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an http(s) URL';
  const host = receiverHostProblem(u.hostname, allow);
  return host === null ? null : `must not point at an internal address: ${host}`;
}

/** A receiver's `url`: an http(s) URL to the outside world, or to what `allow` admits. */
export const receiverUrlSchema = (allow: AllowList) => z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .superRefine((url, ctx) => {
    // Zod runs this after a failed URL check too: a string that is no http(s) URL is left to that one.
    const problem = receiverUrlProblem(url, allow);
    if (problem && problem !== 'must be an http(s) URL') ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * PEAKWATCH_RECEIVER_ALLOW: comma-separated host names, addresses and CIDR ranges (`alertmanager.internal,
 * 10.0.0.5,10.20.0.0/16,fd12::/64`). Throws an Error naming the first entry that is none of them.
 */
export function parseReceiverAllow(text: string): ReceiverAllow {
  const hosts: string[] = [];
  const ranges: [Address, number][] = [];
  for (const entry of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const e = normalHost(entry);
    const problem = () => new Error(`"${entry}" is not a host name, an address or a CIDR range (e.g. alertmanager.internal, 10.0.0.5, 10.20.0.0/16)`);
    if (e.includes('/')) {
      const [addr = '', bits = ''] = e.split('/');
      if (!/^\d{1,3}$/.test(bits) || !canonicalAddress(addr) || !ipaddr.isValidCIDR(e)) throw problem();
      const [net, prefix] = ipaddr.parseCIDR(e);
      ranges.push(net.kind() === 'ipv6' && (net as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96
        ? [(net as ipaddr.IPv6).toIPv4Address(), prefix - 96] : [net, prefix]);
    } else if (canonicalAddress(e)) {
      const ip = addressOf(e)!;
      if (isMetadata(ip)) throw new Error(`"${entry}" is a cloud metadata service: never a receiver`);
      ranges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_NAME.test(e) && !/^[\d.]+$/.test(e) && !/^0x/.test(e)) {
      if (METADATA_NAMES.has(e)) throw new Error(`"${entry}" is a cloud metadata service: never a receiver`);
      hosts.push(e);
    } else {
      throw problem();
    }
  }
  return { hosts, ranges };
}

/** Dotted-decimal IPv4 or IPv6: an allow list is written plainly, not in the spellings the URL parser accepts. */
const canonicalAddress = (s: string) => ipaddr.IPv4.isValidFourPartDecimal(s) || ipaddr.IPv6.isValid(s);
