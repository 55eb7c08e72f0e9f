import { describe, expect, it } from 'vitest';
import { channelFigures, channelOrder, totalsFigures } from '../../client/src/model/figures';
import type { ChannelSnapshot, Snapshot, TotalsWindow, WindowFigures } from '../../shared/snapshot';
import { defaultTargets } from '../../shared/targets';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const targets = defaultTargets(['chat', 'voice', 'email', 'messaging', 'social']);

const win = (w: Partial<WindowFigures> = {}): WindowFigures => ({
  arrivals: 0, answered: 0, abandoned: 0, resolved: 0, answeredInTarget: 0, shortAbandoned: 0,
  serviceLevel: null, asa: null, abandonRate: null, aht: null, csat: null, csatResponses: 0,
  ces: null, cesMean: null, cesResponses: 0, nps: null, npsResponses: 0,
  repeats: 0, customerArrivals: 0, repeatRate: null, ...w,
});

function channel(c: Partial<ChannelSnapshot> = {}, w15: Partial<WindowFigures> = {}, today: Partial<WindowFigures> = {}): ChannelSnapshot {
  return {
    waiting: 0, oldestWaitingSince: null, open: 0, oldestOpenSince: null,
    backlogAges: { '<1h': 0, '1-4h': 0, '4-24h': 0, '1-3d': 0, '>3d': 0 },
    agents: { available: 0, busy: 0, away: 0, offline: 0 },
    windows: { '15m': win(w15), '60m': win(), today: win(today) },
    lastEventAt: NOW - 1_000,
    state: 'open', closedReason: null, reopensAt: null, inHours: true,
    ...c,
  };
}

const totals = (t: Partial<TotalsWindow> = {}): TotalsWindow => ({ arrivals: 0, orders: 0, contactRate: null, csat: null, csatResponses: 0,
  ces: null, cesMean: null, cesResponses: 0, nps: null, npsResponses: 0,
  repeats: 0, customerArrivals: 0, repeatRate: null, ...t });

describe('channel figures', () => {
  it('ticks the oldest wait from oldestWaitingSince and the screen clock, against the SL threshold', () => {
    const ch = channel({ waiting: 3, oldestWaitingSince: NOW - 100_000 });
    const at = (ms: number) => channelFigures('chat', ch, targets.channels.chat, ms, []).oldestWait;
    expect(at(NOW)).toEqual({ text: '1m 40s', level: 'ok' });
    expect(at(NOW + 9_000)).toEqual({ text: '1m 49s', level: 'warn' });
    expect(at(NOW + 21_000)).toEqual({ text: '2m 01s', level: 'breach' });
    expect(channelFigures('voice', ch, targets.channels.voice, NOW, []).oldestWait.level).toBe('breach');
    expect(channelFigures('email', ch, targets.channels.email, NOW, []).oldestWait.level).toBe('ok');
  });

  it('shows an empty queue as a dash that is ok, not as missing data', () => {
    const f = channelFigures('chat', channel(), targets.channels.chat, NOW, []);
    expect(f.waiting.text).toBe('0');
    expect(f.oldestWait).toEqual({ text: '—', level: 'ok' });
  });

  it('rates service level (15 min and today) against the channel target, null as no data', () => {
    const f = channelFigures('chat', channel({}, { serviceLevel: 0.5 }, { serviceLevel: 0.83 }), targets.channels.chat, NOW, []);
    expect(f.sl15m).toEqual({ text: '50%', level: 'breach' });
    expect(f.slToday).toEqual({ text: '83%', level: 'warn' });
    expect(f.slTarget).toBe('≥ 80% in 2m');
    const empty = channelFigures('email', channel(), targets.channels.email, NOW, []);
    expect(empty.sl15m).toEqual({ text: '—', level: 'none' });
    expect(empty.slTarget).toBe('≥ 90% in 24h');
  });

  it('rates the abandon rate against its ceiling and shows ASA without a state', () => {
    const f = channelFigures('voice', channel({}, { abandonRate: 0.1, asa: 44.6 }), targets.channels.voice, NOW, []);
    expect(f.abandon15m).toEqual({ text: '10.0%', level: 'breach' });
    expect(f.abandonTarget).toBe('≤ 5%');
    expect(f.asa).toEqual({ text: '45s', level: null });
  });

  it('ages the open backlog; only a channel with an oldest-open ceiling (email) gets a state', () => {
    const ch = channel({ open: 140, oldestOpenSince: NOW - 25 * 3_600_000 });
    const email = channelFigures('email', ch, targets.channels.email, NOW, []);
    expect(email.open.text).toBe('140');
    expect(email.oldestOpen).toEqual({ text: '1d 01h', level: 'breach' });
    expect(email.oldestOpenTarget).toBe('≤ 24h');
    const chat = channelFigures('chat', ch, targets.channels.chat, NOW, []);
    expect(chat.oldestOpen).toEqual({ text: '1d 01h', level: null });
    expect(chat.oldestOpenTarget).toBeNull();
  });

  it("frames the card with the channel's worst state", () => {
    const fine = channelFigures('chat', channel({}, { serviceLevel: 0.95, abandonRate: 0.01 }), targets.channels.chat, NOW, []);
    expect(fine.overall).toBe('ok');
    const waiting = channelFigures('chat', channel({ waiting: 1, oldestWaitingSince: NOW - 200_000 }, { serviceLevel: 0.95 }), targets.channels.chat, NOW, []);
    expect(waiting.overall).toBe('breach');
  });

  it('takes the alerts firing on the channel into its header: critical is a breach, a warning warns', () => {
    const fine = channel({ waiting: 403 }, { serviceLevel: 1, abandonRate: 0.01 });
    const alert = (severity: 'warning' | 'critical', state: 'firing' | 'pending', ch = 'email') => ({ channel: ch, severity, state });
    expect(channelFigures('email', fine, targets.channels.email, NOW, []).overall).toBe('ok');
    expect(channelFigures('email', fine, targets.channels.email, NOW, [alert('critical', 'firing')]).overall).toBe('breach');
    expect(channelFigures('email', fine, targets.channels.email, NOW, [alert('warning', 'firing')]).overall).toBe('warn');
    // Pending alerts have not fired; alerts on another channel or across channels are not this channel's.
    expect(channelFigures('email', fine, targets.channels.email, NOW, [alert('critical', 'pending'), alert('critical', 'firing', 'chat'), alert('critical', 'firing', 'total')]).overall).toBe('ok');
    // A channel without targets still shows the alert's state in its header.
    expect(channelFigures('pigeon', fine, undefined, NOW, [alert('warning', 'firing', 'pigeon')]).overall).toBe('warn');
  });

  it('shows figures without states for a channel that has no targets', () => {
    const f = channelFigures('pigeon', channel({ waiting: 2, oldestWaitingSince: NOW - 500_000 }, { serviceLevel: 0.1 }), undefined, NOW, []);
    expect(f.sl15m).toEqual({ text: '10%', level: null });
    expect(f.oldestWait).toEqual({ text: '8m 20s', level: null });
    expect(f.slTarget).toBeNull();
    expect(f.overall).toBeNull();
  });
});

