import { mkdirSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { Pages, closeAll, launchChromium, textOf as text } from '../helpers/browser';
import { buildClientOnce } from '../helpers/client-build';
import { HISTORY_HEADER, putHistoryCsv } from '../helpers/history';
import { connect } from '../helpers/redis';

/**
 * The review page in a real browser, with last year's peak imported beside this year's (UTC, the server's
 * clock on Wednesday 2026-12-02). Each figure is worked out by hand in the comments.
 */
const SHOTS = 'test-results/screenshots';
const NOW = Date.parse('2026-12-02T12:00:00Z');
/** A4 landscape, 297 mm less 2 × 10 mm margins, in CSS pixels (96 per inch). */
const A4_PRINT_WIDTH = Math.floor(((297 - 20) / 25.4) * 96);

// Last year, Friday 2025-11-28 (364 days before Friday 2026-11-27): chat 650 contacts, 600 answered, 6 in
// target, 50 abandoned: SL 6 / 650 = 0.9 %; CSAT 42 of 100; 10,000 orders: contact rate 650 / 10,000 = 6.5 %.
// This year, 2026-11-27: 420 contacts, 400 answered, 357 in target, 20 abandoned: SL 357 / 420 = 85 %; CSAT
// 65 of 100; contact rate 4.2 %. Voice on 2026-11-26: SL 50 / 100 = 50 %, below its 80 % target.
const CSV = `${HISTORY_HEADER}
2025-11-28,chat,650,600,6,50,0,600,100,42,
2025-11-28,total,,,,,,,,,10000
2026-11-26,voice,100,100,50,0,0,100,,,
2026-11-26,total,,,,,,,,,0
2026-11-27,chat,420,400,357,20,0,400,100,65,
2026-11-27,total,,,,,,,,,10000
`;

let redis: Redis;
let pages: Pages;
let server: TestServer;
let page: Page;

beforeAll(async () => {
  await buildClientOnce();
  mkdirSync(SHOTS, { recursive: true });
  redis = connect();
  server = await startTestServer(redis, { now: NOW, folding: { intervalMs: 3_600_000 } });
  expect((await putHistoryCsv(server, CSV)).status).toBe(200);
  pages = new Pages(await launchChromium());
  page = await pages.open(`${server.url}/review?token=${TOKENS.viewer}`, { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await page.getByTestId('months-table').waitFor({ timeout: 15_000 });
}, 60_000);

afterAll(() => closeAll(pages, server, redis));

describe('review page', () => {
  it('shows month by month against the targets beside the same month last year, breaches marked', async () => {
    expect(await text(page, 'month-2026-11-last-contact-rate')).toBe('6.5% ▲');
    expect(await page.getByTestId('month-2026-11-last-contact-rate').getAttribute('data-level')).toBe('breach');
    expect(await text(page, 'month-2026-11-last-csat')).toBe('42% ▲');
    expect(await text(page, 'month-2026-11-last-chat-sl')).toBe('1% ▲');
    // November 2026: chat 420 and voice 100 contacts on 10,000 orders, 5.2 %: at the 5.2 % ceiling (not past
    // it), above its 4.68 % warning line.
    expect(await text(page, 'month-2026-11-contact-rate')).toBe('5.2%');
    expect(await page.getByTestId('month-2026-11-contact-rate').getAttribute('data-level')).toBe('warn');
    expect(await text(page, 'month-2026-11-csat')).toBe('65%');
    expect(await text(page, 'month-2026-11-chat-sl')).toBe('85%');
    expect(await text(page, 'month-2026-11')).toContain('520');
    expect(await page.getByTestId('months-table').locator('tbody tr').count()).toBe(1);
  });

  it('puts this peak\'s week beside the same week last year, weekday-aligned', async () => {
    // ISO week 48 of 2026 (23-29 Nov) holds the 27th; 364 days earlier, 24-30 Nov 2025 holds the 28th.
    expect(await text(page, 'week-2026-W48-last-contact-rate')).toBe('6.5% ▲');
    expect(await text(page, 'week-2026-W48-last-chat-sl')).toBe('1% ▲');
    expect(await page.getByTestId('peak-table').locator('tbody tr').count()).toBe(8);
    // Days on the SL target: chat 1 of 1 this peak, 0 of 1 last year; voice's one day missed its target.
    expect(await text(page, 'days-chat')).toMatch(/1 of 1\s+0 of 1/);
    expect(await text(page, 'days-voice')).toMatch(/0 of 1\s+—/);
  });

  it('draws its charts and offers the CSV', async () => {
    for (const id of ['chart-months', 'chart-sl', 'chart-csat']) {
      const drawn = await page.getByTestId(id).locator('canvas').evaluate((c: HTMLCanvasElement) => {
        const ctx = c.getContext('2d')!;
        const px = ctx.getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) ink += 1;
        return { width: c.width, ink };
      });
      expect(drawn.width, id).toBeGreaterThan(200);
      expect(drawn.ink, id).toBeGreaterThan(500);
    }
    const download = page.waitForEvent('download');
    await page.getByTestId('csv-link').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('peakwatch-history-2025-10-13-2026-12-02.csv');
    await page.screenshot({ path: `${SHOTS}/review.png`, fullPage: true });
  });

  it('prints on white, A4 landscape wide, without the navigation', async () => {
    await page.setViewportSize({ width: A4_PRINT_WIDTH, height: 740 });
    await page.emulateMedia({ media: 'print' });
    // The charts follow a size change a frame later (chart.js watches its box): wait for the layout to settle,
    // failing if it never fits the page.
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, A4_PRINT_WIDTH, { timeout: 5_000 }).catch(() => undefined);
    const look = await page.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      color: getComputedStyle(document.body).color,
      scrollWidth: document.documentElement.scrollWidth,
      nav: getComputedStyle(document.querySelector('.page-nav')!).display,
      font: getComputedStyle(document.body).fontFamily,
    }));
    expect(look.background).toBe('rgb(255, 255, 255)');
    expect(look.color).toBe('rgb(0, 0, 0)');
    expect(look.scrollWidth).toBeLessThanOrEqual(A4_PRINT_WIDTH);
    expect(look.nav).toBe('none');
    expect(look.font).toContain('Inter Variable');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.screenshot({ path: `${SHOTS}/review-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });
});
