import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEgress } from '../../server/notify/egress';
import { parseReceiverAllow } from '../../shared/receiver-url';

/** Where the tests' receivers listen, admitted as PEAKWATCH_RECEIVER_ALLOW would. */
export const LOCAL_RECEIVERS = '127.0.0.1';

/** The way out of a delivery sent straight from a test to a receiver of its own (loopback admitted). */
export const localEgress = () => createEgress(parseReceiverAllow(LOCAL_RECEIVERS));

export interface Received { at: number; headers: IncomingHttpHeaders; body: string; json: any }

/** What a failing receiver answers: text of its own server, which no lead may read. */
export const FAILURE_REPLY = 'upstream pool exhausted at 10.1.2.3:5432';

/** A real local HTTP receiver that records what it gets; `failNext(n)` answers the next n with 503 (`FAILURE_REPLY`). */
export async function startReceiver(port = 0) {
  const got: Received[] = [];
  let failing = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      if (failing > 0) {
        failing--;
        res.writeHead(503).end(FAILURE_REPLY);
        return;
      }
      got.push({ at: Date.now(), headers: req.headers, body, json: body ? JSON.parse(body) : null });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, got,
    failNext(n: number) { failing = n; },
    async waitFor(pred: (r: Received[]) => boolean, ms = 8000): Promise<void> {
      const t0 = Date.now();
      while (!pred(got)) {
        if (Date.now() - t0 > ms) throw new Error(`receiver: condition not met in ${ms} ms (got ${got.length})`);
        await new Promise((ok) => setTimeout(ok, 25));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
