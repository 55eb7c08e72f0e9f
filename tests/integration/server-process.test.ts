import { Agent, request } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/snapshot';
import {
  START_TIMEOUT_MS, answered, cleanupProcesses, dataDir, exitCode, isRedis, post, queued, redisPidIn, runId, snapshot,
  spawnServer, startServer, stop, until,
} from '../helpers/process';

/**
 * The real entry point (`server/index.ts`) as a child process, with its own embedded redis-server on a
 * temporary data folder (tests/helpers/process.ts). Every process started here is killed after each test,
 * whatever happened.
 */

afterEach(cleanupProcesses);

/** The figures of chat a restart must keep: live gauges and the sliding windows. */
const chatFigures = (snap: Snapshot) => {
  const { windows, ...live } = snap.channels.chat!;
  return { live, '15m': windows['15m'], '60m': windows['60m'] };
};

describe('server process: a start that cannot work exits 1 with one line on stderr and no stack trace', () => {
  it.each([
    ['a bad PEAKWATCH_TZ', { PEAKWATCH_TZ: 'Nowhere/Land' }, ['PEAKWATCH_TZ', 'Nowhere/Land']],
    ['production without credentials', { NODE_ENV: 'production' },
      ['PEAKWATCH_INGEST_KEYS', 'PEAKWATCH_VIEWER_TOKEN', 'PEAKWATCH_LEAD_TOKEN', 'PEAKWATCH_ADMIN_TOKEN']],
    ['a lead token without a valid name', { PEAKWATCH_LEAD_TOKENS: 'Sam Smith:sam-lead-token-0123456789' }, ['PEAKWATCH_LEAD_TOKENS', 'name:token']],
    ['an unreachable REDIS_URL (password hidden)', { REDIS_URL: 'redis://:hunter2-secret@127.0.0.1:1' }, ['cannot reach Redis', '127.0.0.1:1']],
  ] as const)('%s', async (_name, env, words) => {
    const dir = dataDir();
    const p = spawnServer(dir, env);
    expect(await exitCode(p, START_TIMEOUT_MS)).toBe(1);
    const lines = p.stderr().split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    for (const w of words) expect(lines[0]).toContain(w);
    expect(p.stderr()).not.toMatch(/\bat .*:\d+:\d+/);
    expect(p.stderr()).not.toContain('hunter2');
    expect(p.stdout()).not.toContain('Peakwatch is running');
    expect(redisPidIn(dir)).toBeNull(); // no embedded redis-server was started
  });
});

describe('server process: production', () => {
  it('prints no configured secret at start-up (nor logs one), and named lead tokens work', async () => {
    const secrets = {
      PEAKWATCH_INGEST_KEYS: `ingest-${runId()}-0123456789`, PEAKWATCH_VIEWER_TOKEN: `viewer-${runId()}-0123456789`,
      PEAKWATCH_ADMIN_TOKEN: `admin-${runId()}-0123456789`, PEAKWATCH_LEAD_TOKENS: `sam:sam-${runId()}-0123456789`,
    };
    const p = spawnServer(dataDir(), { NODE_ENV: 'production', LOG_LEVEL: 'info', ...secrets });
    const out = await until('the start-up banner', START_TIMEOUT_MS, () => (/^Snapshot: curl .*$/m.test(p.stdout()) ? p.stdout() : null), p);
    expect(out).toMatch(/^Snapshot: curl -H "Authorization: Bearer \$PEAKWATCH_VIEWER_TOKEN" http:\/\/localhost:\d+\/api\/v1\/snapshot$/m);
    const base = `http://127.0.0.1:${/localhost:(\d+)/.exec(out)![1]}`;
    const whoami = await fetch(`${base}/api/v1/whoami`, { headers: { authorization: `Bearer ${secrets.PEAKWATCH_LEAD_TOKENS.slice(4)}` } });
    expect(await whoami.json()).toEqual({ role: 'lead', name: 'sam' });
    const printed = p.stdout() + p.stderr();
    for (const secret of [...Object.values(secrets), secrets.PEAKWATCH_LEAD_TOKENS.slice(4)]) expect(printed).not.toContain(secret);
    expect(await stop(p)).toBe(0);
  });
});

