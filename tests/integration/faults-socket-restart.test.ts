import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../server/store/embedded';
import type { Snapshot } from '../../shared/snapshot';
import { cleanupProcesses, dataDir, post, runId, snapshot, startServer, stop } from '../helpers/process';
import { wallClient, type WallClient } from '../helpers/socket-client';

/**
 * The Socket.IO contract (docs/SOCKETIO.md): a client that reconnects is never left showing old numbers. A wall stays connected
 * while the server is stopped (SIGTERM) and started again on the same port and data folder; events are posted
 * after the restart. The wall must end with a whole snapshot from the new server, current to those events.
 */

const clients: WallClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await cleanupProcesses();
});

/** What the wall shows that must agree with the server: everything but when it was computed. */
const figures = (s: Snapshot) => {
  const { at: _at, ...rest } = s;
  return rest;
};

describe('fault: server restarted under a connected wall', () => {
  it('the wall reconnects by itself and ends with a whole, current snapshot including events posted after the restart', async () => {
    const dir = dataDir();
    const port = await freePort();
    const first = await startServer(dir, { PORT: String(port) });
    const wall = wallClient(first.base, first.tokens.viewer);
    clients.push(wall);
    const r = runId();
    const queued = (i: number) => ({ id: `${r}-q${i}`, type: 'contact.queued', at: Date.now(), channel: 'chat', contactId: `${r}-c${i}` });

    expect((await post(first, Array.from({ length: 300 }, (_, i) => queued(i)))).body).toMatchObject({ accepted: 300 });
    await expect.poll(() => wall.state()?.channels.chat?.waiting, { timeout: 5_000 }).toBe(300);
    expect(wall.snapshots).toBe(1);

    expect(await stop(first)).toBe(0);
    await expect.poll(() => wall.socket.connected, { timeout: 5_000 }).toBe(false);
    expect(wall.disconnects).toHaveLength(1);
    expect(wall.state()!.channels.chat!.waiting).toBe(300); // what it shows while the server is away: the last figures

    const second = await startServer(dir, { PORT: String(port) });
    expect(second.tokens.viewer).toBe(first.tokens.viewer); // the wall's token still works
    // Posted at once, while the wall may still be waiting to redial: it must see them either way.
    const after = [
      ...Array.from({ length: 200 }, (_, i) => queued(300 + i)),
      { id: `${r}-a0`, type: 'contact.answered', at: Date.now(), channel: 'chat', contactId: `${r}-c0` },
      { id: `${r}-o0`, type: 'orders.placed', at: Date.now(), count: 1_000 },
    ];
    expect((await post(second, after)).body).toMatchObject({ accepted: 202, duplicates: 0 });

    await expect.poll(() => wall.state()?.channels.chat?.waiting, { timeout: 10_000 }).toBe(499);
    expect(wall.socket.connected).toBe(true);
    expect(wall.connects).toBe(2);
    expect(wall.snapshots).toBe(2); // a whole snapshot on the reconnect, not only updates on top of the old one

    // Its picture is the server's, field for field (the snapshot is recomputed until both agree on time-bound parts).
    const shown = wall.state()!;
    expect(shown.channels.chat!.windows['15m']).toMatchObject({ arrivals: 500, answered: 1 });
    expect(shown.totals.windows['15m'].orders).toBe(1_000);
    await expect.poll(async () => {
      const [server, client] = [figures(await snapshot(second)), figures(wall.state()!)];
      return JSON.stringify(server) === JSON.stringify(client) ? 'same' : { server, client };
    }, { timeout: 10_000, interval: 250 }).toBe('same');
  });
});
