import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, ackAlert, apiErrorMessage, silenceAlert } from '../../client/src/leadsApi';

afterEach(() => { vi.unstubAllGlobals(); });

function stubFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  });
  return calls;
}

describe("the leads' API client", () => {
  it("shows the server's own error, else a plain one for the status", () => {
    expect(apiErrorMessage(409, { error: 'alert "x" is resolved: only an active alert can be acked' })).toContain('only an active alert');
    expect(apiErrorMessage(403, null)).toBe('This needs a lead token.');
    expect(apiErrorMessage(502, 'bad gateway')).toMatch(/HTTP 502/);
  });

  it('acks with the lead token, the alert id encoded (it holds ":"), and the note', async () => {
    const calls = stubFetch(200, { id: 'chat-queue:chat', ackedBy: 'ana' });
    expect(await ackAlert('lead-t', 'chat-queue:chat', { note: 'on it' })).toMatchObject({ ackedBy: 'ana' });
    expect(calls[0]!.url).toBe('/api/v1/alerts/chat-queue%3Achat/ack');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', body: JSON.stringify({ note: 'on it' }) });
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer lead-t');
  });

  it('throws the refusal with its status and message', async () => {
    stubFetch(403, { error: 'this needs the lead role; your token is a viewer token' });
    const err = await silenceAlert('viewer-t', { alertId: 'a', minutes: 15, reason: 'r' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, message: 'this needs the lead role; your token is a viewer token' });
  });

  it('says so when Peakwatch cannot be reached', async () => {
    vi.stubGlobal('fetch', async () => { throw new TypeError('Failed to fetch'); });
    await expect(ackAlert('t', 'a', { note: '' })).rejects.toMatchObject({ status: 0, message: expect.stringMatching(/cannot be reached/) });
  });
});
