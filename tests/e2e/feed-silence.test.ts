import type { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { Pages, closeAll, launchChromium, textOf as text } from '../helpers/browser';
import { buildClientOnce } from '../helpers/client-build';
import { eid } from '../helpers/events';
import { textProblems } from '../helpers/layout';
import { connect } from '../helpers/redis';

/**
 * A dead feed must not look like a calm day: on a fresh instance that never received an event, and on a channel
 * silent for longer than the threshold (the server's clock moved on by hand), the wall says NO EVENTS where it
 * would say LIVE and ✓ OK.
 */
const CHANNELS = ['chat', 'voice', 'email', 'messaging', 'social'];
const MIN = 60_000;

let redis: Redis;
let pages: Pages;
let server: TestServer;

beforeAll(async () => {
  await buildClientOnce();
  redis = connect();
  server = await startTestServer(redis, { now: Date.now(), running: true, broadcast: { heartbeatMs: 1_000 } });
  pages = new Pages(await launchChromium());
}, 60_000);

afterAll(() => closeAll(pages, server, redis));

/** Chat and voice contacts answered in target, and orders: events of the server's clock's last minute. */
function healthy(channels: string[]) {
  const at = server.clock.now() - 30_000;
  return [
    ...channels.flatMap((channel) => {
      const contactId = eid('c');
      return [
        { id: eid('fs'), type: 'contact.queued', at, channel, contactId },
        { id: eid('fs'), type: 'contact.answered', at: at + 5_000, channel, contactId },
      ];
    }),
    { id: eid('fs'), type: 'orders.placed', at, count: 40 },
  ];
}

const headers = (page: Page) => Promise.all(CHANNELS.map((ch) => text(page, `ch-${ch}-overall`)));

describe('the wall when no events arrive', () => {
  it('a fresh instance says NO EVENTS YET across the top and NO EVENTS on every channel, never LIVE or OK; then flows, then goes silent', async () => {
    const page = await pages.open(`${server.url}/wall?token=${TOKENS.viewer}`, { viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
    await page.getByTestId('ch-chat-overall').waitFor({ timeout: 15_000 });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    expect(await text(page, 'connection')).toBe('○ NO EVENTS YET');
    for (const h of await headers(page)) {
      expect(h).toContain('NO EVENTS');
      expect(h).not.toContain('OK');
    }
    // The longest top line and a header badge on every card still fit the smallest screen.
    expect(await textProblems(page, '.wall')).toEqual([]);

    // Events on chat and voice: those two and the top line come alive; the others stay silent.
    expect((await server.post(healthy(['chat', 'voice']))).body).toMatchObject({ rejected: [] });
    await expect.poll(() => text(page, 'connection'), { timeout: 10_000 }).toBe('● LIVE');
    expect(await text(page, 'ch-chat-overall')).not.toContain('NO EVENTS');
    expect(await text(page, 'ch-voice-overall')).not.toContain('NO EVENTS');
    expect(await text(page, 'ch-email-overall')).toContain('NO EVENTS');

    // Eleven minutes later by the server's clock (the screen's own clock does not move): silence everywhere.
    server.clock.set(Date.now() + 11 * MIN);
    await expect.poll(() => text(page, 'ch-chat-overall'), { timeout: 15_000 }).toContain('NO EVENTS');
    expect(await text(page, 'ch-voice-overall')).toContain('NO EVENTS');
    expect(await text(page, 'connection')).toBe('○ NO EVENTS');
    expect(await text(page, 'connection-since')).toMatch(/^last event \d\d:\d\d:\d\d$/);
    // The default rule says it too.
    await expect.poll(() => text(page, 'alerts'), { timeout: 10_000 }).toContain('No event received for more than 10m');
    await page.screenshot({ path: 'test-results/screenshots/wall-no-events.png' });

    // One channel speaks again: it and the top line flow, the other stays silent.
    expect((await server.post(healthy(['chat']))).body).toMatchObject({ rejected: [] });
    await expect.poll(() => text(page, 'connection'), { timeout: 10_000 }).toBe('● LIVE');
    await expect.poll(() => text(page, 'ch-chat-overall'), { timeout: 10_000 }).not.toContain('NO EVENTS');
    expect(await text(page, 'ch-voice-overall')).toContain('NO EVENTS');
  }, 90_000);
});
