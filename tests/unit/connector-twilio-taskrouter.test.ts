import { describe, expect, it } from 'vitest';
import type { ConnectorConfig } from '../../server/connectors/connector';
import { twilioTaskrouter } from '../../server/connectors/sources/twilio-taskrouter';
import { twilioSignature, twilioTaskrouterDialect } from '../../scripts/sim/dialects/twilio-taskrouter';
import { PUBLIC_ORIGIN, ctxOf, dayThrough, fixture, receive, receiveSample, requestOf } from '../helpers/connector-sources';

const config: ConnectorConfig = { name: 'flex', type: 'twilio-taskrouter', secret: 'twilio-auth-token' };
const PATH = '/api/v1/connectors/flex';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function form(file: string): string {
  return new URLSearchParams(fixture('twilio-taskrouter', file) as Record<string, string>).toString();
}

/** A callback as Twilio would post it to PUBLIC_ORIGIN + PATH, signed with `secret`. */
function signed(file: string, secret = config.secret, signedUrl = PUBLIC_ORIGIN + PATH) {
  const body = form(file);
  return requestOf(body, { ...FORM, 'x-twilio-signature': twilioSignature(secret, signedUrl, body) }, PATH);
}

const translateFixture = (file: string, cfg = config) => receive(twilioTaskrouter, signed(file), ctxOf(cfg));

describe('twilio signature', () => {
  it("verifies Twilio's published example (auth token 12345)", () => {
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const req = { ...requestOf(new URLSearchParams(params).toString(), { ...FORM, 'x-twilio-signature': '0/KCTR6DLpKmkAf8muzZqo1nDgQ=' }, '/myapp.php?foo=1&bar=2', 'https://mycompany.com'), publicUrl: url };
    expect(twilioTaskrouter.verify(req, ctxOf({ ...config, secret: '12345' }))).toEqual({ ok: true });
    expect(twilioTaskrouter.verify(req, ctxOf({ ...config, secret: '12346' })).ok).toBe(false);
  });

  it('accepts a callback signed with the auth token, and refuses one signed with another', () => {
    expect(twilioTaskrouter.verify(signed('task-queue-entered.json'), ctxOf(config))).toEqual({ ok: true });
    expect(twilioTaskrouter.verify(signed('task-queue-entered.json', 'other-token'), ctxOf(config)).ok).toBe(false);
  });

  it('refuses a callback without X-Twilio-Signature', () => {
    const req = requestOf(form('task-queue-entered.json'), FORM, PATH);
    expect(twilioTaskrouter.verify(req, ctxOf(config))).toEqual({ ok: false, reason: 'missing X-Twilio-Signature header' });
  });

  it('refuses a body changed after signing: a value changed, a parameter added', () => {
    const req = signed('task-queue-entered.json');
    const body = req.rawBody.toString();
    for (const changed of [body.replace('TaskQueueName=Everyone', 'TaskQueueName=VIP'), `${body}&Extra=1`]) {
      expect(twilioTaskrouter.verify({ ...req, rawBody: Buffer.from(changed) }, ctxOf(config)).ok).toBe(false);
    }
  });

  it('accepts a signature over the URL with the standard port written out, as some Twilio callbacks are signed', () => {
    const req = signed('task-queue-entered.json', config.secret, `https://peakwatch.example.com:443${PATH}`);
    expect(twilioTaskrouter.verify(req, ctxOf(config))).toEqual({ ok: true });
  });

  it('says to fix PEAKWATCH_PUBLIC_URL when the signature is valid for the URL the Host headers name', () => {
    const body = form('task-queue-entered.json');
    const headers = { ...FORM, host: 'support.shop.example', 'x-forwarded-proto': 'https', 'x-twilio-signature': twilioSignature(config.secret, `https://support.shop.example${PATH}`, body) };
    const req = requestOf(body, headers, PATH, 'http://localhost:3000');
    const v = twilioTaskrouter.verify(req, ctxOf(config));
    expect(v).toEqual({ ok: false, reason: expect.stringContaining('set PEAKWATCH_PUBLIC_URL to https://support.shop.example') });
  });

  it('names PEAKWATCH_PUBLIC_URL in a plain mismatch too', () => {
    const v = twilioTaskrouter.verify(signed('task-queue-entered.json', 'other'), ctxOf(config));
    expect(v).toEqual({ ok: false, reason: expect.stringContaining('check PEAKWATCH_PUBLIC_URL') });
  });
});

