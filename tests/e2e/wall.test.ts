import { existsSync, mkdirSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { defaultTargets } from '../../shared/targets';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { Pages, closeAll, launchChromium, textOf as text } from '../helpers/browser';
import { buildClientOnce } from '../helpers/client-build';
import { connect, uniqueTenant } from '../helpers/redis';

/**
 * The wall in a real browser (Debian's Chromium) against a real server serving the built client: figures
 * at 1080p and 4K without scrollbars, the token link, the stale banner across a server restart, alerts.
 */
const SHOTS = 'test-results/screenshots';
/** A host name that is not localhost, as a TV on the LAN uses (`http://peakwatch.lan:8080/wall`). */
const LAN_HOST = 'peakwatch.lan';
const HD = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };

let redis: Redis;
let pages: Pages;
let server: TestServer;
/** When the events were made: chat's oldest contact has waited since 200 s before. */
let seededAt = 0;
const tenant = uniqueTenant('wall');

/** Events relative to now: chat has 3 waiting (the oldest for 200 s) and SL 50 %; voice SL 100 %. */
function events(now: number) {
  let n = 0;
  const id = () => `wall-${tenant}-${++n}`;
  const contact = (type: string, channel: string, contactId: string, agoS: number) =>
    ({ id: id(), type: `contact.${type}`, at: now - agoS * 1000, channel, contactId });
  return [
    contact('queued', 'chat', 'c1', 200), contact('queued', 'chat', 'c2', 30), contact('queued', 'chat', 'c3', 10),
    contact('queued', 'chat', 'c4', 300), contact('answered', 'chat', 'c4', 250),
    contact('queued', 'chat', 'c5', 400), contact('answered', 'chat', 'c5', 100),
    contact('resolved', 'chat', 'c4', 60),
    contact('queued', 'voice', 'v1', 120), contact('answered', 'voice', 'v1', 110),
    { id: id(), type: 'orders.placed', at: now - 120_000, count: 100 },
    { id: id(), type: 'csat.submitted', at: now - 60_000, channel: 'chat', score: 5 },
  ];
}

async function startServer(port?: number): Promise<TestServer> {
  return startTestServer(redis, { now: Date.now(), running: true, tenant, ...(port ? { port } : {}) });
}

const open = (viewport = HD, path = `/wall?token=${TOKENS.viewer}`): Promise<Page> =>
  pages.open(`${server.url}${path}`, { viewport, deviceScaleFactor: 1 });

