import { z } from 'zod';
import { safeText, serverRecordedBy } from './text';

/** An incident note a lead adds ("carrier X delay from 14:05"), drawn on the charts and listed with alerts. */
export const annotationInputSchema = z.strictObject({
  text: safeText().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  /** Epoch ms. */
  start: z.number().int('must be epoch milliseconds').nonnegative(),
  end: z.number().int('must be epoch milliseconds').nonnegative().nullable().default(null),
  /** A channel, or null for all. */
  channel: z.string().min(1).max(32).nullable().default(null),
  /** Refused: the server records the name of the lead's token. */
  by: serverRecordedBy,
}).refine((a) => a.end === null || a.end >= a.start, { message: 'must not be before start', path: ['end'] });

export interface Annotation {
  id: string;
  text: string;
  start: number;
  end: number | null;
  channel: string | null;
  by: string;
  createdAt: number;
}