describe('twilio translation', () => {
  it('turns task-queue.entered into a queued contact: TaskSid, task channel, queue name, reason attribute, the caller (from) as customer, TimestampMs', () => {
    expect(translateFixture('task-queue-entered.json')).toEqual({
      ignored: [],
      events: [{
        id: 'flex:WT0000000000000000000000000000001:queued', type: 'contact.queued', at: 1735725600123, channel: 'voice',
        contactId: 'flex:WT0000000000000000000000000000001', queue: 'Everyone', reason: 'where-is-my-order', customerId: 'flex:+15555550100',
      }],
    });
  });

  it('answers on reservation.accepted (Timestamp in seconds when there is no TimestampMs)', () => {
    expect(translateFixture('reservation-accepted.json').events).toEqual([{
      id: 'flex:WT0000000000000000000000000000001:answered', type: 'contact.answered', at: 1735725645000, channel: 'voice',
      contactId: 'flex:WT0000000000000000000000000000001', reason: 'where-is-my-order',
    }]);
  });

  it('abandons on task.canceled (sms is messaging) and resolves on task.completed', () => {
    expect(translateFixture('task-canceled.json').events).toEqual([{
      id: 'flex:WT0000000000000000000000000000002:abandoned', type: 'contact.abandoned', at: 1735725700456, channel: 'messaging',
      contactId: 'flex:WT0000000000000000000000000000002',
    }]);
    expect(translateFixture('task-completed.json').events[0]).toMatchObject({ type: 'contact.resolved', at: 1735726020789, id: 'flex:WT0000000000000000000000000000001:resolved' });
  });

  it('turns worker.activity.update into an agent status: Available, Offline, anything else away', () => {
    expect(translateFixture('worker-activity-update.json').events).toEqual([{
      id: 'flex:WK0000000000000000000000000000001@1735726100000:status', type: 'agent.status', at: 1735726100000,
      channel: 'voice', agentId: 'flex:WK0000000000000000000000000000001', status: 'away',
    }]);
    const p = fixture('twilio-taskrouter', 'worker-activity-update.json') as Record<string, string>;
    for (const [activity, status] of [['Available', 'available'], ['Offline', 'offline'], ['Lunch', 'away']]) {
      const out = twilioTaskrouter.translate({ ...p, WorkerActivityName: activity }, ctxOf(config));
      expect(out.events[0]!.status).toBe(status);
    }
  });

  it('a re-delivered callback makes the same event id', () => {
    expect(translateFixture('task-completed.json').events[0]!.id).toBe(translateFixture('task-completed.json').events[0]!.id);
  });

  it('ignores other event types, saying which', () => {
    expect(translateFixture('workflow-entered.json')).toEqual({ events: [], ignored: ['workflow.entered: not a task lifecycle or worker activity event'] });
  });

  it('lets the connector maps override channel, queue (by name or sid) and status, and the agent channel', () => {
    const cfg: ConnectorConfig = {
      ...config, channels: { voice: 'chat' }, queues: { WQ0000000000000000000000000000001: 'uk' }, statuses: { Break: 'offline' }, agentChannel: 'chat',
    };
    expect(translateFixture('task-queue-entered.json', cfg).events[0]).toMatchObject({ channel: 'chat', queue: 'uk' });
    expect(translateFixture('worker-activity-update.json', cfg).events[0]).toMatchObject({ channel: 'chat', status: 'offline' });
    expect(translateFixture('task-queue-entered.json', { ...config, queues: { Everyone: 'all' } }).events[0]).toMatchObject({ queue: 'all' });
  });

  it('refuses a JSON body or a form without EventType with an input error', () => {
    expect(() => twilioTaskrouter.parse(requestOf('{}', { 'content-type': 'application/json' }, PATH))).toThrow(/expected application\/x-www-form-urlencoded/);
    expect(() => twilioTaskrouter.parse(requestOf('TaskSid=WT1', FORM, PATH))).toThrow(/no EventType/);
  });

  it('offers a sample that it accepts itself', () => {
    const headers = (body: string, contentType: string) => ({ 'content-type': contentType, 'x-twilio-signature': twilioSignature(config.secret, PUBLIC_ORIGIN + PATH, body) });
    expect(receiveSample(twilioTaskrouter, config, PATH, headers).events).toHaveLength(1);
  });
});

describe('twilio dialect round trip', () => {
  it('gives back the day it encoded (queue only where the task enters it), without busy, csat and orders', () => {
    const withoutLaterQueue = (c: Record<string, unknown>) => {
      if (c.type !== 'contact.queued') delete c.queue;
      return c;
    };
    const { got, want, unsent } = dayThrough(twilioTaskrouterDialect, twilioTaskrouter, config, withoutLaterQueue);
    expect(got).toEqual(want);
    expect(unsent.map((e) => e.type).sort()).toEqual(['agent.status', 'csat.submitted', 'orders.placed']);
  });
});
