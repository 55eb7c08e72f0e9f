import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TOKENS, TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { Pages, closeAll, launchChromium, textOf as text } from '../helpers/browser';
import { buildClientOnce } from '../helpers/client-build';
import { eid } from '../helpers/events';
import { textProblems } from '../helpers/layout';
import { connect } from '../helpers/redis';

/**
 * Surveys on the screens, in the real browser: an admin switches the wall's survey tile from CSAT to NPS on the
 * settings page and an open wall follows without a reload; the leads' and readiness views show CSAT, CES and NPS.
 */
let redis: Redis;
let pages: Pages;
let server: TestServer;

beforeAll(async () => {
  await buildClientOnce();
  redis = connect();
  server = await startTestServer(redis, { now: Date.now(), running: true, channels: ['chat', 'voice'], broadcast: { heartbeatMs: 1_000 } });
  const at = server.clock.now() - 60_000;
  const survey = (kind: string, score: number, channel = 'chat') => ({ id: eid('sv'), type: 'survey.submitted', at, channel, kind, score });
  // NPS: 2 promoters, 1 detractor of 3 → +33; CES: 1 easy of 2 (mean 4.5); CSAT: 1 of 1.
  const events = [survey('nps', 10), survey('nps', 9, 'voice'), survey('nps', 6), survey('ces', 5), survey('ces', 4), survey('csat', 5)];
  expect((await server.post(events)).body).toMatchObject({ accepted: events.length, rejected: [] });
  pages = new Pages(await launchChromium());
}, 60_000);

afterAll(() => closeAll(pages, server, redis));

describe('surveys on the screens', () => {
  it('the wall shows CSAT, then NPS once an admin picks it on the settings page, without a reload', async () => {
    const wall = await pages.open(`${server.url}/wall?token=${TOKENS.viewer}`, { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
    await wall.getByTestId('csat-today').waitFor({ timeout: 15_000 });
    expect(await text(wall, 'csat-today-value')).toBe('100%');
    await wall.evaluate(() => { (window as unknown as { marker: number }).marker = 1; });

    const settings = await pages.open(`${server.url}/settings?token=${TOKENS.admin}`, { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 });
    await settings.getByTestId('input-wallSurvey').selectOption('nps');
    await settings.getByTestId('save-display').click();
    await expect.poll(() => text(settings, 'display-status'), { timeout: 10_000 }).toMatch(/^✓ Saved .*every wall shows NPS now/);

    await wall.getByTestId('nps-today').waitFor({ timeout: 10_000 });
    expect(await text(wall, 'nps-today-value')).toBe('+33');
    expect(await text(wall, 'nps-60m-value')).toBe('+33');
    expect(await wall.getByTestId('csat-today').count()).toBe(0);
    expect(await wall.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1); // not reloaded
    expect(await textProblems(wall, '.wall')).toEqual([]);

    // An NPS target set on the targets form colours the tile; cleared, the tile has no target again.
    await settings.getByTestId('input-nps').fill('50');
    await settings.getByTestId('save-targets').click();
    await expect.poll(() => wall.getByTestId('nps-today').getAttribute('data-level'), { timeout: 10_000 }).toBe('breach');
    await settings.getByTestId('input-nps').fill('');
    await settings.getByTestId('save-targets').click();
    await expect.poll(() => wall.getByTestId('nps-today').getAttribute('data-level'), { timeout: 10_000 }).toBe('plain');

    // A fresh wall opens with the stored choice.
    const fresh = await pages.open(`${server.url}/wall?token=${TOKENS.viewer}`, { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
    await fresh.getByTestId('nps-today').waitFor({ timeout: 15_000 });
    await settings.close();
    await wall.close();
    await fresh.close();
  }, 90_000);

  it('the leads and readiness views show CSAT, CES and NPS across channels and per channel', async () => {
    const leads = await pages.open(`${server.url}/leads?token=${LEAD_TOKENS.sam}`, { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await leads.getByTestId('surveys-total-nps').waitFor({ timeout: 15_000 });
    expect(await text(leads, 'surveys-total-nps')).toBe('+33\n3 responses');
    expect(await text(leads, 'surveys-total-ces')).toBe('50%\nmean 4.5 · 2 responses');
    expect(await text(leads, 'surveys-total-csat')).toBe('100%\n1 response');
    expect(await text(leads, 'surveys-voice-nps')).toBe('+100\n1 response');
    await leads.close();

    const readiness = await pages.open(`${server.url}/readiness?token=${TOKENS.viewer}`, { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 });
    await readiness.getByTestId('surveys-chat-nps').waitFor({ timeout: 15_000 });
    expect(await text(readiness, 'surveys-chat-nps')).toBe('0\n2 responses');
    expect(await textProblems(readiness)).toEqual([]);
    await readiness.close();
  }, 60_000);
});
