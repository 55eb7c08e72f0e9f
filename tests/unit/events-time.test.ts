import { describe, expect, it } from 'vitest';
import { eventSchema } from '../../shared/events';
import { DAY, MIN, NOW, check, contact, ctx, error, ok, orders, without } from '../helpers/event-check';

describe('checkEvent: `at` is normalised to epoch milliseconds', () => {
  it('epoch milliseconds are kept as they are', () => {
    expect(ok(check(contact({ at: NOW - 1234 }))).at).toBe(NOW - 1234);
  });

  it('an ISO-8601 time in UTC (Z) becomes epoch ms', () => {
    expect(ok(check(contact({ at: '2026-11-27T10:00:00Z' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });

  it('an ISO-8601 time with a positive offset becomes the same instant in epoch ms', () => {
    expect(ok(check(contact({ at: '2026-11-27T11:00:00+01:00' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });

  it('an ISO-8601 time with a negative offset becomes the same instant in epoch ms', () => {
    expect(ok(check(contact({ at: '2026-11-27T05:00:00-05:00' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });

  it('an ISO-8601 time with a half-hour offset (+05:30) becomes the same instant', () => {
    expect(ok(check(contact({ at: '2026-11-27T15:30:00+05:30' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });

  it('an ISO-8601 time with an offset without colon (+0100) becomes the same instant', () => {
    expect(ok(check(contact({ at: '2026-11-27T11:00:00+0100' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });

  it('milliseconds of an ISO-8601 time are kept', () => {
    expect(ok(check(contact({ at: '2026-11-27T10:00:00.250Z' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 0, 0, 250));
  });

  it('an ISO-8601 time without seconds is accepted', () => {
    expect(ok(check(contact({ at: '2026-11-27T10:05Z' }))).at).toBe(Date.UTC(2026, 10, 27, 10, 5, 0));
  });

  it('ISO and epoch forms of one instant give the same event time', () => {
    const iso = ok(check(contact({ at: '2026-11-27T09:14:59.999Z' }))).at;
    const ms = ok(check(contact({ at: Date.UTC(2026, 10, 27, 9, 14, 59, 999) }))).at;
    expect(iso).toBe(ms);
  });

  it('eventSchema alone also returns `at` as a number', () => {
    const parsed = eventSchema.parse(contact({ at: '2026-11-27T10:00:00+01:00' }));
    expect(parsed.at).toBe(Date.UTC(2026, 10, 27, 9, 0, 0));
    expect(typeof parsed.at).toBe('number');
  });
});

describe('checkEvent: `at` format is checked', () => {
  it('an ISO-8601 time without a zone is rejected (it would be ambiguous)', () => {
    expect(error(check(contact({ at: '2026-11-27T10:00:00' })))).toMatch(/^at: /);
  });

  it('a date without a time is rejected', () => {
    expect(error(check(contact({ at: '2026-11-27' })))).toMatch(/^at: /);
  });

  it('free text is rejected, naming at', () => {
    expect(error(check(contact({ at: 'yesterday' })))).toMatch(/^at: /);
  });

  it('epoch ms as a string is rejected', () => {
    expect(error(check(contact({ at: String(NOW) })))).toMatch(/^at: /);
  });

  it('fractional epoch milliseconds are rejected', () => {
    expect(error(check(contact({ at: NOW - 0.5 })))).toMatch(/^at: /);
  });

  it('a boolean is rejected, naming at', () => {
    expect(error(check(contact({ at: true })))).toMatch(/^at: /);
  });

  it('a missing at is rejected, naming at', () => {
    expect(error(check(without(contact(), 'at')))).toMatch(/^at: /);
  });

  it('an ISO-shaped time with an impossible hour is rejected', () => {
    expect(error(check(contact({ at: '2026-11-27T25:00:00Z' })))).toMatch(/^at: /);
  });

  it('a calendar date that does not exist (31 November) is rejected, not rolled over to 1 December', () => {
    // Within the accepted time range (now is 2 December), so only the calendar check can reject it.
    const dec2 = { channels: ctx.channels, now: Date.UTC(2026, 11, 2, 12, 0, 0) };
    expect(error(check(contact({ at: '2026-11-31T10:00:00Z' }), dec2))).toMatch(/^at: /);
  });
});

describe('checkEvent: `at` must be within 7 days back and 5 minutes ahead', () => {
  it('exactly 5 minutes in the future is accepted', () => {
    expect(ok(check(contact({ at: NOW + 5 * MIN }))).at).toBe(NOW + 5 * MIN);
  });

  it('more than 5 minutes in the future is rejected, naming at', () => {
    const msg = error(check(contact({ at: NOW + 5 * MIN + 1 })));
    expect(msg).toMatch(/^at: /);
    expect(msg).toMatch(/future/);
  });

  it('an ISO time 6 minutes ahead is rejected', () => {
    expect(error(check(contact({ at: '2026-11-27T10:21:00Z' })))).toMatch(/future/);
  });

  it('exactly 7 days old is accepted', () => {
    expect(ok(check(contact({ at: NOW - 7 * DAY }))).at).toBe(NOW - 7 * DAY);
  });

  it('older than 7 days is rejected, naming at', () => {
    const msg = error(check(contact({ at: NOW - 7 * DAY - 1 })));
    expect(msg).toMatch(/^at: /);
    expect(msg).toMatch(/7 days/);
  });

  it('the time limits apply to orders.placed too', () => {
    expect(error(check(orders({ at: NOW + 6 * MIN })))).toMatch(/^at: /);
    expect(error(check(orders({ at: NOW - 8 * DAY })))).toMatch(/^at: /);
  });

  it('the limits follow the clock passed in, not the real clock', () => {
    const at = Date.UTC(2020, 0, 1);
    expect(ok(check(contact({ at }), { channels: ctx.channels, now: at + MIN })).at).toBe(at);
    expect(error(check(contact({ at }), ctx))).toMatch(/7 days/);
  });
});

