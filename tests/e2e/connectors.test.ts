import type { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatwootSignature } from '../../server/connectors/sources/chatwoot';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { Pages, closeAll, launchChromium, textOf as text } from '../helpers/browser';
import { buildClientOnce } from '../helpers/client-build';
import { connect } from '../helpers/redis';

/**
 * The Connectors section of the settings page in a real browser against a real server: add a Chatwoot connector,
 * see its webhook URL, a request it accepted and one it refused (with the reason) in its health, its sample, a
 * test event (a dry run), and a map naming an unknown channel refused beside the field.
 */
const SECRET = 'chatwoot-e2e-secret-1';
let redis: Redis;
let pages: Pages;
let server: TestServer;
let page: Page;

beforeAll(async () => {
  await buildClientOnce();
  redis = connect();
  server = await startTestServer(redis, { now: Date.now(), running: true });
  pages = new Pages(await launchChromium());
  page = await pages.open(`${server.url}/settings?token=${TOKENS.admin}`, { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await page.getByTestId('targets-form').waitFor({ timeout: 10_000 });
}, 60_000);
afterAll(() => closeAll(pages, server, redis));

async function postChatwoot(body: object, secret = SECRET) {
  const text = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${server.url}/api/v1/connectors/chat-eu`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-chatwoot-timestamp': ts, 'x-chatwoot-signature': chatwootSignature(secret, ts, text) }, body: text,
  });
  return res.status;
}

describe('settings: connectors', () => {
  it('adds a Chatwoot connector and shows its webhook URL; a secret is required and never shown', async () => {
    await page.getByRole('button', { name: 'Add a connector' }).click();
    const row = page.getByTestId('connector-0');
    await row.getByLabel('Name').fill('chat-eu');
    await page.getByTestId('save-connectors').click();
    await expect.poll(() => text(page, 'error-connectors[0].secret'), { timeout: 5_000 }).toContain('is required');
    await row.getByLabel('Secret').fill(SECRET);
    await page.getByTestId('save-connectors').click();
    await expect.poll(() => text(page, 'connectors-status'), { timeout: 5_000 }).toContain('Saved 1 connector');
    await expect.poll(() => text(page, 'webhook-url-chat-eu'), { timeout: 5_000 }).toBe(`${server.url}/api/v1/connectors/chat-eu`);
    expect(await page.content()).not.toContain(SECRET);
  });

  it('shows what the connector received and refused, with the reason', async () => {
    const at = Math.floor(Date.now() / 1000) - 30;
    expect(await postChatwoot({ event: 'conversation_created', id: 77, status: 'open', channel: 'Channel::WebWidget', labels: [], meta: {}, created_at: at })).toBe(200);
    expect(await postChatwoot({ event: 'conversation_created', id: 78, status: 'open', channel: 'Channel::WebWidget', created_at: at }, 'not-the-secret')).toBe(401);
    await page.reload();
    await expect.poll(() => text(page, 'health-chat-eu'), { timeout: 10_000 }).toContain('accepted 1');
    expect(await text(page, 'health-chat-eu')).toContain('refused 1');
    await page.getByTestId('refusals-chat-eu').locator('summary').click();
    expect(await text(page, 'refusals-chat-eu')).toContain('X-Chatwoot-Signature does not match the body');
  });

  it('sends a test event: the sample through the connector, nothing applied', async () => {
    const before = (await server.snapshot()).channels.chat!.waiting;
    await page.getByTestId('test-chat-eu').click();
    await expect.poll(() => text(page, 'test-result-chat-eu'), { timeout: 5_000 }).toContain('1 event, 0 ignored, 0 rejected');
    expect(await text(page, 'test-result-chat-eu')).toContain('contact.queued');
    expect((await server.snapshot()).channels.chat!.waiting).toBe(before);
  });

  it('refuses a map naming a channel that is not configured, beside the options', async () => {
    await page.getByTestId('connector-0').getByLabel('Options').fill('{"channels": {"Channel::Api": "pigeon"}}');
    await page.getByTestId('save-connectors').click();
    await expect.poll(() => text(page, 'error-connectors[0].options'), { timeout: 5_000 }).toContain('"pigeon" is not a configured channel');
    expect(await text(page, 'connectors-status')).toContain('Not saved');
  });
});
