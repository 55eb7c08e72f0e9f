import { describe, expect, it } from 'vitest';
import { checkReceiverDrafts, newReceiverDraft, receiverDrafts } from '../../client/src/model/receiversForm';
import { listIssues, receiverListSchema } from '../../shared/alerts';
import { forecastContentType, storedSummary } from '../../client/src/model/forecastUpload';

describe('the receivers editor', () => {
  const stored = receiverDrafts([{ name: 'ops-hook', type: 'webhook', url: 'https://hooks.example.com/pw', hasSecret: true }]);

  it('never holds a secret it was not typed, and leaves an empty one out (the server keeps the stored one)', () => {
    expect(stored[0]).toMatchObject({ secret: '', hasSecret: true });
    expect(checkReceiverDrafts(stored)).toEqual({ ok: true, receivers: [{ name: 'ops-hook', type: 'webhook', url: 'https://hooks.example.com/pw' }] });
  });
  it('sends a secret typed', () => {
    const d = [{ ...stored[0]!, secret: 'a-new-long-secret' }];
    expect(checkReceiverDrafts(d)).toMatchObject({ ok: true, receivers: [{ secret: 'a-new-long-secret' }] });
  });
  it('names each bad field by the path the server uses, with the API schema\'s own words', () => {
    const d = [
      { ...newReceiverDraft(), name: 'bad name', url: 'ftp://x', secret: 'short' },
      { ...newReceiverDraft(), name: 'ops-hook', url: 'https://a.example' },
      { ...newReceiverDraft(), name: 'ops-hook', url: 'https://b.example' },
    ];
    const check = checkReceiverDrafts(d);
    expect(check.ok).toBe(false);
    const errors = check.ok ? {} : check.errors;
    expect(Object.keys(errors).sort()).toEqual(['receivers[0].name', 'receivers[0].secret', 'receivers[0].url', 'receivers[2].name']);
    expect(errors['receivers[0].url']).toBe('must be an http(s) URL');
    expect(errors['receivers[2].name']).toBe('"ops-hook" is used twice');
  });
  it('refuses a cloud metadata service as the server does; internal addresses are left to the server, which knows its allow list', () => {
    const d = [{ ...newReceiverDraft(), name: 'meta', url: 'http://metadata.google.internal./x' }, { ...newReceiverDraft(), name: 'am', url: 'http://10.0.0.5:9093' }];
    expect(checkReceiverDrafts(d)).toEqual({
      ok: false,
      errors: { 'receivers[0].url': 'must not point at an internal address: metadata.google.internal is a cloud metadata service' },
    });
  });
  it('accepts exactly what the API schema accepts', () => {
    const drafts = [
      { ...newReceiverDraft(), name: 'a', url: 'http://127.0.0.1:9/hook' },
      { ...newReceiverDraft(), name: 'b', url: 'https://hooks.slack.com/services/T/B/X', type: 'slack' as const },
      { ...newReceiverDraft(), name: 'c', url: 'hooks.example.com' },
      { ...newReceiverDraft(), name: 'd', url: 'javascript:alert(1)' },
    ];
    for (const d of drafts) {
      const body = { name: d.name, type: d.type, url: d.url };
      const server = receiverListSchema.safeParse([body]);
      const client = checkReceiverDrafts([d]);
      expect(client.ok).toBe(server.success);
      if (!server.success && !client.ok) expect(Object.keys(client.errors)).toEqual(listIssues(server.error, 'receivers').map((i) => i.field));
    }
  });
});

describe('the forecast upload', () => {
  it('sends .json and JSON-looking text as JSON, the rest as CSV', () => {
    expect(forecastContentType('peak.json', 'channel,…')).toBe('application/json');
    expect(forecastContentType('peak.csv', '[')).toBe('text/csv');
    expect(forecastContentType('peak', '  [{"channel":"chat"}]')).toBe('application/json');
    expect(forecastContentType('peak.txt', 'channel,interval_start,arrivals')).toBe('text/csv');
  });
  it('says what was stored, per day and channel', () => {
    expect(storedSummary({ rows: 192, stored: { '2026-11-27': { chat: 96, voice: 96 } } })).toBe('Stored 192 rows: 2026-11-27 chat 96, voice 96.');
    expect(storedSummary({ rows: 1, stored: { '2026-11-27': { chat: 1 }, '2026-11-28': { chat: 1 } } })).toBe('Stored 1 row: 2026-11-27 chat 1; 2026-11-28 chat 1.');
  });
});
