/**
 * What a reason spike compares, now against the 60 minutes before: a reason's `share` of the reason-tagged
 * contacts (the default), or its `intensity`, contacts with the reason per order. A module of its own, without
 * imports, so both the rule schema (alerts.ts) and the alert texts (alert-text.ts) can read it.
 */
export const SPIKE_BASES = ['share', 'intensity'] as const;
export type SpikeBasis = (typeof SPIKE_BASES)[number];

/** The basis a rule or alert compares on (`share` when it sets none). */
export const spikeBasis = (r: { basis?: SpikeBasis | undefined }): SpikeBasis => r.basis ?? 'share';
