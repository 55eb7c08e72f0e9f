import { type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { startApplication } from './application';
import { connectBackend } from './boot';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './logger';
import { RedisMissingError } from './store/embedded';

/** Starts Peakwatch: config, Redis (embedded unless REDIS_URL), HTTP; stops cleanly on SIGINT/SIGTERM. */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const backend = await connectBackend(config, log);
  const server = createServer();
  const subscriber = backend.redis.duplicate();
  subscriber.on('error', (err) => log.warn({ err: err.message }, 'redis subscriber error'));
  const application = await startApplication(server, {
    store: backend.store, channels: config.channels, timeZone: config.timeZone, creds: backend.creds, logger: log,
    subscriber, allowedOrigins: config.allowedOrigins, rateLimits: config.rateLimits, receiverAllow: config.receiverAllow,
    demoNote: config.demoNote, trustProxy: config.trustProxy, silenceAfterSeconds: config.silenceAfterSeconds, historyDays: config.historyDays, widgetOrigins: config.widgetOrigins,
    publicUrl: config.publicUrl,
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(config.port, config.host, ok); });
  const port = (server.address() as { port: number }).port;
  const base = `http://localhost:${port}`;
  const lines = [`Peakwatch is running on ${base}  (Redis: ${backend.embedded ? `embedded, data in ${config.dataDir}` : config.redisSentinel ? 'Sentinel' : 'REDIS_URL'})`];
  if (Object.keys(backend.generated).length) {
    lines.push('Development tokens (kept in Redis; set PEAKWATCH_* variables to choose your own):');
    for (const [role, token] of Object.entries(backend.generated)) lines.push(`  ${role.padEnd(7)} ${token}`);
  }
  // A configured secret is never printed (start-up output ends up in logs): only a generated one, or the variable's name.
  lines.push(`Snapshot: curl -H "Authorization: Bearer ${backend.generated.viewer ?? '$PEAKWATCH_VIEWER_TOKEN'}" ${base}/api/v1/snapshot`);
  process.stdout.write(`${lines.join('\n')}\n`);
  log.info({ port, tz: config.timeZone, channels: config.channels }, 'listening');

  let stopping = false;
  // Once stopping, every response says `Connection: close`: a keep-alive client (an ingest pool) would
  // otherwise hold its connection open, and the shutdown with it, until the keep-alive timeout.
  const responses = new Set<ServerResponse>();
  server.prependListener('request', (_req, res) => {
    if (stopping) res.shouldKeepAlive = false;
    responses.add(res);
    res.once('close', () => responses.delete(res));
  });
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    for (const res of responses) if (!res.headersSent) res.shouldKeepAlive = false;
    // Stop accepting; in-flight batches finish (their responses are sent) before Redis is closed.
    const closed = new Promise<void>((ok) => server.close(() => ok()));
    server.closeIdleConnections();
    await application.close();
    const force = setTimeout(() => { for (const s of sockets) s.destroy(); }, 10_000);
    await closed;
    clearTimeout(force);
    await subscriber.quit().catch(() => subscriber.disconnect());
    await backend.redis.quit().catch(() => backend.redis.disconnect());
    await backend.embedded?.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const msg = err instanceof ConfigError ? `configuration: ${err.message}`
    : err instanceof RedisMissingError ? err.message
    : `cannot start: ${err instanceof Error ? err.message : String(err)}`;
  process.stderr.write(`peakwatch: ${msg}\n`);
  process.exit(1);
});
