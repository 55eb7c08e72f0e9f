import { mkdirSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { Pages, closeAll, launchChromium, textOf as text } from '../helpers/browser';
import { buildClientOnce } from '../helpers/client-build';
import { eid } from '../helpers/events';
import { textProblems } from '../helpers/layout';
import { connect } from '../helpers/redis';

/**
 * Names beyond the limits, in a real browser against a real server: an integration sending a new queue per
 * contact shows on the leads' view (a notice, live) and on the settings page (the registries against their
 * limits), and in `/metrics`.
 */
const SHOTS = 'test-results/screenshots';
const LAPTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let redis: Redis;
let pages: Pages;
let server: TestServer;

/** Chat contacts, each in a queue and with a reason of its own, queued a minute ago. */
function contacts(now: number, names: string[]) {
  return names.map((n) => ({ id: eid('fold'), type: 'contact.queued', at: now - 60_000, channel: 'chat', contactId: eid('c'), queue: `q-${n}`, reason: `r-${n}` }));
}

beforeAll(async () => {
  await buildClientOnce();
  mkdirSync(SHOTS, { recursive: true });
  redis = connect();
  const now = Date.now();
  server = await startTestServer(redis, { now, running: true, maxNames: { queues: 2, reasons: 3 } });
  expect((await server.post(contacts(now, ['a', 'b', 'c', 'd', 'e']))).body).toMatchObject({ accepted: 5, rejected: [] });
  pages = new Pages(await launchChromium());
}, 60_000);

afterAll(() => closeAll(pages, server, redis));

describe('names beyond the limits', () => {
  it('the API and /metrics count them: chat keeps 2 queues and 3 reasons, the rest go to (other), the total stays exact', async () => {
    const snap = await server.snapshot('?queues=1');
    expect(snap.cardinality!.queues.chat).toMatchObject({ names: 2, limit: 2, folded: 3 });
    expect(snap.cardinality!.reasons).toMatchObject({ names: 3, limit: 3, folded: 2 });
    expect(Object.keys(snap.channels.chat!.queues!).sort()).toEqual(['(other)', 'q-a', 'q-b']);
    expect(snap.channels.chat!.waiting).toBe(5);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('peakwatch_names_folded_total{kind="queue",channel="chat"} 3');
    expect(metrics).toContain('peakwatch_names_folded_total{kind="reason",channel=""} 2');
    expect(metrics).toContain('peakwatch_names{kind="queue",channel="chat"} 2');
    expect(metrics).toContain('peakwatch_names_limit{kind="reason",channel=""} 3');
  });

  it('the settings page lists every registry against its limit', async () => {
    const page = await pages.open(`${server.url}/settings?token=${TOKENS.admin}`, { viewport: LAPTOP });
    await page.getByTestId('name-folds').waitFor({ timeout: 10_000 });
    const rows = await page.getByTestId('name-fold').allInnerTexts();
    expect(rows.map((r) => r.toLowerCase().split('\t').slice(0, 3))).toEqual([
      ['chat queues', '2 of 2', '3'], ['voice queues', '0 of 2', '—'], ['email queues', '0 of 2', '—'],
      ['messaging queues', '0 of 2', '—'], ['social queues', '0 of 2', '—'], ['reasons', '3 of 3', '2'],
    ]);
    expect(await text(page, 'names-section')).toContain('PEAKWATCH_MAX_QUEUES');
  });

  it("the leads' view says which names fold and how many, and follows new folds live", async () => {
    const page = await pages.open(`${server.url}/leads?token=${TOKENS.lead}`, { viewport: LAPTOP });
    await page.getByTestId('name-folds').waitFor({ timeout: 10_000 });
    const lines = () => page.getByTestId('name-fold-line').allInnerTexts();
    expect(await lines()).toEqual([
      expect.stringMatching(/^chat queues: 2 of 2 names in use; 3 counted under "\(other\)" \(last at \d\d:\d\d(:\d\d)?\)$/),
      expect.stringMatching(/^reasons: 3 of 3 names in use; 2 counted under "\(other\)"/),
    ]);
    await server.post(contacts(Date.now(), ['f']));
    await expect.poll(lines, { timeout: 10_000 }).toContainEqual(expect.stringContaining('chat queues: 2 of 2 names in use; 4 counted'));
  });

  it("the leads' view fits a 390 px phone and the settings page 1280×720 with the folds shown, no text cut or spilling", async () => {
    const SMALL_LAPTOP = { width: 1280, height: 720 };
    for (const [path, viewport] of [[`/leads?token=${TOKENS.lead}`, PHONE], [`/settings?token=${TOKENS.admin}`, SMALL_LAPTOP]] as const) {
      const ready = 'name-folds';
      const page = await pages.open(`${server.url}${path}`, { viewport, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
      await page.getByTestId(ready).waitFor({ timeout: 10_000 });
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= innerWidth), path).toBe(true);
      expect(await textProblems(page, `[data-testid="${ready}"]`), path).toEqual([]);
      await page.getByTestId(ready).screenshot({ path: `${SHOTS}/name-folds-${path.slice(1, path.indexOf('?'))}.png` });
    }
  });
});
