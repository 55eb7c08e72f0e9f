import { mkdirSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TOKENS, TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { Pages, launchChromium, textOf as text } from '../helpers/browser';
import { buildClientOnce } from '../helpers/client-build';
import { eid } from '../helpers/events';
import { FAILURE_REPLY, startReceiver } from '../helpers/receiver';
import { connect } from '../helpers/redis';

/**
 * The leads' view in a real browser against a real server with fast alerting: an alert appears live, is
 * acked and silenced through the forms (and the server records it), a failing receiver stands out, a viewer
 * token reads only, and the page fits a 390 px phone without scrolling sideways.
 */
const SHOTS = 'test-results/screenshots';
const LAPTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const ALERT_ID = 'chat-queue:chat';

let redis: Redis;
let pages: Pages;
let server: TestServer;
let hook: Awaited<ReturnType<typeof startReceiver>>;
/** Answers every delivery 503 with text of its own server (`FAILURE_REPLY`), which the page must not show. */
let failing: Awaited<ReturnType<typeof startReceiver>>;
/** The laptop page the tests in order work on: alert, ack, silence, resolve. */
let laptop: Page;
let serverStopped = false;
const waitingContact = eid('lead-c');

async function api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const open = (viewport: { width: number; height: number }, path: string, mobile = false): Promise<Page> =>
  pages.open(`${server.url}${path}`, mobile ? { viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true } : { viewport, deviceScaleFactor: 1 });
const card = (page: Page) => page.locator(`[data-testid="lead-alert"][data-alert-id="${ALERT_ID}"]`);

/** What sticks out sideways: a horizontal scrollbar, an element beyond either edge, a box its text overflows. */
function sidewaysProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.scrollingElement!;
    if (doc.scrollWidth > doc.clientWidth) problems.push(`horizontal scroll ${doc.scrollWidth} > ${doc.clientWidth}`);
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${el.className}[${(el as HTMLElement).innerText?.slice(0, 24)}]`;
    for (const el of document.querySelectorAll('.leads *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > window.innerWidth + 0.5 || r.left < -0.5) problems.push(`beyond the edge: ${name(el)} (${Math.round(r.left)}..${Math.round(r.right)})`);
    }
    for (const el of document.querySelectorAll('.la, .la-measure, .rx, .hx, .notice, .lf, .lh-top, .lh-nav')) {
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`overflows its box: ${name(el)}`);
    }
    return problems;
  });
}

beforeAll(async () => {
  await buildClientOnce();
  mkdirSync(SHOTS, { recursive: true });
  redis = connect();
  hook = await startReceiver();
  failing = await startReceiver();
  failing.failNext(Number.MAX_SAFE_INTEGER);
  server = await startTestServer(redis, {
    now: Date.now(), alerting: { intervalMs: 200, leaseMs: 1500, backoff: { baseMs: 100, maxMs: 300, maxAttempts: 3 } },
  });
  const receivers = await api('PUT', '/receivers', TOKENS.admin, [{ name: 'ops-hook', type: 'webhook', url: hook.url }, { name: 'pager', type: 'webhook', url: failing.url }]);
  expect(receivers.status, JSON.stringify(receivers.body)).toBe(200);
  const rules = await api('PUT', '/rules', TOKENS.admin, [
    { id: 'chat-queue', metric: 'waiting', channel: 'chat', op: '>', threshold: 0, for: 0, clearFor: 0, severity: 'critical', routes: ['ops-hook', 'pager'] },
  ]);
  expect(rules.status, JSON.stringify(rules.body)).toBe(200);
  pages = new Pages(await launchChromium());
}, 60_000);

afterAll(async () => {
  await pages?.close();
  if (!serverStopped) await server?.close();
  await hook?.close();
  await failing?.close();
  redis?.disconnect();
});

describe("leads' view", () => {
  it('shows a new alert without a reload: what breached, by how much, severity, state, since when (ticking)', async () => {
    laptop = await open(LAPTOP, `/leads?token=${LEAD_TOKENS.ana}`);
    await laptop.getByTestId('no-alerts').waitFor({ timeout: 10_000 });
    expect(new URL(laptop.url()).pathname).toBe('/leads');
    expect(new URL(laptop.url()).search).toBe('');
    expect(await laptop.evaluate(() => localStorage.getItem('peakwatch.leadToken'))).toBe(LEAD_TOKENS.ana);
    await expect.poll(() => text(laptop, 'role')).toBe('lead');

    server.clock.set(Date.now());
    const posted = await server.post([{ id: eid(), type: 'contact.queued', at: Date.now() - 1000, channel: 'chat', contactId: waitingContact }]);
    expect(posted.body).toMatchObject({ accepted: 1 });
    await card(laptop).waitFor({ timeout: 5_000 });
    expect(await card(laptop).getByTestId('lead-alert-severity').innerText()).toContain('CRITICAL');
    expect(await card(laptop).getByTestId('lead-alert-state').innerText()).toBe('FIRING');
    expect(await card(laptop).getByTestId('lead-alert-measure').innerText()).toMatch(/^1\s*>\s*0$/);
    expect(await card(laptop).locator('.la-title').innerText()).toBe('Waiting > 0 on chat');
    expect(await card(laptop).locator('.la-what').innerText()).toBe('Waiting · chat · live');
    const age = await card(laptop).getByTestId('lead-alert-age').innerText();
    expect(age).toMatch(/^firing for \d+s$/);
    await expect.poll(() => card(laptop).getByTestId('lead-alert-age').innerText(), { timeout: 3_000 }).not.toBe(age);
    expect(await text(laptop, 'alerts-summary')).toBe('1 firing · 0 pending');
    await expect.poll(() => laptop.title()).toBe('(1) Peakwatch — leads');
    await expect.poll(() => text(laptop, 'history'), { timeout: 5_000 }).toMatch(/pending → firing\s+Waiting > 0 on chat\s+value 1/);
  });

  it('acks with a note through the form; the server records who (the token\'s name) and why, and a reload still shows it', async () => {
    await card(laptop).getByTestId('ack-open').click();
    const form = card(laptop).getByTestId('ack-form');
    expect(await form.getByLabel('Your name').count()).toBe(0); // the name comes with the token
    await form.getByLabel(/^Note/).fill('Moving two agents from email');
    await form.getByTestId('ack-submit').click();
    await card(laptop).getByTestId('lead-alert-acked').waitFor({ timeout: 5_000 });
    expect(await card(laptop).getByTestId('lead-alert-acked').innerText()).toMatch(/^Acked by ana at \d\d:\d\d:\d\d — .Moving two agents from email.$/);
    expect(await card(laptop).getByTestId('ack-form').count()).toBe(0);
    expect(await card(laptop).innerText()).toContain('ACKED');

    const ack = await api('POST', `/alerts/${encodeURIComponent(ALERT_ID)}/ack`, TOKENS.viewer, { note: 'x' });
    expect(ack.status).toBe(403); // the API's own guard, which the view relies on
    const { body } = await api('GET', '/alerts?limit=100', TOKENS.viewer);
    expect(body.history).toContainEqual(expect.objectContaining({ alertId: ALERT_ID, kind: 'acked', by: 'ana', note: 'Moving two agents from email' }));
    await expect.poll(() => text(laptop, 'history')).toMatch(/acked by ana\s+Waiting > 0 on chat\s+“Moving two agents from email”/);

    // The stored alert states do not carry acks (the server keeps them apart): the view reads them from the log.
    await laptop.reload();
    await card(laptop).getByTestId('lead-alert-acked').waitFor({ timeout: 10_000 });
    expect(await card(laptop).getByTestId('lead-alert-acked').innerText()).toContain('Acked by ana');
  });

  it('silences for a chosen duration with a reason, and says what is missing first', async () => {
    await card(laptop).getByTestId('silence-open').click();
    const form = card(laptop).getByTestId('silence-form');
    await form.getByText('15 min', { exact: true }).click();
    await form.getByTestId('silence-submit').click();
    expect(await form.getByTestId('form-error').innerText()).toMatch(/^Reason: /);
    await form.getByLabel(/^Reason/).fill('Known: chat widget outage, fix at 16:00');
    await form.getByTestId('silence-submit').click();
    await card(laptop).getByTestId('lead-alert-silenced').waitFor({ timeout: 5_000 });
    expect(await card(laptop).getByTestId('lead-alert-silenced').innerText())
      .toMatch(/^Silenced until \d\d:\d\d \(1[45]m \d\ds left\) — .Known: chat widget outage, fix at 16:00.$/);
    expect(await card(laptop).innerText()).toContain('SILENCED');

    const { body } = await api('GET', '/alerts?limit=100', TOKENS.viewer);
    const silence = body.history.find((e: { kind?: string }) => e.kind === 'silenced');
    expect(silence).toMatchObject({ alertId: ALERT_ID, by: 'ana', reason: 'Known: chat widget outage, fix at 16:00' });
    expect(silence.until - silence.at).toBe(15 * 60_000);
    await expect.poll(() => text(laptop, 'history')).toMatch(/silenced 15m by ana/);
  });

  it('makes a receiver that keeps failing stand out, first, with its error', async () => {
    const pager = laptop.locator('[data-testid="receiver"][data-receiver="pager"]');
    await expect.poll(() => pager.getAttribute('data-level'), { timeout: 25_000 }).toBe('breach');
    expect(await pager.innerText()).toMatch(/FAILING[\s\S]*failures? in a row[\s\S]*never delivered/);
    expect(await pager.getByTestId('receiver-error').innerText()).toMatch(/answered HTTP 503$/);
    expect(await laptop.content()).not.toContain(FAILURE_REPLY);
    expect(await laptop.getByTestId('receiver').first().getAttribute('data-receiver')).toBe('pager');
    await expect.poll(() => laptop.locator('[data-receiver="ops-hook"]').getAttribute('data-level'), { timeout: 10_000 }).toBe('ok');
    expect(await text(laptop, 'receivers-alarm')).toContain('Notifications failing: pager');
    expect(await sidewaysProblems(laptop)).toEqual([]);
    await laptop.screenshot({ path: `${SHOTS}/leads-1440x900.png` });
    await laptop.screenshot({ path: `${SHOTS}/leads-1440x900-full.png`, fullPage: true });
  }, 40_000);

  it('lists the incident notes with the alerts, live', async () => {
    const made = await api('POST', '/annotations', LEAD_TOKENS.ana, { text: 'Carrier X delay from 14:05', start: Date.now() - 60_000, channel: 'chat' });
    expect(made.status).toBe(201);
    await expect.poll(() => laptop.getByTestId('lead-note').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringMatching(/chat — Carrier X delay from 14:05 \(ana\)/)]);
  });

  it('fits a 390×844 phone without scrolling sideways, with the forms open too', async () => {
    const phone = await open(PHONE, `/leads?token=${TOKENS.lead}`, true);
    await card(phone).waitFor({ timeout: 10_000 });
    await phone.locator('[data-receiver="pager"][data-level="breach"]').waitFor({ timeout: 10_000 });
    await phone.waitForTimeout(300); // fonts and the history's first fetch
    expect(await sidewaysProblems(phone)).toEqual([]);
    await phone.screenshot({ path: `${SHOTS}/leads-390x844.png` });
    await phone.screenshot({ path: `${SHOTS}/leads-390x844-full.png`, fullPage: true });

    await card(phone).getByTestId('silence-open').tap();
    await card(phone).getByTestId('silence-form').getByText('Other').tap();
    expect(await sidewaysProblems(phone)).toEqual([]);
    await card(phone).scrollIntoViewIfNeeded();
    await phone.screenshot({ path: `${SHOTS}/leads-390x844-silence.png` });
    await card(phone).getByRole('button', { name: 'Cancel' }).tap();
    await card(phone).getByTestId('ack-open').tap();
    expect(await sidewaysProblems(phone)).toEqual([]);
  });

  it('with a viewer token shows the alerts read only and says acking needs a lead token', async () => {
    const page = await open(PHONE, `/leads?token=${TOKENS.viewer}`, true);
    await card(page).waitFor({ timeout: 10_000 });
    await page.getByTestId('read-only').waitFor({ timeout: 5_000 });
    expect(await text(page, 'read-only')).toMatch(/acking needs a lead token/i);
    expect(await card(page).getByTestId('ack-open').count()).toBe(0);
    expect(await card(page).getByTestId('silence-open').count()).toBe(0);
    expect(await text(page, 'receivers')).toContain("Receivers' health needs a lead token");
    expect(await sidewaysProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/leads-390x844-viewer.png` });
  });

  it("keeps the lead token apart from the wall's, so one browser holds both", async () => {
    const page = await open(LAPTOP, `/wall?token=${TOKENS.viewer}`);
    await page.getByTestId('wall').waitFor({ timeout: 10_000 });
    // Without a lead link, the wall's viewer token reads.
    await page.goto(`${server.url}/leads`);
    await page.getByTestId('read-only').waitFor({ timeout: 10_000 });
    await page.goto(`${server.url}/leads?token=${TOKENS.lead}`);
    await expect.poll(() => text(page, 'role'), { timeout: 10_000 }).toBe('lead');
    expect(await page.evaluate(() => [localStorage.getItem('peakwatch.viewerToken'), localStorage.getItem('peakwatch.leadToken')]))
      .toEqual([TOKENS.viewer, TOKENS.lead]);
    await page.goto(`${server.url}/wall`);
    await page.getByTestId('wall').waitFor({ timeout: 10_000 });
    await page.goto(`${server.url}/leads`);
    await expect.poll(() => text(page, 'role'), { timeout: 10_000 }).toBe('lead');
  });

  it('says when the token is refused', async () => {
    const page = await open(PHONE, '/leads?token=not-a-token', true);
    await page.getByTestId('token-refused').waitFor({ timeout: 10_000 });
    expect(await sidewaysProblems(page)).toEqual([]);
  });

  it("shows the server's refusal beside the form: an alert that resolved while the lead typed cannot be acked", async () => {
    await laptop.bringToFront();
    await card(laptop).getByTestId('ack-open').click();
    await card(laptop).getByTestId('ack-form').getByLabel(/^Note/).fill('On it');
    server.clock.set(Date.now());
    await server.post([{ id: eid(), type: 'contact.answered', at: Date.now() - 500, channel: 'chat', contactId: waitingContact }]);
    await expect.poll(() => card(laptop).getAttribute('data-state'), { timeout: 5_000 }).toBe('gone');
    expect(await card(laptop).getByTestId('lead-alert-state').innerText()).toBe('NO LONGER ACTIVE');
    expect(await text(laptop, 'alerts-summary')).toBe('0 firing · 0 pending');
    await card(laptop).getByTestId('ack-submit').click();
    await card(laptop).getByTestId('form-error').waitFor({ timeout: 5_000 });
    expect(await card(laptop).getByTestId('form-error').innerText()).toMatch(/only an active alert can be acked/);
    await laptop.screenshot({ path: `${SHOTS}/leads-1440x900-ack-refused.png` });
    // Closing the form lets the resolved alert go; the log tells how it ended.
    await card(laptop).getByRole('button', { name: 'Cancel' }).click();
    await laptop.getByTestId('no-alerts').waitFor({ timeout: 5_000 });
    await expect.poll(() => text(laptop, 'history')).toMatch(/firing → resolved\s+Waiting > 0 on chat\s+value 0/);
  });

  it('says within seconds that it is not live when the server goes away', async () => {
    expect(await laptop.getByTestId('stale').count()).toBe(0);
    server.server.close();
    server.server.closeAllConnections();
    await server.close();
    serverStopped = true;
    await laptop.getByTestId('stale').waitFor({ timeout: 10_000 });
    expect(await text(laptop, 'stale')).toMatch(/^Not live — no data since \d\d:\d\d:\d\d\s+Reconnecting/);
    expect(await text(laptop, 'connection')).toContain('RECONNECTING');
  });
});
