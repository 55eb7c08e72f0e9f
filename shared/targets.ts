import { z } from 'zod';

/** Per-channel thresholds and targets. Seconds are seconds, fractions are 0-1. */
export const channelTargetsSchema = z.strictObject({
  /** Service-level target: fraction answered within `slThresholdSeconds`. */
  serviceLevel: z.number().min(0).max(1),
  /** T: a contact answered with wait ≤ T is in target. */
  slThresholdSeconds: z.number().int().min(1).max(30 * 86_400),
  /** S: an abandon with wait ≤ S is a short abandon; null: none (email). */
  shortAbandonSeconds: z.number().int().min(0).max(3_600).nullable(),
  /** Abandon-rate ceiling. */
  abandonRate: z.number().min(0).max(1),
  /** Oldest open contact ceiling in seconds; null: no target. */
  oldestOpenSeconds: z.number().int().min(1).nullable(),
  /** Contacts one agent handles at once (chat), used by readiness. */
  concurrency: z.number().int().min(1).max(20),
});
export type ChannelTargets = z.infer<typeof channelTargetsSchema>;

export const targetsSchema = z.strictObject({
  channels: z.record(z.string(), channelTargetsSchema),
  /** Contact-rate ceiling: arrivals / orders. */
  contactRate: z.number().min(0).max(10),
  /** CSAT floor: share of responses scoring 4 or 5. */
  csat: z.number().min(0).max(1),
  /** CES floor: share of responses scoring 5-7 ("easy"); absent: no target. */
  ces: z.number().min(0).max(1).optional(),
  /** NPS floor, −100 to 100; absent: no target. */
  nps: z.number().min(-100).max(100).optional(),
});
export type Targets = z.infer<typeof targetsSchema>;

/** The least and greatest value a target field's schema accepts (a form says the same range the API checks); `nullable`: it may be left unset. */
export function fieldRange(field: z.ZodNumber | z.ZodNullable<z.ZodNumber> | z.ZodOptional<z.ZodNumber>): { min: number; max: number; int: boolean; nullable: boolean } {
  const nullable = field instanceof z.ZodNullable || field instanceof z.ZodOptional;
  const n = (nullable ? field.unwrap() : field) as z.ZodNumber;
  return { min: n.minValue ?? -Infinity, max: n.maxValue ?? Infinity, int: n.isInt, nullable };
}

const base = { abandonRate: 0.05, oldestOpenSeconds: null, concurrency: 1 } as const;

/** Defaults: what a war room that held its peak aimed for (chat answered within 2 minutes, 80 % of the time). */
export const DEFAULT_CHANNEL_TARGETS: Record<string, ChannelTargets> = {
  chat: { ...base, serviceLevel: 0.8, slThresholdSeconds: 120, shortAbandonSeconds: 5, concurrency: 3 },
  voice: { ...base, serviceLevel: 0.8, slThresholdSeconds: 20, shortAbandonSeconds: 5 },
  email: { ...base, serviceLevel: 0.9, slThresholdSeconds: 86_400, shortAbandonSeconds: null, oldestOpenSeconds: 86_400 },
  messaging: { ...base, serviceLevel: 0.8, slThresholdSeconds: 300, shortAbandonSeconds: 5 },
  social: { ...base, serviceLevel: 0.8, slThresholdSeconds: 3_600, shortAbandonSeconds: 5 },
};

/** Targets for a channel that has no defaults of its own (a custom channel). */
export const FALLBACK_CHANNEL_TARGETS: ChannelTargets = {
  ...base, serviceLevel: 0.8, slThresholdSeconds: 120, shortAbandonSeconds: 5,
};

/** The default targets for a list of configured channels. */
export function defaultTargets(channels: readonly string[]): Targets {
  return {
    channels: Object.fromEntries(channels.map((ch) => [ch, DEFAULT_CHANNEL_TARGETS[ch] ?? FALLBACK_CHANNEL_TARGETS])),
    contactRate: 0.052,
    csat: 0.65,
  };
}
