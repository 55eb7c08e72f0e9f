let seq = 0;
/** A unique event id for this test run. */
export const eid = (label = 'e') => `${label}-${process.pid}-${++seq}`;

const t = (iso: string) => Date.parse(iso);

type Extra = { queue?: string; reason?: string; customerId?: string };
/** Contact events with readable ISO times. */
export const ev = {
  queued: (contactId: string, at: string, channel = 'chat', x: Extra = {}) => ({ id: eid(), type: 'contact.queued', at: t(at), channel, contactId, ...x }),
  answered: (contactId: string, at: string, channel = 'chat', x: Extra = {}) => ({ id: eid(), type: 'contact.answered', at: t(at), channel, contactId, ...x }),
  abandoned: (contactId: string, at: string, channel = 'chat', x: Extra = {}) => ({ id: eid(), type: 'contact.abandoned', at: t(at), channel, contactId, ...x }),
  resolved: (contactId: string, at: string, channel = 'chat', x: Extra = {}) => ({ id: eid(), type: 'contact.resolved', at: t(at), channel, contactId, ...x }),
  orders: (count: number, at: string) => ({ id: eid(), type: 'orders.placed', at: t(at), count }),
  csat: (score: number, at: string, channel = 'chat') => ({ id: eid(), type: 'csat.submitted', at: t(at), channel, score }),
  agent: (agentId: string, status: string, at: string, channel = 'chat') => ({ id: eid(), type: 'agent.status', at: t(at), channel, agentId, status }),
};

/** A deterministic shuffle in place (the same for a seed every run): events or requests out of order. */
export function shuffle<T>(xs: T[], seed: number): T[] {
  let s = seed;
  for (let i = xs.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
