import { describe, expect, it } from 'vitest';
import type { ConnectorConfig } from '../../server/connectors/connector';
import { genesysCloud } from '../../server/connectors/sources/genesys-cloud';
import { genesysCloudDialect } from '../../scripts/sim/dialects/genesys-cloud';
import { bearerPost, ctxOf, dayThrough, fixture, receive, receiveSample, requestOf } from '../helpers/connector-sources';

const config: ConnectorConfig = { name: 'gc', type: 'genesys-cloud', secret: 'genesys-api-destination-key' };
const PATH = '/api/v1/connectors/gc';
const AUTH = { 'content-type': 'application/json', authorization: `Bearer ${config.secret}` };
const CONV = '7c0a1f7e-1111-4222-8333-944445555666';
const QUEUE = '0f1e2d3c-4b5a-4968-8776-655443322110';

const post = bearerPost(config, PATH);
const translateFixture = (file: string, cfg = config) => receive(genesysCloud, post(fixture('genesys-cloud', file)), ctxOf(cfg));

describe('genesys cloud bearer', () => {
  it('accepts the API destination bearer token and refuses a missing or wrong one', () => {
    expect(genesysCloud.verify(post({}), ctxOf(config))).toEqual({ ok: true });
    expect(genesysCloud.verify(post({}, {}), ctxOf(config)).ok).toBe(false);
    expect(genesysCloud.verify(post({}, { authorization: 'Bearer genesys-api-destination-kez' }), ctxOf(config))).toEqual({ ok: false, reason: 'wrong bearer token' });
  });
});

describe('genesys cloud translation', () => {
  it('acd.start is queued at eventTime, in its queue, on the media type channel, the caller (ani) as customer', () => {
    expect(translateFixture('acd-start.json')).toEqual({
      ignored: [],
      events: [{ id: `gc:${CONV}:queued`, type: 'contact.queued', at: 1765551750107, channel: 'voice', contactId: `gc:${CONV}`, queue: QUEUE, customerId: 'gc:tel:+15555550520' }],
    });
  });

  it('acd.end ANSWERED is answered; ABANDON (a WhatsApp message) is abandoned on messaging; FLOW_OUT is ignored', () => {
    expect(translateFixture('acd-end-answered.json').events).toEqual([{
      id: `gc:${CONV}:answered`, type: 'contact.answered', at: 1765551785310, channel: 'voice', contactId: `gc:${CONV}`, queue: QUEUE,
    }]);
    expect(translateFixture('acd-end-abandon.json').events).toEqual([{
      id: 'gc:8d1b2e8f-2222-4333-8444-a55556666777:abandoned', type: 'contact.abandoned', at: 1765552201002, channel: 'messaging',
      contactId: 'gc:8d1b2e8f-2222-4333-8444-a55556666777', queue: QUEUE,
    }]);
    expect(translateFixture('acd-end-flow-out.json')).toEqual({ events: [], ignored: ['acd.end: acdOutcome FLOW_OUT is neither ANSWERED nor ABANDON'] });
  });

  it('customer.end after an interaction is resolved; with none (an abandon) it is ignored', () => {
    expect(translateFixture('customer-end.json').events).toEqual([{
      id: `gc:${CONV}:resolved`, type: 'contact.resolved', at: 1765552180440, channel: 'voice', contactId: `gc:${CONV}`,
    }]);
    expect(translateFixture('customer-end-no-answer.json')).toEqual({ events: [], ignored: [expect.stringMatching(/left without an answer/)] });
  });

  it('routingStatus is an agent status: INTERACTING busy, IDLE available, NOT_RESPONDING away, OFF_QUEUE offline', () => {
    expect(translateFixture('routing-status.json').events).toEqual([{
      id: `gc:u1u1u1u1-0000-4000-8000-000000000001@${Date.parse('2025-12-12T15:03:05.310Z')}:status`, type: 'agent.status',
      at: Date.parse('2025-12-12T15:03:05.310Z'), channel: 'voice', agentId: 'gc:u1u1u1u1-0000-4000-8000-000000000001', status: 'busy',
    }]);
    const event = fixture('genesys-cloud', 'routing-status.json');
    const detail = event.detail as { eventBody: { routingStatus: Record<string, string> } };
    const withStatus = (status: string) => ({ ...event, detail: { ...detail, eventBody: { ...detail.eventBody, routingStatus: { ...detail.eventBody.routingStatus, status } } } });
    const out = receive(genesysCloud, post(['IDLE', 'NOT_RESPONDING', 'OFF_QUEUE', 'COMMUNICATING'].map(withStatus)), ctxOf(config));
    expect(out.events.map((e) => e.status)).toEqual(['available', 'away', 'offline', 'busy']);
  });

  it('ignores other topics, saying which', () => {
    expect(translateFixture('flow-outcome.json')).toEqual({
      events: [], ignored: ['v2.detail.events.conversation.test-conversation-id.flow.outcome: not a queue, answer, end or routing status topic'],
    });
  });

  it('a re-delivered event makes the same id', () => {
    expect(translateFixture('acd-start.json').events[0]!.id).toBe(translateFixture('acd-start.json').events[0]!.id);
  });

  it('lets the maps override channel (by message type), queue and status, and the agent channel', () => {
    const cfg: ConnectorConfig = { ...config, channels: { WHATSAPP: 'social' }, queues: { [QUEUE]: 'nl' }, statuses: { INTERACTING: 'away' }, agentChannel: 'chat' };
    expect(translateFixture('acd-end-abandon.json', cfg).events[0]).toMatchObject({ channel: 'social', queue: 'nl' });
    expect(translateFixture('routing-status.json', cfg).events[0]).toMatchObject({ status: 'away', channel: 'chat' });
  });

  it('refuses bodies that are not events with an input error', () => {
    expect(() => genesysCloud.parse(requestOf('', AUTH, PATH))).toThrow(/empty/);
    expect(() => genesysCloud.parse(post('text'))).toThrow(/body is not a JSON object/);
  });

  it('offers a sample that it accepts itself', () => {
    expect(receiveSample(genesysCloud, config, PATH, () => AUTH).events).toHaveLength(1);
  });
});

describe('genesys cloud dialect round trip', () => {
  it('gives back the day it encoded, without reasons (no Genesys field carries one), csat and orders', () => {
    const carried = (c: Record<string, unknown>) => {
      delete c.reason;
      if (c.type === 'contact.resolved') delete c.queue;
      return c;
    };
    const { got, want, unsent, ignored } = dayThrough(genesysCloudDialect, genesysCloud, config, carried);
    expect(got).toEqual(want);
    expect(unsent.map((e) => e.type)).toEqual(['csat.submitted', 'orders.placed']);
    // Each abandon also sends the customer's end with no interaction, which the connector ignores.
    expect(ignored).toHaveLength(5);
  });
});