describe('server process: embedded Redis and development tokens', () => {
  it('prints generated tokens that work: the ingest key posts events, the viewer token reads them', async () => {
    const s = await startServer(dataDir());
    expect(new Set(Object.values(s.tokens)).size).toBe(4);
    const id = `e-${runId()}`;

    const res = await post(s, [queued(id)]);
    expect(res).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, rejected: [] } });

    const snap = await snapshot(s);
    expect(snap.channels.chat!.waiting).toBe(1);
    expect(snap.channels.chat!.windows['15m'].arrivals).toBe(1);
    expect(snap.channels.voice!.waiting).toBe(0);

    // The keys are not interchangeable: a viewer token cannot ingest, an ingest key cannot read.
    expect((await post(s, [queued(`x-${runId()}`)], s.tokens.viewer)).status).toBe(401);
    const asIngest = await fetch(`${s.base}/api/v1/snapshot`, { headers: { authorization: `Bearer ${s.tokens.ingest}` } });
    expect(asIngest.status).toBe(401);
    await asIngest.body?.cancel();
  });

  it('a restart on the same data folder keeps tokens, figures and idempotency', async () => {
    const dir = dataDir();
    const first = await startServer(dir);
    const r = runId();
    const events = [queued(`${r}-q1`, `${r}-c1`), queued(`${r}-q2`, `${r}-c2`), queued(`${r}-q3`, `${r}-c3`), answered(`${r}-a1`, `${r}-c1`)];
    expect((await post(first, events)).body).toMatchObject({ accepted: 4, duplicates: 0 });
    const before = await snapshot(first);
    expect(before.channels.chat!.waiting).toBe(2);
    expect(before.channels.chat!.windows['15m'].answered).toBe(1);
    expect(await stop(first)).toBe(0);

    const second = await startServer(dir);
    expect(second.tokens).toEqual(first.tokens);
    expect(chatFigures(await snapshot(second))).toEqual(chatFigures(before));
    expect((await post(second, events)).body).toEqual({ accepted: 0, duplicates: 4, rejected: [] });
    expect(chatFigures(await snapshot(second))).toEqual(chatFigures(before));
  });

  it('SIGTERM during a burst of batches: every acknowledged batch survives the restart, and it exits 0', async () => {
    const dir = dataDir();
    const first = await startServer(dir);
    const r = runId();
    const batches = Array.from({ length: 12 }, (_, b) => Array.from({ length: 1_000 }, (_, i) => queued(`${r}-${b}-${i}`)));

    let signalled = false;
    const results = await Promise.all(batches.map((batch) => post(first, batch).then(
      (res) => {
        if (!signalled) { signalled = true; first.child.kill('SIGTERM'); }
        return res;
      },
      () => null, // refused or cut off by the shutdown: not acknowledged
    )));
    expect(await exitCode(first)).toBe(0);

    const acked = results.flatMap((res, b) => (res?.status === 200 ? [b] : []));
    expect(acked.length).toBeGreaterThan(0);
    for (const b of acked) expect(results[b]!.body).toMatchObject({ accepted: 1_000, duplicates: 0 });

    const second = await startServer(dir);
    // Nothing acknowledged is lost, and nothing unacknowledged was half-applied.
    expect((await snapshot(second)).channels.chat!.waiting).toBe(acked.length * 1_000);
    for (const b of acked) expect((await post(second, batches[b]!)).body).toMatchObject({ accepted: 0, duplicates: 1_000 });
  });

  it('a batch half-sent when SIGTERM arrives is applied and answered with Connection: close, then the server exits at once', async () => {
    const dir = dataDir();
    const first = await startServer(dir, { LOG_LEVEL: 'info' });
    const r = runId();
    const body = JSON.stringify(Array.from({ length: 200 }, (_, i) => queued(`${r}-${i}`)));
    // A keep-alive client, as an ingest integration's connection pool would be.
    const agent = new Agent({ keepAlive: true });
    try {
      const url = new URL(`${first.base}/api/v1/events`);
      const req = request({
        host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${first.tokens.ingest}` },
      });
      const response = new Promise<{ status: number; connection: string | undefined; body: any; at: number }>((ok, fail) => {
        req.once('error', fail);
        req.once('response', (res) => {
          let text = '';
          res.on('data', (b: Buffer) => { text += b.toString(); });
          res.once('end', () => ok({ status: res.statusCode!, connection: res.headers.connection, body: JSON.parse(text), at: Date.now() }));
        });
      });
      req.write(body.slice(0, 100));
      await new Promise((ok) => setTimeout(ok, 300)); // headers and part of the body are at the server: in flight
      first.child.kill('SIGTERM');
      await until('the server to begin shutting down', 5_000, () => (first.stdout().includes('shutting down') ? true : null), first);
      req.end(body.slice(100));

      const res = await response;
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: 200, duplicates: 0 });
      expect(res.connection).toBe('close');
      expect(await exitCode(first)).toBe(0);
      // Not held open by the idle keep-alive connection until its timeout (5 s): only Redis' own stop remains.
      expect(Date.now() - res.at).toBeLessThan(4_000);
    } finally {
      agent.destroy();
    }

    const second = await startServer(dir);
    expect((await snapshot(second)).channels.chat!.waiting).toBe(200);
  });

  it('after SIGTERM no embedded redis-server is left running', async () => {
    const dir = dataDir();
    const s = await startServer(dir);
    expect(isRedis(s.redisPid!)).toBe(true);
    expect(await stop(s)).toBe(0);
    // Gone already: the server waited for it (and so for its last append-only-file write) before exiting.
    expect(isRedis(s.redisPid!)).toBe(false);
    expect(existsSync(join(dir, 'redis.pid'))).toBe(false); // removed by redis-server on a clean shutdown
  });

  it('kill -9 leaves redis-server orphaned; the next start stops it and shows every acknowledged event', async () => {
    const dir = dataDir();
    const first = await startServer(dir);
    const r = runId();
    const events = Array.from({ length: 500 }, (_, i) => queued(`${r}-${i}`));
    expect((await post(first, events)).body).toMatchObject({ accepted: 500 });

    process.kill(-first.child.pid!, 'SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await new Promise((ok) => setTimeout(ok, 200));
    expect(isRedis(first.redisPid!)).toBe(true); // the orphan this start must deal with

    const second = await startServer(dir);
    expect(second.redisPid).not.toBe(first.redisPid);
    expect(isRedis(first.redisPid!)).toBe(false);
    expect(second.tokens).toEqual(first.tokens);
    expect((await snapshot(second)).channels.chat!.waiting).toBe(500);
    expect((await post(second, events)).body).toMatchObject({ accepted: 0, duplicates: 500 });
    expect(await stop(second)).toBe(0);
  });
});
