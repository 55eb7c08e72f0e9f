import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config/config';

/** Whether the proxy at `addr`, `hop` hops from the server, is trusted to tell the client's address. */
export type TrustFunction = (addr: string, hop: number) => boolean;

/**
 * `PEAKWATCH_TRUST_PROXY` compiled as Express compiles its `trust proxy` setting. Express is given this very
 * function (so `req.ip` follows it) and socket handshakes go through `clientAddress` with it: both see one address.
 */
export function compileTrust(setting: TrustProxy): TrustFunction {
  if (typeof setting === 'boolean') return () => setting;
  if (typeof setting === 'number') return (_addr, hop) => hop < setting;
  return proxyaddr.compile(setting);
}

/** The client's address of a request: the socket's, or from X-Forwarded-For as far as the proxies are trusted. */
export function clientAddress(req: IncomingMessage, trust: TrustFunction): string {
  return proxyaddr(req, trust);
}
