import { describe, expect, it } from 'vitest';
import type { ConnectorConfig } from '../../server/connectors/connector';
import { amazonConnect } from '../../server/connectors/sources/amazon-connect';
import { amazonConnectDialect } from '../../scripts/sim/dialects/amazon-connect';
import { bearerPost, ctxOf, dayThrough, fixture, receive, receiveSample, requestOf } from '../helpers/connector-sources';

const config: ConnectorConfig = { name: 'connect-us', type: 'amazon-connect', secret: 'eventbridge-api-key-0123456789' };
const PATH = '/api/v1/connectors/connect-us';
const AUTH = { 'content-type': 'application/json', authorization: `Bearer ${config.secret}` };
const QUEUE = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const CONTACT = '11111111-1111-1111-1111-111111111111';

const post = bearerPost(config, PATH);
const translateFixture = (file: string, cfg = config) => receive(amazonConnect, post(fixture('amazon-connect', file)), ctxOf(cfg));

describe('amazon connect bearer', () => {
  it('accepts the API destination bearer token', () => {
    expect(amazonConnect.verify(post({}), ctxOf(config))).toEqual({ ok: true });
  });

  it('refuses a missing, non-bearer or wrong Authorization header, saying which', () => {
    expect(amazonConnect.verify(post({}, {}), ctxOf(config))).toEqual({ ok: false, reason: expect.stringMatching(/^missing Authorization/) });
    expect(amazonConnect.verify(post({}, { authorization: `Basic ${config.secret}` }), ctxOf(config))).toEqual({ ok: false, reason: expect.stringMatching(/not "Bearer/) });
    expect(amazonConnect.verify(post({}, { authorization: 'Bearer eventbridge-api-key-0123456780' }), ctxOf(config))).toEqual({ ok: false, reason: 'wrong bearer token' });
  });
});

describe('amazon connect contact events', () => {
  it('QUEUED is queued at enqueueTimestamp, in the queue of the ARN, with the reason tag', () => {
    expect(translateFixture('queued.json')).toEqual({
      ignored: [],
      events: [{
        id: `connect-us:${CONTACT}:queued`, type: 'contact.queued', at: Date.parse('2021-08-04T17:29:04.000Z'), channel: 'voice',
        contactId: `connect-us:${CONTACT}`, queue: QUEUE, reason: 'where-is-my-order',
      }],
    });
  });

  it('CONNECTED_TO_AGENT is answered at connectedToAgentTimestamp', () => {
    expect(translateFixture('connected-to-agent.json').events).toEqual([{
      id: `connect-us:${CONTACT}:answered`, type: 'contact.answered', at: Date.parse('2021-08-04T17:29:09.000Z'), channel: 'voice',
      contactId: `connect-us:${CONTACT}`, queue: QUEUE,
    }]);
  });

  it('DISCONNECTED after an agent is resolved; from a queue without an agent, abandoned; before any queue, ignored', () => {
    expect(translateFixture('disconnected-after-agent.json').events[0]).toMatchObject({ type: 'contact.resolved', at: Date.parse('2021-08-04T17:38:37.000Z'), id: `connect-us:${CONTACT}:resolved` });
    expect(translateFixture('disconnected-abandoned.json').events).toEqual([{
      id: 'connect-us:58092a11-6075-4025-a57d-6ada88b26d5b:abandoned', type: 'contact.abandoned', at: Date.parse('2021-08-29T18:39:43.512Z'),
      channel: 'chat', contactId: 'connect-us:58092a11-6075-4025-a57d-6ada88b26d5b', queue: '0c1f8b4e-1111-2222-3333-444455556666',
    }]);
    expect(translateFixture('disconnected-before-queue.json')).toEqual({ events: [], ignored: [expect.stringMatching(/never reached a queue/)] });
  });

  it('reads the earlier PascalCase shape too (EventType, ContactId, Channel "Voice", QueueInfo.QueueArn), with the envelope time', () => {
    expect(translateFixture('connected-to-agent-legacy-case.json').events).toEqual([{
      id: 'connect-us:22222222-1111-1111-1111-111111111111:answered', type: 'contact.answered', at: Date.parse('2021-05-01T18:43:48Z'),
      channel: 'voice', contactId: 'connect-us:22222222-1111-1111-1111-111111111111', queue: 'bbbbbbbb-1111-2222-3333-444444444444',
    }]);
  });

  it('ignores contact updates and other EventBridge detail types', () => {
    expect(translateFixture('contact-data-updated.json').ignored).toEqual(['CONTACT_DATA_UPDATED: not a queue, answer or disconnect event']);
    const other = { ...fixture('amazon-connect', 'queued.json'), 'detail-type': 'Contact Lens Post Call Rules Matched' };
    expect(receive(amazonConnect, post(other), ctxOf(config))).toEqual({ events: [], ignored: ['Contact Lens Post Call Rules Matched: not a contact event'] });
  });

  it('takes an array of events in one request, and a re-delivery makes the same ids', () => {
    const files = ['queued.json', 'connected-to-agent.json', 'disconnected-after-agent.json'];
    const t = receive(amazonConnect, post(files.map((f) => fixture('amazon-connect', f))), ctxOf(config));
    expect(t.events.map((e) => e.type)).toEqual(['contact.queued', 'contact.answered', 'contact.resolved']);
    expect(receive(amazonConnect, post(fixture('amazon-connect', 'queued.json')), ctxOf(config)).events[0]!.id).toBe(t.events[0]!.id);
  });

  it('lets the maps override channel and queue (by ARN or by queue id)', () => {
    const arn = `arn:aws:connect:us-west-2:111122223333:instance/12345678-1234-1234-1234-123456789012/queue/${QUEUE}`;
    expect(translateFixture('queued.json', { ...config, channels: { VOICE: 'messaging' }, queues: { [arn]: 'us-billing' } }).events[0])
      .toMatchObject({ channel: 'messaging', queue: 'us-billing' });
    expect(translateFixture('queued.json', { ...config, queues: { [QUEUE]: 'us-west' } }).events[0]).toMatchObject({ queue: 'us-west' });
  });
});

describe('amazon connect agent event stream', () => {
  it('Available with a connected contact is busy; without one, available; another status, away', () => {
    expect(translateFixture('agent-state-change.json').events).toEqual([{
      id: 'connect-us:ca232cf3-3bdd-4f1a-9a4d-6e1f02d0f8c1:status', type: 'agent.status', at: Date.parse('2019-08-13T20:58:44.031Z'),
      channel: 'voice', agentId: 'connect-us:agent-ARN', status: 'busy',
    }]);
    const record = fixture('amazon-connect', 'agent-state-change.json');
    const snapshot = record.CurrentAgentSnapshot as Record<string, unknown>;
    const idle = { ...record, CurrentAgentSnapshot: { ...snapshot, Contacts: [] } };
    const lunch = { ...record, CurrentAgentSnapshot: { ...snapshot, AgentStatus: { Name: 'Lunch' } } };
    const missed = { ...record, CurrentAgentSnapshot: { ...snapshot, Contacts: [{ ContactId: 'x', State: 'MISSED' }] } };
    expect(receive(amazonConnect, post([idle, lunch, missed]), ctxOf(config)).events.map((e) => e.status)).toEqual(['available', 'away', 'available']);
  });

  it('a logout is offline', () => {
    expect(translateFixture('agent-logout.json').events[0]).toMatchObject({ status: 'offline', agentId: 'connect-us:agent-ARN' });
  });

  it('reads records inside a Kinesis event as a forwarder may post it (base64 data)', () => {
    const data = Buffer.from(JSON.stringify(fixture('amazon-connect', 'agent-logout.json'))).toString('base64');
    const kinesis = { Records: [{ kinesis: { partitionKey: 'agent-ARN', data }, eventSource: 'aws:kinesis' }] };
    expect(receive(amazonConnect, post(kinesis), ctxOf(config)).events[0]).toMatchObject({ type: 'agent.status', status: 'offline' });
    expect(() => amazonConnect.parse(post({ Records: [{ kinesis: { data: 'bm90IGpzb24=' } }] }))).toThrow(/not base64 of a JSON object/);
  });

  it('lets the statuses map and the agent channel override the defaults', () => {
    const t = translateFixture('agent-state-change.json', { ...config, statuses: { Available: 'available' }, agentChannel: 'chat' });
    expect(t.events[0]).toMatchObject({ status: 'available', channel: 'chat' });
  });
});

describe('amazon connect input', () => {
  it('refuses bodies that are not events with an input error', () => {
    expect(() => amazonConnect.parse(requestOf('nope', AUTH, PATH))).toThrow(/not valid JSON/);
    expect(() => amazonConnect.parse(post([]))).toThrow(/empty array/);
    expect(() => amazonConnect.parse(post([1]))).toThrow(/item 0 is not a JSON object/);
  });

  it('offers a sample that it accepts itself', () => {
    expect(receiveSample(amazonConnect, config, PATH, () => AUTH).events).toHaveLength(1);
  });
});

describe('amazon connect dialect round trip', () => {
  it('gives back the day it encoded; messaging, social, csat and orders have no Connect shape', () => {
    const { got, want, unsent } = dayThrough(amazonConnectDialect, amazonConnect, config);
    expect(got).toEqual(want);
    const contacts = unsent.filter((e) => e.type.startsWith('contact.'));
    expect(contacts.map((e) => (e as { channel: string }).channel)).toEqual([...Array(5).fill('messaging'), ...Array(5).fill('social')]);
    expect(unsent.filter((e) => !contacts.includes(e)).map((e) => e.type)).toEqual(['csat.submitted', 'orders.placed']);
  });
});
