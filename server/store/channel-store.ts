import {
  type ChannelSettings, type ChannelStateName, type ChannelsPut, type ChannelsSettings, DEFAULT_CHANNEL_SETTINGS, channelSettingsSchema,
} from '../../shared/channel-state';
import { localDay } from '../readiness/intervals';
import { minuteOf } from './keys';
import { BUCKET_RETENTION_MS, type ReadBatch, type Store, StoreUnavailableError } from './store';

const HOURS = 'hours';
const CLOSED = 'closed';
const field = (channel: string, part: typeof HOURS | typeof CLOSED) => `${channel}|${part}`;

/** Minutes closed and unstaffed during a channel's opening hours on one local day. */
export interface ChannelMinutes { closed: number; unstaffed: number }

const parseJson = (raw: string | undefined): unknown => {
  if (raw === undefined) return undefined;
  try { return JSON.parse(raw); } catch { return undefined; }
};

/**
 * The channels' settings (opening hours, closed by a lead) and the minutes each spent closed or unstaffed during
 * its hours. Hours and the lead's close are separate fields, so an admin setting hours and a lead closing the
 * same channel at once do not overwrite each other.
 */
export class ChannelStore {
  constructor(private readonly store: Store, private readonly channels: readonly string[], private readonly timeZone: string) {}

  /** Every configured channel's settings (defaults for one never set; a stored value that no longer parses reads as the default). */
  async read(batch?: ReadBatch): Promise<ChannelsSettings> {
    const [hash] = await this.store.readHashes([this.store.keys.channelSettings], batch);
    return Object.fromEntries(this.channels.map((ch) => [ch, this.settingsOf(hash ?? {}, ch)]));
  }

  private settingsOf(hash: Record<string, string>, ch: string): ChannelSettings {
    const hours = parseJson(hash[field(ch, HOURS)]);
    const closed = parseJson(hash[field(ch, CLOSED)]);
    const candidate = { ...DEFAULT_CHANNEL_SETTINGS, ...(hours === undefined ? {} : { hours }), ...(typeof closed === 'object' && closed ? closed : {}) };
    const parsed = channelSettingsSchema.safeParse(candidate);
    if (parsed.success) return parsed.data;
    const hoursOnly = channelSettingsSchema.safeParse({ ...DEFAULT_CHANNEL_SETTINGS, hours: hours ?? null });
    return hoursOnly.success ? hoursOnly.data : DEFAULT_CHANNEL_SETTINGS;
  }

  /** Applies a validated `PUT` (channels already checked against the configured ones): `by` closes, at `now`. */
  async update(put: ChannelsPut, by: string, now: number): Promise<ChannelsSettings> {
    const fields: string[] = [];
    for (const [ch, p] of Object.entries(put)) {
      if (p.hours !== undefined) fields.push(field(ch, HOURS), JSON.stringify(p.hours));
      if (p.closed !== undefined) {
        const closed = p.closed
          ? { closed: true, closedReason: p.closedReason ?? null, closedBy: by, closedAt: now }
          : { closed: false, closedReason: null, closedBy: null, closedAt: null };
        fields.push(field(ch, CLOSED), JSON.stringify(closed));
      }
    }
    await this.call(() => this.store.redis.hset(this.store.keys.channelSettings, ...fields));
    return this.read();
  }

  /**
   * Records that at `at` each channel in `states` was closed or unstaffed during its opening hours: one field
   * per channel and minute, so the same minute seen again (every evaluation, or by two instances during a
   * leader change) still counts once. A minute holds the state last seen in it.
   */
  async recordMinute(states: Record<string, ChannelStateName>, at: number): Promise<void> {
    const entries = Object.entries(states).filter(([, s]) => s !== 'open');
    if (!entries.length) return;
    const key = this.store.keys.channelMinutes(localDay(at, this.timeZone));
    const minute = minuteOf(at);
    await this.call(() => this.store.redis.multi()
      .hset(key, ...entries.flatMap(([ch, s]) => [`${ch}|${minute}`, s]))
      .pexpire(key, BUCKET_RETENTION_MS)
      .exec());
  }

  /** Minutes closed and unstaffed during opening hours per configured channel, on the local day of `now`. */
  async minutesOfDay(now: number): Promise<Record<string, ChannelMinutes>> {
    const [hash] = await this.store.readHashes([this.store.keys.channelMinutes(localDay(now, this.timeZone))]);
    const out: Record<string, ChannelMinutes> = Object.fromEntries(this.channels.map((ch) => [ch, { closed: 0, unstaffed: 0 }]));
    for (const [f, state] of Object.entries(hash ?? {})) {
      const m = out[f.slice(0, f.lastIndexOf('|'))];
      if (m && (state === 'closed' || state === 'unstaffed')) m[state] += 1;
    }
    return out;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try { return await fn(); } catch (err) { throw new StoreUnavailableError(err); }
  }
}
