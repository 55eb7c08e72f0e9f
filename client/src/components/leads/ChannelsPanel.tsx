import { useEffect, useId, useState } from 'react';
import { CLOSED_REASON_MAX, type ChannelsSettings, channelSettingsPatchSchema } from '@shared/channel-state';
import type { Snapshot } from '@shared/snapshot';
import { fetchChannels, putChannels } from '../../api/channelsApi';
import { stateBanner } from '../../model/channelState';
import { clockTime } from '../../model/format';
import { repeatView } from '../../model/repeats';
import { useLeadForm } from './useLeadForm';

/** The close form: a reason is required (checked with the API's schema before it is sent). */
function CloseForm({ channel, submit, onClose }: { channel: string; submit: (reason: string) => Promise<void>; onClose: () => void }) {
  const id = useId();
  const [reason, setReason] = useState('');
  const { busy, error, handle } = useLeadForm(submit, onClose);
  const onSubmit = handle(() => {
    const p = channelSettingsPatchSchema.safeParse({ closed: true, closedReason: reason });
    return p.success ? { ok: true as const, body: p.data.closedReason ?? '' } : { ok: false as const, error: `Reason: ${p.error.issues[0]?.message ?? 'invalid'}` };
  });
  return (
    <form className="lf" onSubmit={onSubmit} noValidate data-testid={`close-form-${channel}`} aria-label={`Close ${channel}`}>
      <label className="lf-field" htmlFor={`${id}-reason`}>
        <span>Reason <span className="lf-hint">required · shown on the wall</span></span>
        <input id={`${id}-reason`} name="reason" maxLength={CLOSED_REASON_MAX} value={reason} autoFocus onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. carrier outage, calls moved to chat" />
      </label>
      <div className="lf-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid={`close-submit-${channel}`}>{busy ? 'Closing…' : `Close ${channel}`}</button>
        <button type="button" className="btn" onClick={onClose} disabled={busy}>Cancel</button>
      </div>
      {error ? <p className="lf-error" role="alert" data-testid="form-error">{error}</p> : null}
    </form>
  );
}

/**
 * Each channel's state (open, unstaffed, closed and why) and, for a lead, closing it with a reason or
 * reopening it. Who closed it is the name of the lead's token, recorded by the server.
 */
export function ChannelsPanel({ token, snapshot, canAct }: { token: string; snapshot: Snapshot | null; canAct: boolean }) {
  const [settings, setSettings] = useState<ChannelsSettings | null>(null);
  const [closing, setClosing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timeZone = snapshot?.timeZone;
  // Read again whenever a channel's state or reason changes (another lead may have closed it).
  const signature = snapshot ? Object.entries(snapshot.channels).map(([ch, c]) => `${ch}:${c.state}:${c.closedReason ?? ''}`).join('|') : '';
  useEffect(() => {
    const ctl = new AbortController();
    fetchChannels(token, ctl.signal).then(setSettings, () => undefined);
    return () => ctl.abort();
  }, [token, signature]);

  const change = async (channel: string, body: { closed: boolean; closedReason?: string }) => {
    setSettings(await putChannels(token, { [channel]: body }));
  };
  const reopen = (channel: string) => change(channel, { closed: false }).then(() => setError(null), (err: unknown) => setError(err instanceof Error ? err.message : String(err)));

  return (
    <section className="panel" id="channels" data-testid="lead-channels" aria-labelledby="channels-h">
      <h2 id="channels-h" className="panel-h">Channels <span className="panel-sub">close one with a reason; the wall shows it</span></h2>
      {!snapshot ? <p className="panel-empty">Connecting…</p> : null}
      {error ? <p className="panel-error" role="alert">{error}</p> : null}
      <ul className="lead-channels">
        {Object.entries(snapshot?.channels ?? {}).map(([ch, c]) => {
          const banner = stateBanner(c, snapshot!.at, timeZone);
          const s = settings?.[ch];
          const byLead = s?.closed === true;
          const repeat = repeatView(c.windows.today);
          return (
            <li key={ch} className={`lead-channel lead-channel-${c.state}`} data-testid={`lead-channel-${ch}`}>
              <div className="lead-channel-line">
                <b className="lead-channel-name">{ch}</b>
                <span className="lead-channel-state" data-testid={`lead-channel-state-${ch}`}>{banner ? `${banner.word} · ${banner.detail}` : '✓ OPEN'}</span>
                {byLead && s.closedAt !== null ? <span className="dim">closed by {s.closedBy} at {clockTime(s.closedAt, timeZone)}</span> : null}
                <span className="dim" data-testid={`lead-channel-repeat-${ch}`} title="Arrivals today whose customer had another contact within the repeat window">
                  repeat rate {repeat.text} · {repeat.sub}
                </span>
                {canAct && !byLead && closing !== ch ? <button type="button" className="btn" onClick={() => setClosing(ch)} data-testid={`close-${ch}`}>Close…</button> : null}
                {canAct && byLead ? <button type="button" className="btn btn-primary" onClick={() => void reopen(ch)} data-testid={`reopen-${ch}`}>Reopen</button> : null}
              </div>
              {closing === ch ? <CloseForm channel={ch} submit={(reason) => change(ch, { closed: true, closedReason: reason })} onClose={() => setClosing(null)} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