describe('totals figures', () => {
  const snap = (today: Partial<TotalsWindow>, h60: Partial<TotalsWindow>): Snapshot => ({
    at: NOW, timeZone: 'UTC', todayStart: 0, reasons: [], alerts: [], annotations: [], targets,
    lastEventAt: NOW - 1_000, watchingSince: NOW - 3_600_000, silenceAfterSeconds: 600,
    channels: { voice: channel(), chat: channel() },
    totals: { windows: { '15m': totals(), '60m': totals(h60), today: totals(today) } },
  });

  it('rates contact rate and CSAT (today and 60 min) against the targets, and counts orders', () => {
    const t = totalsFigures(snap({ contactRate: 0.042, csat: 0.68, orders: 12_345 }, { contactRate: 0.06, csat: 0.6 }));
    expect(t.contactRateToday).toEqual({ text: '4.2%', level: 'ok' });
    expect(t.contactRate60m).toEqual({ text: '6.0%', level: 'breach' });
    expect(t.survey).toEqual({ kind: 'csat', label: 'CSAT', today: { text: '68%', level: 'warn' }, h60: { text: '60%', level: 'breach' }, target: '≥ 65%' });
    expect(t.ordersToday).toEqual({ text: '12,345', level: null });
    expect(t.contactRateTarget).toBe('≤ 5.2%');
  });

  it('shows the survey the display setting picks: NPS as a signed score, against its target when one is set', () => {
    const s = snap({ nps: 23.6, npsResponses: 40 }, { nps: -4, npsResponses: 9 });
    const nps = totalsFigures({ ...s, display: { wallSurvey: 'nps' } }).survey;
    expect(nps).toEqual({ kind: 'nps', label: 'NPS', today: { text: '+24', level: null }, h60: { text: '-4', level: null }, target: null });
    const targeted = totalsFigures({ ...s, display: { wallSurvey: 'nps' }, targets: { ...targets, nps: 20 } }).survey;
    expect(targeted).toMatchObject({ today: { text: '+24', level: 'ok' }, h60: { level: 'breach' }, target: '≥ +20' });
    const ces = totalsFigures({ ...s, display: { wallSurvey: 'ces' }, targets: { ...targets, ces: 0.7 } }).survey;
    expect(ces).toMatchObject({ label: 'CES', today: { text: '—', level: 'none' }, target: '≥ 70%' });
  });

  it('shows no orders as no contact rate, not as zero', () => {
    const t = totalsFigures(snap({}, {}));
    expect(t.contactRateToday).toEqual({ text: '—', level: 'none' });
    expect(t.survey.today).toEqual({ text: '—', level: 'none' });
  });

  it("keeps the snapshot's channel order", () => {
    expect(channelOrder(snap({}, {}))).toEqual(['voice', 'chat']);
  });
});
