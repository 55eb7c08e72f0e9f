import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { Pages, closeAll, launchChromium, textOf } from '../helpers/browser';
import { buildClientOnce } from '../helpers/client-build';
import { connect } from '../helpers/redis';

/**
 * The demo's marker in the wall's header, in a real browser: shown in place of the zone's name when the
 * server has a PEAKWATCH_DEMO_NOTE, inside the header at the wall's sizes; absent for real data.
 */
const NOTE = 'DEMO · simulated peak, clock in UTC-12';

let redis: Redis;
let pages: Pages;
let demo: TestServer;
let real: TestServer;

beforeAll(async () => {
  await buildClientOnce();
  redis = connect();
  demo = await startTestServer(redis, { now: Date.now(), running: true, timeZone: 'Etc/GMT+12', demoNote: NOTE });
  real = await startTestServer(redis, { now: Date.now(), running: true, timeZone: 'Europe/Berlin' });
  pages = new Pages(await launchChromium());
}, 60_000);

afterAll(() => closeAll(pages, demo, real, redis));

describe('wall header: the demo marker', () => {
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
    it(`says it is a demo, whole and inside the header, at ${viewport.width}x${viewport.height}`, async () => {
      const page = await pages.open(`${demo.url}/wall?token=${TOKENS.viewer}`, { viewport, deviceScaleFactor: 1 });
      await page.getByTestId('demo-note').waitFor();
      expect(await textOf(page, 'demo-note')).toBe(NOTE);
      const fit = await page.evaluate(`(() => {
        const note = document.querySelector('[data-testid=demo-note]');
        const head = document.querySelector('.wall-head').getBoundingClientRect();
        const box = note.getBoundingClientRect();
        return {
          inside: box.left >= head.left && box.right <= head.right + 0.5 && box.top >= head.top && box.bottom <= head.bottom + 0.5,
          clipped: note.scrollWidth > note.clientWidth,
          pageScroll: document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth,
          zoneShown: document.querySelectorAll('.clock-zone').length,
        };
      })()`);
      expect(fit).toEqual({ inside: true, clipped: false, pageScroll: false, zoneShown: 1 });
    });
  }

  it('is absent for real data, where the zone is named', async () => {
    const page = await pages.open(`${real.url}/wall?token=${TOKENS.viewer}`, { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
    await page.getByTestId('clock').waitFor();
    await page.locator('.clock-zone').waitFor();
    expect(await page.locator('.clock-zone').innerText()).toBe('Europe/Berlin');
    expect(await page.getByTestId('demo-note').count()).toBe(0);
  });
});
