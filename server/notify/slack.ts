/**
 * Slack incoming webhooks (and the Slack-compatible ones of Mattermost, Rocket.Chat, …): `{ text, blocks }`.
 * `text` is what a phone's lock screen shows, so it carries the state, the channel and the numbers on one
 * line; the blocks add the rule, the severity and since when, with times in the reader's own time zone.
 */
import type { Notification } from '../../shared/alerts';
import { durationText as duration, metricName } from '../../shared/alert-text';
import { KIND_LABELS, valueAgainstThreshold } from './format';
import { postJson } from './post';
import type { Receiver } from './receiver';

export interface SlackPayload {
  text: string;
  blocks: Array<
    | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
    | { type: 'context'; elements: Array<{ type: 'mrkdwn'; text: string }> }
  >;
}

/** Slack's three control characters; everything else in mrkdwn is literal enough. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack date token: the reader's own time zone, with a UTC fallback for clients that cannot render it. */
function slackTime(ms: number): string {
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** The message for one notification; `now` (epoch ms) gives "for how long". */
export function slackPayload(n: Notification, now: number): SlackPayload {
  const a = n.alert;
  const { emoji, word } = KIND_LABELS[n.kind];
  const state = `${emoji} ${word}`;
  const what = `${escapeMrkdwn(metricName(a))} ${escapeMrkdwn(valueAgainstThreshold(a))}`;
  const channel = escapeMrkdwn(a.channel);

  const text = `${state} · ${channel} · ${what}`;

  const since = a.startedAt ?? a.firedAt;
  let when: string;
  if (n.kind === 'resolved') {
    const end = a.resolvedAt ?? n.at;
    when = `Resolved ${slackTime(end)}${since === null ? '' : ` after ${duration((end - since) / 1000)}`}`;
  } else if (since !== null) {
    when = `Breaching since ${slackTime(since)} (${duration((now - since) / 1000)})`;
  } else {
    when = `Fired ${slackTime(n.at)}`;
  }
  if (n.kind === 'escalation') when += ' · not acknowledged';

  const context = [`Rule \`${escapeMrkdwn(a.ruleId)}\``, a.severity, when];
  const blocks: SlackPayload['blocks'] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${state}* · *${channel}*\n${what}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] },
  ];
  if (a.description) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(a.description) }] });
  }
  return { text, blocks };
}

export const slack: Receiver = {
  type: 'slack',
  async send(config, n, ctx) {
    await postJson(config, { url: config.url, body: JSON.stringify(slackPayload(n, ctx.now())) }, ctx);
  },
};
