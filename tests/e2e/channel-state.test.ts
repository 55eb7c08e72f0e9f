import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TOKENS, TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { Pages, closeAll, launchChromium, textOf as text } from '../helpers/browser';
import { buildClientOnce } from '../helpers/client-build';
import { eid } from '../helpers/events';
import { textProblems } from '../helpers/layout';
import { connect } from '../helpers/redis';

/**
 * The channel state on the screens, in the real browser: the wall shows CLOSED with the lead's reason or
 * UNSTAFFED on the channel's card; a lead closes and reopens a channel from the leads' view; an admin sets
 * the weekly hours on the settings page, and a channel outside them reads CLOSED with when it opens.
 */
const REASON = 'carrier outage, calls moved to chat';

let redis: Redis;
let pages: Pages;
let server: TestServer;

beforeAll(async () => {
  await buildClientOnce();
  redis = connect();
  server = await startTestServer(redis, { now: Date.now(), running: true, channels: ['chat', 'voice', 'email'], broadcast: { heartbeatMs: 1_000 } });
  // chat and voice staffed, email with nobody logged in.
  const at = server.clock.now() - 5_000;
  const agents = [['c1', 'chat', 'available'], ['v1', 'voice', 'busy']].map(([agentId, channel, status]) => ({ id: eid('cs'), type: 'agent.status', at, channel, agentId, status }));
  expect((await server.post(agents)).body).toMatchObject({ rejected: [] });
  pages = new Pages(await launchChromium());
}, 60_000);

afterAll(() => closeAll(pages, server, redis));

describe('channel state on the screens', () => {
  it('the wall shows UNSTAFFED, then CLOSED with the reason a lead gave on the leads\' view, then open again', async () => {
    const wall = await pages.open(`${server.url}/wall?token=${TOKENS.viewer}`, { viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
    await wall.getByTestId('ch-email-state').waitFor({ timeout: 15_000 });
    expect(await text(wall, 'ch-email-state')).toBe('○ UNSTAFFED\nno agent available or busy');
    expect(await wall.getByTestId('ch-chat-state').count()).toBe(0);
    expect(await wall.getByTestId('ch-voice-state').count()).toBe(0);

    const leads = await pages.open(`${server.url}/leads?token=${LEAD_TOKENS.sam}`, { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await leads.getByTestId('close-voice').click();
    await leads.getByTestId('close-submit-voice').click();
    expect(await text(leads, 'form-error')).toMatch(/^Reason: /); // a reason is required
    await leads.getByTestId('close-form-voice').locator('input').fill(REASON);
    await leads.getByTestId('close-submit-voice').click();
    await expect.poll(() => text(leads, 'lead-channel-voice'), { timeout: 10_000 }).toMatch(/■ CLOSED · carrier outage, calls moved to chat\s+closed by sam at \d\d:\d\d:\d\d/);

    await expect.poll(() => wall.getByTestId('ch-voice-state').count(), { timeout: 10_000 }).toBe(1);
    expect(await text(wall, 'ch-voice-state')).toBe(`■ CLOSED\n${REASON}`);
    expect(await wall.getByTestId('ch-voice-state').getAttribute('data-state')).toBe('closed');
    // As large as the channel's name at least (read across the room), and nothing sticks out or overlaps.
    const size = (selector: string) => wall.getByTestId('ch-voice').locator(selector).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(await size('.card-state-word')).toBeGreaterThanOrEqual(await size('h2'));
    expect(await textProblems(wall, '.wall')).toEqual([]);
    await wall.screenshot({ path: 'test-results/screenshots/wall-channel-state.png' });

    await leads.getByTestId('reopen-voice').click();
    await expect.poll(() => wall.getByTestId('ch-voice-state').count(), { timeout: 10_000 }).toBe(0);
    expect(await text(leads, 'lead-channel-state-voice')).toBe('✓ OPEN');
    await leads.close();
    await wall.close();
  }, 60_000);

  it('an admin sets hours on the settings page; a bad day is named; outside the hours the wall says when the channel opens', async () => {
    const settings = await pages.open(`${server.url}/settings?token=${TOKENS.admin}`, { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 });
    await settings.getByTestId('hours-chat-always').uncheck();
    await settings.getByTestId('hours-chat-mon').fill('08:00-12:00, 11:00-13:00');
    await settings.getByTestId('hours-save').click();
    expect(await text(settings, 'error-hours-chat-mon')).toBe('interval 2: overlaps 08:00-12:00');
    // Open only at a time the test is surely not in: a minute tomorrow.
    const tomorrow = new Date(server.clock.now() + 86_400_000);
    const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][tomorrow.getUTCDay()]!;
    await settings.getByTestId('hours-chat-mon').fill('');
    await settings.getByTestId(`hours-chat-${day}`).fill('00:00-00:01');
    await settings.getByTestId('hours-save').click();
    await expect.poll(() => text(settings, 'hours-status'), { timeout: 10_000 }).toMatch(/^✓ Saved/);

    const wall = await pages.open(`${server.url}/wall?token=${TOKENS.viewer}`, { viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
    await wall.getByTestId('ch-chat-state').waitFor({ timeout: 15_000 });
    const weekday = tomorrow.toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });
    expect(await text(wall, 'ch-chat-state')).toBe(`■ CLOSED\nopens ${weekday} 00:00`);
    await settings.close();
    await wall.close();
  }, 60_000);

  it('the readiness page shows, per channel, the minutes closed or unstaffed today in its hours', async () => {
    const page = await pages.open(`${server.url}/readiness?token=${TOKENS.viewer}`, { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 });
    // email has had nobody logged in since the server started (and its evaluator recorded it every second).
    await page.getByTestId('rd-email-availability').waitFor({ timeout: 15_000 });
    expect(await text(page, 'rd-email-availability')).toMatch(/^Closed or unstaffed today, in hours\s+0 min closed · [1-9]\d* min unstaffed\s+now ○ UNSTAFFED$/i);
    expect(await page.getByTestId('rd-email-availability').getAttribute('class')).toContain('rd-lvl-warn');
    // voice was closed by a lead for a while in the first test.
    expect(await text(page, 'rd-voice-availability')).toMatch(/[1-9]\d* min closed · 0 min unstaffed\s+now open$/i);
    expect(await textProblems(page)).toEqual([]);
    await page.close();
  }, 60_000);
});
