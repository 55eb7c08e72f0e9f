import { describe, expect, it } from 'vitest';
import { ackBody, minutesLabel, silenceBody } from '../../client/src/model/leadForms';
import { NOTE_MAX, silenceSchema } from '../../shared/alerts';

describe("the leads' ack and silence forms", () => {
  it('labels durations as a lead says them', () => {
    expect([15, 60, 90, 240, 1440].map(minutesLabel)).toEqual(['15 min', '1 h', '1 h 30 min', '4 h', '24 h']);
  });

  it('sends a trimmed note and no name (the server records the token\'s)', () => {
    expect(ackBody({ note: '  moving agents ' })).toEqual({ ok: true, body: { note: 'moving agents' } });
    expect(ackBody({ note: '' })).toEqual({ ok: true, body: { note: '' } });
    expect(ackBody({ note: 'x'.repeat(501) })).toMatchObject({ ok: false, field: 'note' });
  });

  it('takes whole minutes from 1 to 1440 and requires a reason, as the API does', () => {
    expect(silenceBody({ alertId: 'a:chat', minutes: '60', reason: ' known outage ' }))
      .toEqual({ ok: true, body: { alertId: 'a:chat', minutes: 60, reason: 'known outage' } });
    for (const minutes of ['0', '1441', '1.5', '', 'abc', '-5']) {
      expect(silenceBody({ alertId: 'a', minutes, reason: 'r' })).toMatchObject({ ok: false, field: 'minutes' });
    }
    expect(silenceBody({ alertId: 'a', minutes: '1440', reason: 'r' })).toEqual({ ok: true, body: { alertId: 'a', minutes: 1440, reason: 'r' } });
    expect(silenceBody({ alertId: 'a', minutes: '15', reason: '   ' })).toMatchObject({ ok: false, field: 'reason' });
  });

  it("says what the API's schema says, in the form's words", () => {
    expect(silenceBody({ alertId: 'a', minutes: '1e3', reason: 'r' })).toEqual({ ok: false, field: 'minutes', error: 'Duration: must be whole minutes from 1 to 1440' });
    const reason = silenceBody({ alertId: 'a', minutes: '15', reason: ' ' });
    expect(reason).toEqual({ ok: false, field: 'reason', error: `Reason: ${silenceSchema.shape.reason.safeParse(' ').error?.issues[0]?.message}` });
    expect(ackBody({ note: 'x'.repeat(NOTE_MAX + 1) })).toMatchObject({ ok: false, error: expect.stringMatching(/^Note: /) });
  });
});
