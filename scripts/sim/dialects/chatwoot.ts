/**
 * Chatwoot's dialect: account webhooks in the shapes Chatwoot posts (a conversation's webhook data for
 * `conversation_created` and `conversation_status_changed`, a message's for `message_created` and
 * `message_updated`), signed as Chatwoot signs them. What Chatwoot cannot say (agent statuses, orders; a CSAT
 * without its conversation) is left unsent. An abandon is a conversation resolved without an agent reply, which
 * the connector reads as abandoned and resolved at that time.
 */
import { createHash } from 'node:crypto';
import type { PeakEvent } from '../../../shared/events';
import { connectorPath } from '../../../shared/connectors';
import { CHATWOOT_CHANNELS, chatwootSignature } from '../../../server/connectors/sources/chatwoot';
import type { Dialect, SourceRequest } from './dialect';

/** A Chatwoot conversation id (an integer) for a Peakwatch contact id: stable across calls, 48 bits. */
export const conversationId = (contactId: string) => Number.parseInt(createHash('sha256').update(contactId).digest('hex').slice(0, 12), 16);

/** Peakwatch channel → the Chatwoot inbox type that maps to it by default. */
const INBOX_TYPE: Record<string, string> = {};
for (const [type, channel] of Object.entries(CHATWOOT_CHANNELS)) INBOX_TYPE[channel] ??= type;

const secs = (ms: number) => ms / 1000;

type ContactEvent = Extract<PeakEvent, { contactId: string; type: `contact.${string}` }>;

export const chatwootDialect: Dialect = {
  type: 'chatwoot',
  encode(events, config, opts) {
    const answeredAt = new Map<string, number>();
    const abandonedAt = new Map<string, number>();
    // The conversation's contact: a Chatwoot contact id per customer (none for a contact without a customerId).
    const customerOf = new Map<string, number>();
    for (const e of events) {
      if (e.type === 'contact.queued' && e.customerId !== undefined) customerOf.set(e.contactId, conversationId(e.customerId));
      if (e.type === 'contact.answered') answeredAt.set(e.contactId, Math.min(answeredAt.get(e.contactId) ?? Infinity, e.at));
      if (e.type === 'contact.abandoned') abandonedAt.set(e.contactId, e.at);
    }
    const conversation = (e: ContactEvent | Extract<PeakEvent, { type: 'csat.submitted' }>, status: string, updatedAt: number) => {
      const contactId = e.contactId!;
      const reply = answeredAt.get(contactId);
      return {
        id: conversationId(contactId), inbox_id: 1, channel: INBOX_TYPE[e.channel] ?? e.channel, status,
        labels: e.reason ? [e.reason] : [],
        meta: {
          ...(customerOf.has(contactId) ? { sender: { id: customerOf.get(contactId), name: 'Customer', type: 'contact' } } : {}),
          assignee: null, team: e.queue ? { id: 1, name: e.queue } : null,
        },
        messages: [], additional_attributes: {}, custom_attributes: {},
        first_reply_created_at: reply === undefined ? null : new Date(reply).toISOString(),
        created_at: Math.floor(secs(e.at)), timestamp: Math.floor(secs(updatedAt)), updated_at: secs(updatedAt), waiting_since: Math.floor(secs(e.at)),
      };
    };
    const requests: SourceRequest[] = [];
    const unsent: PeakEvent[] = [];
    const timestamp = String(Math.floor(opts.now / 1000));
    const send = (payload: object) => {
      const body = JSON.stringify(payload);
      requests.push({
        path: connectorPath(config.name),
        headers: { 'content-type': 'application/json', 'x-chatwoot-timestamp': timestamp, 'x-chatwoot-signature': chatwootSignature(config.secret, timestamp, body) },
        body,
      });
    };
    const statusChange = (e: ContactEvent, to: string) => send({
      event: 'conversation_status_changed', ...conversation(e, to, e.at),
      changed_attributes: [{ status: { previous_value: 'open', current_value: to } }],
    });
    for (const e of events) {
      switch (e.type) {
        case 'contact.queued': send({ event: 'conversation_created', ...conversation(e, 'open', e.at) }); break;
        case 'contact.answered':
          send({
            event: 'message_created', id: requests.length + 1, content: 'Hi, how can I help?', created_at: new Date(e.at).toISOString(),
            message_type: 'outgoing', content_type: 'text', content_attributes: {}, private: false, source_id: null,
            sender: { id: 1, name: 'Agent', email: 'agent@example.com', type: 'user' },
            inbox: { id: 1, name: 'Support' }, account: { id: 1, name: 'Peakwatch' }, conversation: conversation(e, 'open', e.at),
          });
          break;
        // A resolve without a reply is an abandon and a resolve at that time to the connector: a resolve at the
        // abandon's time is said by the abandon's request; one at another time Chatwoot cannot say.
        case 'contact.abandoned': statusChange(e, 'resolved'); break;
        case 'contact.resolved':
          if (answeredAt.has(e.contactId)) statusChange(e, 'resolved');
          else if (abandonedAt.get(e.contactId) !== e.at) unsent.push(e);
          break;
        case 'csat.submitted':
          if (e.contactId === undefined) { unsent.push(e); break; }
          send({
            event: 'message_updated', id: requests.length + 1, content: 'Please rate the conversation', created_at: new Date(e.at).toISOString(),
            message_type: 'template', content_type: 'input_csat', private: false, source_id: null, sender: null,
            content_attributes: { submitted_values: { csat_survey_response: { rating: e.score, feedback_message: '' } } },
            inbox: { id: 1, name: 'Support' }, account: { id: 1, name: 'Peakwatch' }, conversation: conversation(e, 'resolved', e.at),
          });
          break;
        default: unsent.push(e);
      }
    }
    return { requests, unsent };
  },
};