/** What sticks out: a scrollbar, an element beyond the screen, a value wider or taller than its box. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.scrollingElement!;
    if (doc.scrollHeight > doc.clientHeight) problems.push(`vertical scroll ${doc.scrollHeight} > ${doc.clientHeight}`);
    if (doc.scrollWidth > doc.clientWidth) problems.push(`horizontal scroll ${doc.scrollWidth} > ${doc.clientWidth}`);
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${el.className}[${(el as HTMLElement).innerText?.slice(0, 20)}]`;
    for (const el of document.querySelectorAll('.wall *')) {
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 0.5 || r.bottom > window.innerHeight + 0.5) problems.push(`off screen: ${name(el)}`);
    }
    for (const el of document.querySelectorAll('.fig-value, .fig-label, .fig-foot, .card-head, .alert')) {
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`overflows its box: ${name(el)}`);
    }
    return problems;
  });
}

beforeAll(async () => {
  // Always build (once per run): the test is of the client as it is now, not of an older client/dist.
  await buildClientOnce();
  expect(existsSync('client/dist/index.html')).toBe(true);
  mkdirSync(SHOTS, { recursive: true });
  redis = connect();
  server = await startServer();
  // A server of a named tenant leaves targets (and the thresholds ingest reads) to the first instance: here.
  await server.store.setTargets(defaultTargets([...DEFAULT_CHANNELS]));
  seededAt = Date.now();
  server.clock.set(seededAt);
  const res = await server.post(events(seededAt));
  expect(res.body).toMatchObject({ accepted: 12, rejected: [] });
  pages = new Pages(await launchChromium([`--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`]));
}, 60_000);

// A live wall left open keeps drawing (4K above all): on a busy machine it slows every page after it.
afterEach(() => pages?.closeContexts());

afterAll(() => closeAll(pages, server, redis));

describe('wall display', () => {
  for (const [label, viewport] of [['1920x1080', HD], ['3840x2160', UHD]] as const) {
    it(`shows the snapshot's figures with their states at ${label}, ticking, without scrollbars`, async () => {
      const page = await open(viewport);
      await expect.poll(() => text(page, 'ch-chat-waiting-value'), { timeout: 10_000 }).toBe('3');
      expect(await text(page, 'ch-chat-sl-15m-value')).toBe('50%');
      expect(await text(page, 'ch-chat-sl-15m-state')).toContain('BREACH');
      expect(await text(page, 'ch-chat-asa-value')).toBe('2m 55s');
      expect(await text(page, 'ch-chat-open-value')).toBe('4');
      expect(await text(page, 'ch-voice-sl-15m-value')).toBe('100%');
      expect(await text(page, 'ch-voice-sl-15m-state')).toContain('OK');
      expect(await text(page, 'ch-email-sl-15m-value')).toBe('—');
      expect(await text(page, 'ch-email-sl-15m-state')).toContain('NO DATA');
      // 200 s and more: over chat's 120 s threshold; it ticks with the screen's clock, no traffic needed.
      const first = await text(page, 'ch-chat-oldest-wait-value');
      expect(first).toMatch(/^3m [2-5]\ds$/);
      expect(await text(page, 'ch-chat-oldest-wait-state')).toContain('BREACH');
      await expect.poll(() => text(page, 'ch-chat-oldest-wait-value'), { timeout: 3_000 }).not.toBe(first);
      expect(await page.getByTestId('ch-chat').getByText('BREACH').count()).toBeGreaterThan(0);
      expect(await text(page, 'csat-today-value')).toBe('100%');
      expect(await text(page, 'orders-today-value')).toBe('100');
      expect(await text(page, 'clock')).toMatch(/^\d\d:\d\d:\d\d$/);
      // The channels in the snapshot's order, and one chart per panel.
      expect(await page.locator('.card h2').allInnerTexts()).toEqual(['CHAT', 'VOICE', 'EMAIL', 'MESSAGING', 'SOCIAL']);
      expect(await page.locator('canvas').count()).toBe(15);
      await page.waitForTimeout(500); // the trends' first fetch
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/wall-${label}.png` });
    });
  }

  it("a TV whose own clock is an hour slow still shows the right ages and time: the wall follows the server's clock", async () => {
    const context = await pages.context({ viewport: HD, deviceScaleFactor: 1 });
    await context.addInitScript(() => {
      const Real = Date;
      const SLOW_MS = 3_600_000;
      class Slow extends Real {
        constructor(...args: ConstructorParameters<DateConstructor> | []) {
          if (args.length === 0) super(Real.now() - SLOW_MS);
          else super(...(args as ConstructorParameters<DateConstructor>));
        }
        static override now() { return Real.now() - SLOW_MS; }
      }
      globalThis.Date = Slow as DateConstructor;
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/wall?token=${TOKENS.viewer}`);
    expect(await page.evaluate(() => Date.now())).toBeLessThan(Date.now() - 3_590_000); // the screen's clock is slow
    await expect.poll(() => text(page, 'ch-chat-waiting-value'), { timeout: 10_000 }).toBe('3');
    // Chat's oldest has waited 200 s since the events were made; by the TV's own clock it would be 0.
    const seconds = (v: string) => { const m = /^(\d+)m (\d\d)s$/.exec(v); return m ? Number(m[1]) * 60 + Number(m[2]) : NaN; };
    const shown = seconds(await text(page, 'ch-chat-oldest-wait-value'));
    const expected = (Date.now() - (seededAt - 200_000)) / 1000;
    expect(Math.abs(shown - expected)).toBeLessThan(4);
    // The clock on the wall reads the server's time of day (UTC here), not the TV's.
    const [h, m, s] = (await text(page, 'clock')).split(':').map(Number) as [number, number, number];
    const utc = new Date();
    const diff = Math.abs(((h * 3600 + m * 60 + s) - (utc.getUTCHours() * 3600 + utc.getUTCMinutes() * 60 + utc.getUTCSeconds()) + 86_400 + 43_200) % 86_400 - 43_200);
    expect(diff).toBeLessThan(4);
  });

  it('scales the whole layout at 4K instead of leaving it emptier', async () => {
    const size = async (viewport: typeof HD) => {
      const page = await open(viewport);
      await expect.poll(() => text(page, 'ch-chat-waiting-value'), { timeout: 10_000 }).toBe('3');
      return page.getByTestId('ch-chat-waiting-value').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    };
    const hd = await size(HD);
    expect(hd).toBeGreaterThanOrEqual(60);
    expect(await size(UHD)).toBeCloseTo(hd * 2, 0);
  });

  it('keeps the token from the link, removes it from the address, and needs no token after a reload', async () => {
    const page = await open(HD);
    await expect.poll(() => text(page, 'ch-chat-waiting-value'), { timeout: 10_000 }).toBe('3');
    expect(new URL(page.url()).pathname).toBe('/wall');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => localStorage.getItem('peakwatch.viewerToken'))).toBe(TOKENS.viewer);
    await page.goto(`${server.url}/`);
    await expect.poll(() => text(page, 'ch-chat-waiting-value'), { timeout: 10_000 }).toBe('3');
  });

  it('without a token, says how to open the wall link', async () => {
    const page = await open(HD, '/wall');
    await page.getByTestId('no-token').waitFor();
    expect(await text(page, 'no-token')).toContain('/wall?token=');
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/wall-no-token.png` });
  });

  it('says the token is wrong when the server refuses it', async () => {
    const page = await open(HD, '/wall?token=not-the-viewer-token');
    await page.getByTestId('token-refused').waitFor({ timeout: 10_000 });
    expect(await text(page, 'token-refused')).toMatch(/token was refused/i);
    await page.screenshot({ path: `${SHOTS}/wall-token-refused.png` });
  });

  it("shows the server's active alerts across the top: what, where, by how much, since when", async () => {
    const page = await open(HD);
    // Chat's oldest wait (200 s > 120 s) fires at once; the rules that must hold for a while stay pending.
    await page.getByTestId('alerts').waitFor({ timeout: 10_000 });
    const first = await page.getByTestId('alert').first().innerText();
    expect(first).toMatch(/BREACH\s+CHAT\s+A chat has waited longer than its SL threshold\s+3m [2-5]\ds > 2m\s+firing since \d\d:\d\d:\d\d/);
    expect(await text(page, 'alerts')).toMatch(/1\s+firing/i);
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/wall-alerts.png` });
  });

  it('keeps a long list of alerts to three lines and the count, and still fits the screen', async () => {
    const context = await pages.context({ viewport: HD });
    const page = await context.newPage();
    const now = Date.now();
    const alert = (id: string, severity: string, channel: string, metric: string, op: string, threshold: number, value: number) => ({
      id: `${id}:${channel}`, ruleId: id, metric, channel, op, threshold, value, severity, state: 'firing', since: now, startedAt: now,
      firedAt: now - 90_000, resolvedAt: null, ackedAt: null, ackedBy: null, ackNote: null, silencedUntil: null, silenceReason: null,
      lastNotifiedAt: null, escalatedAt: null, description: `A long description of ${id} that goes on and on and on, to check that a line never overflows the band it sits in`,
    });
    const alerts = [
      alert('chat-service-level', 'critical', 'chat', 'serviceLevel', '<', 0.8, 0.5),
      alert('voice-service-level', 'critical', 'voice', 'serviceLevel', '<', 0.8, 0.42),
      alert('email-oldest-open', 'warning', 'email', 'oldestOpenSeconds', '>', 86_400, 90_000),
      alert('open-backlog', 'warning', 'messaging', 'open', '>', 500, 812),
      alert('contact-rate', 'warning', 'total', 'contactRate', '>', 0.052, 0.061),
    ];
    // Five alerts at once are hard to cause for real: put them into the server's pushes on their way in.
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      upstream.onMessage((m) => {
        const match = typeof m === 'string' ? /^42(\[.*\])$/s.exec(m) : null;
        if (!match) return ws.send(m);
        const [event, payload] = JSON.parse(match[1]!) as [string, Record<string, unknown>];
        ws.send(`42${JSON.stringify([event, event === 'alert' ? payload : { ...payload, alerts }])}`);
      });
    });
    await page.goto(`${server.url}/wall?token=${TOKENS.viewer}`);
    await expect.poll(() => page.getByTestId('alerts').innerText(), { timeout: 10_000 }).toMatch(/5\s+firing\s+\+2 not shown/i);
    expect(await page.getByTestId('alert').count()).toBe(3);
    expect(await page.getByTestId('alert').first().innerText()).toMatch(/BREACH\s+CHAT\s+A long description[^\n]*\s+50% < 80%/);
    // A channel's header takes the alerts firing on it: never "OK" under a firing alert.
    expect(await text(page, 'ch-voice-overall')).toContain('BREACH');
    expect(await text(page, 'ch-email-overall')).not.toContain('OK');
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/wall-alerts-many.png` });
  });

  it('stays fresh by asking for a snapshot itself when the server stops pushing but still answers', async () => {
    const page = await open(HD);
    await expect.poll(() => text(page, 'ch-chat-waiting-value'), { timeout: 10_000 }).toBe('3');
    server.application.broadcaster.stop();
    try {
      // The last push came at most one 5 s heartbeat before the stop: without the watchdog, stale by now.
      await page.waitForTimeout(10_500);
      expect(await page.getByTestId('stale').count()).toBe(0);
      expect(await text(page, 'connection')).toContain('LIVE');
    } finally {
      server.application.broadcaster.start();
    }
  }, 30_000);

  // helmet's default CSP carries `upgrade-insecure-requests`: a TV opening the wall over plain HTTP by a LAN
  // name would then fetch /assets/* over HTTPS and show a blank page (server/app.ts turns it off).
  it('loads over plain HTTP from a LAN host name, not only from localhost', async () => {
    const page = await open(HD, '/wall');
    await page.goto(`http://${LAN_HOST}:${new URL(server.url).port}/wall?token=${TOKENS.viewer}`);
    await expect.poll(() => page.locator('[data-testid="ch-chat-waiting-value"]').count(), { timeout: 3_000 }).toBe(1);
  });

  it('says STALE within 10 s of the server stopping, and recovers when a server returns on the same port', async () => {
    const page = await open(HD);
    await expect.poll(() => text(page, 'ch-chat-waiting-value'), { timeout: 10_000 }).toBe('3');
    expect(await page.getByTestId('stale').count()).toBe(0);
    const port = Number(new URL(server.url).port);
    const stoppedAt = Date.now();
    // A hard stop: refuse new connections and drop the open ones at once. (Closing gently, the page's
    // reconnects would reuse its keep-alive connections, and the helper's close would wait for them.)
    server.server.close();
    server.server.closeAllConnections();
    await server.close();
    await page.getByTestId('stale').waitFor({ timeout: 10_000 });
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(await text(page, 'stale-title')).toMatch(/^STALE — no data since \d\d:\d\d:\d\d$/);
    expect(await text(page, 'connection')).toContain('RECONNECTING');
    await page.screenshot({ path: `${SHOTS}/wall-stale.png` });

    server = await startServer(port);
    await page.getByTestId('stale').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await text(page, 'connection')).toContain('LIVE');
    expect(await text(page, 'ch-chat-waiting-value')).toBe('3');
  }, 45_000);
});
