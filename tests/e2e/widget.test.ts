import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pages, closeAll, launchChromium } from '../helpers/browser';
import { WIDGET_KEY, startTestServer, type TestServer } from '../helpers/app';
import { ev } from '../helpers/events';
import { connect } from '../helpers/redis';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const at = (s: number) => new Date(NOW - 600_000 + s * 1000).toISOString();
const EMAIL_FORM = 'https://shop.example.com/contact';

let redis: Redis;
let peakwatch: TestServer;
let pages: Pages;
const shops: Server[] = [];

/** A shop's chat page on an origin of its own (another port), including the widget from Peakwatch's. */
async function shop(): Promise<{ origin: string; url: (contactId: string) => string }> {
  const server = createServer((req, res) => {
    const contactId = new URL(req.url ?? '/', 'http://x').searchParams.get('c') ?? '';
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><html><body><h1>Chat</h1>
<script src="${peakwatch.url}/widget.js" data-key="${WIDGET_KEY}" data-channel="chat" data-contact-id="${contactId}" data-email-form="${EMAIL_FORM}"></script>
</body></html>`);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  shops.push(server);
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return { origin, url: (c) => `${origin}/?c=${encodeURIComponent(c)}` };
}

let allowed: Awaited<ReturnType<typeof shop>>;
let other: Awaited<ReturnType<typeof shop>>;

beforeAll(async () => {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'client/widget/vite.config.ts', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  redis = connect();
  // Shops are on localhost origins; Peakwatch on 127.0.0.1: another host and port, so another origin.
  allowed = await shop();
  other = await shop();
  peakwatch = await startTestServer(redis, { now: NOW, widgetOrigins: [allowed.origin] });
  // A shop's page brings no font of its own: the machine's fonts lay its text out.
  pages = new Pages(await launchChromium([], { systemFonts: true }));
});

afterAll(async () => {
  await closeAll(pages, peakwatch, redis);
  for (const s of shops) await new Promise((ok) => s.close(ok));
});

const widget = (page: import('playwright-core').Page) => page.locator('.peakwatch-wait');

describe('the customer widget on a shop page of another origin', () => {
  it('shows the place in line and the expected wait, "You are next" at the head', async () => {
    await peakwatch.post([
      ev.agent('wa-1', 'busy', at(0)), ev.agent('wa-2', 'busy', at(0)),
      ev.queued('wc-1', at(10)), ev.queued('wc-2', at(20)), ev.queued('wc-3', at(30)),
    ]);
    const second = await pages.open(allowed.url('wc-2'), {});
    await expect.poll(() => widget(second).innerText(), { timeout: 10_000 }).toMatch(/^You are 2nd in line · (about \d+ min|less than a minute)/);
    const first = await pages.open(allowed.url('wc-1'), {});
    await expect.poll(() => widget(first).innerText(), { timeout: 10_000 }).toMatch(/^You are next/);
    expect(await widget(first).getByRole('link').isVisible()).toBe(false);
  });

  it('shows the email form\'s link when nobody can answer', async () => {
    await peakwatch.post([ev.agent('wa-1', 'away', at(40)), ev.agent('wa-2', 'offline', at(40))]);
    const page = await pages.open(allowed.url('wc-3'), {});
    const link = widget(page).getByRole('link', { name: 'Send us an email instead' });
    await expect.poll(() => link.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await link.getAttribute('href')).toBe(EMAIL_FORM);
    expect(await widget(page).innerText()).toMatch(/Nobody can answer/);
  });

  it('gives a page of an origin not allowed no data: the browser refuses the reply (CORS)', async () => {
    const page = await pages.open(other.url('wc-3'), {});
    const refused = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'read';
      } catch (e) {
        return (e as Error).name;
      }
    }, `${peakwatch.url}/api/v1/wait?channel=chat&key=${WIDGET_KEY}`);
    expect(refused).toBe('TypeError');
    await page.waitForTimeout(1_000);
    expect(await widget(page).isHidden()).toBe(true);
  });
});
