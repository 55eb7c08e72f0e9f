import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../server/notify/receiver';
import { slack, slackPayload } from '../../server/notify/slack';
import { T0, firingAlert, notification, receiverConfig, resolvedAlert } from '../helpers/notifications';

const allText = (p: ReturnType<typeof slackPayload>) =>
  [p.text, ...p.blocks.map((b) => (b.type === 'section' ? b.text.text : b.elements.map((e) => e.text).join(' ')))].join('\n');

describe('slack messages', () => {
  it('puts the state, channel, value and threshold on the line a phone shows', () => {
    const p = slackPayload(notification('firing', firingAlert(), T0 + 60_000), T0 + 60_000);
    expect(p.text).toContain('🔴 FIRING');
    expect(p.text).toContain('chat');
    expect(p.text).toContain('Service level (15 min) 72%, below 80% by 8 pts');
  });

  it('formats seconds metrics as minutes and seconds', () => {
    const a = firingAlert({ metric: 'oldestWaitSeconds', window: undefined, op: '>', threshold: 120, value: 190 });
    const p = slackPayload(notification('firing', a, T0), T0);
    expect(p.text).toContain('Oldest wait 3m 10s, above 2m by 1m 10s');
  });

  it('says since when the breach runs, and for how long', () => {
    const p = slackPayload(notification('repeat', firingAlert(), T0 + 1_805_000), T0 + 1_805_000);
    expect(p.text).toContain('🔁 REPEAT');
    const ctx = allText(p);
    expect(ctx).toContain(`Breaching since <!date^${T0 / 1000}^`);
    expect(ctx).toContain('(30m 05s)');
    expect(ctx).toContain('critical');
    expect(ctx).toContain('`chat-sl`');
  });

  it('marks an escalation as escalated and unacknowledged', () => {
    const p = slackPayload(notification('escalation', firingAlert(), T0 + 600_000), T0 + 600_000);
    expect(p.text).toContain('⬆️ ESCALATED');
    expect(allText(p)).toContain('not acknowledged');
  });

  it('reports a resolve with the value back and how long it lasted', () => {
    const end = T0 + 725_000;
    const p = slackPayload(notification('resolved', resolvedAlert(end), end), end + 5_000);
    expect(p.text).toContain('✅ RESOLVED');
    expect(p.text).toContain('83% (fires below 80%)');
    expect(p.text).not.toContain('FIRING');
    expect(allText(p)).toContain(`Resolved <!date^${end / 1000}^`);
    expect(allText(p)).toContain('after 12m 05s');
  });

  it('escapes Slack control characters in free text', () => {
    const a = firingAlert({ channel: 'b2b&co', description: 'see <https://evil.example|here>' });
    const text = allText(slackPayload(notification('firing', a, T0), T0));
    expect(text).toContain('b2b&amp;co');
    expect(text).toContain('see &lt;https://evil.example|here&gt;');
    expect(text).not.toContain('<https://evil');
  });

  it('posts the payload as JSON to the configured URL', async () => {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response('ok', { status: 200 });
    }) as typeof fetch;
    const url = 'https://hooks.slack.test/services/T000/B000/XXXX';
    const n = notification('firing', firingAlert(), T0);
    await slack.send(receiverConfig({ type: 'slack', url }), n, { now: () => T0, fetch: fakeFetch });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(url);
    expect(calls[0]!.init?.method).toBe('POST');
    expect(new Headers(calls[0]!.init?.headers).get('content-type')).toBe('application/json');
    expect(JSON.parse(String(calls[0]!.init?.body))).toEqual(slackPayload(n, T0));
  });

  it('fails a refused message for good without putting the secret URL in the error', async () => {
    const fakeFetch = (async () => new Response('no_service', { status: 404 })) as typeof fetch;
    const url = 'https://hooks.slack.test/services/T000/B000/SECRETTOKEN';
    const err = await slack.send(receiverConfig({ type: 'slack', url }), notification('firing', firingAlert(), T0), { now: () => T0, fetch: fakeFetch })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ retryable: false, status: 404, reply: 'no_service' });
    expect((err as Error).message).not.toContain('SECRETTOKEN');
  });
});
