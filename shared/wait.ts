import { z } from 'zod';
import { CHANNEL_NAME } from './channels';

/** `GET /api/v1/wait` query: the channel, optionally a queue and the contact asking. */
export const waitQuerySchema = z.object({
  channel: z.string().regex(CHANNEL_NAME, 'channel must be a channel name (lower-case letters, digits, "-")'),
  queue: z.string().min(1).max(128).optional(),
  contactId: z.string().min(1).max(128).optional(),
  /** The widget key, for pages that cannot send an Authorization header. */
  key: z.string().max(256).optional(),
});
export type WaitQuery = z.infer<typeof waitQuerySchema>;

/** The reply of `GET /api/v1/wait`: what a waiting customer may be told, and nothing else. */
export const waitReplySchema = z.object({
  channel: z.string(),
  queue: z.string().nullable(),
  state: z.enum(['open', 'unstaffed', 'closed']),
  /** Contacts waiting in the queue (the channel's, without one). */
  waiting: z.number().int(),
  /** 1-based place of `contactId` among them by queued time; null when it is not waiting. Without `contactId`: waiting + 1. */
  position: z.number().int().nullable(),
  /** Expected wait in seconds for that place; null when nobody can answer (unstaffed or closed) or the contact is not waiting. */
  ewtSeconds: z.number().int().nullable(),
  /** Interval holding 80 % of realized waits in the benchmark, seconds. */
  ewtRange: z.tuple([z.number().int(), z.number().int()]).nullable(),
  agentsAvailable: z.number().int(),
  /** Agents available or busy. */
  agentsStaffed: z.number().int(),
  /** When the channel opens again (epoch ms) while closed by its hours; else null. */
  reopensAt: z.number().nullable(),
  /** Server time of the reply, epoch ms. */
  at: z.number(),
});
export type WaitReply = z.infer<typeof waitReplySchema>;
