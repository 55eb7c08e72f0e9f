import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_LIMITS } from '../../shared/events';
import { CLOSED_REASON_MAX } from '../../shared/channel-state';
import { SYMBOL_GLYPHS } from '../../client/src/fonts/symbols';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { Pages, closeAll, launchChromium, textOf as text } from '../helpers/browser';
import { buildClientOnce } from '../helpers/client-build';
import { eid } from '../helpers/events';
import { textProblems } from '../helpers/layout';
import { connect } from '../helpers/redis';

/**
 * The pages bring their own fonts and every text fits its box, on a browser that sees no system font, at
 * the screens a war room has (1080p and 4K TVs, small laptops), with the longest values the wall can show:
 * thousands waiting, a wait of nearly a day, 100.0 %, the longest channel and reason names.
 */
const SHOTS = 'test-results/screenshots';
const VIEWPORTS = { '1920x1080': { width: 1920, height: 1080 }, '3840x2160': { width: 3840, height: 2160 }, '1366x768': { width: 1366, height: 768 }, '1280x720': { width: 1280, height: 720 } };
/** The longest channel name a deployment may configure (32 characters). */
const LONG_CHANNEL = 'priority-escalations-and-refund';
/** The longest reason and queue names an event may carry (64 characters). */
const LONG_REASON = 'where-is-my-order-and-why-was-it-split-into-three-parcels-abroad';
const LONG_QUEUE = 'tier-two-billing-disputes-for-enterprise-accounts-outside-the-eu';
const WAITING = 9_999;
/** The longest reason for closing a channel (CLOSED_REASON_MAX characters). */
const LONG_CLOSED_REASON = `carrier outage on every inbound trunk, calls moved to chat and callbacks ${'x'.repeat(CLOSED_REASON_MAX)}`.slice(0, CLOSED_REASON_MAX);
/** A wait of 23h 59m (and some seconds), shown as such for the next 50 s or so. */
const OLDEST_S = 23 * 3_600 + 59 * 60 + 5;

let redis: Redis;
let pages: Pages;
let server: TestServer;
/** When the events were made: the server's clock is set back to it for each look at the wall. */
let seededAt = 0;

function events(now: number) {
  const contact = (type: string, channel: string, contactId: string, agoS: number, extra = {}) =>
    ({ id: eid('fit'), type: `contact.${type}`, at: now - agoS * 1000, channel, contactId, ...extra });
  const out: object[] = [contact('queued', 'chat', 'oldest', OLDEST_S, { queue: LONG_QUEUE, reason: LONG_REASON })];
  for (let i = 1; i < WAITING; i++) out.push(contact('queued', 'chat', `w${i}`, 60 + (i % 600), { reason: i % 3 ? LONG_REASON : `${LONG_REASON.slice(0, 60)}-two` }));
  // The long channel: every contact of the last 15 minutes abandoned (100.0 %), one still waiting 12 hours.
  for (let i = 0; i < 40; i++) out.push(contact('queued', LONG_CHANNEL, `l${i}`, 600), contact('abandoned', LONG_CHANNEL, `l${i}`, 300));
  out.push(contact('queued', LONG_CHANNEL, 'l-old', 12 * 3_600, { queue: LONG_QUEUE }));
  // Voice: all answered within the target (100 %).
  for (let i = 0; i < 30; i++) out.push(contact('queued', 'voice', `v${i}`, 400), contact('answered', 'voice', `v${i}`, 395));
  out.push({ id: eid('fit'), type: 'orders.placed', at: now - 120_000, count: WAITING + 71 });
  return out;
}

beforeAll(async () => {
  await buildClientOnce();
  mkdirSync(SHOTS, { recursive: true });
  redis = connect();
  const now = Date.now();
  seededAt = now;
  server = await startTestServer(redis, { now, running: true, channels: ['chat', LONG_CHANNEL, 'voice', 'email', 'messaging'] });
  const all = events(now);
  for (let i = 0; i < all.length; i += INGEST_LIMITS.maxEvents) {
    const batch = all.slice(i, i + INGEST_LIMITS.maxEvents);
    expect((await server.post(batch)).body).toMatchObject({ accepted: batch.length, rejected: [] });
  }
  // The long channel closed with the longest reason a lead may give; the others, with nobody logged in, UNSTAFFED.
  const closed = await fetch(`${server.url}/api/v1/channels`, {
    method: 'PUT', headers: { authorization: `Bearer ${TOKENS.lead}`, 'content-type': 'application/json' },
    body: JSON.stringify({ [LONG_CHANNEL]: { closed: true, closedReason: LONG_CLOSED_REASON } }),
  });
  expect(closed.status).toBe(200);
  pages = new Pages(await launchChromium());
}, 120_000);

afterAll(() => closeAll(pages, server, redis));

