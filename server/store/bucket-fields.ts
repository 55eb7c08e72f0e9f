/**
 * Field names of the bucket hashes (minute `m:`, hour `h:`, and per queue `mq:`, `hq:`), as the Lua scripts
 * write them (contact-1.lua, survey-1.lua and orders-1.lua through lua/includes/buckets.lua,
 * the surveys' through lua/includes/survey.lua). Every reader of
 * the buckets takes the names from here; tests/unit/bucket-fields.test.ts checks the scripts write exactly
 * these.
 */

/** Counters per channel (`<channel>|<field>`) and per queue (`<channel>|<queue>|<field>`). */
export const BUCKET_FIELDS = {
  /** Contacts queued. */
  arrivals: 'arr',
  answered: 'ans',
  /** Sum of the waits of answered contacts, ms. */
  waitMs: 'wms',
  /** Answered with a wait within the channel's service-level threshold. */
  answeredInTarget: 'ait',
  abandoned: 'abn',
  /** Abandoned within the channel's short-abandon threshold. */
  shortAbandoned: 'abs',
  resolved: 'res',
  /** Resolved contacts that were answered, and the sum of their handle times (ms). */
  handled: 'hn',
  handleMs: 'hms',
  /** CSAT responses, and those scoring 4 or 5. */
  csatResponses: 'csn',
  csatPositive: 'csp',
  /** CES responses, those scoring 5-7 ("easy"), and the sum of their scores. */
  cesResponses: 'cen',
  cesEasy: 'cee',
  cesSum: 'ces',
  /** NPS responses, promoters (9-10) and detractors (0-6). */
  npsResponses: 'npn',
  npsPromoters: 'npp',
  npsDetractors: 'npd',
  /** Arrivals whose customer had another contact within the repeat window before (counted at arrival). */
  repeats: 'rpt',
  /** Arrivals that carried a customerId. */
  customerArrivals: 'arc',
} as const;

export type BucketField = (typeof BUCKET_FIELDS)[keyof typeof BUCKET_FIELDS];

/** Orders placed: one field for the whole tenant, in minute and hour buckets. */
export const ORDERS_FIELD = 'orders';

/** Contacts per reason (counted at queued time), tenant-wide in minute and hour buckets: `r|<reason>`. */
export const REASON_FIELD_PREFIX = 'r|';

/** Prefix of a channel's fields (`chat|`) or, with a queue, of the queue's (`chat|de|`). */
export const fieldPrefix = (channel: string, queue?: string): string => (queue === undefined ? `${channel}|` : `${channel}|${queue}|`);

/** The field of a channel's counter, e.g. `chat|arr`. */
export const channelField = (channel: string, field: BucketField): string => fieldPrefix(channel) + field;
