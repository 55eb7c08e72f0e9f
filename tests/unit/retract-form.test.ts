import { describe, expect, it } from 'vitest';
import { RETRACT_MAX_IDS, retractSchema } from '../../shared/retract';
import { eventSummary, lookupText, retractText, retractionOf } from '../../client/src/model/retractForm';

describe('the settings page\'s retraction form', () => {
  it('takes the id typed in (trimmed) as the retraction the server takes, or names what is wrong', () => {
    expect(retractionOf('  ord-1 ')).toEqual({ ok: true, request: { ids: ['ord-1'] } });
    expect(retractionOf('   ')).toEqual({ ok: false, error: 'The event id must not be empty.' });
    expect(retractionOf('x'.repeat(129))).toEqual({ ok: false, error: 'The event id must be at most 128 characters.' });
    expect(retractSchema.safeParse({ ids: Array.from({ length: RETRACT_MAX_IDS }, (_, i) => `e${i}`) }).success).toBe(true);
  });

  it('says in one line what an event did', () => {
    const at = Date.parse('2026-11-27T10:15:00Z');
    expect(eventSummary({ type: 'orders.placed', at, count: 10_000_000 }, 'UTC')).toBe('orders.placed · 10,000,000 orders · Fri 27 Nov 2026 10:15:00');
    expect(eventSummary({ type: 'contact.queued', at, channel: 'chat', contactId: 'c-9', queue: 'de', reason: 'wismo' }, 'UTC'))
      .toBe('contact.queued · contact c-9 · chat / de · reason wismo · Fri 27 Nov 2026 10:15:00');
    expect(eventSummary({ type: 'agent.status', at, channel: 'voice', agentId: 'a-1', status: 'busy' }, 'UTC')).toBe('agent.status · agent a-1 busy · voice · Fri 27 Nov 2026 10:15:00');
  });

  it('tells applied, retracted, retracted before it arrived and unknown apart', () => {
    const event = { type: 'orders.placed' as const, at: 0, count: 1 };
    expect(lookupText({ id: 'x', state: 'applied', event })).toBe('It counts in the figures.');
    expect(lookupText({ id: 'x', state: 'retracted', event })).toContain('no longer counts');
    expect(lookupText({ id: 'x', state: 'retracted', event: null })).toContain('before it arrived');
    expect(lookupText({ id: 'x', state: 'unknown', event: null })).toContain('No event with this id is known');
    expect(retractText({ retracted: 1, unknown: 0 })).toContain('Retracted');
    expect(retractText({ retracted: 0, unknown: 1 })).toContain('Not known');
  });
});