/** A page of the app at `path`, its fonts loaded once `ready` (a test id) shows. */
async function open(path: string, viewport: { width: number; height: number }, ready: string): Promise<Page> {
  const page = await pages.open(`${server.url}${path}`, { viewport, deviceScaleFactor: 1 });
  await page.getByTestId(ready).first().waitFor({ timeout: 30_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page;
}

describe('fonts', () => {
  it('the browser of the tests sees no system font: text in a font the machine has is not drawn at all', async () => {
    const width = async (p: Pages) => {
      const page = await (await p.context({})).newPage();
      await page.setContent('<span style="font: 16px \'DejaVu Sans\', sans-serif">Peakwatch 9,999</span>');
      return page.locator('span').evaluate((el) => el.getBoundingClientRect().width);
    };
    expect(await width(pages)).toBe(0);
    // Where the machine has fonts, the same text is drawn by a browser that may use them.
    if (execFileSync('fc-list', { encoding: 'utf8' }).trim()) {
      const system = new Pages(await launchChromium([], { systemFonts: true }));
      try {
        expect(await width(system)).toBeGreaterThan(50);
      } finally {
        await system.close();
      }
    }
  });

  it('every face the stylesheet declares loads, and the text and figure families are among them', async () => {
    const page = await open(`/wall?token=${TOKENS.viewer}`, VIEWPORTS['1920x1080'], 'ch-chat-waiting-value');
    const fonts = await page.evaluate(() => {
      const first = (el: Element) => getComputedStyle(el).fontFamily.split(',')[0]!.trim().replace(/^"|"$/g, '');
      const faces = [...document.fonts].map((f) => ({ family: f.family.replace(/^"|"$/g, ''), status: f.status }));
      const text = first(document.body);
      const figure = first(document.querySelector('.fig-value')!);
      return { status: document.fonts.status, faces, text, figure, checks: [text, figure].map((f) => document.fonts.check(`16px "${f}"`)) };
    });
    expect(fonts.status).toBe('loaded');
    expect(fonts.faces.length).toBeGreaterThanOrEqual(5);
    expect(fonts.faces.filter((f) => f.status !== 'loaded')).toEqual([]);
    expect(fonts.faces.map((f) => f.family)).toEqual(expect.arrayContaining([fonts.text, fonts.figure]));
    expect(fonts.checks).toEqual([true, true]);
  });

  it('draws every mark the screens use (✓ ● ▲ ≥ → ┅ …) from its own faces, in text and figure styles', async () => {
    const page = await open(`/wall?token=${TOKENS.viewer}`, VIEWPORTS['1920x1080'], 'ch-chat-waiting-value');
    const undrawn = await page.evaluate((glyphs) => {
      const missing: string[] = [];
      for (const cls of ['', 'num']) {
        for (const weight of ['400', '800']) {
          for (const glyph of [...glyphs, '—', '·', '…', '−', '×', '±', '“']) {
            const span = document.createElement('span');
            span.className = cls;
            span.style.fontWeight = weight;
            span.textContent = glyph;
            document.body.append(span);
            if (span.getBoundingClientRect().width < 1) missing.push(`${glyph} (${cls || 'text'} ${weight})`);
            span.remove();
          }
        }
      }
      return missing;
    }, SYMBOL_GLYPHS);
    expect(undrawn).toEqual([]);
  });
});

describe('every text fits its box, with the longest values', () => {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    it(`the wall at ${label}`, async () => {
      server.clock.set(seededAt); // the oldest has waited 23h 59m, not yet a day
      const page = await open(`/wall?token=${TOKENS.viewer}`, viewport, 'ch-chat-waiting-value');
      await expect.poll(() => text(page, 'ch-chat-waiting-value'), { timeout: 10_000 }).toBe('9,999');
      expect(await text(page, 'ch-chat-oldest-wait-value')).toBe('23h 59m');
      expect(await text(page, `ch-${LONG_CHANNEL}-abandon-value`)).toBe('100.0%');
      expect(await text(page, 'ch-voice-sl-15m-value')).toBe('100%');
      expect(await text(page, 'contact-rate-today-value')).toMatch(/^\d+\.\d%$/);
      expect(await text(page, `ch-${LONG_CHANNEL}-state`)).toContain('CLOSED');
      expect(await page.getByTestId(`ch-${LONG_CHANNEL}-state-detail`).getAttribute('title')).toBe(LONG_CLOSED_REASON);
      expect(await text(page, 'ch-chat-state')).toContain('UNSTAFFED');
      await page.getByTestId('alerts').waitFor({ timeout: 10_000 });
      await page.waitForTimeout(500); // the trends' first fetch
      await page.screenshot({ path: `${SHOTS}/wall-long-${label}.png` });
      expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight)).toBe(true);
      expect(await textProblems(page, '.wall')).toEqual([]);
      // A cut name keeps all of itself for a hover.
      expect(await page.getByTestId(`ch-${LONG_CHANNEL}`).locator('h2').getAttribute('title')).toBe(LONG_CHANNEL);
      await page.close(); // a live wall left open keeps drawing, and slows the next ones
    }, 60_000);
  }

  const others = [
    ['readiness', `/readiness?token=${TOKENS.lead}`, 'verdict'],
    ['leads', `/leads?token=${TOKENS.lead}`, 'lead-alert'],
    ['settings', `/settings?token=${TOKENS.admin}`, 'targets-form'],
  ] as const;
  for (const [name, path, ready] of others) {
    it(`the ${name} page at every size`, async () => {
      for (const [label, viewport] of Object.entries(VIEWPORTS)) {
        const page = await open(path, viewport, ready);
        if (name === 'readiness') await page.getByText(LONG_REASON).first().waitFor({ timeout: 10_000 });
        await page.screenshot({ path: `${SHOTS}/fit-${name}-${label}.png`, fullPage: true });
        expect(await textProblems(page), `${name} at ${label}`).toEqual([]);
        await page.close();
      }
    }, 180_000);
  }
});
