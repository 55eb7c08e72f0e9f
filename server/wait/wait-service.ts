import { type ChannelSettings, channelState } from '../../shared/channel-state';
import type { Targets } from '../../shared/targets';
import { FALLBACK_CHANNEL_TARGETS } from '../../shared/targets';
import { WAIT_CALIBRATION, predictWait } from '../../shared/wait-predictor';
import type { WaitQuery, WaitReply } from '../../shared/wait';
import { DEFAULT_AHT_SECONDS, FALLBACK_AHT_SECONDS } from '../readiness/readiness';
import type { Store } from '../store/store';
import { type RecentFigures, readRecentFigures, readWaitPlace } from '../store/wait-store';

export interface WaitServiceDeps {
  store: Store;
  timeZone: string;
  clock: () => number;
  targets: () => Promise<Targets>;
  /** A channel's opening hours and close (the channels' store). */
  channelSettings: (channel: string) => Promise<ChannelSettings>;
  /** How long a channel's shared figures are reused, ms; default CHANNEL_FIGURES_MS (0: read each time). */
  figuresMs?: number;
}

/** What every customer of a channel shares: read at most once per CHANNEL_FIGURES_MS per instance. */
interface ChannelFigures {
  at: number;
  recent: RecentFigures;
  agentsAvailable: number;
  agentsBusy: number;
  concurrency: number;
  state: ReturnType<typeof channelState>;
}

/**
 * How long the figures shared by a channel's customers (agents, recent answers and handle times, settings) are
 * reused: thousands of widgets polling cost one read of them per second, and only their place is read each time.
 */
export const CHANNEL_FIGURES_MS = 1_000;

/** Answers `GET /api/v1/wait`: the customer's place, the channel's state and the expected wait. */
export class WaitService {
  private readonly figures = new Map<string, Promise<ChannelFigures>>();

  constructor(private readonly deps: WaitServiceDeps) {}

  async reply(q: WaitQuery): Promise<WaitReply> {
    const now = this.deps.clock();
    const [place, figures] = await Promise.all([
      readWaitPlace(this.deps.store, q.channel, q.queue, q.contactId),
      this.channelFigures(q.channel, now),
    ]);
    const asked = q.contactId !== undefined;
    const position = asked ? place.position : place.waiting + 1;
    const channelPosition = asked ? place.channelPosition : place.channelWaiting + 1;
    const { recent } = figures;
    const estimate = figures.state.state === 'open' && channelPosition !== null
      ? predictWait({
        position: channelPosition, waiting: place.channelWaiting, agentsAvailable: figures.agentsAvailable, agentsBusy: figures.agentsBusy,
        concurrency: figures.concurrency, abandonedRecent: recent.abandoned, recentSeconds: recent.seconds,
        asaSeconds: recent.answered > 0 ? recent.waitMs / recent.answered / 1000 : null,
        holSeconds: place.oldestWaitingSince === null ? 0 : Math.max(0, now - place.oldestWaitingSince) / 1000,
        ahtSeconds: recent.handled > 0 ? recent.handleMs / recent.handled / 1000 : DEFAULT_AHT_SECONDS[q.channel] ?? FALLBACK_AHT_SECONDS,
      })
      : null;
    return {
      channel: q.channel, queue: q.queue ?? null, state: figures.state.state, waiting: place.waiting, position,
      ewtSeconds: estimate?.ewtSeconds ?? null, ewtRange: estimate?.ewtRange ?? null,
      agentsAvailable: figures.agentsAvailable, agentsStaffed: figures.agentsAvailable + figures.agentsBusy,
      reopensAt: figures.state.reopensAt, at: now,
    };
  }

  private channelFigures(channel: string, now: number): Promise<ChannelFigures> {
    const cached = this.figures.get(channel);
    if (cached) return cached;
    const read = this.readFigures(channel, now);
    const ms = this.deps.figuresMs ?? CHANNEL_FIGURES_MS;
    if (ms <= 0) return read;
    this.figures.set(channel, read);
    const forget = () => setTimeout(() => { if (this.figures.get(channel) === read) this.figures.delete(channel); }, ms).unref();
    // A failed read is not kept: the next request tries again.
    read.then(forget, () => this.figures.delete(channel));
    return read;
  }

  private async readFigures(channel: string, now: number): Promise<ChannelFigures> {
    const { store } = this.deps;
    const [recent, [agents], settings, targets] = await Promise.all([
      readRecentFigures(store, channel, now, WAIT_CALIBRATION.recentMinutes),
      store.readAgents([channel]),
      this.deps.channelSettings(channel),
      this.deps.targets(),
    ]);
    const count = (s: string) => Math.max(0, Number(agents?.[s] ?? 0));
    const agentsAvailable = count('available');
    const agentsBusy = count('busy');
    const concurrency = (targets.channels[channel] ?? FALLBACK_CHANNEL_TARGETS).concurrency;
    const state = channelState({ settings, agentsAvailable, agentsBusy }, now, this.deps.timeZone);
    return { at: now, recent, agentsAvailable, agentsBusy, concurrency, state };
  }
}
