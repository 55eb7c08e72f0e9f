import type { AgentStatus } from '../../shared/channels';
import type { ContactEventType } from '../../shared/events';
import type { RecordedEvent } from '../../shared/retract';
import { SURVEY_SCALES, type SurveyKind } from '../../shared/surveys';

const isSurveyKind = (k: string): k is SurveyKind => Object.hasOwn(SURVEY_SCALES, k);

/** The letter of each contact event kind, as the contact script keeps it (lua/contact-1.lua). */
export const CONTACT_KIND = { 'contact.queued': 'q', 'contact.answered': 'a', 'contact.abandoned': 'b', 'contact.resolved': 'x' } as const;

const CONTACT_TYPE = Object.fromEntries(Object.entries(CONTACT_KIND).map(([t, k]) => [k, t])) as Record<string, ContactEventType>;
const orEmpty = (key: string, v: string | undefined) => (v ? { [key]: v } : {});

/**
 * What an event was, from the record the scripts keep (see lua/retract-1.lua): contact
 * "<kind>|<at>|<ch>|<qu>|<re>|<contactId>", orders "o|<at>|<count>", CSAT "c|<at>|<ch>|<score>|<qu>", survey "v|<at>|<ch>|<kind>|<score>|<qu>", agent
 * "s|<at>|<ch>|<status>|<agentId>". Null for "" (not known) or a record it cannot read.
 */
export function decodeRecord(record: string): RecordedEvent | null {
  const [kind, atText, ...rest] = record.split('|');
  const at = Number(atText);
  if (!kind || !Number.isSafeInteger(at)) return null;
  const contactType = CONTACT_TYPE[kind];
  if (contactType && rest.length >= 4) {
    const [channel, queue, reason, ...cid] = rest;
    return { type: contactType, at, channel: channel!, contactId: cid.join('|'), ...orEmpty('queue', queue), ...orEmpty('reason', reason) };
  }
  if (kind === 'o' && rest.length === 1) return { type: 'orders.placed', at, count: Number(rest[0]) };
  if (kind === 'c' && rest.length === 3) return { type: 'csat.submitted', at, channel: rest[0]!, score: Number(rest[1]), ...orEmpty('queue', rest[2]) };
  if (kind === 'v' && rest.length === 4 && isSurveyKind(rest[1]!)) {
    return { type: 'survey.submitted', at, channel: rest[0]!, kind: rest[1], score: Number(rest[2]), ...orEmpty('queue', rest[3]) };
  }
  if (kind === 's' && rest.length >= 3) {
    const [channel, status, ...agent] = rest;
    return { type: 'agent.status', at, channel: channel!, status: status as AgentStatus, agentId: agent.join('|') };
  }
  return null;
}
