/**
 * Every Redis key name Peakwatch uses, built in one place. All keys of a tenant share the hash tag
 * `{tenant}`, so a Lua script touches one Redis Cluster slot. The Lua scripts build the same names from the
 * prefix (see lua/includes/buckets.lua and the script headers); tests/integration/keys.test.ts checks both agree.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export type Keys = ReturnType<typeof tenantKeys>;

/** Keys of one tenant; `tenant` must not contain braces. */
export function tenantKeys(tenant: string, namespace = 'pw') {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(tenant)) throw new Error(`tenant "${tenant}" must be 1-64 letters, digits, "_", "." or "-"`);
  const p = `${namespace}:{${tenant}}:`;
  return {
    prefix: p,
    /** Routing key passed as KEYS[1] to the ingest scripts so they run on the tenant's slot; never written. */
    tenant: `${p}tenant`,
    /** The installation's secret for the keyed hash of customer ids (random bytes, base64; set once, never shown). */
    customerSecret: `${p}customer-secret`,
    /**
     * Sorted set of a customer's contacts, "<contactId>\0<ch>\0<queue>" scored by queued time, by the keyed hash of
     * its customerId (lua/includes/repeats.lua).
     */
    customerContacts: (customer: string) => `${p}cz:${customer}`,
    /** Hash "<ch>|T" / "<ch>|S": SL and short-abandon thresholds in seconds, read by contact-1.lua. */
    thresholds: `${p}thresholds`,
    /** JSON of the current targets. */
    targets: `${p}targets`,
    /** Hash of tokens generated in development, shared by every instance. */
    devTokens: `${p}devtokens`,
    /** What an orders, survey or agent event was, for the duplicate window (see lua/retract-1.lua). */
    seen: (eventId: string) => `${p}seen:${eventId}`,
    contact: (contactId: string) => `${p}c:${contactId}`,
    /** Hash event id → contact id of the contact events received in an hour, kept for the duplicate window. */
    contactEvents: (hour: number) => `${p}ce:${hour}`,
    /** Hash event id → "<retracted at>|<what it was>" of retracted ids, kept for the duplicate window. */
    retracted: `${p}retracted`,
    minute: (minute: number) => `${p}m:${minute}`,
    hour: (hour: number) => `${p}h:${hour}`,
    queueMinute: (minute: number) => `${p}mq:${minute}`,
    queueHour: (hour: number) => `${p}hq:${hour}`,
    /** Live sets per queue (queue "" for contacts without one); a channel's live figures sum its queues'. */
    queueWaiting: (channel: string, queue: string) => `${p}wq:${channel}|${queue}`,
    queueOpen: (channel: string, queue: string) => `${p}oq:${channel}|${queue}`,
    /**
     * Sorted set of a channel's queue names → the latest event time each was used at (epoch ms); names unused for
     * the bucket retention are trimmed (lua/includes/names.lua). `(other)` is one of them once anything folded.
     */
    queueNames: (channel: string) => `${p}queue-names:${channel}`,
    /** Sorted set of the tenant's reason names, as queueNames. */
    reasonNames: `${p}reason-names`,
    /** Set of a channel's named queues with open contacts (so with any waiting too), kept by contact-1.lua. */
    liveQueues: (channel: string) => `${p}live-queues:${channel}`,
    /** Set of a channel's queue names ever seen, as versions before the registries kept them: migrated once, then deleted. */
    legacyQueues: (channel: string) => `${p}queues:${channel}`,
    /** Hash of folds beyond the name limits: "q|<ch>" and "r" events folded, "<field>|at" when last (epoch ms). */
    folded: `${p}folded`,
    agent: (agentId: string) => `${p}a:${agentId}`,
    agentCounts: (channel: string) => `${p}ac:${channel}`,
    /**
     * Hash of when the server last applied an event (its own clock, epoch ms): field "<ch>" per channel, field
     * "*" for any event (orders included). Written by the ingest scripts (lua/includes/last-event.lua); no TTL.
     */
    lastEvent: `${p}last-event`,
    /** When the first server started on this tenant (epoch ms, set once): a silence with no event counts from it. */
    watchingSince: `${p}watching-since`,
    /** Pub/sub channel that says "the state changed" to every instance. */
    dirtyChannel: `${p}dirty`,
    /** Socket.IO's Redis streams adapter: its stream (and the prefix of its pub/sub channels). */
    socketStream: `${p}socket.io`,
    /** Socket.IO's Redis streams adapter: prefix of the sessions kept for connection state recovery. */
    socketSession: `${p}sio-session:`,
    /** JSON of the alert rules. */
    rules: `${p}rules`,
    /** JSON of the receivers, secrets included (never returned by the API). */
    receivers: `${p}receivers`,
    /** Hash alertId → JSON of the alert's current state. */
    alerts: `${p}alerts`,
    /** Hash alertId → JSON {at, by, note}: acks, written by leads, read by the evaluator. */
    acks: `${p}alert-acks`,
    /** Hash alertId → JSON {until, reason, by, at}: silences, written by leads, read by the evaluator. */
    silences: `${p}alert-silences`,
    /** Stream of alert transitions (kept 30 days). */
    alertLog: `${p}alert-log`,
    /** Stream of deliveries to make (one entry per notification and receiver), read through a consumer group. */
    outbox: `${p}outbox`,
    /** Sorted set of deliveries waiting for a retry, scored by when. */
    outboxRetry: `${p}outbox-retry`,
    /** List of deliveries that failed for good (newest first, capped). */
    deadLetters: `${p}dead-letters`,
    /** Hash per receiver: delivery health. */
    receiverHealth: (name: string) => `${p}receiver-health:${name}`,
    /** The alert evaluator's leader lock. */
    leader: `${p}alerts-leader`,
    /**
     * Hash of the uploaded arrivals forecast of one local day (`YYYY-MM-DD` in PEAKWATCH_TZ): field = channel,
     * value = JSON {uploadedAt, intervals: {"<interval start, epoch ms>": arrivals}}. Expires 8 days after the day.
     */
    forecast: (day: string) => `${p}forecast:${day}`,
    /**
     * Hash of the channels' settings (server/store/channel-store.ts): field "<ch>|hours" = JSON of the weekly
     * hours (or null: 24×7), field "<ch>|closed" = JSON {closed, closedReason, closedBy, closedAt}; no TTL.
     */
    channelSettings: `${p}channel-settings`,
    /** Hash of the screens' display settings (shared/display.ts), field per setting; no TTL. */
    display: `${p}display`,
    /**
     * Hash of the minutes of one local day (`YYYY-MM-DD` in PEAKWATCH_TZ) a channel spent closed or unstaffed
     * during its opening hours: field "<ch>|<minute index>" = "closed" | "unstaffed". Expires 8 days after its last recorded minute.
     */
    channelMinutes: (day: string) => `${p}channel-minutes:${day}`,
    /** JSON of the connectors, secrets included (never returned by the API). */
    connectors: `${p}connectors`,
    /** Hash per connector: request counts and last times and error (its health). */
    connectorHealth: (name: string) => `${p}connector-health:${name}`,
    /** List per connector: its latest refused requests (JSON {at, reason}), newest first, capped. */
    connectorRefusals: (name: string) => `${p}connector-refusals:${name}`,
    /** Sorted set of incident annotations (JSON), scored by start time; kept 30 days. */
    annotations: `${p}annotations`,
    /** Hash of one calendar month's daily history (`YYYY-MM`): field = day `YYYY-MM-DD`, and the month's total (history-record.ts). */
    history: (month: string) => `${p}history:${month}`,
    /**
     * Hash of the hour parts a live day is folded from while late events may reach it: field = hour index,
     * value = JSON of that hour's counts. Expires 9 days after the day.
     */
    historyParts: (day: string) => `${p}history-parts:${day}`,
    /** The history folder's leader lock. */
    historyLeader: `${p}history-leader`,
  };
}

/** Minute index of an epoch-ms time. */
export const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS);
/** Hour index of an epoch-ms time. */
export const hourOf = (ms: number) => Math.floor(ms / HOUR_MS);
