import { describe, expect, it } from 'vitest';
import type { HealthReply, ReceiverHealth } from '../../client/src/leadsApi';
import { receiverView, receiversView } from '../../client/src/model/receivers';
import type { Alert } from '../../shared/alerts';

const T = Date.parse('2026-11-27T14:05:12Z');
const health = (h: Partial<ReceiverHealth>): ReceiverHealth =>
  ({ receiver: 'hook', lastOkAt: null, lastErrorAt: null, lastError: null, failuresInRow: 0, deadLetters: 0, ...h });

describe("receivers' health on the leads view", () => {
  it('calls a receiver failing while its deliveries fail in a row, with the error', () => {
    const v = receiverView(health({ receiver: 'pager', failuresInRow: 3, lastErrorAt: T - 5_000, lastError: 'HTTP 503', lastOkAt: T - 3_600_000 }), T, 'UTC');
    expect(v).toEqual({
      name: 'pager', level: 'breach', word: 'FAILING', error: 'HTTP 503',
      facts: ['3 failures in a row', 'last delivered 13:05:12 (1h 00m ago)', 'last error 14:05:07 (5s ago)'],
    });
  });

  it('flags a receiver that delivers now but gave notifications up before', () => {
    const v = receiverView(health({ deadLetters: 1, lastOkAt: T - 60_000, lastErrorAt: T - 120_000, lastError: 'timeout' }), T, 'UTC');
    expect([v.level, v.word, v.facts[0], v.error]).toEqual(['warn', 'DEAD LETTERS', '1 notification given up', 'timeout']);
  });

  it('says a healthy receiver is OK, and one never used is unused, without an error', () => {
    expect(receiverView(health({ lastOkAt: T - 1_000 }), T, 'UTC')).toMatchObject({ level: 'ok', word: 'OK', error: null, facts: ['last delivered 14:05:11 (1s ago)'] });
    expect(receiverView(health({}), T, 'UTC')).toMatchObject({ level: 'none', word: 'UNUSED', facts: ['nothing sent yet'] });
    expect(receiverView(health({ failuresInRow: 1, lastErrorAt: T, lastError: 'refused' }), T, 'UTC').facts).toContain('never delivered');
  });

  it('lists the troubled receivers first and names them, with the dead letters', () => {
    const reply: HealthReply = {
      receivers: [
        health({ receiver: 'a-ok', lastOkAt: T }),
        health({ receiver: 'b-lost', deadLetters: 2, lastOkAt: T }),
        health({ receiver: 'c-failing', failuresInRow: 1, lastErrorAt: T, lastError: 'x' }),
      ],
      deadLetters: [{
        receiver: 'c-failing', attempt: 10, error: 'HTTP 500', at: T,
        notification: { id: 'n', kind: 'firing', receivers: ['c-failing'], at: T, alert: { metric: 'waiting', channel: 'chat', op: '>', threshold: 0, description: 'Queue building' } as Alert },
      }],
    };
    const v = receiversView(reply, T, 'UTC');
    expect(v.receivers.map((r) => r.name)).toEqual(['c-failing', 'b-lost', 'a-ok']);
    expect(v.troubled).toEqual(['c-failing', 'b-lost']);
    expect(v.deadLetters).toEqual([{ key: `${T}-c-failing-0`, receiver: 'c-failing', what: 'firing: Queue building', attempts: '10 attempts', at: '14:05:12', error: 'HTTP 500' }]);
  });
});
