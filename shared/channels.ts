/** Channels Peakwatch knows out of the box; a deployment may configure others (PEAKWATCH_CHANNELS). */
export const DEFAULT_CHANNELS = ['chat', 'voice', 'email', 'messaging', 'social'] as const;

/** A channel name as it may appear in an event, a key or a URL: lower-case letters, digits and dashes. */
export const CHANNEL_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Windows every windowed figure is computed for. */
export const WINDOWS = ['15m', '60m', 'today'] as const;
export type WindowName = (typeof WINDOWS)[number];

/** Minutes covered by the sliding windows (the current, partial minute included). */
export const WINDOW_MINUTES: Record<Exclude<WindowName, 'today'>, number> = { '15m': 15, '60m': 60 };

/** Open-backlog age bands, in order; upper bounds in seconds (the last is open-ended). */
export const BACKLOG_BANDS = [
  { label: '<1h', maxSeconds: 3_600 },
  { label: '1-4h', maxSeconds: 4 * 3_600 },
  { label: '4-24h', maxSeconds: 24 * 3_600 },
  { label: '1-3d', maxSeconds: 3 * 86_400 },
  { label: '>3d', maxSeconds: Number.POSITIVE_INFINITY },
] as const;
export type BacklogBand = (typeof BACKLOG_BANDS)[number]['label'];

export const AGENT_STATUSES = ['available', 'busy', 'away', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
