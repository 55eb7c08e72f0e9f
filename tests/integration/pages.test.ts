import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { LIVE_VIEWS, PAGES, PAGE_NAMES, PAGE_PATHS, pageAt } from '../../shared/pages';
import { VIEWS } from '../../shared/socket';
import { connect } from '../helpers/redis';
import { TOKENS, startTestServer, type TestServer } from '../helpers/app';

describe('the page list', () => {
  it('routes each page\'s path (a trailing slash ignored) and `/` to its page, nothing else', () => {
    for (const p of PAGE_NAMES) {
      expect(pageAt(PAGES[p].path)).toBe(p);
      expect(pageAt(`${PAGES[p].path}/`)).toBe(p);
    }
    expect(pageAt('/')).toBe('wall');
    expect(pageAt('')).toBe('wall');
    expect(pageAt('/kitchen')).toBeUndefined();
    expect(pageAt('/wall/leads')).toBeUndefined();
  });

  it('the socket views are the pages with a live feed; settings has none', () => {
    expect([...VIEWS]).toEqual(LIVE_VIEWS);
    expect(LIVE_VIEWS).toEqual(['wall', 'leads', 'readiness']);
  });
});

describe('the server and the page list', () => {
  let redis: Redis;
  let s: TestServer;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    redis = connect();
    s = await startTestServer(redis, { now: Date.parse('2026-11-27T12:00:30Z') });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await s.close();
    redis.disconnect();
  });

  it('answers every page path with the client (built or not), and an unknown path with 404', async () => {
    for (const path of PAGE_PATHS) {
      const res = await fetch(s.url + path);
      expect([200, 503], path).toContain(res.status);
    }
    expect((await fetch(`${s.url}/kitchen`)).status).toBe(404);
  });

  const handshake = (view: string) => new Promise<string>((ok) => {
    const socket = connectSocket(s.url, { auth: { token: TOKENS.viewer, view }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    socket.once('snapshot', () => ok('joined'));
    socket.once('connect_error', (err) => ok(err.message));
  });

  it('a socket may join the room of each page with a live feed, and of no other page', async () => {
    for (const view of LIVE_VIEWS) expect(await handshake(view), view).toBe('joined');
    expect(await handshake('settings')).toMatch(/auth.view must be one of wall, leads, readiness$/);
  });
});
