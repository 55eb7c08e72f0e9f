/**
 * How a delivery leaves the server: only to the outside world, or to what PEAKWATCH_RECEIVER_ALLOW admits
 * (shared/receiver-url.ts). The name is resolved once, every address it resolves to is checked, and the
 * connection goes to a checked address: the check is the connection's own name lookup, so a name that
 * answers a public address to a check and an internal one to the connection (DNS rebinding) gets nowhere.
 * A URL whose host is an address is checked before sending (no lookup happens for it).
 */
import { promises as dns } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { type ReceiverAllow, NO_INTERNAL, normalHost, receiverAddressProblem } from '../../shared/receiver-url';

export interface ResolvedAddress { address: string; family: number }
/** Every address a name resolves to (the system resolver by default; tests inject their own). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolve: Resolve = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** A name resolved to an address no receiver may have: the delivery fails for good. */
export class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
  readonly code = 'ERECEIVERADDRESS';
}

export interface Egress {
  allow: ReceiverAllow;
  /** `fetch` whose connections are checked. */
  fetch: typeof fetch;
  close(): Promise<void>;
}

/** The connection's name lookup: resolves, refuses the lot when one address is refused, answers as `dns.lookup` would. */
export function guardedLookup(allow: ReceiverAllow, resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    const admitted = allow.hosts.includes(normalHost(hostname));
    resolve(hostname).then((all) => {
      const refused = all.map((a) => receiverAddressProblem(a.address, allow, admitted)).find((p) => p !== null);
      if (refused) throw new RefusedAddressError(`${normalHost(hostname)} resolves to an internal address: ${refused}`);
      const usable = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
      if (!usable.length) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
      if (options.all) callback(null, usable);
      else callback(null, usable[0]!.address, usable[0]!.family);
    }).catch((err: NodeJS.ErrnoException) => callback(err, ''));
  };
}

/** Deliveries' way out: `allow` admits internal hosts and ranges; `resolve` replaces the system resolver (tests). */
export function createEgress(allow: ReceiverAllow = NO_INTERNAL, resolve?: Resolve): Egress {
  const agent = new Agent({ connect: { lookup: guardedLookup(allow, resolve) } });
  const guarded = (input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent });
  return { allow, fetch: guarded as unknown as typeof fetch, close: () => agent.close() };
}
