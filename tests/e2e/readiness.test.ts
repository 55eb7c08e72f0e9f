import { mkdirSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { Pages, closeAll, launchChromium, textOf as text } from '../helpers/browser';
import { buildClientOnce } from '../helpers/client-build';
import { ev } from '../helpers/events';
import { connect } from '../helpers/redis';

/**
 * The readiness page in a real browser against a real server, on a scripted Friday afternoon (UTC, the
 * server's clock fixed at 14:00:30, so the last 60 minutes are 13:01-14:00 and the running interval 14:00).
 * Every figure checked below is worked out by hand in the comments.
 */
const SHOTS = 'test-results/screenshots';
const LAPTOP = { width: 1440, height: 900 };
const D = '2027-11-26T';
const NOW = Date.parse(`${D}14:00:30Z`);
const after = (iso: string, s: number) => new Date(Date.parse(iso) + s * 1000).toISOString();

function day() {
  const out = [];
  // Voice: 200 calls in the hour, one every 17 s from 13:01:00 (per interval 50, 53, 53, 44). The first 50
  // answered (41 after 5 s, 9 after 30 s: SL 41/50 = 82 %, within 5 % of the 80 % target: a warning) and each
  // resolved 180 s after its answer (AHT 180 s).
  for (let i = 0; i < 200; i++) {
    const q = after(`${D}13:01:00Z`, i * 17);
    out.push(ev.queued(`v${i}`, q, 'voice'));
    if (i < 50) {
      const a = after(q, i < 41 ? 5 : 30);
      out.push(ev.answered(`v${i}`, a, 'voice'), ev.resolved(`v${i}`, after(a, 180), 'voice'));
    }
  }
  // Voice agents: 4 free and 6 on calls, 10 staffed. Chat: 3 free, 1 busy, 4 staffed.
  for (let i = 0; i < 10; i++) out.push(ev.agent(`va${i}`, i < 4 ? 'available' : 'busy', `${D}12:00:00Z`, 'voice'));
  for (let i = 0; i < 4; i++) out.push(ev.agent(`ca${i}`, i < 3 ? 'available' : 'busy', `${D}12:00:00Z`, 'chat'));
  // Chat: 30 in the hour (one every 2 min from 13:02), 18 about where-is-my-order and 12 about refunds. The
  // first 20 answered (10 after 30 s, 10 after 300 s: SL 50 %, a breach) and resolved 360 s later (AHT 360 s).
  // 25 customers: the last 5 chats are the first 5 customers back (repeat rate 5 / 30).
  for (let i = 0; i < 30; i++) {
    const q = after(`${D}13:02:00Z`, i * 120);
    out.push(ev.queued(`c${i}`, q, 'chat', { reason: i % 5 < 3 ? 'where-is-my-order' : 'refund', customerId: `cust-${i % 25}` }));
    if (i < 20) {
      const a = after(q, i < 10 ? 30 : 300);
      out.push(ev.answered(`c${i}`, a, 'chat'), ev.resolved(`c${i}`, after(a, 360), 'chat'));
    }
  }
  // The hour before, on messaging: 10 tagged contacts, 2 where-is-my-order and 8 refunds, answered and closed.
  for (let i = 0; i < 10; i++) {
    const q = after(`${D}12:10:00Z`, i * 60);
    out.push(ev.queued(`m${i}`, q, 'messaging', { reason: i < 2 ? 'where-is-my-order' : 'refund' }));
    out.push(ev.answered(`m${i}`, after(q, 20), 'messaging'), ev.resolved(`m${i}`, after(q, 300), 'messaging'));
  }
  // Email: 10 this morning (08:00-08:09), all answered at 09:30; 6 resolved at 13:30; 2 more in the last hour.
  for (let i = 0; i < 10; i++) {
    out.push(ev.queued(`e${i}`, after(`${D}08:00:00Z`, i * 60), 'email'), ev.answered(`e${i}`, `${D}09:30:00Z`, 'email'));
    if (i < 6) out.push(ev.resolved(`e${i}`, `${D}13:30:00Z`, 'email'));
  }
  out.push(ev.queued('e10', `${D}13:20:00Z`, 'email'), ev.queued('e11', `${D}13:40:00Z`, 'email'));
  // 10,000 orders, in the last 60 minutes; CSAT 5, 5, 2, 2 (50 %, below the 65 % target).
  out.push(ev.orders(10_000, `${D}13:01:00Z`));
  [5, 5, 2, 2].forEach((s, i) => out.push(ev.csat(s, after(`${D}13:10:00Z`, i * 60), 'chat')));
  return out;
}

/** Voice forecast (HH:MM, today in UTC): 175 for the four complete intervals, 50 for the next one. */
const VOICE_CSV = 'channel,interval_start,arrivals\nvoice,13:00,40\nvoice,13:15,45\nvoice,13:30,50\nvoice,13:45,40\nvoice,14:00,50\nvoice,14:15,50\n';

let redis: Redis;
let pages: Pages;
let server: TestServer;

async function api(method: string, path: string, token: string, body: string, type = 'application/json') {
  const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
  return { status: res.status, body: await res.json() as unknown };
}

async function open(path: string): Promise<Page> {
  const page = await pages.open(`${server.url}${path}`, { viewport: LAPTOP, deviceScaleFactor: 1 });
  await page.getByTestId('verdict').waitFor({ timeout: 10_000 });
  return page;
}


beforeAll(async () => {
  await buildClientOnce();
  mkdirSync(SHOTS, { recursive: true });
  redis = connect();
  server = await startTestServer(redis, { now: NOW });
  const events = day();
  expect((await server.post(events)).body).toEqual({ accepted: events.length, duplicates: 0, rejected: [] });
  expect((await api('PUT', '/forecast', TOKENS.admin, VOICE_CSV, 'text/csv')).status).toBe(200);
  const note = await api('POST', '/annotations', TOKENS.lead, JSON.stringify({ text: 'Promo email sent to 2M customers', start: Date.parse(`${D}13:05:00Z`), end: Date.parse(`${D}13:35:00Z`) }));
  expect(note.status).toBe(201);
  pages = new Pages(await launchChromium());
}, 60_000);

afterAll(() => closeAll(pages, server, redis));

describe('readiness page', () => {
  let page: Page;

  it('shows staffing against Erlang C per channel: voice is short by 4 agents', async () => {
    page = await open(`/readiness?token=${TOKENS.lead}`);
    // Voice by hand: A = 200/3600 s × 180 s = 10 Erlangs. Erlang C with T = 20 s: 13 agents give SL 1 − C(13,10)·e^(−3·20/180)
    // = 1 − 0.2853·0.7165 = 79.6 % < 80 %; 14 give 1 − 0.1741·e^(−4·20/180) = 1 − 0.1741·0.6412 = 88.8 %. 14 needed, 10 staffed.
    expect(await text(page, 'rd-voice-now-value')).toBe('10 / 14');
    expect(await text(page, 'rd-voice-staffing')).toContain('SHORT BY 4');
    expect(await page.getByTestId('rd-voice-staffing').getAttribute('data-level')).toBe('breach');
    // The next interval (14:15) at the uploaded 50 calls in 15 minutes is the same 10 Erlangs.
    expect(await text(page, 'rd-voice-next-value')).toBe('10 / 14');
    // Chat: A = 30/3600 × 360/3 = 1 Erlang; 2 agents give 1 − (1/3)·e^(−1) = 87.7 % ≥ 80 %: 2 needed, 4 staffed.
    expect(await text(page, 'rd-chat-now-value')).toBe('4 / 2');
    expect(await text(page, 'rd-chat-staffing')).toContain('2 SPARE');
    // Occupancy: 10 Erlangs on 10 staffed voice agents is 100 %; chat 1 of 4 is 25 %.
    expect(await text(page, 'rd-voice-occupancy-value')).toBe('100%');
    expect(await text(page, 'rd-chat-occupancy-value')).toBe('25%');
    // Repeat contacts today: 5 of chat's 30 customers' contacts came back; email's carried no customer id.
    expect(await text(page, 'rd-chat-repeat-value')).toBe('16.7%');
    expect(await text(page, 'rd-chat-repeat')).toContain('5 of 30 came back');
    expect(await text(page, 'rd-email-repeat-value')).toBe('—');
  });

  it('shows time to clear the backlog, GROWING where it does not shrink, and the deviation from forecast', async () => {
    // Email: 6 open (4 from the morning, 2 new), 6 closed in the hour against 2 arriving: 6 / (4 per hour) = 1 h 30 min.
    expect(await text(page, 'rd-email-clear-value')).toBe('1h 30m');
    // Voice closes 50 an hour against 200 arriving.
    expect(await text(page, 'rd-voice-clear-value')).toBe('GROWING');
    expect(await page.getByTestId('rd-voice-clear').getAttribute('class')).toContain('rd-lvl-breach');
    // Voice today: 50 + 53 + 53 + 44 = 200 against 40 + 45 + 50 + 40 = 175: +14 %; 13:45 alone 44 against 40: +10 %.
    expect(await text(page, 'rd-voice-today-value')).toBe('+14%');
    expect(await text(page, 'rd-voice-today')).toContain('200 arrived · 175 forecast');
    expect(await text(page, 'rd-voice-last')).toContain('13:45 — 44 vs 40 forecast');
    expect(await page.locator('[data-testid^="rd-"] canvas').count()).toBe(5);
  });

  it("shows the day's targets with their states by colour and word", async () => {
    const row = (key: string) => page.getByTestId(`target-${key}`);
    const expectRow = async (key: string, state: string, word: string, actual: string) => {
      expect(await row(key).getAttribute('data-state')).toBe(state);
      const t = await row(key).innerText();
      expect(t).toContain(word);
      expect(t).toContain(actual);
    };
    await expectRow('serviceLevel:chat', 'breach', 'BREACH', '50%');      // 10 of 20 within 120 s
    await expectRow('serviceLevel:voice', 'warn', 'WARN', '82%');   // 41 of 50 within 20 s, target 80 %
    await expectRow('serviceLevel:email', 'ok', 'OK', '100%');
    await expectRow('serviceLevel:social', 'none', 'NO DATA', '—');
    await expectRow('csat:all', 'breach', 'BREACH', '50%');
    // 200 + 30 + 10 + 12 = 252 contacts on 10,000 orders.
    await expectRow('contactRate:all', 'ok', 'OK', '2.5%');
    // The oldest open email came at 08:06: 5 h 54 min 30 s ago, under the 24 h ceiling.
    await expectRow('oldestOpen:email', 'ok', 'OK', '5h 54m');
    // The verdict names where the peak is not under control.
    expect(await text(page, 'verdict')).toContain('NOT UNDER CONTROL');
    expect(await text(page, 'verdict-headline')).toMatch(/^Needs action: .*voice/);
    expect(await text(page, 'verdict')).toContain('short by 4 agents now (10 staffed, 14 needed)');
  });

  it('marks a reason whose share doubled: where-is-my-order from 20 % to 60 %', async () => {
    const wismo = page.getByTestId('reason-where-is-my-order');
    expect(await wismo.innerText()).toMatch(/where-is-my-order\s+▲ ×3\.0\s+per order [^\n]+\s+18\s+60%\s+20%\s+\+40 pts/);
    expect(await page.getByTestId('reason-refund').getByTestId('spike').count()).toBe(0);
  });

  it('gives each reason its contacts per order: 60 minutes and today (the hour before counts today)', async () => {
    // where-is-my-order: 18 chats in the hour, 2 messaging contacts at 12:10-12:11; refund: 12, and 8 before.
    const cells = async (r: string) => {
      const row = page.getByTestId(`reason-${r}`);
      return [await row.getByTestId('intensity-60m').innerText(), await row.getByTestId('intensity-today').innerText()];
    };
    expect(await cells('where-is-my-order')).toEqual(['0.18%', '0.20%']);
    expect(await cells('refund')).toEqual(['0.12%', '0.20%']);
    expect(await page.getByTestId('reason-refund').innerText()).toMatch(/^refund\s+per order 0\.12% · today 0\.20%\s+12\s+40%/);
  });

  it('lists the incident notes, and a lead adds one that shows in the list', async () => {
    expect(await text(page, 'annotations')).toContain('Promo email sent to 2M customers');
    expect(await text(page, 'annotations')).toMatch(/13:05–13:35\s+all\s/i);
    const form = page.getByTestId('annotation-form');
    await form.locator('input[name="text"]').fill('Carrier X delay: WISMO chats up');
    await form.locator('input[name="start"]').fill('13:20');
    await form.locator('select[name="channel"]').selectOption('chat');
    await form.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => text(page, 'annotations'), { timeout: 5_000 }).toContain('Carrier X delay: WISMO chats up');
    expect(await page.getByTestId('annotation').first().innerText()).toMatch(/from 13:20\s+chat\s+Carrier X delay: WISMO chats up\s+lead/i);
    // The server has it too.
    const stored = await fetch(`${server.url}/api/v1/annotations?from=${NOW - 3_600_000}&to=${NOW}`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
    expect((await stored.json() as { text: string }[]).map((a) => a.text)).toContain('Carrier X delay: WISMO chats up');
    // A bad time is named beside its field, and nothing is sent.
    await form.locator('input[name="text"]').fill('Second note');
    await form.locator('input[name="start"]').fill('25:00');
    await form.getByRole('button', { name: 'Add note' }).click();
    expect(await form.locator('.field-error').innerText()).toContain('A time of today, HH:MM.');
    await form.locator('input[name="text"]').fill('');
    await form.locator('input[name="start"]').fill('14:00');
    expect(await form.locator('.field-error').count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300); // the charts redraw with the new marker
    await page.screenshot({ path: `${SHOTS}/readiness-1440x900.png` });
    await page.screenshot({ path: `${SHOTS}/readiness-1440-full.png`, fullPage: true });
  });

  it('with only a viewer token, says that adding a note needs a lead token', async () => {
    const viewer = await open(`/readiness?token=${TOKENS.viewer}`);
    await viewer.getByTestId('annotation-needs-lead').waitFor({ timeout: 5_000 });
    expect(await text(viewer, 'annotation-needs-lead')).toContain('needs a lead token');
    expect(await viewer.getByTestId('annotation-form').count()).toBe(0);
    // The page still reads everything with it.
    expect(await text(viewer, 'rd-voice-now-value')).toBe('10 / 14');
  });

  it('wraps a long unbroken note instead of widening the page', async () => {
    const long = 'W'.repeat(200);
    const made = await api('POST', '/annotations', TOKENS.lead, JSON.stringify({ text: long, start: Date.parse(`${D}13:40:00Z`) }));
    expect(made.status).toBe(201);
    const wide = await open(`/readiness?token=${TOKENS.viewer}`);
    await expect.poll(() => text(wide, 'annotations'), { timeout: 5_000 }).toContain(long.slice(0, 40));
    expect(await wide.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(LAPTOP.width);
  });

  it('keeps its token, out of the address bar, and needs no link after a reload', async () => {
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => localStorage.getItem('peakwatch.readinessToken'))).toBe(TOKENS.lead);
    await page.reload();
    await page.getByTestId('verdict').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('annotation-form').count()).toBe(1);
  });
});
